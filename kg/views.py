"""The browser view: a :class:`~kg.model.PropertyGraph` as one offline HTML page.

``render_html`` picks the part of the graph to show (:func:`select_view`: the whole
graph, one entity's neighbourhood, some types, one zone), lays it out in Python
(:mod:`kg.view_layout`), builds the vis-network node and edge lists (as pyvis would)
and writes a single self-contained page: vis-network (as pyvis ships it), the page's
script and style and all data are inline, and a Content-Security-Policy forbids every
other request.

Report text is data, never markup: names, aliases, evidence sentences and document
names travel as JSON inside ``<script type="application/json">`` (with ``<``, ``>``
and ``&`` escaped) and the page shows them with ``textContent``. The look (colours,
shapes, Chinese labels, vis options) is ``kg/data/view/style.json``.
"""

from __future__ import annotations

import base64
import difflib
import functools
import hashlib
import importlib.util
import json
import re
import secrets
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from kg.errors import DependencyMissing, KGError, QueryError
from kg.io import atomic_open
from kg.model import ENTITY_TYPES, Edge, Node, PropertyGraph
from kg.names import normalize_name, typed_text
from kg.outputs import output_file
from kg.view_layout import layout

__all__ = ["DEFAULT_TITLE", "ViewReport", "ViewSelection", "find_node", "render_html", "select_view"]

DEFAULT_TITLE = "开发区知识图谱"
VIEW_DIR = Path(__file__).parent / "data" / "view"
# vis-network as pyvis ships it (pyvis' own page template pulls bootstrap from a CDN,
# so kg renders its own template and inlines only this file).
_VIS_JS = ("templates", "lib", "vis-9.1.2", "vis-network.min.js")
_FACT_ATTRS = ("level", "year", "batch", "grade", "amount", "value_yuan")


@dataclass(frozen=True)
class ViewReport:
    """What :func:`render_html` wrote.

    Attributes:
        nodes: nodes on the page.
        edges: facts (graph edges) on the page; parallel facts share one drawn line.
        omitted_nodes: nodes of the selection left out to stay under ``max_nodes``.
        path: the HTML file.
        omitted_edges: facts left out with them.
    """

    nodes: int
    edges: int
    omitted_nodes: int
    path: Path
    omitted_edges: int = 0


@dataclass(frozen=True)
class ViewSelection:
    """The part of a graph a view shows (see :func:`select_view`)."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    omitted_nodes: int
    omitted_edges: int
    focus: str | None
    degree: Mapping[str, int]


@functools.cache
def load_style() -> dict[str, Any]:
    """The view's look: ``kg/data/view/style.json``, read once."""
    style: dict[str, Any] = json.loads((VIEW_DIR / "style.json").read_text(encoding="utf-8"))
    return style


def node_keys(node: Node) -> list[str]:
    """The normalised look-up keys of a node: its name and aliases, sorted."""
    return sorted({normalize_name(v) for v in (node.name, *node.aliases)} - {""})


def find_node(pg: PropertyGraph, name: str, *, node_type: str | None = None) -> Node:
    """Find a node by name, alias or traditional form (via :func:`normalize_name`).

    Args:
        pg: the graph.
        name: what the user typed.
        node_type: only consider nodes of this type.

    Returns:
        The matching node; a canonical-name match beats an alias match, then the
        higher degree, then the smaller id.

    Raises:
        QueryError: no node matches; the message suggests close names.
    """
    key = normalize_name(typed_text(name, f"the {(node_type or 'entity').lower()} name"))
    pool = [n for n in pg.nodes if node_type is None or n.type == node_type]
    hits = [n for n in pool if key in node_keys(n)]
    if not hits:
        raise QueryError(_not_found(name, key, pool, node_type))
    degree = _degrees(pg.edges)
    return min(hits, key=lambda n: (normalize_name(n.name) != key, -degree[n.id], n.id))


def _not_found(name: str, key: str, pool: Sequence[Node], node_type: str | None) -> str:
    """``No Zone named '…' in the graph. Did you mean: …?``"""
    by_key = {k: n.name for n in pool for k in node_keys(n)}
    close = [by_key[k] for k in sorted(by_key) if key and key in k]
    close += [by_key[k] for k in difflib.get_close_matches(key, sorted(by_key), n=5, cutoff=0.5)]
    hint = ", ".join(dict.fromkeys(close[:5]))
    what = node_type or "entity"
    return f"No {what} named {name!r} in the graph." + (f" Did you mean: {hint}?" if hint else "")


