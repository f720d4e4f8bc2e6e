"""Who received an honour or money: the named subjects written before a trigger.

Shared by ``honours.py`` and ``funding.py``. A sentence is cut into clauses at commas,
semicolons and colons. The text between a clause's start and its trigger (``获批``,
``获得`` …) is cleaned — openers such as dates, ``帮助`` or ``其中`` and closers such as
``成功``, a passive agent ``被省工信委`` or a counted tail ``等九家公司`` are cut
(``recipient_strip_left.txt`` / ``recipient_strip_right.txt``) — then split at ``、和与及``
into items. Each item is classified:

* ``subject`` — a word standing for the report's zone (``开发区``, ``我区``);
* ``generic`` — names nothing (``企业``, ``x家企业``);
* ``name`` — ends in a name head (the entity lexicons plus ``recipient_heads.txt``), or is
  a short span of 2–6 characters free of ``recipient_stops.txt``;
* ``junk`` — anything else (a clause that is not a list of names).

Designations written before a name (``省重点建设项目金西污水处理厂二期``) are cut off the
item (``recipient_appositives.txt``); ``honours.py`` turns them into honours.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from kg.extract.types import Mention
from kg.lexicon import load_lexicon, load_table

_CLAUSE_BREAK = re.compile(r"[,，;；:：]")
_ITEM_BREAK = re.compile(r"、|和|与|及|以及")
_MASK = re.compile(r"^[xX×*＊]+")
_MASKED_PAREN = re.compile(r"[(（][xX×*＊]+[)）]")
_NAME_CHARS = re.compile(r"[\u3400-\u9fffA-Za-z0-9·]+")
_ENTITY_TABLES = ("zone_suffixes.txt", "enterprise_suffixes.txt", "org_suffixes.txt", "project_suffixes.txt")
_STRONG_TAGS = frozenset({"legal", "group", "company", "peer", "sub", ""})


@dataclass(frozen=True)
class Item:
    """One recipient candidate: its cleaned mention and its class."""

    mention: Mention
    kind: str  # "name", "subject", "generic" or "junk"


@dataclass(frozen=True)
class Recipients:
    """The recipients read from the text before a trigger."""

    items: tuple[Item, ...]

    @property
    def names(self) -> tuple[Mention, ...]:
        """The named recipients."""
        return tuple(i.mention for i in self.items if i.kind == "name")

    @property
    def status(self) -> str:
        """``empty``, ``junk``, ``named``, ``subject`` or ``generic``."""
        kinds = {i.kind for i in self.items}
        if not kinds:
            return "empty"
        for status, kind in (("junk", "junk"), ("named", "name"), ("subject", "subject")):
            if kind in kinds:
                return status
        return "generic"


def clauses(text: str, sentence: tuple[int, int]) -> list[tuple[int, int]]:
    """Cut a sentence into clauses at commas, semicolons and colons (outside quotes)."""
    start, end = sentence
    spans, depth, begin = [], 0, start
    for i in range(start, end):
        char = text[i]
        depth += 1 if char in "“《(（" else -1 if char in "”》)）" else 0
        if depth <= 0 and _CLAUSE_BREAK.match(char):
            spans.append((begin, i))
            begin, depth = i + 1, 0
    spans.append((begin, end))
    return [(a, b) for a, b in spans if b > a]


@functools.cache
def _edge_regex(name: str, anchor: str) -> re.Pattern[str]:
    rows = load_table(f"lexicon/{name}")
    body = "|".join(f"(?:{entry})" for entry, _ in rows)
    return re.compile(f"^(?:{body})" if anchor == "^" else f"(?:{body})$")


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut openers and closers (``recipient_strip_*.txt``) off ``text[start:end]``."""
    left, right = _edge_regex("recipient_strip_left.txt", "^"), _edge_regex("recipient_strip_right.txt", "$")
    changed = True
    while changed and start < end:
        changed = False
        m = left.match(text, start, end)
        if m and m.end() > start:
            start, changed = m.end(), True
        m = right.search(text, start, end)
        if m and m.start() < end:
            end, changed = m.start(), True
    return start, end


@functools.cache
def _heads(strong: bool) -> tuple[str, ...]:
    """Name heads, longest first (only firm, zone and body heads when ``strong``)."""
    heads = {e for t in _ENTITY_TABLES for e, tag in load_table(f"lexicon/{t}") if not strong or tag in _STRONG_TAGS}
    if not strong:
        heads |= load_lexicon("lexicon/recipient_heads.txt")
    return tuple(sorted(heads, key=lambda h: (-len(h), h)))


