"""Entity resolution: one entity per real thing, in a document and across the corpus.

Within a document (``merge_mentions``):
* mentions with the same normalised name (``kg.names.normalize_name``: simplified, no
  mask, no brackets) are one entity;
* an enterprise's short and long forms are one entity when the long form is the short
  form plus a legal or group head, with at most a short place prefix
  (``临工`` / ``临工集团`` / ``山东临工``; ``施可丰`` / ``施可丰公司``) — but never two
  firms that merely share a prefix (``临工`` and ``临工金利`` stay apart);
* two projects whose names differ only by 工程/项目 or brackets are one entity
  (``创业园二期工程基础设施项目`` / ``创业园二期基础设施项目``);
* a project name of six or more characters (without 工程/项目) that ends another
  project's name is a short reference to it (``ABS树脂一体化`` /
  ``40万吨/年高性能ABS树脂一体化项目``);
* two honours that differ only by a trailing 单位 or 称号 are one;
* a name found with two types keeps the type its strongest rule gave (a legal firm name
  beats a head-word guess), the other types are dropped;
* the canonical name is the fullest form; the others become aliases.

Across the corpus (``resolve``): entities of the same type with the same normalised
canonical name or a shared normalised alias *that is at least four characters long* are
one node. Short aliases (``临工``) are not enough evidence to merge two documents' firms:
two reports may use the same short name for different companies.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import cast

from kg.extract.entities import EntityMention
from kg.lexicon import load_lexicon, load_table
from kg.model import DocExtraction, Document, Edge, Entity, Node, PropertyGraph
from kg.names import normalize_name

_TYPE_RANK = {"Honour": 0, "FundingSource": 1, "Zone": 2, "Project": 3, "Enterprise": 4, "Organization": 5}
_KIND_RANK = {"legal": 0, "group": 0, "company": 1, "known": 1, "peer": 0, "sub": 1}
_FIRM_HEAD = re.compile(r"(?:股份有限公司|集团有限公司|有限责任公司|有限公司|集团公司|集团|公司|股份)$")
MIN_CROSS_DOC_ALIAS = 4
_REPEATED = re.compile(r"^(.{2,4})\1")
_PLACE_PREFIX = re.compile(r"^(?:[\u4e00-\u9fff]{2,3}[省市县区]|[\u4e00-\u9fff]{2}(?=[\u4e00-\u9fff]{4}))")
_PARK_TAIL = re.compile(r"(?:环保|科技|智能|智慧|数字|生态|绿色|创新|创业|文化|电子|信息|新材料|医药|健康)?(?:产业园区|产业园|工业园|科技园|园区|园)")
_BRACKETED_PLACE = re.compile(r"[（(][\u4e00-\u9fff]{2,4}[)）]")
_INDUSTRY_TAIL = re.compile("|".join(sorted((e for e, t in load_table("lexicon/enterprise_suffixes.txt") if t == "industry"), key=len, reverse=True)))


@dataclass
class DocEntities:
    """The merged entities of one document and the map from surface form to canonical."""

    entities: list[Entity] = field(default_factory=list)
    index: dict[str, str] = field(default_factory=dict)

    def canonical(self, name: str) -> str | None:
        """The canonical name an entity surface form resolved to (None if unknown)."""
        return self.index.get(normalize_name(name))


def _firm_core(name: str) -> str:
    """A firm's name less its legal form and a bracketed place inside it
    (卓锐传感技术（澜州）有限公司 → 卓锐传感技术)."""
    core = _FIRM_HEAD.sub("", name)
    return _BRACKETED_PLACE.sub("", core) if core != name else core


def firm_short_forms(name: str, shortest: int = 4) -> list[str]:
    """The short forms a report may use for a firm's name: its legal name less the legal
    form and the place, cut after ``shortest`` characters or more (宏屹新能源材料有限公司
    → 宏屹新能, 宏屹新能源, …; 澄溪恒拓新材料科技股份有限公司 → 恒拓新材, …)."""
    core = _firm_core(name)
    if core == name:
        return []
    out = []
    for body in dict.fromkeys((core, _PLACE_PREFIX.sub("", core))):
        out += [body[:k] for k in range(shortest, len(body) + 1)]
    return sorted(set(out), key=len, reverse=True)


def same_firm(short: str, long: str) -> bool:
    """``临工``/``临工集团``/``山东临工`` yes; ``临工``/``临工金利`` no."""
    return _same_firm(short, long, _firm_core(short), _firm_core(long))


def _same_firm(short: str, long: str, short_core: str, core: str) -> bool:
    """:func:`same_firm` given both names' cores (``_firm_core``), which a document's
    pairs of firms share: worked out once per firm, not once per pair."""
    if short == long or len(short) < 2:
        return short == long
    if core == short or short_core == core:
        return True
    if core.startswith(short) and _INDUSTRY_TAIL.fullmatch(core[len(short):]):
        return True  # 拓普 / 拓普网络: a short name and the name with its trade
    if long != core and len(short) >= 4 and core.startswith(short) and len(core) - len(short) <= 3:
        return True  # 科睿传感 / 科睿传感技术有限公司: the legal name less a trade word
    if long != core and len(short) >= 3:
        bare = _PLACE_PREFIX.sub("", core)
        if bare.startswith(short) and len(bare) - len(short) <= 3:
            return True  # 华源新材 / 安徽华源新材料股份有限公司: the legal name less its place
        if len(short) >= 4 and any(
            bare.startswith(short[:k]) and bare.endswith(short[k:]) and _INDUSTRY_TAIL.fullmatch(short[k:])
            for k in (2, 3)
        ) and len(bare) - len(short) <= 4:
            return True  # 宏纺印染 / 澜州宏纺纺织印染有限公司: the brand and the last trade word
    return core.endswith(short) and 0 < len(core) - len(short) <= 3 and long != core


def merge_mentions(mentions: Sequence[EntityMention], subject: str | None, section_subjects: Sequence[str] = ()) -> DocEntities:
    """Merge a document's mentions into entities (see the module docstring).

    ``subject`` and ``section_subjects`` (the subjects of a file's other reports) are
    zones even where the text uses the bare word (开发区) that is otherwise no entity.
    """
    groups: dict[str, dict[str, object]] = {}
    for em in mentions:
        key = normalize_name(em.name)
        if not key:
            continue
        g = groups.setdefault(key, {"names": [], "types": defaultdict(int), "kinds": {}})
        g["names"].append(_closed(em.name))  # type: ignore[attr-defined]
        surface = normalize_name(em.mention.text) if em.mention.text else ""
        if surface and surface != key and (em.type not in ("Honour", "FundingSource") or key in surface or surface in key):
            # (an honour's mention may be an anaphora or a grade: 此殊荣, 三等奖 — no alias)
            g["names"].append(_closed(em.mention.text.strip().strip("“”\"'")))  # type: ignore[attr-defined]
        g["types"][em.type] += 1  # type: ignore[index]
        g["kinds"].setdefault(em.type, em.kind)  # type: ignore[attr-defined]
    for zone in [subject, *section_subjects]:
        if not zone:
            continue
        g = groups.setdefault(normalize_name(zone), {"names": [], "types": defaultdict(int), "kinds": {}})
        g["names"].insert(0, zone)  # type: ignore[attr-defined]
        g["types"]["Zone"] += 100  # type: ignore[index]
        own = normalize_name(zone)
        for key in [k for k in groups if k != own and own.endswith(k) and len(k) >= 4 and 0 < len(own) - len(k) <= 4]:
            other = groups[key]
            types = cast("dict[str, int]", other["types"])
            if set(types) == {"Zone"}:
                # 临空经济区 in 鹭洲临空经济区's report: the subject less its place name
                cast("list[str]", g["names"]).extend(cast("list[str]", other["names"]))
                del groups[key]
    typed = {key: (_pick_type(g), g) for key, g in groups.items()}
    clusters = _cluster_firms(typed)
    out = DocEntities()
    for members in clusters:
        etype = typed[members[0]][0]
        names: list[str] = []
        for key in members:
            names += cast("list[str]", typed[key][1]["names"])
        # (a source's canonical name drops its level words, 省级…资金 → …资金: the written
        # form stays an alias)
        canonical = names[0] if etype == "FundingSource" and names else _canonical(names, subject, section_subjects)
        aliases = sorted({n for n in names if n != canonical and normalize_name(n) != normalize_name(canonical)} | {n for n in names if n != canonical})
        out.entities.append(Entity(canonical, etype, tuple(a for a in aliases if a)))
        for key in members:
            out.index[key] = canonical
        for n in names:
            out.index.setdefault(normalize_name(n), canonical)
    out.entities.sort(key=lambda e: (_TYPE_RANK[e.type], e.name))
    return out


_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def _closed(name: str) -> str:
    """A name without spaces at its ends or between two Chinese characters (a scrape's
    stray space: 博远 智能); a space between Latin words stays (Mini LED)."""
    return _CJK_GAP.sub("", name.strip())


def _pick_type(g: dict[str, object]) -> str:
    types: dict[str, int] = g["types"]  # type: ignore[assignment]
    kinds: dict[str, str] = g["kinds"]  # type: ignore[assignment]
    if "Zone" in types and types["Zone"] >= 100:
        return "Zone"
    if "Enterprise" in types and _KIND_RANK.get(kinds.get("Enterprise", ""), 9) == 0:
        return "Enterprise"
    return max(types, key=lambda t: (types[t], -_TYPE_RANK[t]))


def _zone_key(name: str) -> tuple[str, str] | None:
    """``桐城高新区`` and ``桐城高新技术产业开发区`` → ("桐城", "high-tech")."""
    for head, cls in _zone_heads():
        if name.endswith(head) and len(name) > len(head):
            return _REPEATED.sub(r"\1", name[: -len(head)]), cls  # 景宁景宁开发区: a doubled word
    return None


@functools.cache
def zone_class(name: str) -> str | None:
    """The kind of zone a name or a bare zone word ends with (``zone_head_classes.txt``:
    ``high-tech`` for 桐城高新区 and for 高新区), or ``None``."""
    return next((cls for head, cls in _zone_heads() if name.endswith(head)), None)


def _zone_heads() -> tuple[tuple[str, str], ...]:
    """``zone_head_classes.txt``, longest head first."""
    return tuple(sorted(load_table("lexicon/zone_head_classes.txt"), key=lambda r: -len(r[0])))


def _same_park(short: str, long: str, kinds: dict[str, str]) -> bool:
    """``创智绿谷`` / ``创智绿谷环保产业园``: a branded park and its name with trade and head.

    Never for a zone of its own rank (``泾县经济开发区`` and its sub-park
    ``泾县经济开发区智能制造孵化器`` are two zones)."""
    if kinds.get("Zone") == "peer" or not long.startswith(short) or long == short:
        return False
    return bool(_PARK_TAIL.fullmatch(long[len(short):]))


def _cluster_firms(typed: dict[str, tuple[str, dict[str, object]]]) -> list[list[str]]:
    keys = sorted(typed, key=lambda k: (len(k), k))
    parent = {k: k for k in keys}
    firms = [k for k in keys if typed[k][0] == "Enterprise"]
    # (a key has lost its brackets: the core is worked out from a written name, so that
    # a bracketed place inside a legal name is dropped)
    firm_cores = {k: normalize_name(_firm_core(next((n for n in cast("list[str]", typed[k][1]["names"]) if "（" in n or "(" in n), k))) for k in firms}
    for i, a in enumerate(firms):
        for b in firms[i + 1 :]:
            if parent[b] == b and _same_firm(a, b, firm_cores[a], firm_cores[b]):
                parent[b] = parent[a]
    zones = [k for k in keys if typed[k][0] == "Zone"]
    zone_keys = {k: _zone_key(k) for k in zones}  # (each zone's key worked out once, not per pair)
    for i, a in enumerate(zones):
        for b in zones[i + 1 :]:
            same_zone = zone_keys[a] is not None and zone_keys[a] == zone_keys[b]
            if parent[b] == b and (_same_park(a, b, typed[a][1]["kinds"]) or same_zone):  # type: ignore[arg-type]
                parent[b] = parent[a]
    by_core: dict[tuple[str, str], str] = {}
    for k in keys:
        etype = typed[k][0]
        if etype in ("Project", "Honour") and parent[k] == k:
            core = _project_core(k) if etype == "Project" else _HONOUR_TAIL.sub("", k)
            if len(core) >= 4:
                parent[k] = by_core.setdefault((etype, core), k)
    cores = sorted((c for t, c in by_core if t == "Project"), key=len, reverse=True)
    for (etype, core), k in by_core.items():
        if etype == "Project" and len(core) >= _MIN_PROJECT_TAIL:
            # ``ABS树脂一体化`` is the tail of ``40万吨/年高性能ABS树脂一体化项目``: a short reference
            longer = next((c for c in cores if len(c) > len(core) and c.endswith(core)), None)
            if longer is not None and parent[k] == k:
                parent[k] = by_core[("Project", longer)]
    clusters: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        root = k
        while parent[root] != root:
            root = parent[root]
        clusters[root].append(k)
    return [sorted(v, key=lambda k: (len(k), k)) for v in clusters.values()]


def _project_core(name: str) -> str:
    """A project's name without the words reports swap for one another (工程 for 项目,
    machine substitution included) and without brackets: ``创业园二期工程基础设施项目`` and
    ``创业园二期基础设施项目`` are one project."""
    return _PROJECT_WORDS.sub("", name)


_PROJECT_WORDS = re.compile(r"工程|项目|[()（）]")
_MIN_PROJECT_TAIL = 6
_MASKED = re.compile(r"^[xX×*＊]")
_HONOUR_TAIL = re.compile(r"(?:单位|称号)$")  # 美丽园区试点单位 is 美丽园区试点


def _canonical(names: Iterable[str], subject: str | None, section_subjects: Sequence[str] = ()) -> str:
    """The fullest clear form: the subject's own name, else the longest unmasked form."""
    names = [n for n in names if n]
    for zone in (subject, *section_subjects):
        if zone and zone in names:
            return zone
    clean = [n for n in names if not _MASKED.match(n)] or names
    return max(clean, key=lambda n: (len(n), n))