def _degrees(edges: Iterable[Edge]) -> Counter[str]:
    """Fact-edge degree of every node (either direction)."""
    deg: Counter[str] = Counter()
    for e in edges:
        deg[e.source] += 1
        deg[e.target] += 1
    return deg


def _adjacency(edges: Iterable[Edge]) -> dict[str, set[str]]:
    """Undirected neighbour sets."""
    adj: dict[str, set[str]] = defaultdict(set)
    for e in edges:
        adj[e.source].add(e.target)
        adj[e.target].add(e.source)
    return adj


def _check_types(types: Sequence[str] | None) -> set[str] | None:
    """Validate a ``types`` filter; ``None`` or empty means every type."""
    if not types:
        return None
    bad = [t for t in types if t not in ENTITY_TYPES]
    if bad:
        raise QueryError(f"Unknown entity type {', '.join(bad)}; choose from {', '.join(ENTITY_TYPES)}.")
    return set(types)


def _zone_area(pg: PropertyGraph, zone_id: str) -> set[str]:
    """The zone, everything LOCATED_IN it (transitively), and their neighbours."""
    inside: dict[str, list[str]] = defaultdict(list)
    for e in pg.edges:
        if e.type == "LOCATED_IN":
            inside[e.target].append(e.source)
    members, todo = {zone_id}, [zone_id]
    while todo:
        for sub in inside[todo.pop()]:
            if sub not in members:
                members.add(sub)
                todo.append(sub)
    adj = _adjacency(pg.edges)
    return members.union(*(adj[m] for m in members))


def _neighbourhood(edges: Iterable[Edge], allowed: set[str], start: str, depth: int) -> set[str]:
    """Nodes within ``depth`` hops of ``start``, walking only through ``allowed``."""
    adj = _adjacency(e for e in edges if e.source in allowed and e.target in allowed)
    seen, ring = {start}, {start}
    for _ in range(depth):
        ring = {nb for n in ring for nb in adj[n]} - seen
        if not ring:  # nothing further: a depth of a billion ends here too
            break
        seen |= ring
    return seen


def _truncate(keep: set[str], degree: Mapping[str, int], max_nodes: int, focus: str | None) -> set[str]:
    """Keep the ``max_nodes`` highest-degree nodes (ties by id); the focus always stays."""
    if len(keep) <= max_nodes:
        return keep
    ranked = sorted(keep, key=lambda n: (n != focus, -degree.get(n, 0), n))
    return set(ranked[:max_nodes])


def select_view(
    pg: PropertyGraph,
    *,
    focus: str | None = None,
    depth: int = 2,
    types: Sequence[str] | None = None,
    zone: str | None = None,
    max_nodes: int = 5000,
) -> ViewSelection:
    """Choose the nodes and facts a view shows.

    Filters apply in this order: ``zone`` (the zone, everything LOCATED_IN it
    transitively, and their neighbours), ``types`` (the focus node always stays),
    ``focus``/``depth`` (hops walk only through what is left), then ``max_nodes``
    (the highest-degree nodes stay).

    Args:
        pg: the graph.
        focus: name, alias or traditional form of the entity to centre on.
        depth: hops around ``focus``.
        types: entity types to show (default all).
        zone: name of a Zone node.
        max_nodes: most nodes to show.

    Returns:
        The selection, with the counts of what ``max_nodes`` left out.

    Raises:
        QueryError: unknown focus, zone or type, or a negative depth / max_nodes.
    """
    if depth < 0 or max_nodes < 1:
        raise QueryError("depth must be >= 0 and max_nodes >= 1.")
    wanted = _check_types(types)
    area = {n.id for n in pg.nodes}
    if zone is not None:
        area = _zone_area(pg, find_node(pg, zone, node_type="Zone").id)
    focus_id = None if focus is None else find_node(pg, focus).id
    if focus_id is not None and focus_id not in area:
        raise QueryError(f"{focus!r} is not in the zone {zone!r}.")
    keep = area if wanted is None else {i for i in area if pg.node(i).type in wanted}
    if focus_id is not None:
        keep = _neighbourhood(pg.edges, keep | {focus_id}, focus_id, depth)
    return _limit(pg, keep, max_nodes, focus_id)


