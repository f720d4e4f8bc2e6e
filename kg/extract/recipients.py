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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from kg.extract.amounts import count_value
from kg.extract.types import Mention
from kg.lexicon import conjunction_he, load_lexicon, load_regex, load_table, load_union

_CLAUSE_EVENT = re.compile(r"[,，;；:：“《(（”》)）]")
_TRAILING_PAREN = re.compile(r"[(（][^)）]*[)）]$")
# (a works name goes on over 及配套/及附属: 科创大道北延及配套管网工程 is one project)
_ITEM_BREAK = re.compile(r"、|" + conjunction_he() + r"|与|以及(?!配套|附属)|及(?![时早其]|配套|附属)")
_MASK = re.compile(r"^[xX×*＊]+")
_MASK_AT = re.compile(r"[xX×*＊]+")  # for ``match(text, pos)``: ``^`` would only match at 0
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
    topic: str = ""

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


BULLET_MARK = r"(?:[●•·▲■◆★\-*]|[0-9]{1,2}[.．、)）]|[一二三四五六七八九十]{1,3}[、.．]|[(（][0-9一二三四五六七八九十]{1,3}[)）])"
BULLET = re.compile(rf"\s*{BULLET_MARK}?\s*")


def bullet_label(text: str, clause: tuple[int, int]) -> Mention | None:
    """The holder a bulleted line names before its colon (``● 博川机电：认定为…``):
    ``clause`` is the text before the colon, alone on its line; ``None`` where it is no
    short name with a name's head."""
    a, b = clause
    if text[b : b + 1] not in (":", "：") or text[text.rfind("\n", 0, a) + 1 : a].strip(" ●•·▲■◆★-*"):
        return None
    start = BULLET.match(text, text.rfind("\n", 0, a) + 1, b).end()  # type: ignore[union-attr]
    label = text[start:b].strip()
    if not (2 <= len(label) <= 24 and has_head(label)) or re.search(r"[,，;；。]", label):
        return None
    return Mention(label, b - len(label), b)


def clauses(text: str, sentence: tuple[int, int]) -> list[tuple[int, int]]:
    """Cut a sentence into clauses at commas, semicolons and colons (outside quotes)."""
    start, end = sentence
    spans, depth, begin = [], 0, start
    # Only breaks, openers and closers change anything: visit those characters alone.
    for m in _CLAUSE_EVENT.finditer(text, start, end):
        char = m.group()
        if char in "“《(（":
            depth += 1
        elif char in "”》)）":
            depth -= 1
        elif depth <= 0:
            i = m.start()
            spans.append((begin, i))
            begin, depth = i + 1, 0
    spans.append((begin, end))
    out = []
    for a, b in spans:
        stripped = _strip_span(text, a, b)
        if stripped[1] > a:
            out.append(stripped)
    return out


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``text[start:end]`` without surrounding white space and sentence-final marks."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "。！？!?…"):
        end -= 1
    return start, end