# ---------------------------------------------------------------------------
# Across the corpus


def _stable_id(prefix: str, *parts: str) -> str:
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{prefix}/{digest[:16] if prefix == 'fact' else digest[:12]}"


def resolve(docs: Sequence[DocExtraction]) -> PropertyGraph:
    """Merge the documents' entities into corpus-wide nodes and their facts into edges.

    Args:
        docs: the per-document extractions.

    Returns:
        The property graph; node, edge and document ids are stable across runs.
    """
    clusters = _corpus_clusters(docs)
    nodes: dict[str, Node] = {}
    # each document's entities with their node, looked up one document at a time when
    # its edges are made (a corpus-wide name index took more memory than the graph)
    members_of: dict[str, list[tuple[str, Entity]]] = defaultdict(list)
    for key in list(clusters):
        etype, _root = key
        members = clusters.pop(key)
        names = sorted({n for _, e in members for n in (e.name, *e.aliases)})
        canonical = _corpus_canonical([e.name for _, e in members])
        node_id = _stable_id(etype, etype, _root)
        aliases = tuple(sorted(n for n in names if n != canonical))
        docs_of = tuple(sorted({d for d, _ in members}))
        nodes[node_id] = Node(node_id, etype, canonical, aliases, docs_of)
        for d, e in members:
            members_of[d].append((node_id, e))
    edges = _edges(docs, members_of)
    documents = tuple(sorted((Document(_stable_id("doc", d.doc), d.doc, d.subject, d.sha256) for d in docs), key=lambda x: x.id))
    return PropertyGraph(tuple(sorted(nodes.values(), key=lambda n: n.id)), tuple(sorted(edges, key=lambda e: e.id)), documents)


