"""FUNDED_BY from funding tables flattened to text: one fact per row.

A notice or a report lists its grants as a table (``序号 | 项目名称 | 承担单位 | 所在园区 |
金额(万元)``), one row per line, cells split by bars, tabs or spaces. The header's
columns are read by the words they hold (``funding_table_columns.txt``): the amount
column (``金额``, ``激励资金``; ``总投资`` is no grant), a source column where each row
names its own (``资金类别``), and the holder: the project column where there is one
(the firm beside it builds the project, it is not the holder), else the first column
whose cell is a firm, a body or a zone.

Each row's amount is its cell read in the header's unit (``(万元)``, or ``单位：万元``
in the caption). Its source is its own cell, else the table's: the source named by the
title above the header (``附件：2024年省级开发区高质量发展专项资金（第二批）分配表``, the
title's year and batch qualifying every row) or by the paragraph that introduces it
(``省财政安排省级开发区考核激励资金4500万元……具体分配如下：``). Totals (``合计``) are no
rows; the table ends at the first line with another number of cells (but a section's
title between rows, ``二、新开工项目（5个）``). A table with a source column and no amount
column (``资金来源``: ``中央预算内资金3000万元、专项债券15000万元、企业自筹``) gives each source
its cell names with its amount.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from kg.extract import qualifiers as q
from kg.extract.amounts import find_amounts, parse_amount
from kg.extract.entities import EntityMention
from kg.extract.funding import funding_verbs, source_heads, source_name
from kg.extract.types import FundingFact, Mention
from kg.lexicon import load_regex, load_table

_HOLDER_TYPES = ("Project", "Enterprise", "Zone", "Organization")
_LINE = re.compile(r"[^\n]+")
_BARS = re.compile(r"[ \t]*[|｜][ \t]*")
_TABS = re.compile(r" *\t *")
_SPACES = re.compile(r"[ \u3000]+")
_UNIT_CELL = re.compile(r"[(（](?:单位[:：])?\s*(亿元|万元|元)\s*[)）]")
_UNIT_CAPTION = re.compile(r"单位[:：]\s*(亿元|万元|元)")
_NUMBER = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")
_ROW_NUMBER = re.compile(r"[0-9]{1,3}[.、]?")
_NUMBERED = re.compile(r"序号|编号|序")
_GLUED_NUMBER = re.compile(r"[0-9]{1,3}(?=[^0-9.])")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_TOTAL = re.compile(r"合计|小计|总计|共计")
_TITLE_LABEL = re.compile(r"^(?:附件|附表|表)\s*[0-9一二三四五六七八九十]*\s*[:：.、]?\s*")
_TITLE_TAIL = re.compile(r"^(?:[(（][^)）]{0,8}[)）])?(?:拟?支持)?(?:项目)?(?:资金)?$")
_CATEGORY = re.compile(r"类")
_CLAUSE_END = re.compile(r"[，,。；;：:！!？?]")
_LOOK_BACK = 3  # non-empty lines above a header searched for its title or intro


@dataclass(frozen=True)
class _Header:
    cells: tuple[tuple[int, int], ...]
    split: re.Pattern[str]
    amount: int | None  # (None: each row's source cell gives its amounts: 专项债券2亿元、中央预算内资金3000万元)
    holders: tuple[int, ...]  # the columns a row's holder is read from, in order
    projects: bool  # those columns name projects
    source: int | None
    unit: str | None
    numbered: bool  # a 序号 column first (its number may be glued to the next cell: 1超长期…)


@dataclass(frozen=True)
class _Source:
    name: str
    mention: Mention
    window: str  # the title or clause that qualifies it (year, batch, level)


def table_funding(text: str, mentions: Sequence[EntityMention], sentences: Sequence[tuple[int, int]]) -> list[FundingFact]:
    """One fact per row of each funding table in ``text`` whose holder is a named entity.

    Args:
        text: the whole repaired document.
        mentions: the entity mentions found in it (a row's holder is one of them).
        sentences: sentence spans in ``text`` (a row's evidence is its sentence).
    """
    if _amount_words().search(text) is None:
        return []
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text)]
    holders = sorted((m for m in mentions if m.type in _HOLDER_TYPES), key=lambda m: m.mention.start)
    starts = [m.mention.start for m in holders]
    sentence_starts = [s[0] for s in sentences]
    facts: list[FundingFact] = []
    i = 0
    while i < len(lines):
        header = _header(text, lines, i)
        if header is None:
            i += 1
            continue
        table_source = None if header.source is not None else _table_source(text, lines, i)
        i += 1
        while i < len(lines):
            cells = _cells(text, lines[i], header.split)
            glued = _GLUED_NUMBER.match(text, *cells[0]) if header.numbered and len(cells) == len(header.cells) - 1 else None
            if glued is not None:  # (a row number the repair joined to the cell after it)
                cells[0:1] = [(cells[0][0], glued.end()), (glued.end(), cells[0][1])]
            if len(cells) != len(header.cells):
                if len(cells) == 1 and i + 1 < len(lines) and len(_cells(text, lines[i + 1], header.split)) == len(header.cells):
                    i += 1  # 二、新开工项目（5个）: a section's title between rows
                    continue
                break
            i += 1
            if _TOTAL.match(text, *_first_text_cell(text, cells)):
                continue
            holder = _holder(text, cells, header, holders, starts)
            if holder is None:
                continue
            if header.amount is None:
                assert header.source is not None
                granted = _source_items(text, cells[header.source])
            else:
                source = _row_source(text, cells[header.source]) if header.source is not None else table_source
                granted = [] if source is None else [(source, _amount(text, cells[header.amount], header.unit))]
            k = bisect.bisect_right(sentence_starts, lines[i - 1][0]) - 1
            sentence = sentences[k] if k >= 0 else lines[i - 1]
            for source, amount in granted:
                facts.append(FundingFact(
                    recipient=holder, source=source.name, source_mention=source.mention, sentence=sentence,
                    amount=amount, value_yuan=parse_amount(amount) if amount else None,
                    level=q.level_of(source.mention.text), year=q.year_of(source.window),
                    batch=q.batch_of(source.window), rule="funding:table"))
    return facts


@functools.cache
def _columns() -> tuple[tuple[str, str], ...]:
    return load_table("lexicon/funding_table_columns.txt")


@functools.cache
def _amount_words() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w, kind in _columns() if kind == "amount"))


def _kind(cell: str) -> str | None:
    for word, kind in _columns():
        if word in cell:
            return kind
    return None


def _splitter(line: str) -> re.Pattern[str]:
    if "|" in line or "｜" in line:
        return _BARS
    return _TABS if "\t" in line else _SPACES


def _cells(text: str, span: tuple[int, int], split: re.Pattern[str]) -> list[tuple[int, int]]:
    """The spans of a line's cells (trailing empty cells dropped; bars at the line's
    ends are no cells)."""
    start, end = span
    while start < end and text[start] in " \t\u3000|｜":
        start += 1
    while end > start and text[end - 1] in " \t\u3000|｜\r":
        end -= 1
    cells, pos = [], start
    for gap in split.finditer(text, start, end):
        cells.append((pos, gap.start()))
        pos = gap.end()
    cells.append((pos, end))
    return cells


def _header(text: str, lines: Sequence[tuple[int, int]], i: int) -> _Header | None:
    """The header of a funding table at line ``i``, if it is one."""
    if _amount_words().search(text, *lines[i]) is None:
        return None  # (no amount column: most lines, not split into cells)
    line = text[lines[i][0]:lines[i][1]]
    split = _splitter(line)
    if not split.search(line.strip()):
        return None
    cells = _cells(text, lines[i], split)
    if len(cells) < 2 or len(cells) > 12:
        return None
    kinds = [_kind(text[a:b]) for a, b in cells]
    names = [text[a:b] for a, b in cells]
    if ("amount" not in kinds and "source" not in kinds) or any(_NUMBER.fullmatch(n) or len(n) > 16 for n in names):
        return None
    amount = kinds.index("amount") if "amount" in kinds else None
    projects = tuple(k for k, kind in enumerate(kinds) if kind == "project")
    holders = projects or tuple(k for k, kind in enumerate(kinds) if kind == "holder")
    if not holders:
        return None
    unit = _UNIT_CELL.search(names[amount]) if amount is not None else None
    if unit is None:
        for j in range(max(0, i - _LOOK_BACK), i):
            unit = _UNIT_CAPTION.search(text, *lines[j]) or unit
    source = kinds.index("source") if "source" in kinds else None
    return _Header(tuple(cells), split, amount, holders, bool(projects), source, unit.group(1) if unit else None,
                   _NUMBERED.fullmatch(names[0]) is not None)


def _first_text_cell(text: str, cells: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """The first cell that is not a row number."""
    return next((c for c in cells if not _ROW_NUMBER.fullmatch(text, *c)), cells[0])


def _holder(text: str, cells: Sequence[tuple[int, int]], header: _Header,
            holders: Sequence[EntityMention], starts: Sequence[int]) -> Mention | None:
    """The row's holder: a project column's whole cell (a project by its column, named
    or not by the finders), else the longest named entity inside the first holder
    column's cell that holds one."""
    for k in header.holders:
        a, b = cells[k]
        if header.projects and _CJK.search(text, a, b) and b - a >= 4:
            return Mention(text[a:b], a, b)
        inside = [m for m in holders[bisect.bisect_left(starts, a):bisect.bisect_left(starts, b)] if m.mention.end <= b]
        if inside:
            return max(inside, key=lambda m: (m.mention.end - m.mention.start, -m.mention.start)).mention
    return None


def _amount(text: str, cell: tuple[int, int], unit: str | None) -> str | None:
    """The cell's amount as written, in the header's unit where the cell gives none."""
    value = unicodedata.normalize("NFKC", text[cell[0]:cell[1]]).strip()
    if unit and _NUMBER.fullmatch(value):
        return value + unit
    found = find_amounts(value)
    return found[0].text if len(found) == 1 and found[0].text == value else None


_ITEM_SPLIT = re.compile(r"[、,，;；+＋]")


def _source_items(text: str, cell: tuple[int, int]) -> list[tuple[_Source, str | None]]:
    """The sources a cell lists with their amounts (``中央预算内资金3000万元、专项债券15000万元、
    企业自筹``: the named ones; 企业自筹 and 银行贷款 are none)."""
    out: list[tuple[_Source, str | None]] = []
    start = cell[0]
    for part in [*_ITEM_SPLIT.finditer(text, *cell), None]:
        end = part.start() if part is not None else cell[1]
        amounts = find_amounts(text[start:end], start)
        name_end = amounts[0].start if amounts else end
        source = _row_source(text, (start, name_end)) if name_end > start else None
        if source is not None:
            out.append((source, amounts[0].text if amounts else None))
        start = part.end() if part is not None else end
    return out


def _row_source(text: str, cell: tuple[int, int]) -> _Source | None:
    written = text[cell[0]:cell[1]]
    name = source_name(written)
    return _Source(name, Mention(written, *cell), written) if name else None


def _table_source(text: str, lines: Sequence[tuple[int, int]], header: int) -> _Source | None:
    """The source named by the table's title, else by the paragraph introducing it: the
    nearest of the few non-empty lines above the header that names one."""
    for j in range(header - 1, max(-1, header - 1 - _LOOK_BACK), -1):
        source = _title_source(text, lines[j]) or _intro_source(text, lines[j])
        if source is not None:
            return source
    return None


def _title_source(text: str, line: tuple[int, int]) -> _Source | None:
    """``附件：2024年省级开发区高质量发展专项资金（第二批）分配表``: the source a title
    ending in a table word names."""
    title = _UNIT_CAPTION.sub("", _UNIT_CELL.sub("", text[line[0]:line[1]])).strip()
    label = _TITLE_LABEL.match(title)
    start = label.end() if label else 0
    word = _title_words().search(title, start)
    if word is None:
        return None
    for head in source_heads(title, start, word.start()):  # (the first: 专项债券|项目资金安排表)
        if not _TITLE_TAIL.match(title[head.end():word.start()]):
            continue
        # (after a verb, or a category word: 澄川县产业园区类|地方政府专项债券项目资金安排表)
        cuts = [v.end() for v in _verbs().finditer(title, start, head.start())]
        cuts += [c.end() for c in _CATEGORY.finditer(title, start, head.start())]
        first = max(cuts, default=start)
        written = title[first:head.end()]
        name = source_name(written)
        if name is not None:
            offset = line[0] + text[line[0]:line[1]].find(written)
            return _Source(name, Mention(written, offset, offset + len(written)), title)
    return None


def _intro_source(text: str, line: tuple[int, int]) -> _Source | None:
    """``省财政安排省级开发区考核激励资金4500万元……具体分配如下：``: the last source the
    paragraph above the table names (after its clause's last verb)."""
    if not text[line[0]:line[1]].rstrip().endswith((":", "：")):
        return None
    named: list[_Source] = []
    for head in source_heads(text, *line):
        ends = [m.end() for m in _CLAUSE_END.finditer(text, line[0], head.start())]
        clause = max(ends, default=line[0])
        verbs = [v.end() for v in _verbs().finditer(text, clause, head.start())]
        first = max(verbs, default=clause)
        written = text[first:head.end()]
        name = source_name(written)
        if name is not None:
            named.append(_Source(name, Mention(written, first, head.end()), text[clause:head.end()]))
    if not named:
        return None
    # (激励资金 after 省级开发区考核激励资金: the short form of the one named before)
    return next((s for s in named if s.name != named[-1].name and s.name.endswith(named[-1].name)), named[-1])


@functools.cache
def _title_words() -> re.Pattern[str]:
    return re.compile(f"(?:{load_regex('lexicon/funding_table_titles.txt').pattern})$")


@functools.cache
def _verbs() -> re.Pattern[str]:
    return re.compile(f"{funding_verbs().pattern}|{load_regex('lexicon/funding_table_verbs.txt').pattern}")