@functools.cache
def _edge_regex(name: str, anchor: str) -> re.Pattern[str]:
    rows = load_table(f"lexicon/{name}")
    body = "|".join(f"(?:{entry})" for entry, _ in rows)
    # ``match`` anchors the left edge at ``pos`` (``^`` would not); ``$`` honours ``endpos``.
    return re.compile(f"(?:{body})" if anchor == "^" else f"(?:{body})$")


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut openers and closers (``recipient_strip_*.txt``) off ``text[start:end]``."""
    left, right = _edge_regex("recipient_strip_left.txt", "^"), _edge_regex("recipient_strip_right.txt", "$")
    changed = True
    while changed and start < end:
        changed = False
        m = left.match(text, start)  # no endpos: lookaheads may look past ``end``
        if m and start < m.end() <= end:
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
    bare = _TRAILING_PAREN.sub("", name)
    # a head that ends ``bare`` and is shorter than it is a head ending ``bare[1:]``
    return bool(bare) and bare[1:].endswith(_heads(strong))


def is_name(name: str) -> bool:
    """True when ``name`` reads as a name (see the module docstring)."""
    if not name or "," in name or len(name) > 40:
        return False
    if has_head(name):
        return not _stop_regex().match(name)
    short = 2 <= len(name) <= 6 and _NAME_CHARS.fullmatch(name) is not None
    return short and not _stop_regex().search(name) and not _plain_word(name)


def _plain_word(name: str) -> bool:
    """A common word of the dictionary (严格, 积极, 落实): no name (:func:`entities.plain_word`)."""
    from kg.extract.entities import plain_word

    return plain_word(name)


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
    if name in load_lexicon("lexicon/recipient_anaphora.txt"):
        return "name"  # (该项目: the builder finds the project it refers to)
    if _generic_regex().fullmatch(name) or _kind_of_firm(name):
        return "generic"
    return "name" if is_name(name) else "junk"


def _kind_of_firm(name: str) -> bool:
    """``生物医药企业``, ``高新技术企业``: a trade or a generic word before 企业 names a
    kind of firm, no holder."""
    return name.endswith("企业") and name[:-2] in load_union("lexicon/generic_modifiers.txt", "lexicon/industry_terms.txt")


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
    owner = _platform_owners(text, start, end)
    if owner is not None:
        return owner
    tail = _topic_tail(text, start, end)
    if tail:
        return _activity(text, start, tail)
    items: list[Item] = []
    spans = split_items(text, start, end)
    i = 0
    while i < len(spans):
        a, b = spans[i]
        mention = clean_item(text, a, b)
        kind = _item_kind(text, (a, b), mention)
        works = text[spans[i + 1][0] : spans[i + 1][1]].endswith(("项目", "工程")) if i + 1 < len(spans) else False
        if (kind == "junk" or (kind == "name" and works and not has_head(mention.text))) and i + 1 < len(spans) \
                and text[b : spans[i + 1][0]] in ("及", "和"):
            # 甲园区公共管廊及应急救援中心项目, 燃料电池电堆及动力系统产业化项目: one name joins
            # two works (the first has no head)
            joined = clean_item(text, a, spans[i + 1][1])
            if _item_kind(text, (a, spans[i + 1][1]), joined) == "name":
                items.append(Item(joined, "name"))
                i += 2
                continue
        items.append(Item(mention, kind))
        i += 1
    return Recipients(tuple(items))


@functools.cache
def _owned_platform() -> re.Pattern[str]:
    rows = load_table("lexicon/recipient_owned_platforms.txt")
    return re.compile("(?:" + "|".join(f"(?:{e})" for e, _ in rows) + ")$")


def _platform_owners(text: str, start: int, end: int) -> Recipients | None:
    """``甲、乙2家企业的技术中心``: the holders named before their own platform
    (``recipient_owned_platforms.txt``), else ``None``."""
    if text.find("的", start, end) < 0:
        return None
    m = _owned_platform().search(text, start, end)
    if m is None or m.start() <= start:
        return None
    owners = read_recipients(text, start, m.start())
    names = owners.names
    # (one name without a head: a short firm name, not a place word such as 园内 or 产业园配套)
    lone = len(names) == 1 == len(owners.items) and len(names[0].text) >= 4 and not names[0].text.endswith(_LOCATIVES) \
        and not any(head in names[0].text for head in _zone_heads())
    return owners if lone or _firm_list(text, (start, m.start()), owners) else None


_LOCATIVES = ("内", "里", "中", "外", "上", "下")


@functools.cache
def _zone_heads() -> tuple[str, ...]:
    return tuple(e for e, _ in load_table("lexicon/zone_suffixes.txt"))


def _item_kind(text: str, span: tuple[int, int], mention: Mention) -> str:
    """The class of one item: counted, masked to nothing distinctive, or as ``classify`` says."""
    if mention.text in load_lexicon("lexicon/recipient_anaphora.txt"):
        return "name"  # (项目 after a project is named: that project, not a count of them)
    counted = _generic_regex().fullmatch(text[slice(*trim(text, *span))]) is not None
    masked = _MASK_AT.match(text, mention.start) is not None and not distinctive(mention.text)
    if counted or masked or not mention.text:
        return "generic"
    return classify(mention.text)


@functools.cache
def _nondistinctive() -> tuple[str, ...]:
    """Industry and other non-distinctive words, longest first."""
    words = load_lexicon("lexicon/industry_terms.txt") | load_lexicon("lexicon/recipient_nondistinctive.txt")
    return tuple(sorted(words, key=len, reverse=True))


def distinctive(name: str) -> bool:
    """Whether a masked name keeps a distinctive part (``xx云谷`` does, ``xx市科技企业孵化器`` not)."""
    core = re.sub(r"^[省市县区]", "", name)
    for head in _heads(False):
        if core.endswith(head):
            core = core[: -len(head)]
            break
    for word in _nondistinctive():
        core = core.replace(word, "")
    return len(core) >= 2 or (len(core) == 1 and len(name) <= 3)


def _topic_tail(text: str, start: int, end: int) -> int:
    """Where an activity word (``创建``, ``试点工作``) closing ``text[start:end]`` starts, or 0."""
    span = text[start:end]
    for tail in sorted(load_lexicon("lexicon/recipient_topic_tails.txt"), key=len, reverse=True):
        if span.endswith(tail) and len(span) > len(tail) + 1 and not _ITEM_BREAK.search(span):
            return end - len(tail)
    return 0


def _activity(text: str, start: int, tail: int) -> Recipients:
    """``景宁经济开发区美丽园区创建``: the holder it opens with (else the subject) and the topic."""
    holder = leading_name(text, (start, tail))
    if holder:
        topic = text[holder.end:tail]
        return Recipients((Item(holder, "name"),), topic.strip("“”\"的"))
    return Recipients((Item(Mention("", start, start), "subject"),), text[start:tail].strip("“”\"的"))


_PARENS = re.compile(r"[()（）]")


def leading_name(text: str, clause: tuple[int, int]) -> Mention | None:
    """A firm, zone or body named at the start of a clause (the topic of what follows).
    After a firm's investment phrase (甲公司负责实施的乙项目…) the topic is what it owns."""
    start, end = trim(text, *clause)
    first = next(_headed_prefixes(text, start, end), None)
    if first is None:
        return None
    owned = _owned().match(text, first.end, end)
    if owned is not None:
        found = list(_headed_prefixes(text, owned.end(), end))  # the longest: …标准厂房三期项目
        if found and classify(found[-1].text) == "name":
            return found[-1]
    if text.startswith("由", start) or _builder_role().match(text, start):
        return None  # 由甲公司实施, 业主为甲公司: the builder of the topic, not a topic
    if _APPROVER.match(text, start):
        return None  # 经省政府批准升级为…: the body approving, not the topic
    name = _MASK.sub("", _MASKED_PAREN.sub("", first.text))
    return Mention(name, first.start, first.end) if classify(name) == "name" else None