def _limit(pg: PropertyGraph, keep: set[str], max_nodes: int, focus_id: str | None) -> ViewSelection:
    """Apply ``max_nodes`` to a chosen node set and collect the facts between them."""
    degree = _degrees(pg.edges)
    edges = [e for e in pg.edges if e.source in keep and e.target in keep]
    kept = _truncate(keep, degree, max_nodes, focus_id)
    shown = tuple(e for e in edges if e.source in kept and e.target in kept)
    nodes = tuple(n for n in pg.nodes if n.id in kept)
    return ViewSelection(nodes, shown, len(keep) - len(kept), len(edges) - len(shown), focus_id, degree)


def render_html(
    pg: PropertyGraph,
    path: Path,
    *,
    focus: str | None = None,
    depth: int = 2,
    types: Sequence[str] | None = None,
    zone: str | None = None,
    max_nodes: int = 5000,
    title: str = DEFAULT_TITLE,
) -> ViewReport:
    """Write an offline, interactive HTML view of the graph (or part of it).

    Args:
        pg: the graph.
        path: the HTML file to write (atomically).
        focus: show this entity's neighbourhood (name, alias or traditional form).
        depth: hops around ``focus``.
        types: entity types to show (default all).
        zone: show this zone, what lies in it, and their neighbours.
        max_nodes: past this many nodes keep the highest-degree ones; the page says
            how many it left out.
        title: page title and heading.

    Returns:
        The counts of what the page shows and leaves out, and its path.

    Raises:
        QueryError: unknown focus, zone or type.
        KGError: ``path`` cannot be written (a folder, a pipe or a device stands there).
        DependencyMissing: pyvis is not installed.
    """
    output_file(path)
    sel = select_view(pg, focus=focus, depth=depth, types=types, zone=zone, max_nodes=max_nodes)
    with atomic_open(path, "w") as fh:
        for part in _page_parts(sel, title=title, totals=(len(sel.nodes) + sel.omitted_nodes,
                                                          len(sel.edges) + sel.omitted_edges)):
            fh.write(part)
    return ViewReport(len(sel.nodes), len(sel.edges), sel.omitted_nodes, Path(path), sel.omitted_edges)


# ---------------------------------------------------------------------------
# Page data


def _group_facts(edges: Iterable[Edge]) -> dict[str, list[Edge]]:
    """Facts drawn as one line: same predicate and ends (either order if symmetric).

    The line's id is its smallest fact id, so it is stable across runs.
    """
    groups: dict[tuple[str, str, str], list[Edge]] = defaultdict(list)
    for e in sorted(edges, key=lambda e: e.id):
        ends = sorted((e.source, e.target)) if e.type == "PARTNERS_WITH" else [e.source, e.target]
        groups[(e.type, ends[0], ends[1])].append(e)
    return {facts[0].id: facts for facts in sorted(groups.values(), key=lambda f: f[0].id)}


def _edge_label(facts: Sequence[Edge], style: Mapping[str, Any]) -> str:
    """``获得荣誉 · 国家级 · 2021``: predicate, then the distinct level, grade, amount, year."""
    levels = style["levels"]
    parts = [style["predicates"][facts[0].type]["label"]]
    for values in (
        [levels.get(f.level, f.level) for f in facts if f.level],
        [f.grade for f in facts if f.grade],
        [f.amount for f in facts if f.amount],
        [str(y) for y in sorted({f.year for f in facts if f.year is not None})],
    ):
        if values:
            parts.append("/".join(dict.fromkeys(values)))
    return " · ".join(parts)


def _fact(e: Edge) -> dict[str, Any]:
    """One fact as page data (absent attributes left out)."""
    out: dict[str, Any] = {"id": e.id, "p": e.type, "s": e.source, "t": e.target}
    for a in _FACT_ATTRS:
        value = getattr(e, a)
        if value not in (None, ""):
            out[a] = value
    out["doc"], out["sentence"] = e.evidence.doc, e.evidence.sentence
    return out


def _short(name: str, limit: int) -> str:
    """Shorten a long name for the node label (the panel shows it whole)."""
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _node_size(deg: int, style: Mapping[str, Any]) -> float:
    """Node size grows with the square root of its degree."""
    s = style["node_size"]
    return round(float(min(s["max"], s["base"] + s["per_sqrt_degree"] * deg**0.5)), 1)


def _label_size(deg: int, style: Mapping[str, Any]) -> float:
    """Label font size: the base, growing for hubs past ``from_degree``."""
    s = style["label_size"]
    extra = s["per_sqrt_degree"] * max(0.0, deg**0.5 - s["from_degree"] ** 0.5)
    return round(float(min(s["max"], s["base"] + extra)), 1)


