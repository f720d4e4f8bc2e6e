"""Short names a report declares: ``X有限公司（以下简称“X科技”）``.

Official texts name a firm, a zone or a body in full once and declare the short name
they use afterwards. Every mention of the short name (found by a finder or not) is
then the entity of the full name: its mentions are renamed and typed as the full one,
and the short name's occurrences that no finder found are added as mentions, so that a
relation stated with the short name (``空港集团与…签订``, ``综保区内的…``) lands on the
entity the report means.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence

from kg.extract.entities import EntityMention
from kg.extract.types import Mention
from kg.lexicon import load_lexicon


@functools.cache
def declaration() -> re.Pattern[str]:
    """A short name declared in brackets (``（以下简称“空港集团”）``: ``alias_declarations.txt``),
    the short name in group 1."""
    words = "|".join(sorted(load_lexicon("lexicon/alias_declarations.txt"), key=len, reverse=True))
    return re.compile(
        r"[(（]\s*(?:" + words + r")\s*[:：]?\s*[“\"‘'「]?([^()（）“”\"‘’'「」,，。;；、\s]{2,12}?)[”\"’'」]?\s*[)）]")


_BARE = re.compile(r"[(（]([\u4e00-\u9fffA-Za-z]{2,8})[)）]")


def _abbreviates(short: str, full: str) -> bool:
    """Whether ``short`` is made of ``full``'s characters, in order, from its first one
    (汀澜交投 of 汀澜交通投资集团): a short name in bare brackets, not a place or a note."""
    if len(short) >= len(full) - 1 or short[0] != full[0]:
        return False
    it = iter(full)
    return all(c in it for c in short)


def declared(text: str, mentions: Sequence[EntityMention]) -> dict[str, EntityMention]:
    """The short names declared right after a mention (at most 2 characters of space
    between them), each with that mention: with a word that declares it (简称), or bare
    in brackets when it abbreviates the name (``汀澜交通投资集团（汀澜交投）``)."""
    if "(" not in text and "（" not in text:
        return {}
    ends: dict[int, EntityMention] = {}
    for em in mentions:
        if em.type in ("Zone", "Enterprise", "Organization", "Project"):
            prev = ends.get(em.mention.end)
            if prev is None or len(em.mention.text) > len(prev.mention.text):
                ends[em.mention.end] = em
    out: dict[str, EntityMention] = {}
    for m in declaration().finditer(text):
        short = m.group(1)
        full = next((ends[p] for p in range(m.start(), max(-1, m.start() - 3), -1) if p in ends), None)
        if full is not None and short != full.name and short not in out:
            out[short] = full
    for m in _BARE.finditer(text):
        full = ends.get(m.start())
        short = m.group(1)
        if (full is not None and full.type in ("Enterprise", "Organization") and short not in out
                and _abbreviates(short, full.name)):
            out[short] = full
    return out


def rename_declared(mentions: list[EntityMention], table: dict[str, EntityMention]) -> list[EntityMention]:
    """``mentions`` with each one of a declared short name renamed to the full name."""
    if not table:
        return mentions
    out = []
    for em in mentions:
        full = table.get(em.name) or table.get(em.mention.text)
        if full is not None and em is not full and em.name != full.name:
            em = EntityMention(full.type, full.name, em.mention, full.kind)
        out.append(em)
    return out


def apply_aliases(text: str, mentions: list[EntityMention], table: dict[str, EntityMention]) -> list[EntityMention]:
    """``mentions`` with each short name ``table`` (:func:`declared`) holds resolved to
    its full name, and its occurrences no finder found added (see the module docstring)."""
    if not table:
        return mentions
    out = rename_declared(mentions, table)
    covered = {(em.mention.start, em.mention.end) for em in out if em.name in {f.name for f in table.values()}}
    spans = sorted((em.mention.start, em.mention.end) for em in out)
    starts = [a for a, _ in spans]
    for short, full in table.items():
        for m in re.finditer(re.escape(short), text):
            if (m.start(), m.end()) in covered or _inside(spans, starts, m.start(), m.end()):
                continue
            out.append(EntityMention(full.type, full.name, Mention(short, m.start(), m.end()), full.kind))
    out.sort(key=lambda e: (e.mention.start, -e.mention.end))
    return out


def _inside(spans: list[tuple[int, int]], starts: list[int], a: int, b: int) -> bool:
    """Whether ``[a, b)`` lies in one of ``spans`` (by start; a name is short)."""
    i = bisect.bisect_right(starts, a) - 1
    while i >= 0 and a - starts[i] <= 64:
        if spans[i][1] >= b:
            return True
        i -= 1
    return False