_APPROVER = re.compile(r"经(?![济开营])")


def _leading_anaphor(text: str, clause: tuple[int, int]) -> Mention | None:
    """A word referring back that opens a clause (``项目总投资3.8亿元，已获…资金``: the
    project named before is the topic of the clauses after it)."""
    start, end = _strip_span(text, *clause)
    word = _anaphor_regex().match(text, start, end)
    if word is None or _COUNT_AFTER.match(text, word.end(), end):
        return None  # (支持项目43个: a count, not a topic)
    return Mention(word.group(), start, word.end())


_COUNT_AFTER = re.compile(r"[0-9一二三四五六七八九十两几xX×*]")


@functools.cache
def _anaphor_regex() -> re.Pattern[str]:
    words = sorted(load_lexicon("lexicon/recipient_anaphora.txt"), key=lambda w: (-len(w), w))
    return re.compile("|".join(map(re.escape, words)))


def _headed_prefixes(text: str, start: int, end: int) -> Iterator[Mention]:
    """The names with a head that open ``text[start:end]``, shortest first, up to its first
    verb: each ends where the head is not extended by the next character."""
    verb = _verb_regex().search(text, start, end)
    limit = min(verb.start() if verb else end, start + 30)
    for stop in range(start + 2, limit + 1):
        candidate = text[start:stop]
        if not _NAME_CHARS.fullmatch(_PARENS.sub("", _MASKED_PAREN.sub("", candidate))):
            return
        if has_head(candidate, strong=True) and not has_head(text[start:stop + 1], strong=True):
            yield Mention(candidate, start, stop)


@functools.cache
def _plural_anaphora() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{e})" for e in sorted(load_lexicon("lexicon/recipient_plural_anaphora.txt"))))




