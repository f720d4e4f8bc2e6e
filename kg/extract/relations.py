"""LOCATED_IN, UNDERTAKES and PARTNERS_WITH from typed mentions and trigger patterns.

Rules (GUIDELINES.md):
* LOCATED_IN — in a zone's own report, the firms, projects, sub-parks and the zone's own
  bodies that the report counts as the zone's are in the subject zone; a name that opens
  with a sub-park's name (``…孵化器1#厂房维修工程``) is in that sub-park; a sentence that
  opens with a sub-park as its topic (``新材料产业园，正在推动…``) places the firms and
  projects after it there. Firms only courted (走访, 对接, 洽谈 without signing) and
  partners are not placed.
* UNDERTAKES — a project whose name opens with a firm's name (``皖南电气一期厂房``), or a
  firm right before an investment phrase and a project (``X总投资…的Y项目``).
* PARTNERS_WITH — ``与X(、Y)…签约/签订…协议/战略合作/合作共建``: the actor (the subject
  zone unless a body is named before 与) partners each X.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeAlias

from kg.extract.aliases import declaration
from kg.extract.entities import (
    LATIN_GLOSS,
    PRICED,
    EntityMention,
    in_category_list,
    own_head,
    own_type,
    plain_word,
    short_firm,
    strip_lead,
    strip_mask,
    trade_heads,
)
from kg.extract.recipients import investor_gap
from kg.extract.segment import tagged, word_frequency
from kg.extract.types import Mention
from kg.lexicon import conjunction_he, load_lexicon, load_regex, load_table, load_union
from kg.repair import TABLE_ROW
from kg.resolve import firm_short_forms, zone_class

SubjectLookup: TypeAlias = Callable[[int], "str | None"]


@dataclass(frozen=True)
class Fact:
    """A relation between two names with the sentence it stands in."""

    s: str
    p: str
    o: str
    sentence: tuple[int, int]
    rule: str


class _Sentences:
    """A document's sentences (in order, not overlapping, as ``split_sentences`` gives
    them), looked up by position with a bisection: a scan per mention made the relation
    finders quadratic in a long report."""

    def __init__(self, spans: Sequence[tuple[int, int]]):
        self.spans = spans
        self.starts = [a for a, _ in spans]

    def index(self, pos: int) -> int:
        """The index of the last sentence starting at or before ``pos`` (-1: none)."""
        return bisect.bisect_right(self.starts, pos) - 1

    def of(self, pos: int) -> tuple[int, int]:
        """The sentence span holding ``pos`` (``(pos, pos)`` between sentences)."""
        i = self.index(pos)
        if i >= 0 and pos < self.spans[i][1]:
            return self.spans[i]
        return (pos, pos)


def located_in(text: str, mentions: Sequence[EntityMention], sentences: Sequence[tuple[int, int]],
               subject_at: SubjectLookup, excluded: set[str]) -> list[Fact]:
    """LOCATED_IN facts for firms, projects, sub-parks and the zone's own bodies."""
    facts: list[Fact] = []
    seen: set[str] = set()
    zones = _Zones(m for m in mentions if m.type == "Zone")
    index = _Sentences(sentences)
    # A sentence's topic zone and the numbered heading above it depend on the sentence
    # alone: worked out once per sentence, not once per mention in it.
    topics: dict[tuple[int, int], EntityMention | None] = {}
    headings: dict[tuple[int, int], _Heading] = {}
    walked: dict[int, _Heading] = {}
    courted: dict[tuple[int, int], str] = {}
    names = _NameSpans(mentions)
    leads: dict[int, EntityMention | None] = {}
    for em in mentions:
        if em.name in seen or em.name in excluded or em.type not in _PLACEABLE:
            continue
        subject = subject_at(em.mention.start)
        if em.type == "Zone" and (em.kind == "peer" or em.name == subject):
            outer = _zone_within(em, zones, text) or (_zone_before(em, zones) if em.kind != "peer" else None)
            if outer is not None:  # 临溟化工园区位于临溟市滨江新区东部; 澜江新区临湖片区（the subject）
                seen.add(em.name)
                facts.append(Fact(em.name, "LOCATED_IN", outer, index.of(em.mention.start), "located:zone-within"))
            continue
        if em.type == "Organization" and not (subject and (em.name.startswith(subject) or em.kind == "reporter"
                                                           or _own_body(em.name))):
            span = index.of(em.mention.start)
            target = _research_body_zone(em, zones, text, span, subject, names)
            if target and target != em.name:
                seen.add(em.name)
                facts.append(Fact(em.name, "LOCATED_IN", target, span, "located:research-body"))
            continue
        if em.type == "Organization" and any(em.name.endswith(b) for b in load_lexicon("lexicon/zone_bodies.txt")):
            continue
        span = index.of(em.mention.start)
        if em.type in ("Enterprise", "Project"):
            if span not in courted:
                courted[span] = _courted(text[span[0]:span[1]])
            if courted[span] == "visit" or courted[span] and em.type == "Enterprise":
                continue  # (a named project in talks is the zone's: GUIDELINES)
        if span not in topics:
            topics[span] = _topic_zone(zones, text, span)
        target, rule = _container(em, zones, topics[span])
        if rule != "located:name-prefix" and em.type in ("Enterprise", "Project", "Zone"):
            placed = _placed(em, zones, text, span, subject, names)
            if placed is None:
                placed = _placed_next(em, zones, text, span, index, subject)
            if placed == "":
                continue  # 位于县城南片区的X: a place that is no zone
            if placed is not None:
                target, rule = placed, "located:placement"
        if target is None and em.type in ("Enterprise", "Project", "Zone"):
            if span not in headings:
                headings[span] = _heading(zones, text, span, index, walked)
            heading = _heading_zone(em, span, headings[span])
            if heading is not None:
                target, rule = heading, "located:heading-topic"
        if target is None and em.type in ("Enterprise", "Project"):
            lead = _paragraph_lead(zones, text, index, em.mention.start, leads)
            if lead is not None and lead.name != em.name and lead.mention.end <= em.mention.start:
                target, rule = lead.name, "located:paragraph-lead"
        if target is None and subject is None:
            target, rule = _paragraph_zone(em, zones, text), "located:paragraph-zone"
        target = target or subject
        if target and target != em.name:
            seen.add(em.name)
            facts.append(Fact(em.name, "LOCATED_IN", target, span, rule if target != subject else "located:subject"))
    return facts


_PLACEABLE = ("Enterprise", "Project", "Zone", "Organization")


