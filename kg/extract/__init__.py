"""The extract stage: one repaired document → its entities, relations and evidence.

``extract(doc)`` runs, in order: repair → sentences → typed mentions (entities.py) →
report sections and their subjects (subject.py) → honours and funding (honours.py,
funding.py) → LOCATED_IN / UNDERTAKES / PARTNERS_WITH (relations.py) → one entity per
real thing in the document (kg.resolve.merge_mentions).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Sequence
from typing import Any

from kg.extract import entities as ents
from kg.extract import recipients as rc
from kg.extract import relations as rels
from kg.extract.aliases import apply_aliases, declared, rename_declared
from kg.extract.designations import designated_funding
from kg.extract.entities import EntityMention
from kg.extract.funding_tables import table_funding
from kg.extract.subject import Section, county_body, find_sections, named_by_file
from kg.extract.types import FundingFact, HonourFact, Mention
from kg.lexicon import load_lexicon, load_regex, load_table
from kg.model import DocExtraction, Entity, Evidence, RawDoc, Relation, Repaired
from kg.resolve import DocEntities, firm_short_forms, merge_mentions

EXTRACTOR_VERSION = "1"


def extract(doc: RawDoc) -> DocExtraction:
    """Extract one document.

    Args:
        doc: the decoded source file.

    Returns:
        The document's subject, entities and relations, each relation with evidence.
    """
    from kg.repair import repair

    rep = repair(doc.text)
    return extract_text(rep, doc.name, sha256=doc.sha256, path=doc.path)


def extract_text(rep: Repaired, name: str, *, sha256: str = "", path: str = "") -> DocExtraction:
    """Extract from already repaired text (``name`` is the document's file name)."""
    from kg.repair import split_sentences

    text = rep.text
    sentences = split_sentences(text)
    mentions = ents.find_all(text, sentences)
    aliases = declared(text, mentions)
    mentions = apply_aliases(text, mentions, aliases)
    firms = {m.name for m in mentions if m.type == "Enterprise" and m.kind == "legal"}
    # (a firm named by its short name only, 远航智控, opens a project named later as well)
    named = {m.name for m in mentions if m.type == "Enterprise" and m.kind != "legal" and m.name == m.mention.text}
    mentions = ents.open_with_short_firm(text, mentions, {s for f in firms for s in firm_short_forms(f, 3)} | named)
    sections = named_by_file(find_sections(text, [m for m in mentions if m.type == "Zone"]), name)
    subject_at = _section_lookup(sections, "subject")
    honours, funding = _honours_and_funding(text, sentences)
    builder = _Builder(name, rep, mentions, subject_at, _section_lookup(sections, "year"))
    builder.reporter_at = _section_lookup(sections, "reporter")
    builder.aliases = aliases
    for sec in sections:
        if sec.reporter and sec.subject and not county_body(sec.reporter):
            # A zone's own department (经济发展局 of the 开发区) is in the zone.
            pos = text.find(sec.reporter, sec.start)
            builder.mentions.append(EntityMention("Organization", sec.reporter, Mention(sec.reporter, pos, pos + len(sec.reporter)), "reporter"))
    builder.add_honours(honours)
    builder.add_funding(funding + designated_funding(text, mentions, sentences) + table_funding(text, mentions, sentences))
    builder._drop_inside_titles()
    partner_facts, partner_mentions = rels.partners(text, builder.mentions, sentences, subject_at)
    builder.mentions += partner_mentions
    builder.add_facts(partner_facts)
    undertaken, owners = rels.undertakes(text, builder.mentions, sentences)
    builder.mentions += owners
    builder.add_facts(undertaken + rels.respective_builders(text, builder.mentions, sentences))
    co_built, labs = rels.co_built(text, builder.mentions, sentences)
    builder.mentions += labs
    builder.add_facts(co_built)
    built, facilities = rels.built_facilities(text, builder.mentions, sentences)
    builder.mentions += facilities
    builder.add_facts(built)
    excluded = {f.o for f in partner_facts}
    builder.add_facts(rels.located_in(text, builder.mentions, sentences, subject_at, excluded))
    subject = sections[0].subject if sections else None
    others = sorted({s.subject for s in sections[1:] if s.subject and s.subject != subject})
    return builder.finish(subject, others, sha256=sha256, path=path)


def _honours_and_funding(text: str, sentences: Sequence[tuple[int, int]]) -> tuple[list[HonourFact], list[FundingFact]]:
    from kg.extract.funding import extract_funding
    from kg.extract.honours import extract_honours

    return extract_honours(text, sentences), extract_funding(text, sentences)


def _section_lookup(sections: Sequence[Section], attr: str) -> Callable[[int], Any]:
    """``f(pos)``: the ``attr`` (subject, year, reporter) of the section holding ``pos``."""
    starts = [s.start for s in sections]

    def at(pos: int) -> Any:
        if not sections:
            return None
        return getattr(sections[max(0, bisect.bisect_right(starts, pos) - 1)], attr)

    return at


_LAST_YEAR = re.compile(r"去年|上年度|上一年")
_DEMONSTRATIVE = re.compile(r"^(?:该|此|这个|这一|这家|上述)")


@functools.cache
def _anaphora() -> dict[str, str]:
    """``recipient_anaphora.txt``: a word that refers back → the type it refers to."""
    return dict(load_table("lexicon/recipient_anaphora.txt"))


class _Builder:
    """Collects mentions and relations, then merges them into the document's entities."""

    def __init__(self, doc: str, rep: Repaired, mentions: list[EntityMention], subject_at: Callable[[int], str | None],
                 year_at: Callable[[int], int | None] = lambda pos: None):
        self.doc, self.rep, self.subject_at, self.year_at = doc, rep, subject_at, year_at
        self.mentions = list(mentions)
        self.facts: list[tuple[str, str, str, tuple[int, int], str, dict[str, object]]] = []
        self.reporter_at: Callable[[int], str | None] = lambda pos: None
        self.aliases: dict[str, EntityMention] = {}
        self._projects_at: dict[int, list[EntityMention]] | None = None  # (project mentions by start)

    def _merge_project_references(self) -> None:
        """A firm's project named again in short (``锐铂新能源项目``, ``拓晟新材料锂电池隔膜
        项目`` after ``拓晟新材料年产3万吨锂电池隔膜项目``) is that project, where the firm
        has one such project in the document: its mentions and facts take the full name."""
        # (a project whose mention took in its firm, 澜沧储能|年产…项目, is one project under
        # either name: count it once, by the longer)
        full = {m.name: m.mention.text for m in self.mentions
                if m.type == "Project" and m.mention.text != m.name and m.mention.text.endswith(m.name)}
        owned: dict[str, list[str]] = {}
        for s, p, o, *_ in self.facts:
            o = full.get(o, o)
            if p == "UNDERTAKES" and o not in owned.setdefault(s, []):
                owned[s].append(o)
        names = {m.name for m in self.mentions if m.type == "Project"} | set(full.values())
        rename: dict[str, str] = {}
        for firm, projects in owned.items():
            shorts = sorted({firm, *firm_short_forms(firm, 2)}, key=len, reverse=True)

            def rest(name: str, shorts: list[str] = shorts) -> str:
                return next((name[len(f):] for f in shorts if name.startswith(f)), name)

            for short in projects:
                tail = rest(short)
                longer = [p for p in projects if p != short and p in names and len(p) > len(short)
                          and (tail == "项目" or (len(tail) >= 4 and rest(p).endswith(tail)))]
                if short in names and len(longer) == 1:
                    rename[short] = longer[0]
        if not rename:
            return
        self.mentions = [EntityMention(m.type, rename[m.name], m.mention, m.kind) if m.type == "Project" and m.name in rename else m
                         for m in self.mentions]
        self.facts = [(rename.get(s, s), p, rename.get(o, o), *rest) for s, p, o, *rest in self.facts]  # type: ignore[misc]

    def _typed(self, m: Mention, default: str = "Enterprise") -> EntityMention:
        """Type a recipient named by another extractor: by its own head; else a facility
        head (中心, 基地, 城 …) makes it a Project; else ``default``."""
        name = ents.strip_lead(ents.strip_mask(m.text))
        owner, _, tail = name.rpartition("的")
        if tail != name and len(tail) >= 4 and (ents.own_type(tail) or ents.facility_head(tail)):
            name = tail  # 由锐芯微电子牵头建设的高端传感器中试基地, 高新区内的X创新中心: what is named
            firm = next((em.name for em in self.mentions if em.type == "Enterprise" and em.name == owner), None)
            if firm is not None and ents.own_type(tail) != "Zone":
                self.facts.append((firm, "UNDERTAKES", tail, (m.start, m.end), "undertakes:possessive", {}))
        if name != ents.strip_mask(m.text) and name and m.text.endswith(name):
            m = Mention(name, m.end - len(name), m.end)
        for em in self.mentions:
            if em.name == name:
                return em
        firms = {em.name for em in self.mentions if em.type == "Enterprise" and em.name.endswith(("公司", "集团"))}
        for em in self.mentions:
            # A firm's project after its legal name (拓钒新材料科技有限公司年产5万吨…项目获得
            # 1100万元): the project (a short name opening it is part of its name).
            if em.type == "Project" and len(name) > len(em.name) >= 4 and name.endswith(em.name) \
                    and name[: len(name) - len(em.name)] in firms:
                return em
        for em in self.mentions:
            # A run-on recipient (title words glued before a zone's name) is that zone.
            if em.type == "Zone" and len(em.name) >= 4 and name.endswith(em.name) and len(name) > len(em.name) + 4:
                return em
        # Words before a firm the document names (督促润泰石化, 云岫光谷内的明镜光学…公司):
        # that firm.
        known = [em for em in self.mentions if em.type in ("Enterprise", "Organization") and len(em.name) >= 3
                 and name.endswith(em.name) and 0 < len(name) - len(em.name) <= 10]
        if known:
            return max(known, key=lambda em: len(em.name))
        span = (m.start, m.end)
        for finder in (ents.find_zones, ents.find_projects, ents.find_organizations):
            found = [e for e in finder(self.rep.text, span) if e.mention.end == m.end]
            if found:
                em = EntityMention(found[0].type, name, m, found[0].kind)
                break
        else:
            etype = "Project" if ents.facility_head(name) and not ents.short_firm(name) else default
            own = ents.own_type(name)
            if own is not None and own in ("Organization", "Project"):
                etype = own  # 管委会招商服务局, 党群工作部: a body's head; …通道项目
            if ents.short_firm(name) or self._short_form_of_firm(name):
                etype = "Enterprise"
            em = EntityMention(etype, name, m, "recipient")
        self.mentions.append(em)
        return em

    def _antecedent(self, m: Mention) -> Mention | None:
        """``m``, or where ``m`` refers back (``该项目``, ``该工程``: ``recipient_anaphora.txt``)
        the last project (or park) named before it in its sentence or the one before;
        ``None`` where there is none."""
        kind = _anaphora().get(m.text.strip())
        if kind is None:
            return m
        text = self.rep.text
        floor = max(text.rfind("。", 0, max(0, text.rfind("。", 0, m.start))), 0)
        before = [em for em in self.mentions if em.type == kind and floor <= em.mention.start and em.mention.end <= m.start
                  and em.kind != "peer"]
        head = _DEMONSTRATIVE.sub("", m.text.strip())
        if not before:  # 该中心 after a 孵化中心 (a zone): what ends in the same head
            before = [em for em in self.mentions if em.type in ("Zone", "Project") and em.name.endswith(head)
                      and floor <= em.mention.start and em.mention.end <= m.start and em.kind != "peer"]
        if not before:
            return ents.facility_before(text, floor, m.start) if kind == "Project" else None
        last = max(before, key=lambda em: em.mention.end)
        return Mention(last.name, last.mention.start, last.mention.end)

    def _year_before(self, start: int, end: int) -> int | None:
        """The report's year, or the year before where ``text[start:end]`` says 去年 (上年)."""
        year = self.year_at(start)
        if year is not None and _LAST_YEAR.search(self.rep.text, start, end):
            return year - 1
        return year

    def _short_form_of_firm(self, name: str) -> bool:
        from kg.resolve import same_firm

        return any(em.type == "Enterprise" and same_firm(name, em.name) for em in self.mentions)

    def add_honours(self, facts: Sequence[HonourFact]) -> None:
        for h in facts:
            self.mentions.append(EntityMention("Honour", h.honour, h.honour_mention, "honour"))
            # An honour reported without a year was granted in the year the report covers.
            attrs: dict[str, object] = {"level": h.level, "year": h.year or self._year_before(h.sentence[0], h.honour_mention.start),
                                        "batch": h.batch, "grade": h.grade}
            # A holder of a zone-kind title (国家级众创空间, 省级孵化器) is such a zone.
            default = "Zone" if ents.own_type(h.honour) == "Zone" else "Enterprise"
            recipients: list[str | None] = [self._typed(r, default).name for r in map(self._antecedent, h.recipients) if r]
            recipients = recipients or [self._implicit_holder(h)]
            for r in recipients:
                if r:
                    self.facts.append((r, "RECEIVED_HONOUR", h.honour, h.sentence, h.rule or "honour", attrs))

    def _implicit_holder(self, h: HonourFact) -> str | None:
        """Who holds an honour stated without a holder: the zone where the clause names it
        (开发区获批…), else the department writing the report (荣获二等奖 in a 经发局
        report), else the subject zone."""
        subject = self.subject_at(h.sentence[0])
        reporter = self.reporter_at(h.sentence[0])
        before = self.rep.text[h.sentence[0] : h.honour_mention.start]
        if subject is None and load_regex("lexicon/generic_zone_words.txt").search(before):
            # (a city's report on its zones: 经开区获评… in the paragraph about one of them)
            return self._paragraph_zone(h.sentence[0]) or reporter
        zone_named = subject and (subject in before or load_regex("lexicon/generic_zone_words.txt").search(before))
        if reporter and not zone_named:
            self.mentions.append(EntityMention("Organization", reporter, Mention(reporter, h.sentence[0], h.sentence[0]), "reporter"))
            return reporter
        return subject

    def _headed_by_project(self, pos: int) -> str | None:
        """The project a paragraph opens with as its heading (``（一）X工程。项目业主为…，
        获中央预算内投资3860万元``): what a clause of it with no holder is about."""
        text = self.rep.text
        start = text.rfind("\n", 0, pos) + 1
        at = rc.BULLET.match(text, start).end()  # type: ignore[union-attr] # (optional: it always matches)
        if self._projects_at is None:
            self._projects_at = {}
            for m in self.mentions:
                if m.type == "Project":
                    self._projects_at.setdefault(m.mention.start, []).append(m)
        for m in (m for k in range(at, at + 31) for m in self._projects_at.get(k, ())):
            # (its zone may come first: （一）鹤川高新区（以下简称…）东区污水处理厂提标扩容工程。)
            if (m.mention.end < pos
                    and text[m.mention.end : m.mention.end + 1] in ("。", "：", ":")
                    and not re.search(r"[。，,；;：:、]", text[at : m.mention.start])):
                return m.name
        return None

    def _paragraph_zone(self, pos: int) -> str | None:
        """The last zone of its own rank named in the paragraph before ``pos`` (in a
        report on several zones, the one the paragraph is about)."""
        floor = self.rep.text.rfind("\n", 0, pos)
        generic = load_lexicon("lexicon/generic_zone_words.txt")
        named = [m for m in self.mentions if m.type == "Zone" and m.kind == "peer" and m.name not in generic
                 and floor < m.mention.start and m.mention.end <= pos]
        return max(named, key=lambda m: m.mention.start).name if named else None

    def add_funding(self, facts: Sequence[FundingFact]) -> None:
        for f in facts:
            self.mentions.append(EntityMention("FundingSource", f.source, f.source_mention, "funding"))
            named = self._antecedent(f.recipient) if f.recipient is not None else None
            if f.recipient is not None and named is None:
                continue  # 该项目 with no project named before it
            recipient = self._typed(named, "Project").name if named is not None else (
                self._headed_by_project(f.sentence[0]) or self.subject_at(f.sentence[0]) or self._paragraph_zone(f.sentence[0]))
            attrs: dict[str, object] = {"level": f.level, "year": f.year or self.year_at(f.sentence[0]),
                                        "batch": f.batch, "amount": f.amount, "value_yuan": f.value_yuan}
            if recipient:
                self.facts.append((recipient, "FUNDED_BY", f.source, f.sentence, f.rule or "funding", attrs))

    def add_facts(self, facts: Sequence[rels.Fact]) -> None:
        from kg.extract.qualifiers import year_of

        for f in facts:
            # A signing is dated by the year its sentence writes, else (like an honour) by
            # the year the report covers.
            attrs: dict[str, object] = {"year": year_of(self.rep.text[f.sentence[0]:f.sentence[1]]) or self.year_at(f.sentence[0])} \
                if f.p == "PARTNERS_WITH" else {}
            self.facts.append((f.s, f.p, f.o, f.sentence, f.rule, attrs))

    def _drop_inside_titles(self) -> None:
        """A project or firm name inside an honour or fund name (``省急需紧缺人才及研发项目``
        in ``…项目扶持``) is part of that title, not an entity — unless it is a recipient.
        So is a zone-like name that ends an honour the document names elsewhere
        (``进入全市先进工业园行列`` after ``被评为吉安市先进工业园``)."""
        # (a source carried from a heading is "written" over the grant's whole item: no title there)
        titles = [m.mention for m in self.mentions if m.type in ("Honour", "FundingSource")
                  and (m.type == "Honour" or m.mention.end - m.mention.start <= len(m.mention.text) + 4)]
        honours = {m.name for m in self.mentions if m.type == "Honour"}
        named = {s for s, *_ in self.facts}
        self.mentions = [m for m in self.mentions if m.type in ("Honour", "FundingSource") or m.name in named
                         or not (any(t.start <= m.mention.start and m.mention.end <= t.end for t in titles)
                                 or (m.type == "Zone" and any(h.endswith(m.name) for h in honours)))]

    def _projects_where_their_builders_are(self) -> None:
        """A project the report's zone holds only by default is where the sentence places
        its builder (``位于Y园的甲公司投资…的X项目``: X is in Y too)."""
        placed = {(s, span): o for s, p, o, span, rule, _ in self.facts if p == "LOCATED_IN" and rule == "located:placement"}
        if not placed:
            return
        builders = {(o, span): s for s, p, o, span, *_ in self.facts if p == "UNDERTAKES"}
        for i, (s, p, o, span, rule, attrs) in enumerate(self.facts):
            if p == "LOCATED_IN" and rule == "located:subject" and (s, span) in builders:
                zone = placed.get((builders[s, span], span))
                if zone is not None and zone != s:
                    self.facts[i] = (s, p, zone, span, "located:builder-placed", attrs)

    def finish(self, subject: str | None, section_subjects: Sequence[str], *, sha256: str, path: str) -> DocExtraction:
        # (mentions made after the declared short names were applied: a partner's, an
        # honour's holder — renamed too)
        self.mentions = rename_declared(self.mentions, self.aliases)
        self._merge_project_references()
        self._projects_where_their_builders_are()
        merged: DocEntities = merge_mentions(self.mentions, subject, section_subjects)
        relations: dict[tuple[str, str, str], Relation] = {}
        for s, p, o, span, rule, attrs in self.facts:
            s_name, o_name = merged.canonical(s), merged.canonical(o)
            if not s_name or not o_name or s_name == o_name:
                continue
            key = (s_name, p, o_name)
            if key not in relations:
                relations[key] = Relation(s_name, p, o_name, self._evidence(span), rule=rule, **attrs)  # type: ignore[arg-type]
        # GUIDELINES: organisations are annotated only where they take part in a relation;
        # being the zone's own body (located:subject) alone is not taking part.
        orgs = {e.name for e in merged.entities if e.type == "Organization"}
        active = {n for (s, p, o), r in relations.items() if not (p == "LOCATED_IN" and r.rule == "located:subject") for n in (s, o)}
        relations = {k: r for k, r in relations.items() if not (k[0] in orgs and k[0] not in active and r.rule == "located:subject")}
        related = {n for s, _, o in relations for n in (s, o)}
        entities = tuple(e for e in merged.entities if e.type != "Organization" or e.name in related)
        return DocExtraction(self.doc, subject, entities, tuple(relations.values()), sha256=sha256, path=path)

    def _evidence(self, span: tuple[int, int]) -> Evidence:
        a, b = span
        ra, rb = self.rep.raw_span(a, b)
        return Evidence(self.doc, self.rep.text[a:b], a, b, ra, rb)


__all__ = ["EXTRACTOR_VERSION", "Entity", "extract", "extract_text"]