def plural_referent(text: str, region: tuple[int, int], earlier: Sequence[tuple[int, int]]) -> tuple[Mention, ...] | None:
    """The names a plural holder refers to (``两个项目均``, ``上述企业都``: the holders an
    earlier clause of the sentence lists, as many as it counts), else ``None``."""
    start, end = region
    while end > start and text[end - 1].isspace():
        end -= 1
    m = _plural_anaphora().search(text, start, end)
    if m is None or m.end() != end or not re.fullmatch(r"[\s，,]*", text[trim(text, start, end)[0] : m.start()] if m.start() > start else ""):
        return None
    count = m.groupdict().get("n")
    n = count_value(count) if count else None
    for a, b in reversed(earlier):
        a, b = trim(text, a, b)
        verb = _verb_regex().search(text, a, b)
        rec = read_recipients(text, a, verb.start() if verb else b)
        if rec.status == "named" and len(rec.names) >= 2:
            return rec.names if n is None or len(rec.names) == n else None
    return None


@functools.cache
def _builder_role() -> re.Pattern[str]:
    """A clause naming a project's builder by its role (业主为, 建设单位：; ``builder_roles.txt``)."""
    return re.compile(rf"(?:项目)?(?:{load_regex('lexicon/builder_roles.txt').pattern})(?:为|是|[:：])")


@functools.cache
def _owned() -> re.Pattern[str]:
    """A firm's investment phrase that makes what follows its own (负责实施的, 总投资5亿元的)."""
    return re.compile(rf"(?:{investor_gap().pattern})[^，,。；;、]{{0,16}}?的")


@functools.cache
def investor_gap() -> re.Pattern[str]:
    """What may stand between a firm and the project it invests in, builds or runs
    (甲公司总投资5亿元的, 承建的, 在园区东侧建设的…): the words of ``investor_gaps.txt`` and
    the patterns of ``investor_gap_patterns.txt``, matched from the gap's start."""
    words = sorted(load_lexicon("lexicon/investor_gaps.txt"), key=lambda w: (-len(w), w))
    patterns = sorted(load_lexicon("lexicon/investor_gap_patterns.txt"))
    # (a pattern first: 在…建设的 holds more than the word 在 would)
    return re.compile("|".join([*(f"(?:{p})" for p in patterns), *map(re.escape, words)]))


@functools.cache
def _verb_regex() -> re.Pattern[str]:
    """Verbs that end a clause's topic (``recipient_verbs.txt``, honour and funding verbs)."""
    words: set[str] = set()
    for name in ("recipient_verbs.txt", "honour_triggers.txt", "funding_verbs.txt"):
        words |= load_lexicon(f"lexicon/{name}")
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


def previous_list(text: str, earlier: Sequence[tuple[int, int]]) -> tuple[Mention, ...]:
    """The names of the clause right before one with no holder of its own, where that
    clause is nothing but them (``甲、乙2家企业的技术中心，被认定为…``, ``甲研究院经科技部批准，
    成为…``): each reads as a name, and a lone one has the head of a firm, zone or body.
    (The caller checks that the clause states nothing itself.)"""
    if not earlier:
        return ()
    owners = _platform_owners(text, *trim(text, *earlier[-1]))
    if owners is not None:
        return owners.names
    rec = read_recipients(text, *earlier[-1])
    return rec.names if _firm_list(text, earlier[-1], rec) else ()


_COUNTED_FIRMS = re.compile(r"[0-9一二三四五六七八九十两]+家(?:企业|公司)")


def _firm_list(text: str, span: tuple[int, int], rec: Recipients) -> bool:
    """Whether ``rec`` (read from ``text[span]``) is nothing but names, each with the head of
    a firm, zone or body, or counted as firms (``甲、乙、丙3家企业``), none a phrase (的)."""
    names = rec.names
    if rec.status != "named" or len(names) != len(rec.items) or any("的" in m.text for m in names):
        return False
    counted = len(names) > 1 and _COUNTED_FIRMS.search(text, *span) is not None
    return counted or all(has_head(m.text, strong=True) for m in names)


class Topics:
    """The topic carried into a clause with no subject: the leading name of the nearest
    earlier clause that has one.

    One per sentence, asked with the sentence's clauses done so far (a list that only
    grows): each clause is read once, so a sentence of thousands of clauses costs time
    linear in them (looking back from each clause anew was quadratic)."""

    def __init__(self) -> None:
        self._read = 0
        self._last: Mention | None = None

    def inherited(self, text: str, earlier: Sequence[tuple[int, int]]) -> Mention | None:
        for clause in earlier[self._read:]:
            found = leading_name(text, clause) or _leading_anaphor(text, clause)
            if found:
                self._last = found
        self._read = len(earlier)
        return self._last
