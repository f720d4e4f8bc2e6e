"""Relation attributes read from a clause: level, year, batch and grade.

The cues are regexes in ``kg/data/lexicon/qualifier_*.txt`` (one per line, an optional
tab-separated tag). Honours and funding share them: ``省级`` → provincial, ``2022年度`` →
2022, ``第五批`` → batch, ``金奖`` → grade. The same files say what is cut from a name
(years and batches always; grades at a name's start or end).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from kg.lexicon import load_table

LEVELS = ("national", "provincial", "municipal", "county", "district")


@functools.cache
def table_regex(name: str) -> re.Pattern[str]:
    """One alternation of the regex rows of ``kg/data/lexicon/<name>``, each a named group.

    Group ``g<i>`` is row ``i``; ``tag_of`` maps a match back to its row's tag.
    """
    rows = load_table(f"lexicon/{name}")
    return re.compile("|".join(f"(?P<g{i}>{entry})" for i, (entry, _) in enumerate(rows)))


def tag_of(name: str, match: re.Match[str]) -> str:
    """The tag of the row of ``kg/data/lexicon/<name>`` that produced ``match``."""
    rows = load_table(f"lexicon/{name}")
    return rows[int(str(match.lastgroup)[1:])][1] if match.lastgroup else ""


def _rows_matching(name: str, text: str) -> Iterator[re.Match[str]]:
    """All matches of the table's rows in ``text``, leftmost first, longest at a tie."""
    found = [m for regex in _row_regexes(name) for m in regex.finditer(text)]
    yield from sorted(found, key=lambda m: (m.start(), -(m.end() - m.start())))


def _first_row_match(name: str, text: str) -> re.Match[str] | None:
    """The first match :func:`_rows_matching` would yield, without finding them all:
    each row's leftmost match, the leftmost of those (longest, then earliest row, at a tie)."""
    best = None
    for regex in _row_regexes(name):
        m = regex.search(text)
        if m is None:
            continue
        if m.start() == m.end():
            return next(_rows_matching(name, text))  # an empty match may be followed by a longer one at its place
        if best is None or (m.start(), best.end() - best.start()) < (best.start(), m.end() - m.start()):
            best = m
    return best


@functools.cache
def _row_regexes(name: str) -> tuple[re.Pattern[str], ...]:
    """Each row of ``kg/data/lexicon/<name>`` compiled alone, as group ``g<i>``."""
    return tuple(re.compile(f"(?P<g{i}>{entry})") for i, (entry, _) in enumerate(load_table(f"lexicon/{name}")))


def level_of(*windows: str) -> str | None:
    """The level named by the first window that names one.

    Args:
        windows: texts searched in order (the honour itself, then the text before it).

    Returns:
        ``national``, ``provincial``, ``municipal``, ``county``, ``district`` or ``None``.
    """
    for window in windows:
        match = _first_row_match("qualifier_levels.txt", window)
        if match is not None:
            tag = tag_of("qualifier_levels.txt", match)
            return tag if tag in LEVELS else None
    return None


def level_start(text: str) -> int | None:
    """Where the first level cue of ``text`` starts (``None`` where it names no level)."""
    match = _first_row_match("qualifier_levels.txt", text)
    return None if match is None else match.start()


def year_of(text: str) -> int | None:
    """The first unmasked year written in ``text`` (``2022年度`` → 2022)."""
    for match in table_regex("qualifier_years.txt").finditer(text):
        if match.group("y"):
            return int(match.group("y"))
    return None


def batch_of(text: str) -> str | None:
    """The first batch or edition marker in ``text`` (``第五批``, ``首届``)."""
    match = table_regex("qualifier_batches.txt").search(text)
    return match.group() if match else None


def grade_of(text: str) -> str | None:
    """The first grade written in ``text`` (``金奖``, ``第一名``, ``五星级``, ``优秀``)."""
    match = table_regex("qualifier_grades.txt").search(text)
    return _bare_grade(match.group()) if match else None


def _bare_grade(grade: str) -> str:
    """A grade without the filler words around it (``优秀等次`` → ``优秀``)."""
    bare = table_regex("qualifier_grade_fillers.txt").sub("", grade)
    return bare or grade


def strip_years_batches(name: str) -> str:
    """``name`` without the years and batch markers written in it."""
    name = table_regex("qualifier_years.txt").sub("", name)
    return table_regex("qualifier_batches.txt").sub("", name)


_LEVEL_ONLY = re.compile(r"(?:国家|省|市|县|区)级?")


def split_grade(name: str) -> tuple[str, str | None]:
    """Cut a grade off the start or end of an honour name.

    Returns:
        The name without the grade, and the grade (``None`` when there is none).
    """
    for match in _rows_matching("qualifier_grades.txt", name):
        where = tag_of("qualifier_grades.txt", match)
        if where == "end" and match.end() == len(name) and match.start() > 0:
            return name[: match.start()], _bare_grade(match.group())
        if where == "start" and match.start() == 0 and match.end() < len(name):
            return name[match.end():], _bare_grade(match.group())
        if where == "start" and 0 < match.start() and match.end() < len(name) and _LEVEL_ONLY.fullmatch(name[: match.start()]):
            # 省级先进级智能工厂: the grade after the level
            return name[: match.start()] + name[match.end():], _bare_grade(match.group())
    return name, None


def is_grade(text: str) -> bool:
    """True when ``text`` is nothing but a grade (``银奖``, ``优秀等次``, ``第一名``)."""
    rest = table_regex("qualifier_grades.txt").sub("", text, count=1)
    if rest == text:
        return False
    return not table_regex("qualifier_grade_fillers.txt").sub("", rest)