def has_head(name: str, strong: bool = False) -> bool:
    """True when ``name`` ends in a name head and has something before it."""
    bare = re.sub(r"[(（][^)）]*[)）]$", "", name)
    return any(bare.endswith(h) and len(bare) > len(h) for h in _heads(strong))


def is_name(name: str) -> bool:
    """True when ``name`` reads as a name (see the module docstring)."""
    if not name or "," in name or len(name) > 40:
        return False
    if has_head(name):
        return not _stop_regex().search(name[:2])
    short = 2 <= len(name) <= 6 and _NAME_CHARS.fullmatch(name) is not None
    return short and not _stop_regex().search(name)


@functools.cache
def _stop_regex() -> re.Pattern[str]:
    entries = sorted(load_lexicon("lexicon/recipient_stops.txt"), key=lambda s: (-len(s), s))
    return re.compile("|".join(re.escape(e) for e in entries))


@functools.cache
def _generic_regex() -> re.Pattern[str]:
    rows = load_table("lexicon/recipient_generic.txt")
    return re.compile("|".join(f"(?:{e})" for e, _ in rows))


@functools.cache
def appositive_regex() -> re.Pattern[str]:
    """Designations written before a name (``recipient_appositives.txt``)."""
    rows = load_table("lexicon/recipient_appositives.txt")
    return re.compile("^(?:" + "|".join(f"(?:{e})" for e, _ in rows) + ")")


def classify(name: str) -> str:
    """``subject``, ``generic``, ``name`` or ``junk`` for a cleaned item."""
    if name in load_lexicon("lexicon/recipient_subject.txt"):
        return "subject"
    if _generic_regex().fullmatch(name):
        return "generic"
    return "name" if is_name(name) else "junk"


def clean_item(text: str, start: int, end: int) -> Mention:
    """The item ``text[start:end]`` without masks and a leading designation."""
    start, end = trim(text, start, end)
    surface = text[start:end]
    apposed = appositive_regex().match(surface)
    if apposed and apposed.end() < len(surface) - 1:
        start += apposed.end()
    bare = _MASK.sub("", _MASKED_PAREN.sub("", text[start:end])).strip("“”\"《》 ")
    return Mention(bare, start, end)


def split_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut an enumeration ``A、B和C`` into item spans (not inside quotes or brackets)."""
    spans, begin, depth, i = [], start, 0, start
    while i < end:
        char = text[i]
        depth += 1 if char in "“《(（" else -1 if char in "”》)）" else 0
        m = _ITEM_BREAK.match(text, i, end) if depth <= 0 else None
        if m:
            spans.append((begin, i))
            begin = i = m.end()
            continue
        i += 1
    spans.append((begin, end))
    return [(a, b) for a, b in spans if b > a]


def read_recipients(text: str, start: int, end: int) -> Recipients:
    """The recipients written in ``text[start:end]`` (the text before a trigger).

    Args:
        text: the document.
        start: where the clause (or the recipient region) starts.
        end: where the trigger starts.

    Returns:
        The classified items; ``status`` says how to use them.
    """
    start, end = trim(text, start, end)
    items = []
    for a, b in split_items(text, start, end):
        mention = clean_item(text, a, b)
        if mention.text:
            items.append(Item(mention, classify(mention.text)))
    return Recipients(tuple(items))


def leading_name(text: str, clause: tuple[int, int]) -> Mention | None:
    """A firm, zone or body named at the start of a clause (the topic of what follows)."""
    start, end = trim(text, *clause)
    limit = min(end, start + 30)
    for stop in range(start + 2, limit + 1):
        candidate = text[start:stop]
        if not _NAME_CHARS.fullmatch(_MASKED_PAREN.sub("", candidate).replace("(", "").replace(")", "")):
            return None
        if has_head(candidate, strong=True) and not has_head(text[start:stop + 1], strong=True):
            name = _MASK.sub("", _MASKED_PAREN.sub("", candidate))
            return Mention(name, start, stop) if classify(name) == "name" else None
    return None


def inherited(text: str, earlier: Sequence[tuple[int, int]]) -> Mention | None:
    """The topic carried into a clause with no subject: the nearest earlier clause's leading name."""
    for clause in reversed(earlier):
        found = leading_name(text, clause)
        if found:
            return found
    return None