def _corpus_clusters(docs: Sequence[DocExtraction]) -> dict[tuple[str, str], list[tuple[str, Entity]]]:
    """Union entities of one type sharing a canonical key or a long alias key."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(x: tuple[str, str]) -> tuple[str, str]:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    generic = {normalize_name(w) for w in load_lexicon("lexicon/generic_zone_words.txt")}
    items: list[tuple[str, Entity, tuple[str, str]]] = []
    for d in docs:
        for e in d.entities:
            root = (e.type, normalize_name(e.name))
            if e.type == "Zone" and root[1] in generic:
                # A bare 开发区 is each report's own zone: never one node for all reports.
                root = (e.type, f"{root[1]}@{d.doc}")
            find(root)
            for a in e.aliases:
                key = normalize_name(a)
                if len(key) >= MIN_CROSS_DOC_ALIAS and key not in generic:
                    ra, rb = find(root), find((e.type, key))
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
            items.append((d.doc, e, root))
    clusters: dict[tuple[str, str], list[tuple[str, Entity]]] = defaultdict(list)
    for doc, e, root in items:
        clusters[find(root)].append((doc, e))
    return clusters


def _corpus_canonical(names: Sequence[str]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for n in names:
        counts[n] += 1
    return max(sorted(counts), key=lambda n: (counts[n], len(n)))


def _edges(docs: Sequence[DocExtraction], members_of: dict[str, list[tuple[str, Entity]]]) -> list[Edge]:
    last = {d.doc: d for d in docs}  # (a name given twice: the last document's types, as before)
    remaining = Counter(d.doc for d in docs)  # a file name given twice shares its members
    edges = []
    for d in docs:
        # one document's types and names at a time: for the whole corpus at once they
        # took more memory than the graph
        types = {normalize_name(n): e.type for e in last[d.doc].entities for n in (e.name, *e.aliases)}
        index = {(e.type, normalize_name(n)): node_id for node_id, e in members_of.get(d.doc, ()) for n in (e.name, *e.aliases)}
        remaining[d.doc] -= 1
        if not remaining[d.doc]:
            members_of.pop(d.doc, None)
        for r in d.relations:
            s_type = types.get(normalize_name(r.s), "Zone")
            o_type = types.get(normalize_name(r.o), "Zone")
            s = index.get((s_type, normalize_name(r.s)))
            o = index.get((o_type, normalize_name(r.o)))
            if s is None or o is None:
                continue
            eid = _stable_id("fact", d.doc, s, r.p, o)
            edges.append(Edge(eid, s, o, r.p, r.evidence, r.level, r.year, r.batch, r.grade, r.amount, r.value_yuan, r.rule))
    return edges
