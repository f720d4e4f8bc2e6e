"""Honour names: how an object as written becomes a title, and whether it is one.

``clean_honour`` cuts what is not the title (``honour_trim.txt``: ``称号``, ``名单``, a
bracketed count, ``全市唯一的`` …; years and batch markers; quotes) and splits off a grade;
the checks say whether what is left is an honour (long enough, not generic, not money or
land — ``honour_generic.txt``, ``honour_not.txt`` — and, after a weak trigger, ending in an
honour head, ``honour_heads.txt``).
"""

from __future__ import annotations

import functools
import re

from kg.extract import qualifiers as q
from kg.lexicon import conjunction_he, load_lexicon, load_table

MIN_LEN, MAX_LEN = 4, 40
QUOTES = re.compile(r"[“”\"《》「」]")
COUNT = re.compile(r"[0-9xX×*一二两三四五六七八九十百]+(?:家|个|项|批|所|座)$")
# (、 before a level word: 省级企业技术中心、省级工程研究中心和…, three titles)
_CONJ = re.compile(r"以及|" + conjunction_he() + r"|及|”、?“|、(?=(?:国家|省|市|县|区)级)")
_LEVEL_PREFIX = re.compile(r"^(?:国家|省|市|县|区)级?")
_PLACE_LEVEL = re.compile(r"^(?:全[国省市县区]|国家级?|[\u4e00-\u9fff]{0,3}[省市县]级?)")


@functools.cache
def regex_of(name: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{e})" for e, _ in load_table(f"lexicon/{name}")))


@functools.cache
def _trim_regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    rows = load_table("lexicon/honour_trim.txt")
    end = "|".join(f"(?:{e})" for e, w in rows if w == "end")
    start = "|".join(f"(?:{e})" for e, w in rows if w == "start")
    return re.compile(f"(?:{end})$"), re.compile(f"(?:{start})")


@functools.lru_cache(maxsize=4096)
def clean_honour(raw: str) -> tuple[str, str | None]:
    """The honour name written in ``raw`` and the grade cut from it.

    Remembered: a document cleans the same object several times (to test it, then to
    name it), and reports share their titles (国家级绿色工厂).

    Args:
        raw: an object as written (``第五批国家级绿色工厂``, ``“省长杯”工业设计大赛金奖``).

    Returns:
        The name without year, batch, quotes, grade, ``称号``-like ends and openers, and
        the grade (``None`` when there is none).
    """
    end_re, start_re = _trim_regexes()
    name, previous = raw.strip(), None
    while name != previous:
        previous = name
        name = end_re.sub("", name)
        m = start_re.match(name)
        while m and m.end() > 0:  # before batches go: 省第二批 drops the 省 with the batch
            name = name[m.end():]
            m = start_re.match(name)
        name = QUOTES.sub("", q.strip_years_batches(name)).strip()
    return q.split_grade(name)


def has_honour_head(name: str) -> bool:
    return name.endswith(_honour_heads())


@functools.cache
def _honour_heads() -> tuple[str, ...]:
    """``honour_heads.txt`` as a tuple, for ``str.endswith``."""
    return tuple(load_lexicon("lexicon/honour_heads.txt"))


def acceptable(name: str, kind: str) -> bool:
    """An honour name long enough, not generic, not money, and headed after a weak trigger."""
    if not (MIN_LEN <= len(name) <= MAX_LEN) or is_bare(name) or COUNT.search(name):
        return False
    if is_money(name):
        return False
    if kind == "pass":
        return is_certificate(name)
    return kind == "strong" or has_honour_head(name)


def is_money(text: str) -> bool:
    """Money, land or a permit rather than an honour (``honour_not.txt``)."""
    return regex_of("honour_not.txt").search(text) is not None


def is_grade_object(raw: str) -> bool:
    name, grade = clean_honour(raw)
    # (a contest's group before the grade is no title: 成长企业组一等奖)
    return q.is_grade(QUOTES.sub("", raw).strip()) or (grade is not None and (is_bare(name) or _GROUP.fullmatch(name) is not None))


_GROUP = re.compile(r"[\u4e00-\u9fff]{1,8}组")


def is_certificate(raw: str) -> bool:
    return any(word in raw for word in load_lexicon("lexicon/honour_certificates.txt"))


def is_bare(name: str) -> bool:
    """A head with nothing distinctive before it (``试点``, ``示范单位``, ``基地``)."""
    core = _LEVEL_PREFIX.sub("", name)
    if core != name and core in load_lexicon("lexicon/honour_leveled.txt"):
        return False  # 省重点项目: an official list
    return len(core) < MIN_LEN - 1 or core in load_lexicon("lexicon/honour_generic.txt")


def share_prefix(first: str, short: str) -> str:
    """``“A”试点示范企业和示范项目``: the second conjunct shares the first's quoted modifier."""
    quoted = re.search(r"“([^”]+)”", first)
    return quoted.group(1) + short if quoted and has_honour_head(short) else short


def conjuncts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split ``A和B`` / ``“A”、“B”`` at the top level (not inside quotes or brackets)."""
    spans, begin, depth, i = [], start, 0, start
    while i < end:
        char = text[i]
        m = _CONJ.match(text, i, end)
        quoted = m is not None and m.group().startswith("”")
        if m and (depth <= 0 or quoted):
            spans.append((begin, i + 1 if quoted else i))  # “A”、“B”: each keeps its quotes
            begin = i = m.end() - (1 if quoted else 0)
            depth = 0
            continue
        depth += 1 if char in "“《(（" else -1 if char in "”》)）" else 0
        i += 1
    spans.append((begin, end))
    return [(a, b) for a, b in spans if b > a]


def core(honour: str) -> str:
    return _PLACE_LEVEL.sub("", honour)
