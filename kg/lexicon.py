"""Language data (word lists, patterns) kept in ``kg/data`` and loaded once.

Each list is a UTF-8 text file, one entry per line; ``#`` starts a comment and a tab
separates an entry from its tag (``经济开发区\tpeer``).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Collection, Sequence
from importlib import resources
from typing import Any

from kg.errors import ExtractionError


@functools.cache
def load_table(name: str) -> tuple[tuple[str, str], ...]:
    """Return ``(entry, tag)`` rows of ``kg/data/<name>`` (tag ``""`` when absent).

    Raises:
        ExtractionError: the data file is missing.
    """
    try:
        text = resources.files("kg").joinpath("data", *name.split("/")).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise ExtractionError(f"data file kg/data/{name} is missing: {exc}") from None
    rows = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].rstrip() if not line.startswith("#") else ""
        if not line.strip():
            continue
        entry, _, tag = line.partition("\t")
        rows.append((entry.strip(), tag.strip()))
    return tuple(rows)


@functools.cache
def load_lexicon(name: str) -> frozenset[str]:
    """Return the entries of ``kg/data/<name>`` as a set."""
    return frozenset(entry for entry, _ in load_table(name))


@functools.cache
def load_union(*names: str) -> frozenset[str]:
    """Return the entries of several ``kg/data`` lists as one set (built once)."""
    return functools.reduce(frozenset.union, (load_lexicon(name) for name in names))


@functools.cache
def load_regex(name: str) -> re.Pattern[str]:
    """Compile the entries of ``kg/data/<name>`` into one alternation, longest first."""
    entries = sorted(load_lexicon(name), key=lambda s: (-len(s), s))
    return re.compile("|".join(re.escape(e) for e in entries))


@functools.cache
def conjunction_he() -> str:
    """A pattern for 和 as a conjunction: not the 和 inside a word of ``and_words.txt``
    (工业和信息化局, 和谐), nor one right after 、 (甲、和弦医疗: a name's first
    character), which each regex that cuts lists at 和 uses in place of 和."""
    guards = []
    for word in sorted(load_lexicon("lexicon/and_words.txt"), key=lambda s: (-len(s), s)):
        k = word.index("和")
        # (after 和 is matched, so that the guards cost nothing where there is no 和)
        guards.append(f"(?!(?<={re.escape(word[: k + 1])}){re.escape(word[k + 1:])})")
    return "(?:(?<!、)和" + "".join(guards) + ")"


# --- Words a pattern cannot match without

try:  # the regex parser of the standard library (``re._parser`` from Python 3.11)
    from re import _constants as _sre  # type: ignore[attr-defined,unused-ignore]
    from re import _parser as _sre_parse  # type: ignore[attr-defined,unused-ignore]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre  # type: ignore[no-redef,unused-ignore]
    import sre_parse as _sre_parse  # type: ignore[no-redef,unused-ignore]

_MAX_WORDS = 16  # more words to look for cost more than the pattern's own search


def required_words(regex: re.Pattern[str]) -> tuple[str, ...] | None:
    """Words one of which every match of ``regex`` contains (``(bet|BET)\\s*365`` →
    ``("365",)``), so that a text holding none of them needs no search; ``None`` when
    the pattern gives no such few words (case-insensitive, or an open class)."""
    return _required_words(regex.pattern, regex.flags)


@functools.cache
def _required_words(pattern: str, flags: int) -> tuple[str, ...] | None:
    """:func:`required_words`, remembered by the pattern's text (hashing a compiled
    pattern hashes its whole program, every time)."""
    if flags & re.IGNORECASE:
        return None
    try:
        parsed = _sre_parse.parse(pattern, flags)
    except re.error:  # pragma: no cover - the pattern compiled
        return None
    return _seq_words(list(parsed))


def _seq_words(items: list[tuple[Any, Any]]) -> tuple[str, ...] | None:
    """:func:`required_words` of a sequence: the best requirement of any of its items
    (each item of a sequence is part of every match)."""
    options: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, av in [*items, (None, None)]:
        if op is _sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            options.append(("".join(run),))
            run = []
        found = _item_words(op, av)
        if found is not None:
            options.append(found)
    if not options:
        return None
    return min(options, key=lambda words: (len(words), -min(map(len, words))))


def _item_words(op: Any, av: Any) -> tuple[str, ...] | None:
    """:func:`required_words` of one item other than a literal; ``None`` for an item
    that may be absent from a match, or that only asserts (lookarounds are not in it)."""
    if op is _sre.SUBPATTERN:
        _, add_flags, _, body = av
        return None if add_flags & re.IGNORECASE else _seq_words(list(body))
    if op is _sre.BRANCH:
        words: set[str] = set()
        for alternative in av[1]:
            found = _seq_words(list(alternative))
            if found is None:
                return None
            words.update(found)
        words = {w for w in words if not any(o != w and o in w for o in words)}  # 项目 covers 重点项目
        return tuple(sorted(words)) if len(words) <= _MAX_WORDS else None
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
        low, _, body = av
        return _seq_words(list(body)) if low >= 1 else None
    if op is _sre.IN and all(kind is _sre.LITERAL for kind, _ in av):
        chars = {chr(code) for _, code in av}
        return tuple(sorted(chars)) if len(chars) <= _MAX_WORDS else None
    return None


def may_match(regex: re.Pattern[str], text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` holds one of :func:`required_words` of ``regex``
    (``True`` when it has none): ``False`` means ``regex`` matches nowhere there."""
    words = _required_words(regex.pattern, regex.flags)
    if words is None:
        return True
    end = len(text) if end is None else end
    for word in words:
        if text.find(word, start, end) >= 0:
            return True
    return False


# --- Sentences a pattern may match in


def touched(words: re.Pattern[str], text: str, sentences: Sequence[tuple[int, int]]) -> set[int]:
    """The indexes of the ``sentences`` (in order, not overlapping) where
    ``words.finditer(text, *sentence)`` (``words`` an alternation of plain words) may
    find something: those overlapping the leftmost match in the text from the start,
    then from the end of the sentence it starts in, and so on (a word in a sentence is
    found there, or a match overlapping the sentence is found before it).

    One pass over the whole text: a search per sentence costs a call per sentence,
    and most sentences hold none of the words."""
    ends = [end for _, end in sentences]
    out: set[int] = set()
    pos = 0
    while (m := words.search(text, pos)) is not None:
        i = bisect.bisect_right(ends, m.start())
        pos = max(m.end(), ends[i] if i < len(ends) and sentences[i][0] <= m.start() else 0)
        while i < len(sentences) and sentences[i][0] < m.end():
            out.add(i)
            i += 1
    return out


def may_match_in(regex: re.Pattern[str], text: str, sentences: Sequence[tuple[int, int]]) -> Collection[int]:
    """The indexes of the ``sentences`` (in order, not overlapping) that hold one of
    :func:`required_words` of ``regex`` — every index when it has none: ``regex`` can
    match inside no other sentence (a superset; a caller still tests each index)."""
    words = _words_regex(regex.pattern, regex.flags)
    return range(len(sentences)) if words is None else touched(words, text, sentences)


@functools.cache
def _words_regex(pattern: str, flags: int) -> re.Pattern[str] | None:
    """An alternation of the required words of a pattern (``None``: it has none)."""
    words = _required_words(pattern, flags)
    if words is None:
        return None
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))))
