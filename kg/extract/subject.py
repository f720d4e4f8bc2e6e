"""The report's subject zone, per section.

A report names its subject in the title or opening (``泾县经济开发区2022年工作总结``);
where it never names one, the generic word it uses (``开发区``, ``经开区``) stands for it,
unless the file's name gives the zone in full (``青禾经济开发区2023年工作总结.txt``).
A file can hold several reports: a short line with a report word (工作总结, 工作汇报 …)
and a zone name starts a new section with its own subject.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from kg.extract.entities import EntityMention
from kg.lexicon import load_lexicon, load_regex

_REPORT_WORD = re.compile(r"工作总结|工作汇报|工作报告|工作情况|评估报告|情况报告|实施情况|述职报告|工作思路|工作计划|工作要点|工作安排|实施方案|发展报告|情况汇报|总结")
_OPENING = 600


@dataclass(frozen=True)
class Section:
    """A stretch ``[start, end)`` of the document about one subject (None: no zone)."""

    start: int
    end: int
    subject: str | None
    year: int | None = None
    reporter: str | None = None


def named_by_file(sections: list[Section], file_name: str) -> list[Section]:
    """``sections`` with the first one's subject named from the file name when the text
    calls its zone only by a generic word (开发区) and the name gives it in full
    (``青禾经济开发区2023年工作总结.txt``, as a scraped report is often saved)."""
    generic = load_lexicon("lexicon/generic_zone_words.txt")
    if not sections or sections[0].subject not in generic:
        return sections
    from kg.extract.entities import find_all
    from kg.repair import repair
    from kg.resolve import zone_class

    word = sections[0].subject
    stem = repair(file_name.rsplit(".", 1)[0]).text
    named = [m for m in find_all(stem, [(0, len(stem))]) if m.type == "Zone" and m.kind == "peer" and m.name not in generic
             and (m.name.endswith(word) or zone_class(word) in (None, zone_class(m.name)))]
    # (a 高新区's report saved under a 经济开发区's name is not that zone's)
    if not named:
        return sections
    return [dataclasses.replace(sections[0], subject=_most_specific(named)), *sections[1:]]


def find_sections(text: str, zones: Sequence[EntityMention]) -> list[Section]:
    """Split the document into report sections and name each one's subject."""
    starts = [0] + [m.start() for m in re.finditer(r"(?m)^[^\n]{0,60}$", text) if m.start() > 0 and _is_title(m.group(), m.start(), zones)]
    bounds = sorted(set(starts)) + [len(text)]
    sections = []
    for a, b in itertools.pairwise(bounds):
        sections.append(Section(a, b, _subject(text, a, b, zones), _report_year(text[a : min(b, a + _OPENING)])))
    merged = _merge_same(_merge_short(sections))
    return [Section(s.start, s.end, s.subject, s.year, find_reporter(text[s.start : min(s.end, s.start + _OPENING)]))
            for s in merged]


_REPORTER = re.compile(
    r"(?:^|\n)[^\n]{0,12}?(?:今年以来|20[0-9]{2}年以来|今年|近年来|一年来|年初以来|上半年|前三季度|[一二三]季度)[,，、\s]*"
    r"((?:县|市|区|开发区|经开区|高新区|园区)?[\u4e00-\u9fff]{1,8}?(?:局|委员会|委|办公室|中心))"
    r"(?:在|以|坚持|围绕|紧紧|认真|积极|深入|全面)"
)


# A title that names the department writing it: 临渚县经济发展局2024年上半年工作汇报.
_TITLE_REPORTER = re.compile(
    r"^\s*((?:[\u4e00-\u9fff]{1,8}?[省市县区])?[\u4e00-\u9fff]{0,8}?(?:局|委员会|办公室|厅|人民政府|政府))"
    r"(?:关于)?(?:20[0-9]{2}年|[上下]半年|今年|全年|[0-9一二三四]+季度|工作|\s*$)"
)  # (or alone on the first line, over the title: 澄川县发展和改革局\n关于…的报告)
_COUNTY_BODY = re.compile(r"^[\u4e00-\u9fff]{0,8}?[省市县]")