def _network(sel: ViewSelection, groups: Mapping[str, list[Edge]],
             style: Mapping[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The vis-network nodes (positioned) and edges (one labelled line per fact group).

    They are the lists pyvis' ``Network(directed=True)`` would hold after ``add_node``
    and ``add_edge`` (the same keys in the same order), made directly: pyvis looks up
    every node id in a list, a quadratic cost on a large view.
    """
    pairs = [(f[0].source, f[0].target) for f in groups.values()]
    knobs = {k: v for k, v in style["layout"].items() if not k.startswith("_")}
    pos = layout([n.id for n in sel.nodes], pairs, sel.degree, **knobs)
    nodes: dict[str, dict[str, Any]] = {}
    for n in sel.nodes:
        if n.id in nodes:  # pyvis keeps a node's first entry
            continue
        x, y = pos[n.id]
        deg = sel.degree[n.id]
        nodes[n.id] = {"group": n.type, "size": _node_size(deg, style), "x": x, "y": y,
                       "font": {"size": _label_size(deg, style)},
                       "id": n.id, "label": _short(n.name, style["label_max_chars"]) or n.id,
                       "shape": style["types"][n.type]["shape"]}
    edges = []
    for gid, facts in groups.items():
        pred = style["predicates"][facts[0].type]
        source, target = facts[0].source, facts[0].target
        if source not in nodes or target not in nodes:  # what pyvis asserts
            raise KGError(f"fact line {gid} ends at a node that is not on the page")
        edges.append({"id": gid, "label": _edge_label(facts, style),
                      "arrows": pred["arrows"] or {"to": {"enabled": False}},
                      "color": {"color": pred["color"], "highlight": style["highlight"]},
                      "from": source, "to": target})
    return list(nodes.values()), edges


def _vis_options(n_nodes: int, style: Mapping[str, Any]) -> dict[str, Any]:
    """vis-network options: the base set, large-graph overrides, one group per type."""
    opts: dict[str, Any] = json.loads(json.dumps(style["vis_options"]))  # a deep copy
    if n_nodes > style["large_graph"]:
        for section, values in style["vis_options_large"].items():
            if not section.startswith("_"):
                opts[section].update(values)
    border, highlight = style["node_border"], style["highlight"]
    opts["groups"] = {
        t: {"shape": s["shape"], "color": {"background": s["color"], "border": border,
                                           "highlight": {"background": s["color"], "border": highlight}}}
        for t, s in style["types"].items()
    }
    return opts


@functools.cache
def _opencc(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


@functools.cache
def _traditional_forms(char: str) -> tuple[str, ...]:
    """The traditional characters that OpenCC turns into ``char``."""
    forms = {_opencc(c).convert(char) for c in ("s2t", "s2hk", "s2tw")}
    return tuple(sorted(t for t in forms if t != char and len(t) == 1 and _opencc("t2s").convert(t) == char))


def _t2s_char_map(chars: Iterable[str]) -> dict[str, str]:
    """Traditional → simplified for the characters of the node keys.

    The browser cannot run OpenCC, so the page carries, for each simplified
    character it needs, the traditional forms that OpenCC maps onto it.
    """
    return {t: c for c in sorted(set(chars)) for t in _traditional_forms(c)}


def _info(n: Node, degree: int) -> dict[str, Any]:
    """What the side panel and the search need about a node."""
    return {"name": n.name, "type": n.type, "aliases": list(n.aliases), "docs": list(n.docs),
            "keys": node_keys(n), "degree": degree}


def _page_data(sel: ViewSelection, style: Mapping[str, Any], totals: tuple[int, int]) -> dict[str, Any]:
    """Everything the page script needs, as one JSON-able dict."""
    groups = _group_facts(sel.edges)
    nodes, edges = _network(sel, groups, style)
    info = {n.id: _info(n, sel.degree[n.id]) for n in sel.nodes}
    counts = Counter(n.type for n in sel.nodes)
    return {
        "nodes": nodes, "edges": edges, "options": _vis_options(len(sel.nodes), style), "info": info,
        "facts": _Facts(groups),
        "types": [{"type": t, "count": counts[t], **style["types"][t]} for t in ENTITY_TYPES],
        "predicates": {p: s["label"] for p, s in style["predicates"].items()},
        "symmetric": [p for p, s in style["predicates"].items() if not s["arrows"]],
        "levels": style["levels"], "fields": style["fact_fields"], "focus": sel.focus,
        "t2s": dict(sorted(_t2s_char_map("".join(k for i in info.values() for k in i["keys"])).items())),
        "shown": {"nodes": len(sel.nodes), "edges": len(sel.edges)},
        "total": {"nodes": totals[0], "edges": totals[1]},
    }


# ---------------------------------------------------------------------------
# HTML


def script_json(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` only occur inside JSON strings, where their ``\\uXXXX``
    escapes mean the same; so no ``</script>`` or ``<!--`` can end the block early.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch in "<>&\u2028\u2029":
        text = text.replace(ch, f"\\u{ord(ch):04x}")
    return text


@functools.cache
def _assets() -> dict[str, str]:
    """The inline scripts and styles: vis-network (from pyvis) and the page's own."""
    # Found, not imported: importing pyvis imports IPython (0.2 s) for nothing used here.
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - a core dependency
        raise DependencyMissing("The view needs pyvis: pip install pyvis")
    vis = Path(next(iter(spec.submodule_search_locations))).joinpath(*_VIS_JS).read_text(encoding="utf-8")
    # the source-map comment would make devtools fetch a file that is not there
    vis = re.sub(r"^//# sourceMappingURL=.*$", "", vis, flags=re.MULTILINE)
    out = {"vis_js": vis, "view_js": _read("view.js"), "view_css": _read("view.css")}
    for name, text in out.items():
        if any(tag in text.lower() for tag in ("</script", "</style", "<!--")):
            raise KGError(f"{name} cannot be inlined: it contains a closing tag or a comment opener.")
    return out


def _read(name: str) -> str:
    return (VIEW_DIR / name).read_text(encoding="utf-8")


def _csp_hash(script: str) -> str:
    """The CSP source expression allowing exactly this inline script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


@functools.cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(VIEW_DIR), autoescape=True,
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    return env.get_template("page.html.j2")


class _Facts:
    """The page's ``facts`` (line id → its facts with their evidence), turned into JSON
    a few hundred facts at a time by :func:`_json_parts`: on a large graph they are most
    of the page, and one line can carry thousands of facts (a firm named in the same zone
    by many reports)."""

    CHUNK = 512  # facts per piece (whole lines): one json.dumps call, a bounded text

    def __init__(self, groups: Mapping[str, list[Edge]]) -> None:
        self.groups = groups

    def json_parts(self) -> Iterator[str]:
        """``script_json`` of the whole mapping, in pieces: ``json.dumps`` joins a dict's
        items with ``,``, so each piece's object without its braces is a run of items."""
        yield "{"
        first = True
        for chunk in self._chunks():
            text = script_json({gid: [_fact(e) for e in facts] for gid, facts in chunk})
            yield ("" if first else ",") + text[1:-1]
            first = False
        yield "}"

    def _chunks(self) -> Iterator[list[tuple[str, list[Edge]]]]:
        """Runs of lines holding about :attr:`CHUNK` facts (a longer line alone)."""
        chunk: list[tuple[str, list[Edge]]] = []
        size = 0
        for gid, facts in self.groups.items():
            if chunk and size + len(facts) > self.CHUNK:
                yield chunk
                chunk, size = [], 0
            chunk.append((gid, facts))
            size += len(facts)
        if chunk:
            yield chunk


def _json_parts(data: Mapping[str, Any]) -> Iterator[str]:
    """``script_json(data)`` in pieces (the same text: ``json.dumps`` joins a dict's
    items with ``,`` and ``:`` here), the facts written line by line."""
    yield "{"
    for i, (key, value) in enumerate(data.items()):
        yield ("," if i else "") + script_json(key) + ":"
        if isinstance(value, _Facts):
            yield from value.json_parts()
        else:
            yield script_json(value)
    yield "}"


def _page_parts(sel: ViewSelection, *, title: str, totals: tuple[int, int]) -> Iterator[str]:
    """The page in pieces: the template around the data, the data streamed."""
    style = load_style()
    assets = _assets()
    data = _page_data(sel, style, totals)
    marker = f"\x00kg-data-{secrets.token_hex(16)}\x00"
    page = _template().render(
        title=title, data_json=marker, shown=data["shown"], total=data["total"],
        omitted_nodes=sel.omitted_nodes, omitted_edges=sel.omitted_edges,
        script_hashes=" ".join(_csp_hash(assets[k]) for k in ("vis_js", "view_js")), **assets,
    )
    head, tail = page.split(marker)
    del page
    yield head
    yield from _json_parts(data)
    yield tail