class _NameSpans:
    """Where the document's firms and projects are named, to read what stands between
    a zone and a name without the other names of a list (``Z的A、B获评``)."""

    def __init__(self, mentions: Iterable[EntityMention]):
        spans = sorted({(m.mention.start, m.mention.end) for m in mentions
                        if m.type in ("Enterprise", "Project", "Organization") and m.mention.end > m.mention.start})
        self._spans = spans
        self._starts = [a for a, _ in spans]
        self._first_start: dict[int, int] = {}  # where the longest name ending at each end starts
        for a, b in spans:
            self._first_start.setdefault(b, a)

    def listed_before(self, text: str, end: int, floor: int) -> list[tuple[int, int]]:
        """The names listed right before ``end`` (``甲、乙和丙|分别…``), in text order: each
        the longest that ends where the list goes on."""
        out: list[tuple[int, int]] = []
        while end > floor:
            a = self._first_start.get(end, -1)
            if a < floor:
                break
            out.append((a, end))
            price = PRICED.search(text, max(floor, a - 20), a)
            k = price.start() if price else a  # (总投资20亿元的A项目、总投资15亿元的B项目)
            while k > floor and (text[k - 1] in "、和及" or text[k - 1].isspace()):
                k -= 1
            if k == (price.start() if price else a):
                break  # (no list glue before it: the list starts here)
            end = k
        return out[::-1]

    def inside(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans of the names written wholly within ``start`` to ``end``."""
        return [(a, b) for a, b in self._spans[bisect.bisect_left(self._starts, start):bisect.bisect_left(self._starts, end)]
                if b <= end]

    def gap(self, text: str, start: int, end: int) -> str:
        """``text[start:end]`` less the names inside it."""
        out, pos = [], start
        for a, b in self._spans[bisect.bisect_left(self._starts, start):bisect.bisect_left(self._starts, end)]:
            if b > end or a < pos:
                continue
            out.append(text[pos:a])
            pos = b
        out.append(text[pos:end])
        return "".join(out)


_LIST_GLUE = re.compile(r"[、和及\s]*")


def _placed(em: EntityMention, zones: _Zones, text: str, span: tuple[int, int], subject: str | None,
            names: _NameSpans) -> str | None:
    """The zone a clause places a firm or project in: the zone right before it
    (``白沙港工业园内的X``, ``Z的A、B获评…``) or the zone a placement verb after it names
    (``X项目签约落户Y产业园``, ``X于3月在Y开发区开工建设``)."""
    generic = load_lexicon("lexicon/generic_zone_words.txt")
    before: EntityMention | None = None
    after: EntityMention | None = None
    in_span = zones.within(*span)
    if not in_span:
        return _elsewhere(text, span, None, em)
    respective = _respective(em, in_span, text, span, names) or _row_zone(em, in_span, text, span)
    if respective is not None:
        return subject if respective in generic else respective
    for z in in_span:
        if z.name == em.name:
            continue
        if z.mention.end <= em.mention.start:
            before = z
        elif z.mention.start >= em.mention.end and after is None:
            after = z
    candidates: list[tuple[EntityMention | None, str]] = [
        (before, names.gap(text, before.mention.end, em.mention.start) if before else ""),
        (after, names.gap(text, em.mention.end, after.mention.start) if after else "")]
    for found, gap in candidates:
        if found is None:
            continue
        z = found
        if z is before:
            link = load_regex("lexicon/placement_links.txt").match(gap)
            rest = gap[link.end():] if link else gap
            ok = (link is not None or not rest) and _LIST_GLUE.fullmatch(rest) is not None
            if not ok and len(gap) <= 12 and not re.search(r"[，,；;。:：与同]", gap):
                arrival = load_regex("lexicon/placement_arrivals.txt").search(gap)
                ok = arrival is not None and _LIST_GLUE.fullmatch(gap[arrival.end():]) is not None
            if not ok and _AT_END.search(text, max(span[0], found.mention.start - 6), found.mention.start):
                # 在Y开发区投资建设X项目: what is built there
                ok = _placement_regexes()[2].fullmatch(gap) is not None
        else:
            # (the verb ends this clause, or opens the next one with no subject of its
            # own: X项目已进入洽谈阶段，拟选址Z)
            clauses = re.split(r"[，,]", gap)
            clause = clauses[-1]
            # (入驻高新区的江屿传感器产业园: the bare zone word before the park is its zone)
            clause = _placement_regexes()[0].sub("", clause)
            clause = _NEAR.sub("在", clause)  # 在邻近的Y开发区投资建设
            # (a clause naming its own subject: X，乙项目落户Z places 乙, not X; but X研究院，研究院已在Z…)
            comma = max(text.rfind("，", em.mention.end, z.mention.start), text.rfind(",", em.mention.end, z.mention.start))
            own_subject = comma >= 0 and any(not em.name.endswith(text[a:b]) for a, b in names.inside(comma + 1, z.mention.start))
            ok = not own_subject and len(clause) <= 16 and len(gap) <= 40 and not _PARTY_OR_STOP.search(gap) and (
                len(clauses) == 1 or _placement_openers().fullmatch(clause[:-1] if clause.endswith("在") else
                                              load_regex("lexicon/placement_verbs.txt").sub("", clause)) is not None) and (
                _placement_regexes()[1].search(clause) is not None
                or clause.endswith("在") and load_regex("lexicon/placement_after.txt").match(text, z.mention.end) is not None)
        if ok:
            if z is after:  # 入驻高新区的江屿智能传感器产业园: the park inside the zone
                inner = next((y for y in zones.within(z.mention.end, span[1]) if y.name != z.name), None)
                if inner is not None and re.fullmatch(r"内?的", text[z.mention.end:inner.mention.start]):
                    z = inner
            return subject if z.name in generic else z.name
    return _elsewhere(text, span, before, em)


# (a stop, or a 与/同 that joins a party: not the 同 of 同样, 同步, 同时, 同期, 同比)
_PARTY_OR_STOP = re.compile(r"[；;。:：与]|同(?![样步时期比])")
_CELL_GAP = re.compile(r"[ \t]*[|｜][ \t]*|[ \t]+")


def _row_zone(em: EntityMention, in_span: Sequence[EntityMention], text: str, row: tuple[int, int]) -> str | None:
    """A table row's zone cell after a firm's or a project's (``1 甲有限公司 乙经济开发区``,
    ``2 | X项目 | 甲公司 | 乙园区 | 500``: its 所在园区 column): the first cell after the
    name's that is a whole zone name (a row is a sentence of its own)."""
    line_end = row[1]
    if not TABLE_ROW.match(text, row[0], line_end):
        return None
    for z in sorted(in_span, key=lambda z: z.mention.start):
        if em.mention.end <= z.mention.start < line_end and z.mention.end <= line_end:
            before, after = text[z.mention.start - 1 : z.mention.start], text[z.mention.end : z.mention.end + 1]
            if _CELL_GAP.fullmatch(before) and (after == "" or after in "\n" or _CELL_GAP.match(after)):
                return z.name
    return None


_RESPECTIVELY = re.compile(r"(?:分别|相继|先后|依次)(?:签约)?(?:位于|落户|落地|入驻|进驻|建在|选址|布局在|布局于)")


def _respective(em: EntityMention, in_span: Sequence[EntityMention], text: str, span: tuple[int, int],
                names: _NameSpans) -> str | None:
    """``甲项目和乙项目分别位于X园和Y区``: the zone in the same place of its list as the
    name in its own (the lists as long as each other)."""
    m = _RESPECTIVELY.search(text, em.mention.end, min(span[1], em.mention.end + 80))
    if m is None:
        return None
    listed = names.listed_before(text, m.start(), span[0])
    here = next((i for i, (a, b) in enumerate(listed) if a <= em.mention.start and em.mention.end <= b), None)
    if here is None:
        return None
    places: list[EntityMention] = []
    pos = m.end()
    for z in sorted(in_span, key=lambda z: z.mention.start):
        if z.mention.start < pos:
            continue
        if not _LIST_GLUE.fullmatch(text[pos : z.mention.start]):
            break
        places.append(z)
        pos = z.mention.end
    return places[here].name if len(places) == len(listed) >= 2 else None


@functools.cache
def _set_up_by() -> re.Pattern[str]:
    """A setting-up verb (``body_setup_verbs.txt``) ending the text before a body's name."""
    return re.compile(f"(?:{load_regex('lexicon/body_setup_verbs.txt').pattern})(?:了|的)?$")


_ZONE_PARTY = re.compile(r"管委会|我区|本区|产业园")  # (besides generic_zone_words.txt)


def _research_body_zone(em: EntityMention, zones: _Zones, text: str, span: tuple[int, int], subject: str | None,
                        names: _NameSpans) -> str | None:
    """The zone a research body (研究院, 研究所, 学院: ``research_bodies.txt``) is in: the
    zone a placement names (``X研究院正式落户Y园``, ``…在Y孵化中心挂牌运行``), or the
    report's zone where the zone set it up or co-built it (``开发区与甲大学签署协议，共建X
    研究院``). A university named as a partner is in no zone."""
    if not em.name.endswith(tuple(load_lexicon("lexicon/research_bodies.txt"))):
        return None
    placed = _placed(em, zones, text, span, subject, names)
    if placed:
        return placed
    if subject and _set_up_by().search(text, max(span[0], em.mention.start - 8), em.mention.start) and (
            _ZONE_PARTY.search(text, span[0], em.mention.start)
            or load_regex("lexicon/generic_zone_words.txt").search(text, span[0], em.mention.start)):
        return subject
    return None


_PLACED_BY_ITSELF = re.compile(r"[\s\d.、)）]*")


def _placed_next(em: EntityMention, zones: _Zones, text: str, span: tuple[int, int], index: _Sentences,
                 subject: str | None) -> str | None:
    """The zone the next sentence names where it is no more than a placement verb and
    the zone (a list's terse items: ``1.甲公司年产N吨X项目。位于Y园。10月投产。``): the
    firm and project of the terse sentence before are the ones placed."""
    if re.search(r"[，,；;]", text[span[0]:span[1]]):
        return None  # (a terse item, no clause of its own)
    end = span[1]
    for _ in range(3):  # (…项目。总投资15亿元。落户Y园。: figures may come between)
        gap = _PLACED_BY_ITSELF.match(text, end)
        pos = gap.end() if gap else end
        nxt = index.of(pos)
        if nxt[0] == nxt[1] or "\n" in text[end:nxt[0]]:
            return None  # (the item's line is over)
        verb = _placement_regexes()[3].match(text, nxt[0], nxt[1])
        if verb is not None:
            break
        if re.search(r"[，,；;]", text[nxt[0]:nxt[1]]) or zones.within(*nxt):
            return None
        end = nxt[1]
    else:
        return None
    zone = next((z for z in zones.within(nxt[0], nxt[1]) if z.mention.start == verb.end()), None)
    if zone is None or not re.match(r"\s*[。;；，,]?\s*$", text[zone.mention.end:nxt[1]]):
        return None
    return subject if zone.name in load_lexicon("lexicon/generic_zone_words.txt") else zone.name