def find_reporter(opening: str) -> str | None:
    """The department that writes the report (``今年以来,经济发展局在…领导下``, or a
    title ``临渚县经济发展局2024年上半年工作汇报``), if any."""
    first = next((ln for ln in opening.splitlines() if ln.strip()), "")
    m = _TITLE_REPORTER.match(first) if len(first) <= 60 else None
    if m and not load_regex("lexicon/generic_zone_words.txt").search(m.group(1)):
        return m.group(1)
    m = _REPORTER.search(opening)
    return m.group(1) if m else None


def county_body(reporter: str) -> bool:
    """A county's, city's or province's department (县经济发展局, 临渚县经济发展局), not a
    zone's own (开发区经济发展局, 经济发展局)."""
    return bool(_COUNTY_BODY.match(reporter)) and not load_regex("lexicon/generic_zone_words.txt").search(reporter)


_YEAR_OF_REPORT = re.compile(r"(20[0-9]{2})年(?:度)?(?:以来|上半年|全年|重点|主要)?(?:工作)?(?:开展|完成)?(?:情况|总结|汇报)|现将(20[0-9]{2})年")


def _report_year(opening: str) -> int | None:
    """The year a report covers (``2022年工作总结``, ``现将2022年重点工作完成情况汇报如下``)."""
    m = _YEAR_OF_REPORT.search(opening)
    return int(m.group(1) or m.group(2)) if m else None


def _merge_short(sections: list[Section], minimum: int = 200) -> list[Section]:
    """A section shorter than ``minimum`` (a title line alone) joins the next one."""
    out: list[Section] = []
    carry: Section | None = None
    for s in sections:
        if carry is not None:
            # (the title's name where the body's is a cut form of it: 青岚县经济开发区 /
            # 现将|青|岚县经济开发区…, where jieba read 青 apart)
            fuller = carry.subject if carry.subject and s.subject and carry.subject.endswith(s.subject) else s.subject
            s = Section(carry.start, s.end, fuller, s.year or carry.year)
            carry = None
        if s.end - s.start < minimum:
            carry = s
            continue
        out.append(s)
    if carry is not None:
        out.append(carry) if not out else out.__setitem__(-1, Section(out[-1].start, carry.end, out[-1].subject))
    return out


def _is_title(line: str, pos: int, zones: Sequence[EntityMention]) -> bool:
    """A short line naming a report (工作总结 …) and a zone, bare words included."""
    if not _REPORT_WORD.search(line) or re.match(r"\s*[一二三四五六七八九十]+、|\s*[(（]", line):
        return False
    return bool(load_regex("lexicon/generic_zone_words.txt").search(line)) or any(
        pos <= z.mention.start < pos + len(line) and z.kind == "peer" for z in zones)


def _merge_same(sections: list[Section]) -> list[Section]:
    out: list[Section] = []
    for s in sections:
        if out and out[-1].subject == s.subject and (out[-1].year == s.year or s.year is None):
            out[-1] = Section(out[-1].start, s.end, s.subject, out[-1].year, out[-1].reporter)
        else:
            out.append(s)
    return out


def _subject(text: str, a: int, b: int, zones: Sequence[EntityMention]) -> str | None:
    title = _title_line(text, a, b)
    heads = [ln for ln in text[a:b].splitlines()[:6] if ln.strip()][:3]
    if any(len(ln) <= 60 and re.search(_province_zone(), ln) for ln in {title, *heads}):
        return None  # a province's zones in general (河北开发区…, 全省开发区…的通报): no single subject
    if len(title) <= 60 and _EACH_ZONE.search(title):
        return None
    reporter = find_reporter(text[a : min(b, a + _OPENING)]) or find_reporter(title)  # (a title under a site's lines)
    if reporter and county_body(reporter) and not load_regex("lexicon/generic_zone_words.txt").search(title):
        return None  # a county department's report speaks for no single zone
    generic = load_lexicon("lexicon/generic_zone_words.txt")
    at = text.find(title, a, b) if title else -1
    titled = [z for z in zones if at >= 0 and at <= z.mention.start < at + len(title) and z.name not in generic]
    if titled and _REPORT_WORD.search(title):
        chosen = _most_specific(titled)  # 澄溪新材料产业园2023年工作总结: a park's own report
        inner = next((y for z in titled for y in titled if z.kind == "peer" and y.kind != "peer"
                      and y.mention.start == z.mention.end), None)
        if inner is not None:
            return inner.name  # 澜江新区临湖片区2023年工作报告: the area of the zone
        fuller = [z.name for z in zones if a <= z.mention.start < min(b, a + _OPENING)
                  and z.name.endswith(chosen) and len(z.name) > len(chosen)]
        return max(fuller, key=len) if fuller else chosen  # (眼镜特色产业园 … 檀溪眼镜特色产业园)
    opening = [z for z in zones if a <= z.mention.start < min(b, a + _OPENING) and z.kind == "peer"]
    named = [z for z in opening if z.name not in generic]
    if named and not titled and not _REPORT_WORD.search(title) and _paired(text, named):
        return None  # news of two zones (签约项目落户甲高新区和乙经开区两大平台): no single subject
    if named:
        return _most_specific(named)
    frequent = _frequent_named(zones, a, b)
    if frequent:
        return frequent
    return _generic_word(text[a:b], title)


_PAIR_GLUE = re.compile(r"(?:[（(][^（()）]{0,16}[)）])?[和、及与]")


def _paired(text: str, named: Sequence[EntityMention]) -> bool:
    """The first zone the opening names is listed with another as its equal (甲高新区（以下
    简称…）和乙经开区), neither a part of the other."""
    first = named[0]
    nxt = next((z for z in named if z.mention.start >= first.mention.end and z.name != first.name), None)
    return (nxt is not None and first.name not in nxt.name and nxt.name not in first.name
            and _PAIR_GLUE.fullmatch(text, first.mention.end, nxt.mention.start) is not None)


def _frequent_named(zones: Sequence[EntityMention], a: int, b: int) -> str | None:
    """A named zone the section keeps returning to (at least twice, more than any other)."""
    generic = load_lexicon("lexicon/generic_zone_words.txt")
    counts = Counter(z.name for z in zones if a <= z.mention.start < b and z.kind == "peer" and z.name not in generic)
    ranked = counts.most_common(2)
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def _title_line(text: str, a: int, b: int) -> str:
    """The report's title: the first of the opening lines that names a report, else the first line."""
    lines = [ln.strip() for ln in text[a:b].splitlines()[:8] if ln.strip()]
    titled = [ln for ln in lines if _REPORT_WORD.search(ln) and len(ln) <= 80]
    if titled:
        return titled[0]
    for ln in lines:  # a title a scrape ran into the body: 甲产业园2023年度工作总结一、…
        glued = _GLUED_TITLE.match(ln)
        if glued:
            return glued.group()
    return lines[0] if lines and len(lines[0]) <= 80 else ""


# A title (no stop in it) at a long line's start, its report word within 60 characters
_GLUED_TITLE = re.compile(r"[^，,。；;：:！!？?\s]{2,56}?(?:" + _REPORT_WORD.pattern + r")(?=[一二三四五六七八九十]、|[（(][一二三四五六七八九十][)）]|[\u4e00-\u9fff])")


def _province_zone() -> str:
    provinces = "|".join(sorted(load_lexicon("lexicon/provinces.txt"), key=len, reverse=True))
    return f"(?:(?:{provinces})[省市]?|全省|全市|全区|全国)(?:各类|各级)?(?:经济)?(?:开发区|园区|高新区)"


# A title on a place's zones taken one by one (青梧各开发区一季度跑出“加速度”), not an
# addressee line (各园区、管委会各部门：)
_EACH_ZONE = re.compile(r"各类?(?:经济)?(?:开发区|园区|高新区|经开区|工业园区)(?![、，,：:])")


def _most_specific(cands: Sequence[EntityMention]) -> str:
    counts = Counter(z.name for z in cands)
    first = cands[0].name
    # The first named zone of the opening is the subject; a longer form of the same zone
    # (泾县经济开发区 for 经济开发区) wins.
    longer = [n for n in counts if first in n and n != first]
    return max(longer, key=len) if longer else first


def _generic_word(section: str, title: str = "") -> str | None:
    words = sorted(load_lexicon("lexicon/generic_zone_words.txt"), key=len, reverse=True)
    in_title = [w for w in words if w in title]
    if in_title:
        return in_title[0]
    counts: Counter[str] = Counter()
    for w in words:
        n = section.count(w) - sum(section.count(o) for o in words if o != w and w in o)
        if n > 0:
            counts[w] = n
    head = section[:_OPENING]
    in_head = [w for w in counts if w in head]
    if in_head:
        return max(in_head, key=lambda w: (counts[w], len(w)))
    return None