def _elsewhere(text: str, span: tuple[int, int], before: EntityMention | None, em: EntityMention) -> str | None:
    """``""`` where the clause puts ``em`` in a place that is no zone (位于县城南片区的X),
    else ``None``."""
    lead = text[max(span[0], before.mention.end if before else span[0], em.mention.start - 20):em.mention.start]
    if ("位于" in lead or "坐落" in lead or "地处" in lead) and _ELSEWHERE.search(lead):
        return ""
    return None


_AT_END = re.compile(r"在(?:[\u4e00-\u9fff]{1,4}的)?$")
_NEAR = re.compile(r"在[\u4e00-\u9fff]{1,4}的$")


@functools.cache
def _placement_openers() -> re.Pattern[str]:
    """What may open a placement verb's clause (``placement_openers.txt``, regexes): adverbs
    and dates, any number of them."""
    return re.compile("(?:" + "|".join(f"(?:{e})" for e in load_lexicon("lexicon/placement_openers.txt")) + ")*")


@functools.cache
def _placement_regexes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(a bare zone word and 的 ending a gap, a placement verb ending one, a run of
    verbs of building, a sentence opening with a placement verb) from the placement
    word lists, compiled once."""
    verbs = load_regex("lexicon/placement_verbs.txt").pattern
    return (re.compile(f"(?:{load_regex('lexicon/generic_zone_words.txt').pattern})(?:内?的)?$"),
            re.compile(f"(?:{verbs})$"),
            re.compile(f"(?:{load_regex('lexicon/placement_after.txt').pattern})+"),
            re.compile(f"\\s*(?:项目|该项目|企业|该企业)?(?:拟|将|已|正式|成功|签约|顺利)*(?:{verbs})"))


_ELSEWHERE = re.compile(r"(?:位于|坐落于|地处)[^，,；;。、\s]{1,15}?的$")


_BODY_HEAD = re.compile(r"(?:局|工作部|部|办公室|委员会|服务中心|促进中心)$")
_PLACED_BODY = re.compile(r"^(?:国家|中央|省|市|县|区|镇|乡|全国|各级)")


def _own_body(name: str) -> bool:
    """A department named with no place of its own (招商服务局, 党群工作部, 管委会X局): in
    a zone's report, one of the zone's bodies."""
    if not _BODY_HEAD.search(name) or _PLACED_BODY.match(name):
        return False
    return name.startswith("管委会") or tagged(name)[0][1] not in ("ns", "nr", "nz", "nt", "j")


def _courted(sentence: str) -> str:
    """``visit`` where the sentence only visits or courts (走访, 对接), ``talks`` where it
    negotiates (洽谈, 跟进), ``""`` where it does neither or also signs or builds."""
    if re.search(r"(?<![未没尚])(?:签约|签订|落户|入驻|开工|投产|竣工|建成)", sentence):
        return ""  # (尚未签约 signs nothing)
    kinds = {tag for word, tag in load_table("lexicon/courting_words.txt") if word in sentence}
    return "visit" if "visit" in kinds else "talks" if kinds else ""


_WITHIN = re.compile(r"(?:地处|位于|坐落于|坐落在|是|系|属于|隶属于?)(?:[\u4e00-\u9fff]{1,4}?[省市县])*")
_WITHIN_END = re.compile(r"(?:(?:东|西|南|北|中|东北|西北|东南|西南)部|核心区|境内|内)?[，,。；;]"
                         # (…是霁川经济开发区“一区四片”中的栖鹭片区: a part of that zone)
                         r"|(?:[“\"][^”\"]{1,10}[”\"])?(?:中|之中)?的?[\u4e00-\u9fff]{0,6}(?:片区|组团|板块|组成部分|核心区|园区)[，,。；;]")


def _zone_within(zone: EntityMention, zones: _Zones, text: str) -> str | None:
    """The other zone of its own rank that a zone's name is followed by as its place
    (``临溟化工园区位于临溟市滨江新区东部，``): the zone it lies in."""
    m = _WITHIN.match(text, zone.mention.end)
    if m is None:
        return None
    outer = next((z for z in zones.within(m.start() + 1, m.end() + 1) if z.kind == "peer" and z.name != zone.name
                  and z.name not in load_lexicon("lexicon/generic_zone_words.txt")), None)
    if outer is None or not _WITHIN_END.match(text, outer.mention.end):
        return None
    return outer.name


def _zone_before(zone: EntityMention, zones: _Zones) -> str | None:
    """The zone of its own rank written right before a part of it (澜江新区|临湖片区)."""
    before = [z for z in zones.within(zone.mention.start - 16, zone.mention.start)
              if z.kind == "peer" and z.mention.end == zone.mention.start and z.name != zone.name]
    return before[-1].name if before else None


class _Zones(list[EntityMention]):
    """A document's zone mentions, with the index of the first one of each name that is
    no peer (``first``) and the zones by where they start (:meth:`within`): the zone a
    name opens with is found among the name's prefixes, and a sentence's zones by
    bisection, not by trying every zone of the report (quadratic in a long one)."""

    def __init__(self, zones: Iterable[EntityMention]) -> None:
        super().__init__(zones)
        self.first: dict[str, int] = {}
        self.first_peer: dict[str, int] = {}  # (named peers only: not 开发区)
        generic = load_lexicon("lexicon/generic_zone_words.txt")
        for i, z in enumerate(self):
            if z.kind != "peer":
                self.first.setdefault(z.name, i)
            elif z.name not in generic:
                self.first_peer.setdefault(z.name, i)
        self._by_start = sorted((z.mention.start, i) for i, z in enumerate(self))
        self._starts = [start for start, _ in self._by_start]
        peers = sorted((z.mention.end, i) for i, z in enumerate(self) if z.kind == "peer")
        self._peer_ends = [end for end, _ in peers]
        self._peer_last = _RangeMax([i for _, i in peers])

    def last_peer_ending(self, after: int, by: int) -> int | None:
        """The index of the last peer zone (in mention order) ending in ``(after, by]``."""
        lo = bisect.bisect_right(self._peer_ends, after)
        hi = bisect.bisect_right(self._peer_ends, by)
        return self._peer_last.max(lo, hi)

    def within(self, start: int, end: int) -> list[EntityMention]:
        """The zones mentioned from ``start`` to ``end`` (by where they start), in order."""
        lo, hi = bisect.bisect_left(self._starts, start), bisect.bisect_left(self._starts, end)
        return [self[i] for i in sorted(i for _, i in self._by_start[lo:hi])]


class _RangeMax:
    """The largest of ``values[lo:hi]`` in constant time (a sparse table)."""

    def __init__(self, values: list[int]) -> None:
        self._rows = [values]
        width = 1
        while 2 * width <= len(values):
            row = self._rows[-1]
            self._rows.append([max(row[i], row[i + width]) for i in range(len(row) - width)])
            width *= 2

    def max(self, lo: int, hi: int) -> int | None:
        if hi <= lo:
            return None
        k = (hi - lo).bit_length() - 1
        row = self._rows[k]
        return max(row[lo], row[hi - (1 << k)])


def _prefixes(name: str) -> Iterator[str]:
    """Every proper prefix of ``name``, the empty one included."""
    return (name[:k] for k in range(len(name)))


def _container(em: EntityMention, zones: _Zones, topic: EntityMention | None) -> tuple[str | None, str]:
    """The zone ``em`` is in by its name (a sub-park's name opens it) or by the topic
    zone of its sentence (``topic``, see :func:`_topic_zone`)."""
    opening = [(first, name) for name in _prefixes(em.name) if (first := zones.first.get(name)) is not None]
    if opening:
        return min(opening)[1], "located:name-prefix"
    if em.type == "Project":
        # (a project named after a zone of its own rank: 白沙溪工业集中区标准厂房二期项目
        # in a county's report on several zones)
        opening = [(first, name) for name in _prefixes(em.name) if len(name) >= 4 and (first := zones.first_peer.get(name)) is not None]
        if opening:
            return max(opening, key=lambda o: len(o[1]))[1], "located:name-prefix"
    if topic and topic.name != em.name and em.type in ("Enterprise", "Project") and topic.mention.end <= em.mention.start:
        return topic.name, "located:sentence-topic"
    return None, ""


def _paragraph_zone(em: EntityMention, zones: _Zones, text: str) -> str | None:
    """In a report about no single zone (a province's news), the last named zone of
    the paragraph before a firm or project is where it is (``在鹿泉经济开发区，…向阳电子``)."""
    if em.type not in ("Enterprise", "Project", "Zone"):
        return None
    # the peers ending after the paragraph's last line break before em, and before em:
    # the last of them in mention order
    floor = text.rfind("\n", 0, em.mention.start)
    i = zones.last_peer_ending(floor, em.mention.start)
    if i is not None and em.type == "Zone":
        mark = _ITEM_MARK.match(text, floor + 1)
        opening = mark.end() if mark else floor + 1
        if not any(z.kind == "peer" for z in zones.within(opening, opening + 1)):
            return None  # (a park is another zone's only in a paragraph that opens with a zone)
    return None if i is None else zones[i].name


_ITEM_MARK = re.compile(r"\s*(?:[一二三四五六七八九十]+是|[(（][一二三四五六七八九十0-9]+[)）]|[0-9]+[、.．]|[一二三四五六七八九十]+、)")


def _heading_zone(em: EntityMention, span: tuple[int, int],
                  heading: tuple[EntityMention | None, tuple[int, int]] | None) -> str | None:
    """The sub-park an item of a numbered list is about (``二是环保科技产业综合体。聚焦…,
    加快创智绿谷建设``): a heading sentence that is only a marker and a zone name makes that
    zone the topic of the sentences after it, up to the next marker or paragraph.
    ``heading`` is :func:`_heading` of ``em``'s sentence ``span``."""
    if heading is None:
        return None
    zone, marked = heading
    if zone is None or zone.name == em.name or marked == span and em.mention.start < zone.mention.end:
        return None
    return zone.name


_Heading = tuple[EntityMention | None, tuple[int, int]] | None


def _heading(zones: Sequence[EntityMention], text: str, span: tuple[int, int],
             index: _Sentences, memo: dict[int, _Heading]) -> _Heading:
    """The nearest numbered sentence at or before ``span`` in its paragraph, with the
    zone that is all of its body (``None`` when its body is no zone's name); ``None``
    when the paragraph has no such sentence up to ``span``.

    ``memo`` (one per document) holds the answer for each sentence walked back through,
    so a long paragraph is walked once, not once per sentence in it (quadratic)."""
    i = index.index(span[0])
    if i < 0 or "\n" in text[index.spans[i][1] : span[0]]:  # (empty unless between sentences)
        return None
    walked: list[int] = []
    result: _Heading = None
    while i >= 0:
        if i in memo:
            result = memo[i]
            break
        walked.append(i)
        a, b = index.spans[i]
        mark = _ITEM_MARK.match(text, a, b)
        if mark:
            body = text[mark.end() : b].strip().rstrip("。:：;；")
            zone = next((z for z in zones if z.kind != "peer" and a <= z.mention.start < b and z.name == strip_mask(body)), None)
            result = (zone, (a, b))
            break
        if i > 0 and "\n" in text[index.spans[i - 1][1] : a]:  # a paragraph ends before sentence i
            break
        i -= 1
    for j in walked:
        memo[j] = result
    return result


def _paragraph_lead(zones: _Zones, text: str, index: _Sentences, pos: int,
                    memo: dict[int, EntityMention | None]) -> EntityMention | None:
    """The sub-park a paragraph opens with as its subject (``红柳滩煤化工片区围绕…主链条
    补链延链。甲公司…项目建成投运。``): the zone of the firms and projects after it in
    the paragraph. ``memo`` holds the answer per paragraph start."""
    start = text.rfind("\n", 0, pos) + 1
    if start not in memo:
        memo[start] = None
        first = index.of(start) if index.index(start) >= 0 else (start, start)
        lead = _ITEM_MARK.match(text, start)
        at = lead.end() if lead else start
        if lead and first[1] - first[0] <= 30 and not zones.within(at, first[1]):
            # (（一）煤化工产业链条持续延伸。红柳滩煤化工片区围绕…: a heading, then the park)
            nxt = index.of(first[1] + 1) if first[1] < len(text) else first
            if nxt[0] > first[0] and "\n" not in text[first[1]:nxt[0]]:
                first, at = nxt, nxt[0]
                at += len(text[at:nxt[1]]) - len(text[at:nxt[1]].lstrip())
        framed = text.startswith("在", at)  # 在雁栖智造园，甲公司…；乙公司…: the place that frames the paragraph
        at += framed
        z = next((z for z in zones.within(at, first[1] if first[1] > at else at + 40) if z.mention.start == at), None)
        after = text[z.mention.end : z.mention.end + 1] if z is not None else ""
        titled = lead is not None and after in ("：", ":") and at == lead.end()  # （一）云台东园：电子信息产业…
        if framed:
            titled = after in ("，", ",")
        if (z is not None and z.kind != "peer" and z.name not in load_lexicon("lexicon/generic_zone_words.txt")
                and after and (titled or (not framed and after not in "、和与及，,：:的（(" and not _LIST_GLUE.fullmatch(after)))):
            memo[start] = z
    return memo[start]


_ZONE_ANAPHOR = re.compile(r"\s*(?:同在|同样在|也在|在)?(?:该|此|这个|上述)(?:园区|产业园|园|基地)(?:内|里)[，,]")
_ASPECT_LEAD = re.compile(r"[\s一二三四五六七八九十是、.0-9()（）:：]*([\u4e00-\u9fff]{2,12})方面[，,：:]")


def _aspect_zone(zones: _Zones, text: str, span: tuple[int, int]) -> EntityMention | None:
    """The zone a sentence opens with as its aspect (``经开区方面，甲公司…；乙公司…``: a
    report on several zones, zone by zone), for each of its clauses up to 。"""
    start = span[0]
    while start > 0 and text[start - 1] in "；;":  # (a clause after ；: its sentence's opening)
        start = max(text.rfind("。", 0, start - 1), text.rfind("\n", 0, start - 1)) + 1
        if _ASPECT_LEAD.match(text, start, span[1]) is None:
            return None
    lead = _ASPECT_LEAD.match(text, start, span[1])
    if lead is None:
        return None
    word = lead.group(1)
    for z in zones.within(start, lead.end()):
        if z.mention.end == lead.end(1) and word.endswith(z.name):
            return z  # 石湾工业园方面
    return _named_by_short_form(zones, word, lead.start(1), lead.end(1))


def _named_by_short_form(zones: _Zones, word: str, start: int, end: int) -> EntityMention | None:
    """The one zone of the report a bare zone word stands for (经开区方面 in a county's
    report naming one 经济开发区 and one 高新技术产业园区: ``zone_head_classes.txt``)."""
    if word not in load_lexicon("lexicon/generic_zone_words.txt") or (kind := zone_class(word)) is None:
        return None
    names = {z.name for z in zones if z.kind == "peer" and z.name != word and zone_class(z.name) == kind
             and z.name not in load_lexicon("lexicon/generic_zone_words.txt")}
    if len(names) != 1:
        return None
    return EntityMention("Zone", names.pop(), Mention(word, start, end), "peer")


_CLAUSE_TOPIC = re.compile(r"[内里中][，,：:]")
# (what may come before a sentence's topic zone: a number, a heading's mark, 在 of 在Y园，…)
_TOPIC_LEAD = re.compile(r"[\s一二三四五六七八九十是、.0-9()（）:：]*(?:其中[，,])?(?:在|于|依托)?")


def _topic_zone(zones: _Zones, text: str, span: tuple[int, int]) -> EntityMention | None:
    if _ZONE_ANAPHOR.match(text, span[0], span[1]):
        # 同在该园区内，…: the park the sentence before named last
        floor = text.rfind("。", 0, max(0, span[0] - 1)) + 1
        named = [z for z in zones.within(floor, span[0]) if z.kind != "peer"]
        if named:
            return named[-1]
    aspect = _aspect_zone(zones, text, span)
    if aspect is not None:
        return aspect
    for z in zones.within(*span):
        lead = text[span[0]:z.mention.start]
        if z.kind == "peer":
            continue
        if _CLAUSE_TOPIC.match(text, z.mention.end) and (not lead or lead[-1] in "，,；;"):
            return z  # 围绕…产业链，Y产业园内，甲公司的X项目开工: what the clauses after it name
        if _TOPIC_LEAD.fullmatch(lead) and (
                text[z.mention.end:z.mention.end + 1] in ",，:：。"
                # (云澧孵化园全年新入驻企业37家，甲、乙等企业相继入驻: the zone the firms arrive in)
                or load_regex("lexicon/placement_arrivals.txt").search(text, z.mention.end, span[1]) is not None):
            return z
    return None


_PARTIES_LINK = re.compile(r"(?:与|和|同|联合|携手)")


def co_built(text: str, mentions: Sequence[EntityMention], sentences: Sequence[tuple[int, int]]) -> tuple[list[Fact], list[EntityMention]]:
    """UNDERTAKES facts of a lab or centre a firm builds with a partner (``甲公司与乙大学签订
    合作协议，共建X联合实验室``: the firm undertakes it, the university is its partner;
    ``cobuilt_verbs.txt``, ``cobuilt_heads.txt``), and the labs not yet found as projects."""
    facts: list[Fact] = []
    found: list[EntityMention] = []
    verbs = load_regex("lexicon/cobuilt_verbs.txt")
    heads = load_regex("lexicon/cobuilt_heads.txt")
    parties_of = [m for m in mentions if m.type in ("Enterprise", "Organization")]
    projects = {(m.mention.start, m.mention.end): m for m in mentions if m.type == "Project"}
    for span in sentences:
        verb = verbs.search(text, *span)
        if verb is None:
            continue
        clause_end = _clause_end_comma(text, verb.end(), span[1])
        head = None
        for h in heads.finditer(text, verb.end(), clause_end):
            head = h
            break
        if head is None or not 4 <= head.end() - verb.end() <= 30:
            continue
        start = verb.end() + (1 if text.startswith(("了", "的"), verb.end()) else 0)
        name = strip_mask(text[start:head.end()])
        if re.search(r"[、，,和与及]", name) or len(name) - len(head.group()) < 2:
            continue
        before = sorted((m for m in parties_of if span[0] <= m.mention.start and m.mention.end <= verb.start()),
                        key=lambda m: m.mention.start)
        parties = [a.name for a, b in itertools.pairwise(before)
                   if _PARTIES_LINK.fullmatch(text[a.mention.end:b.mention.start])]
        parties += [b.name for a, b in itertools.pairwise(before)
                    if _PARTIES_LINK.fullmatch(text[a.mention.end:b.mention.start])]
        if not parties:
            continue
        project = projects.get((start, head.end()))
        if project is None:
            project = EntityMention("Project", name, Mention(text[start:head.end()], start, head.end()), "facility")
            found.append(project)
        firms = {m.name for m in before if m.type == "Enterprise"}
        for p in dict.fromkeys(parties):
            if p in firms:  # (the university or institute of the pair is its partner)
                facts.append(Fact(p, "UNDERTAKES", project.name, span, "undertakes:co-built"))
    return facts, found


def built_facilities(text: str, mentions: Sequence[EntityMention],
                     sentences: Sequence[tuple[int, int]]) -> tuple[list[Fact], list[EntityMention]]:
    """UNDERTAKES facts of a facility a firm builds, named right after the building verb
    (``甲公司投资8.6亿元建设X生产基地``, ``甲公司年内建成X研发中心``, ``由甲公司投资建设的X
    基地``: ``facility_build_verbs.txt``, ``facility_built_heads.txt``), with the facilities
    not yet found as projects. A leveled name (省级…中心) is a title, not a facility."""
    facts: list[Fact] = []
    found: list[EntityMention] = []
    firms = sorted((m for m in mentions if m.type == "Enterprise"), key=lambda m: m.mention.start)
    if not firms:
        return facts, found
    heads, verbs = load_regex("lexicon/facility_built_heads.txt"), load_regex("lexicon/facility_build_verbs.txt")
    starts = [m.mention.start for m in firms]
    taken = [(m.mention.start, m.mention.end) for m in mentions if m.type in ("Project", "Zone", "Honour", "Organization")]
    for span in sentences:
        for head in heads.finditer(text, *span):
            verb = verbs.search(text, max(span[0], head.start() - 30), head.start())
            while verb is not None and (nxt := verbs.search(text, verb.end(), head.start())) is not None:
                verb = nxt  # (the last verb before the head)
            if verb is None:
                continue
            start = verb.end() + (1 if text.startswith(("了", "的"), verb.end()) else 0)
            name = strip_mask(text[start:head.end()])
            if (len(name) - len(head.group()) < 2 or _FACILITY_NOT_NAME.search(name)
                    or any(a < head.end() and start < b for a, b in taken)):
                continue
            i = bisect.bisect_right(starts, verb.start()) - 1
            firm = firms[i] if i >= 0 else None
            if firm is None or firm.mention.start < span[0] or not _FACILITY_BUILDER.fullmatch(text, firm.mention.end, verb.start()):
                continue
            if text[firm.mention.start - 1 : firm.mention.start] != "由" and text.startswith("的", verb.end()):
                continue  # (甲公司建设的X: what is named may be the firm's honour or the sentence's subject)
            project = EntityMention("Project", name, Mention(text[start:head.end()], start, head.end()), "facility")
            found.append(project)
            taken.append((start, head.end()))
            facts.append(Fact(firm.name, "UNDERTAKES", name, span, "undertakes:built-facility"))
    return facts, found


# Between the firm and its building verb: a budget and words of time or manner, no clause break
_FACILITY_BUILDER = re.compile(r"(?:(?:计划|协议|总)?投资[0-9.xX×*]+(?:亿|万)?(?:元|美元)|年内|今年|当年|上半年|下半年|已|已经|正式|全面|顺利|"
                               r"(?:于)?[0-9一二三四五六七八九十]{1,2}月(?:份)?|在[\u4e00-\u9fff]{2,12}?(?=投资|建设|建成|新建)|负责|独资|全资)*")
_FACILITY_NOT_NAME = re.compile(r"[，,；;。、：:（()）]|(?:国家|省|市|县|区)级|^(?:了|的|一|该|其|新|全)")


def _clause_end_comma(text: str, pos: int, hi: int) -> int:
    m = re.compile(r"[,，;；。]").search(text, pos, hi)
    return m.start() if m else hi


def undertakes(text: str, mentions: Sequence[EntityMention], sentences: Sequence[tuple[int, int]]) -> tuple[list[Fact], list[EntityMention]]:
    """UNDERTAKES facts: firm-prefixed project names and investment phrases.

    A project or park whose name opens with a proper name that is no place
    (``怡亚通供应链项目``, ``伟星科技产业园``; jieba tags nr/nz) is the project of the firm of
    that name (GUIDELINES: a firm whose name opens a project's name); the firm is
    returned as a new mention.
    """
    firms = sorted({m.name for m in mentions if m.type in ("Enterprise",)}, key=len, reverse=True)
    facts: list[Fact] = []
    found: list[EntityMention] = []
    index = _Sentences(sentences)
    investors = _Investors(mentions)
    shorts: dict[str, str] = {}
    zone_names = {n for m in mentions if m.type == "Zone" for n in (m.name, m.mention.text)}
    for f in firms:
        # (a firm named after a zone, 青梧经开区建设发展有限公司: the zone's name, or a part
        # of it, is not the firm's short name)
        inside = [z for z in zone_names if z in f]
        for short in firm_short_forms(f):
            if not any(z.startswith(short) for z in inside):
                shorts.setdefault(short, f)
    places = _Places((m for m in mentions if m.type == "Zone"), text)
    places.drop_firm_named({*firms, *shorts})
    for em in mentions:
        if em.type != "Project" and not (em.type == "Zone" and em.kind != "peer"):
            continue
        span = index.of(em.mention.start)
        owner: str | None = next((f for f in firms if em.name.startswith(f) and len(em.name) > len(f)), None)
        if owner is None and em.mention.text != em.name and em.mention.text.endswith(em.name):
            # 澜沧储能|年产10GWh…项目: the firm the project's mention takes in
            taken = strip_mask(em.mention.text[: len(em.mention.text) - len(em.name)])
            owner = taken if taken in firms else shorts.get(taken)
        if owner is None:  # 宏屹新能年产2万吨…项目 by 宏屹新能源材料有限公司
            owner = next((shorts[p] for p in _prefixes(em.name) if p in shorts), None)
        if owner is None and em.type == "Project":
            # (the short form right before the project's name: 宏屹新能|年产2万吨…项目)
            a = em.mention.start
            lead = next((text[a - k : a] for k in range(8, 3, -1) if text[a - k : a] in shorts), None)
            if lead is not None:
                owner = shorts[lead]
                found.append(EntityMention("Enterprise", owner, Mention(lead, a - len(lead), a), "short"))
        rule = "undertakes:name-prefix"
        if owner is None and em.type == "Project":
            owner, rule = investors.before(text, em), "undertakes:investment-phrase"
        if owner is None and em.type == "Project":
            owner, rule = investors.after(text, em), "undertakes:builder-after"
        if owner is None and em.type == "Project" and TABLE_ROW.match(text, span[0], span[1]):
            owner, rule = _row_builder(em, mentions, span), "undertakes:table-row"
        if owner is None:
            firm = _proper_prefix(em, places) or (_trade_prefix(em, places) if em.type == "Project" else None)
            if firm is not None:
                found.append(firm)
                owner, rule = firm.name, "undertakes:proper-name-prefix"
        if owner:
            facts.append(Fact(owner, "UNDERTAKES", em.name, span, rule))
            builder = investors.after(text, em) if em.type == "Project" and rule != "undertakes:builder-after" else None
            if builder is not None and builder != owner:
                # 甲集团总投资…的X项目，由其全资子公司乙负责实施: the investor and its builder
                facts.append(Fact(builder, "UNDERTAKES", em.name, span, "undertakes:builder-after"))
    return facts, found


def _row_builder(project: EntityMention, mentions: Sequence[EntityMention], row: tuple[int, int]) -> str | None:
    """The one firm or body named in a later field of the project's table row (its
    建设单位 column), if the row names exactly one."""
    after = {m.name for m in mentions if m.type in ("Enterprise", "Organization")
             and project.mention.end < m.mention.start and m.mention.end <= row[1]}
    return next(iter(after)) if len(after) == 1 else None


_FIRM_NAME_TAGS = ("nr", "nz", "nrfg", "nrt")


class _Places:
    """The words that open the document's zone names, as places (云岫科技园's 云岫 is no
    firm): each name's openings of 2 to :data:`_LONGEST` characters, indexed, so that
    asking costs no scan of every zone."""

    _LONGEST = 6

    def __init__(self, zones: Iterable[EntityMention], text: str = "") -> None:
        self._text = text
        self._place_words: set[str] | None = None
        self._names: dict[str, set[str]] = {}
        self._kinds: dict[str, str | None] = {}
        for z in zones:
            self._kinds[z.name] = z.kind
            for k in range(2, min(len(z.name), self._LONGEST) + 1):
                self._names.setdefault(z.name[:k], set()).add(z.name)

    def drop_firm_named(self, firms: set[str]) -> None:
        """Forget the parks (not peers) whose names open with a firm's name (利华益…产业园)."""
        named = {n for n, kind in self._kinds.items() if kind != "peer"
                 and any(n[:k] in firms for k in range(2, len(n)))}
        for names in self._names.values():
            names -= named

    def named_as_place(self, word: str) -> bool:
        """Whether the text names ``word`` as a town, street or county (云岫街道, 云岫镇)."""
        if self._place_words is None:
            # (the words before each place unit, gathered once: a search of the whole text
            # per name asked made a long report quadratic)
            self._place_words = {self._text[max(0, m.start() - k) : m.start()]
                                 for m in re.finditer(_PLACE_UNIT, self._text) for k in range(2, self._LONGEST + 1)}
        return word in self._place_words

    def opens_other(self, word: str, name: str) -> bool:
        """Whether ``word`` opens a zone name other than ``name``."""
        if len(word) > self._LONGEST:
            return any(len(n) >= len(word) and n.startswith(word) and n != name
                       for n in self._names.get(word[: self._LONGEST], ()))
        return bool(self._names.get(word, set()) - {name})


def _proper_prefix(em: EntityMention, places: _Places | None = None) -> EntityMention | None:
    tokens = tagged(em.name)
    if len(tokens) < 2:
        return None
    (word, flag), (nxt, _) = tokens[0], tokens[1]
    if places is not None and (places.opens_other(word, em.name) or places.named_as_place(word)):
        return None  # 青禾跨境电商产业园 in 青禾经济开发区's report, 云岫科技园 of 云岫街道: the place, no firm
    generic = load_union("lexicon/generic_modifiers.txt", "lexicon/industry_terms.txt")
    if flag not in _FIRM_NAME_TAGS or len(word) < 2 or _PLACE_WORD.match(nxt) or word in generic:
        return None
    if word_frequency(word) >= 10:
        return None  # a dictionary word (丙烷, 南通), not a firm's coined name (怡亚通, 伟星)
    if _STREET_END.search(word):
        return None  # 东环路北延工程: a street opens the name
    if word in load_lexicon("lexicon/zone_suffixes.txt"):
        return None  # 小微园三期标准厂房项目: a kind of park opens the name
    if word[-1] in load_lexicon("lexicon/place_endings.txt"):
        return None  # 红柳滩煤化工片区, 凤岭西园: a place opens the name
    head = own_head(em.name)
    if head is not None and len(word) > len(em.name) - len(head):
        return None  # 雁栖智|造园: jieba's word ran into the head (智造园)
    terms = load_regex("lexicon/industry_terms.txt")
    run_in = next((m for k in range(1, len(word)) if (m := terms.match(em.name, k)) is not None and m.end() > len(word)), None)
    if run_in is not None:
        # 凤栖新|材料产业园: jieba's word ran into an industry (新材料), a place's park; but a
        # project goes on after the firm's trade (华砺新|材料碳纤维复合材料项目: 华砺新材料's)
        if em.type != "Project" or run_in.start() < 2 or head is None or len(em.name) - len(head) - run_in.end() < 2:
            return None
        word = em.name[: run_in.end()]
    start = em.mention.start + em.mention.text.find(word)
    return EntityMention("Enterprise", word, Mention(word, start, start + len(word)), "project-prefix")


def _trade_prefix(em: EntityMention, places: _Places) -> EntityMention | None:
    """The firm a project's name opens with as a short name of two or three characters
    and a trade (华鑫包装|绿色包装材料项目, 北辰生物|医用敷料产业化项目), where the name goes on
    after it: :func:`kg.extract.entities.short_firm` decides the short name."""
    head = own_head(em.name)
    if head is None:
        return None
    for k in (2, 3):
        body = em.name[:k]
        if places.opens_other(body, em.name) or places.named_as_place(body):
            return None  # 栖云|大数据中心项目 in 栖云高新区: the place's
        if word_frequency(body) >= 10:
            continue  # 矿山|装备, 高性能|碳纤: dictionary words, a product, not a brand
        trade = next((t for t in trade_heads() if em.name.startswith(t, k)), None)
        if trade is None:
            continue
        firm = body + trade
        if len(em.name) - len(head) - len(firm) >= 2 and short_firm(firm):
            start = em.mention.start + em.mention.text.find(firm)
            return EntityMention("Enterprise", firm, Mention(firm, start, start + len(firm)), "project-prefix")
    return None


_PLACE_UNIT = r"(?:街道|镇|乡|县|市|区(?![域块位]))"
_PLACE_WORD = re.compile(r"^(?:大道|大街|路|街|东路|西路|南路|北路|中路|道|桥|湖|江|河|山|·)")
_STREET_END = re.compile(r"(?:大道|大街|路|街|桥|隧道)$")


class _Investors:
    """The firm named just before a project as its investor (``甲公司总投资5亿元的乙项目``):
    the first firm mention, in mention order, that ends at most 20 characters before the
    project with only an investment phrase between. Firms are indexed by where they end,
    so each project looks at the few that end near it (all of them: quadratic in a long
    list)."""

    _REACH = 36

    def __init__(self, mentions: Sequence[EntityMention]) -> None:
        self._firms = sorted((m.mention.end, i, m) for i, m in enumerate(mentions) if m.type == "Enterprise")
        self._ends = [end for end, _, _ in self._firms]

    def before(self, text: str, project: EntityMention) -> str | None:
        start = project.mention.start
        if project.mention.text != project.name and project.mention.text.endswith(project.name):
            start = project.mention.end - len(project.name)  # (a mention that took in its firm)
        lo = bisect.bisect_left(self._ends, start - self._REACH)
        hi = bisect.bisect_right(self._ends, start)
        best: tuple[int, EntityMention] | None = None
        for end, i, firm in self._firms[lo:hi]:
            # (德国克尔巴赫集团（KERBACH Group）总投资…的; 甲公司（以下简称“甲”）投资建设的)
            gloss = LATIN_GLOSS.match(text, end, start) or declaration().match(text, end, start)
            gap = text[gloss.end() if gloss else end : start]
            if (best is None or i < best[0]) and (gap == "" or investor_gap().match(gap)) \
                    and not re.search(r"[,，。;；、]", gap):
                best = (i, firm)
        if best is None:
            return self._referred(text, start)
        return best[1].name

    def _referred(self, text: str, start: int) -> str | None:
        """``其投资7.8亿元建设的乙项目``: a clause that opens with a word referring to a firm
        (``investor_anaphora.txt``) and an investment phrase before the project is about
        the firm named last before it, in that sentence or the one before."""
        opening = _referring_gap().search(text, max(0, start - self._REACH), start)
        if opening is None:
            return None
        floor = text.rfind("。", 0, max(0, text.rfind("。", 0, opening.start()) ))
        if opening.end("w") == start and opening.group("w") == "其":
            # 甲公司入选…，其乙项目完成投资…: the firm's own project, in that sentence
            floor = text.rfind("。", 0, opening.start())
        elif not investor_gap().match(text, opening.end("w")):
            return None
        i = bisect.bisect_right(self._ends, opening.start("w")) - 1
        if i >= 0 and self._firms[i][0] > floor:
            return self._firms[i][2].name
        return None

    def after(self, text: str, project: EntityMention) -> str | None:
        """The firm named right after the project as its builder: ``X项目——甲公司，总投资…``
        (a list of signed projects), ``X项目由甲公司投资建设``."""
        end = project.mention.end
        lo = bisect.bisect_left(self._ends, end)
        for firm_end, _, firm in self._firms[lo : lo + 4]:
            gap = text[end : firm.mention.start]
            if firm.mention.start < end or len(gap) > 50:
                continue
            if _BUILDER_CLAUSE.fullmatch(gap) and _BUILDER_VERB.match(text, firm_end):
                return firm.name  # X项目完成主体施工，由甲公司投资建设
            if _BUILDER_DASH.fullmatch(gap) and _BUILDER_DASH_END.match(text, firm_end):
                return firm.name
            if _BUILDER_BY.fullmatch(gap) and _BUILDER_VERB.match(text, firm_end):
                return firm.name
            if _builder_role().fullmatch(gap):
                return firm.name  # X项目，投资方为甲公司
        return None


@functools.cache
def _referring_gap() -> re.Pattern[str]:
    words = "|".join(map(re.escape, sorted(load_lexicon("lexicon/investor_anaphora.txt"), key=len, reverse=True)))
    # the referring word opens a clause; the rest, up to the project, is the investment phrase
    return re.compile(rf"(?:^|(?<=[。；;，,\n]))(?P<w>{words})(?=[^。；;，,\n]*$)")


@functools.cache
def _builder_role() -> re.Pattern[str]:
    words = load_regex("lexicon/builder_roles.txt").pattern
    # (X项目，投资方为甲; X项目。项目业主为甲; X项目。该项目位于…，业主为甲; X项目（实施主体：甲）)
    # (or a row's later field: 3. X工程 总投资2.4亿元 建设单位：甲公司 施工单位：…)
    # (a field on its own after the item's title: 6.X工程。建设单位：甲集团。)
    return re.compile(rf"(?:{_RESTATED}|{_OTHER_FIELDS})(?:项目)?(?:{words})(?:为|是|[:：])\s*|\s*[（(](?:{words})[:：为]\s*"
                      rf"|[。.]\s*(?:{words})[:：]\s*")


# The project's sentence over, the next one about it: ``。项目…``, ``。该项目位于…，``
_RESTATED = r"[，,]?\s*(?:[。]\s*(?:该|此)?项目(?:(?!项目|工程)[^。；;，,、]){0,24}[，,]?)?"
# Fields of a line split by spaces or bars, between a project and its builder's field
_OTHER_FIELDS = r"(?:[ \t|｜]+[^ \t|｜\n。；;，,：:]{1,16}){0,2}[ \t|｜]+"
_BUILDER_DASH = re.compile(r"\s*(?:——|—|－|--)\s*")
_BUILDER_DASH_END = re.compile(r"\s*(?:[，,；;。（(]|$)")
# 由甲公司…, 由其全资子公司甲…, 由其在区内设立的甲…, 由合资公司甲…: the builder after 由
_BY = r"由(?:其|该公司|双方)?(?:在[\u4e00-\u9fff]{1,6}(?:设立|注册|成立)的)?(?:全资|控股|合资|项目)?(?:子公司|公司)?"
_BUILDER_BY = re.compile(_RESTATED + _BY)
# (one or two clauses on the project first: X项目总投资…，获得…资金…，由甲公司负责建设)
_BUILDER_CLAUSE = re.compile(r"(?:(?:(?!项目|工程)[^。；;，,、]){0,24}[，,]){1,2}" + _BY)
# (a short name in brackets may follow the firm: 由甲集团（甲投）投资建设)
_BUILDER_VERB = re.compile(r"(?:[（(][^（()）。，,]{1,12}[)）])?(?:负责|独资|全资|共同|联合|总|计划|拟)?(?:投资|建设|实施|承建|投建|出资|开发|打造|牵头)")


_PARTNER = re.compile(r"(?:与|同(?![步时比期样等意])|" + conjunction_he() + r")([^,，。;；]{2,60}?)(?:签订|签署|签约|签了|达成|开展|建立|进行|合作|共建|战略合作|就|的战略合作)")
_ALLY = re.compile(r"(?:联合|携手|牵手)([^,，。;；]{2,40}?)(?:等|共同|合作|打造|建设|设计|开发)")
_PARTNER_OK = re.compile(r"签订|签署|签约|战略合作|合作协议|合作共建|共建|合作|联合|携手")
_ITEM_SPLIT = re.compile(r"[、及]|" + conjunction_he())
_COOPERATION = re.compile(r"合作|共建|战略|携手|联合")
_FIRMS_COOPERATE = re.compile(r"合作|共建|战略|携手|联合|合资")


def partners(text: str, mentions: Sequence[EntityMention], sentences: Sequence[tuple[int, int]],
             actor_at: SubjectLookup) -> tuple[list[Fact], list[EntityMention]]:
    """PARTNERS_WITH facts from ``与X(、Y)…签约/合作`` and ``联合X等…`` clauses.

    Returns the facts and the partner mentions found only as list items (名 without a
    head, such as 普华永道 in ``与普华永道、毕马威等…战略合作``), typed Enterprise.
    """
    facts: list[Fact] = []
    found: list[EntityMention] = []
    for span in sentences:
        if not _PARTNER_OK.search(text, span[0], span[1]):
            continue
        for m in [*_PARTNER.finditer(text, span[0], span[1]), *_ALLY.finditer(text, span[0], span[1])]:
            clause_end = _clause_end(text, m.end(), span[1])
            if not _PARTNER_OK.search(text[m.start():clause_end]) or re.search(r"力争|计划|拟", text[span[0]:m.start()]):
                continue
            clause = text[m.start(1):clause_end]
            if re.search(r"等(?:相关|有关)?(?:部门|单位|科室|机构)", clause) or load_regex("lexicon/partner_negations.txt").search(clause):
                continue  # joint work with departments, or signing pledges, is no partnership
            listed = _partner_items(text, m.start(1), m.end(1), mentions)
            items = [e for e in listed if not _generic_partner(e.name) and not (e.kind == "partner" and _task(e.name))]
            firm = _actor(text, span[0], m.start(), mentions, ("Enterprise",)) if _FIRMS_COOPERATE.search(text, m.start(), clause_end) else None
            if firm is None and _FIRMS_COOPERATE.search(text, m.start(), clause_end):
                firm = _known_short_actor(text, span[0], m.start(), mentions) or _short_firm_actor(text, span[0], m.start(), found)
            actor = firm or _actor(text, span[0], m.start(), mentions) or _named_actor(text, span[0], m.start(), found) \
                or actor_at(m.start())
            for e in items:
                if firm and e.type == "Zone":
                    continue  # (a firm that signs with a zone: handled below)
                if actor and e.name != actor:
                    facts.append(Fact(actor, "PARTNERS_WITH", e.name, span, "partners:yu-sign"))
                    found.append(e)
            zone = actor_at(m.start())
            if (actor and zone and actor != zone and _COOPERATION.search(text, m.start(), clause_end)
                    and any(e.name in load_lexicon("lexicon/generic_zone_words.txt") for e in listed)):
                # 鸿远物流集团与开发区签订战略合作协议: the report's zone is the partner (and the
                # firm, a partner, is not thereby in the zone). A firm that only signs with
                # the zone (签约, 入园协议) is more often settling in it: no partner then.
                facts.append(Fact(zone, "PARTNERS_WITH", actor, span, "partners:yu-sign"))
    return facts, found


def _task(name: str) -> bool:
    """A list item that ends in a verb and has no head (光学测量, 开展高精度位移传感): a
    task done together, not a partner's name."""
    tokens = tagged(name)
    if own_type(name) is not None or len(tokens) < 2:
        return False
    if tokens[0][1] in ("v", "vn") and word_frequency(tokens[0][0]) >= 100:
        return True  # 开展高精度位移传感
    return (tokens[-1][1] in ("v", "vn") and tokens[-1][0] not in load_lexicon("lexicon/name_verbs.txt")
            and tokens[0][1] == "n" and word_frequency(tokens[0][0]) >= 100)  # 光学测量, not 华川移动


def _generic_partner(name: str) -> bool:
    if name in load_union("lexicon/generic_names.txt", "lexicon/generic_zone_words.txt", "lexicon/partner_generic.txt"):
        return True
    if _REGIONAL.search(name):
        return True  # 长三角地区园区, 周边区域企业: kinds of partner in a region
    if name in load_union("lexicon/org_suffixes.txt", "lexicon/zone_suffixes.txt"):
        return True  # xx大学 with its mask dropped: a head alone names no one
    return plain_word(name)  # (联合攻关, 国际: a dictionary word that is no name)


_REGIONAL = re.compile(r"地区|区域|周边|沿海|省内外|省内|省外|国内外|各地|各类|相关")


def _partner_items(text: str, a: int, b: int, mentions: Sequence[EntityMention]) -> list[EntityMention]:
    """The partners named in ``[a, b)``: known mentions, else the list items themselves."""
    if in_category_list(text, a, min(len(text), b + 8), at_item=True):
        return []  # 在园区开发、数字基础设施和跨境物流等领域合作 (联合培养人才和成果转化等方面): fields, not partners
    inside = [e for e in mentions if a <= e.mention.start and e.mention.end <= b and e.type in ("Enterprise", "Organization", "Zone")]
    if inside:
        return _outermost(inside)
    segment = re.split(r"等|就|在|的", text[a:b])[0]
    out, pos = [], a
    for raw in _ITEM_SPLIT.split(segment):
        name = strip_mask(raw.strip())
        start = text.find(raw, pos)
        pos = start + len(raw)
        if 2 <= len(name) <= 12 and not re.search(r"[0-9]|企业|单位|机构|部门|各", name):
            out.append(EntityMention(own_type(name) or "Enterprise", name, Mention(raw, start, start + len(raw)), "partner"))
    return out


# (数字化转型和产学研合作…: a -化 word opens a theme, no firm; 化工 and 化学 are trades)
_THEME = re.compile(r"[\u4e00-\u9fff]{2,3}化(?![工学肥纤])")
_ACTOR_HEAD = re.compile(r"(?:政府|区|市|县|局|委|厅|集团|公司)$")


def _named_actor(text: str, lo: int, pos: int, found: list[EntityMention]) -> str | None:
    """A body named right before 与 without a head the entity finder knows
    (``借助上海静安区与县政府…``): the clause's subject, when it is a place or body."""
    clause_start = max(text.rfind(c, lo, pos) for c in ",，;；。") + 1
    clause_start = max(clause_start, lo)
    before = text[clause_start:pos].rstrip()  # (a space a scrape left: 5月 开发区 与…)
    name = strip_lead(before.lstrip())
    end = clause_start + len(before)
    if _generic_partner(name) or name in load_lexicon("lexicon/zone_bodies.txt"):
        return None  # 开发区与…, 党工委与…: the report's own zone
    if 3 <= len(name) <= 10 and _ACTOR_HEAD.search(name) and not re.search(r"[0-9与和及、]", name):
        found.append(EntityMention(own_type(name) or "Organization", name, Mention(name, end - len(name), end), "partner"))
        return name
    return None


def _clause_start(text: str, lo: int, pos: int) -> int:
    """Where the clause holding ``pos`` starts (not before ``lo``)."""
    return max(lo, max(text.rfind(c, lo, pos) for c in ",，;；。：:") + 1)


def _known_short_actor(text: str, lo: int, pos: int, mentions: Sequence[EntityMention]) -> str | None:
    """The firm whose short name stands alone before 与 at its clause's start, where the
    report names the firm in full elsewhere (霁原新材料 for 霁原新材料科技有限公司, however
    jieba cuts it)."""
    name = text[_clause_start(text, lo, pos):pos].strip()
    if len(name) < 3 or own_type(name) == "Zone" or name in load_lexicon("lexicon/generic_zone_words.txt"):
        return None  # (综保区 of 沄港综保区开发建设有限公司: the zone itself signs)
    return next((m.name for m in mentions if m.type == "Enterprise" and m.kind == "legal" and name in firm_short_forms(m.name, 3)), None)


def _short_firm_actor(text: str, lo: int, pos: int, found: list[EntityMention]) -> str | None:
    """A firm's short name the entity finder does not know, alone before 与 at its
    clause's start in a cooperation (``鸿屹电缆与澜江大学签订产学研合作协议``): three to
    eight characters, no verb, number, place word or word of the zone."""
    clause_start = _clause_start(text, lo, pos)
    end = _before_gap(text, clause_start, pos)
    start = clause_start + len(text[clause_start:end]) - len(strip_lead(text[clause_start:end]))
    name = text[start:end].strip()
    if not 3 <= len(name) <= 8 or re.search(r"[^\u4e00-\u9fff]", name) or _generic_partner(name) \
            or name in load_lexicon("lexicon/recipient_subject.txt") or own_type(name) is not None or name[-1] in "省市县区镇乡村" \
            or re.search(r"内|企业$|单位$|工艺$|技术$|产品$", name) or _THEME.match(name):
        return None  # (上海静安区与县政府…: a place, which _named_actor reads)
    tokens = tagged(name)
    if len(tokens) < 2 or any(f.startswith(("v", "t", "r", "p", "c", "d", "m", "f")) and w not in load_lexicon("lexicon/name_verbs.txt")
                              and not (len(w) == 1 and f.endswith("g")) for w, f in tokens):  # (鸿|屹(vg)|电缆)
        return None
    found.append(EntityMention("Enterprise", name, Mention(name, start, start + len(name)), "partner"))
    return name


_CLAUSE_END = re.compile(r"[。;；]")


def _clause_end(text: str, pos: int, hi: int) -> int:
    m = _CLAUSE_END.search(text, pos, hi)
    return m.start() if m else hi


def _actor(text: str, lo: int, pos: int, mentions: Sequence[EntityMention],
           types: tuple[str, ...] = ("Organization", "Zone")) -> str | None:
    """The body named right before 与 (a firm only where ``types`` says: 甲集团与乙公司
    签署合资协议, a cooperation between firms)."""
    pos = _before_gap(text, lo, pos)
    for e in mentions:
        if e.type in types and lo <= e.mention.start and e.mention.end == pos:
            if e.name in load_lexicon("lexicon/zone_bodies.txt"):
                return None  # 党工委与…签订共建协议: the zone's own body stands for the zone
            return e.name
    return None


def _before_gap(text: str, lo: int, pos: int) -> int:
    """Where the actor before 与 ends: before the adverbs of ``partner_actor_gaps.txt``
    written between them (甲药业同时与…)."""
    gaps = _actor_gaps()
    while True:
        gap = next((g for g in gaps if text.endswith(g, lo, pos)), None)
        if gap is None or pos - len(gap) <= lo:
            return pos
        pos -= len(gap)


@functools.cache
def _actor_gaps() -> tuple[str, ...]:
    return tuple(sorted(load_lexicon("lexicon/partner_actor_gaps.txt"), key=lambda w: (-len(w), w)))


def _outermost(ms: Sequence[EntityMention]) -> list[EntityMention]:
    return [a for a in ms if not any(b is not a and b.mention.start <= a.mention.start and a.mention.end <= b.mention.end and (b.mention.end - b.mention.start) > (a.mention.end - a.mention.start) for b in ms)]


def respective_builders(text: str, mentions: Sequence[EntityMention], sentences: Sequence[tuple[int, int]]) -> list[Fact]:
    """UNDERTAKES facts of projects listed in one sentence and their builders listed in
    order in the next (``签约甲项目、乙项目和丙项目…。上述三个项目的投资方依次为A、B和C``):
    as many builders as projects, each firm building the project at its place."""
    facts: list[Fact] = []
    for i, span in enumerate(sentences):
        cue = _respective_role().search(text, *span) if text.find("为", *span) >= 0 else None
        if cue is None:
            continue
        end = _CLAUSE_END_OR_COMMA.search(text, cue.end(), span[1])
        firms = [e for e in mentions if e.type == "Enterprise" and cue.end() <= e.mention.start and e.mention.end <= (end.start() if end else span[1])]
        firms = _outermost(firms)
        projects = [e for e in mentions if e.type == "Project" and span[0] <= e.mention.end <= cue.start()]
        if not projects and i > 0:
            projects = [e for e in mentions if e.type == "Project" and sentences[i - 1][0] <= e.mention.start and e.mention.end <= sentences[i - 1][1]]
        projects = _outermost(projects)
        names = list(dict.fromkeys(e.name for e in sorted(projects, key=lambda e: e.mention.start)))
        builders = list(dict.fromkeys(e.name for e in sorted(firms, key=lambda e: e.mention.start)))
        if len(names) >= 2 and len(names) == len(builders):
            facts.extend(Fact(b, "UNDERTAKES", o, span, "undertakes:respective") for b, o in zip(builders, names))
    return facts


@functools.cache
def _respective_role() -> re.Pattern[str]:
    """A builder's role then 依次为/分别为 (上述三个项目的投资方均来自深圳，依次为…)."""
    return re.compile(r"(?:" + load_regex("lexicon/builder_roles.txt").pattern + r"|投资企业|建设企业|签约企业)[^。；;]{0,16}?(?:依次|分别)为")
_CLAUSE_END_OR_COMMA = re.compile(r"[，,。；;]")
