"""FUNDED_BY facts: money from a named fund, bond or subsidy programme to a recipient.

Rules (GUIDELINES.md, "FundingSource"), driven by ``kg/data/lexicon/funding_*``:

* **Source** — a phrase ending in a source head (``资金``, ``专项债券``, ``奖补``,
  ``贴息贷款``, ``基金`` … ``funding_heads.txt``) that is not unnamed money
  (``funding_generic.txt``: ``资金``, ``扶持资金``, ``市外资金`` …).
* **Verb** — ``R 获批/获得/争取/发行/下达 S N万元``, ``R 获 S N万元的支持``, ``帮助 R 申请
  N万元 S``, ``R S N万元已拨付`` (``funding_verbs.txt``); ``兑现``/``拨付`` pay out, so
  their recipient must be named. Cues such as ``计划``, ``已上报`` cancel
  (``funding_negations.txt``). The recipient is read by ``recipients.py`` (``None`` =
  the subject zone), or carried over from an earlier clause of the sentence.
* **Effort vs. grant** — ``争取`` alone is an effort: a grant only with an amount or a
  completion cue (``已``, ``成功``, ``帮助…``: ``funding_completion_cues.txt``); ``申请``
  only for a firm helped (``帮助/协助/为 X 申请``).
* **Purpose** — ``…N万元,用于A项目建设`` names A when no recipient precedes the verb
  (``funding_purposes.txt``).
* **Fund deals** — ``成立X基金,以基金招商方式签约甲、乙`` (``funding_fund_deals.txt``).
* **Lists** — ``S主要包括:甲x亿元、乙x亿元`` (each item funded by S) and
  ``主要包括:S1 N万元;甲S2 N万元;…`` (each item names its source, and sometimes a
  recipient before it: ``拓普公司泰山领军人才省级奖补xxx万元``), across the ``;`` that
  split such lists into sentences (``funding_list_intros.txt``).

**Canonical source name** — the source as written without amount, recipient, year,
batch, quotes and ``的``; a short form is completed (``政府专项债`` → ``政府专项债券``,
``funding_aliases.txt``); a leading level *modifier* written with ``级`` (``市级``,
``省市各级``, ``funding_level_modifiers.txt``) is dropped when what remains is still a
named source (``市级两化融合奖补资金`` → ``两化融合奖补资金``, level municipal on the
relation), and kept when the rest would be unnamed (``省级专项补助资金``). Single-character
level prefixes and ``中央`` belong to the name (``省财政奖励资金``, ``中央预算内资金``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from kg.extract import qualifiers as q
from kg.extract import recipients as rc
from kg.extract.amounts import find_amounts, parse_amount
from kg.extract.types import FundingFact, Mention
from kg.lexicon import conjunction_he, load_lexicon, load_table, may_match_in, touched

_ITEM_SPLIT = re.compile(r"[、;；,，]")
_TAIL = re.compile(r"[(（][^)）]*[)）]|[;；。,，\s]")
_MASK = re.compile(r"^[xX×*＊]+")
_FIRM_WORD = re.compile(r"公司|集团")
_KNOWN_LONGEST = 8
_KNOWN = re.compile(rf"([\u4e00-\u9fff]{{2,{_KNOWN_LONGEST}}})(?:{_FIRM_WORD.pattern})")
_MAX_SOURCE = 24
_LEVELLED = re.compile(r"(?:国家|中央|省|市|县|区)级")
_QUOTES = re.compile(r"[“”\"《》]")
_LEVEL_PREFIX = re.compile(r"^(?:国家|中央|省|市|县|区)级?")
_JOINED = re.compile(r"[与及]|" + conjunction_he())


@dataclass
class _Lists:
    """A list of amounts that runs on over ``;``-split sentences."""

    active: bool = False
    source: str | None = None


@dataclass
class _Carried:
    """The source a paragraph is about: the last named source its sentences wrote (or
    its heading, ``（一）超长期特别国债。``), for the grants written after it with an
    amount and no source of their own (``其中：A项目获得1.6亿元；B工程获得9800万元``).
    A heading alone on its line carries into the paragraph after it."""

    source: str | None = None
    paragraph: int = -1

    def at(self, text: str, pos: int) -> str | None:
        return self.source if text.rfind("\n", 0, pos) == self.paragraph else None

    def set(self, text: str, pos: int, source: str) -> None:
        self.source, self.paragraph = source, text.rfind("\n", 0, pos)


@dataclass
class _Context:
    """What a sentence has said so far: the holders named (or counted) in earlier clauses."""

    sentence: tuple[int, int]
    known: frozenset[str]
    names: tuple[Mention, ...] = ()
    counted: bool = False  # an earlier clause's subject was generic (x家企业): nothing to inherit
    subject: bool = False  # an earlier clause's subject was the zone (开发区…,并获批…)
    done: list[tuple[int, int]] = field(default_factory=list)
    topics: rc.Topics = field(default_factory=rc.Topics)  # see Topics: read with ``done``
    carried: _Carried = field(default_factory=_Carried)


def extract_funding(text: str, sentences: Sequence[tuple[int, int]]) -> list[FundingFact]:
    """Money granted or allocated to named recipients (or to the subject zone).

    Args:
        text: the whole repaired document.
        sentences: sentence spans in ``text``.

    Returns:
        One fact per recipient and source, with document offsets, in text order.
    """
    known = _known_names(text)
    lists = _Lists()
    facts: list[FundingFact] = []
    # A sentence gives facts only by a list intro, a fund deal or a funding verb, or as
    # an item of a running list: the sentences holding one are found in one pass over
    # the text each (most sentences hold none), and only those are read.
    read = set(may_match_in(_intro_regex(), text, sentences)).union(
        may_match_in(_fund_deal_regex(), text, sentences), touched(_verb_table()[0], text, sentences),
        touched(_VERBLESS_CUES, text, sentences))
    carried = _Carried()
    for i, sentence in enumerate(sentences):
        heading = _heading_source(text, sentence)
        if heading is not None:
            carried.set(text, sentence[0], heading)
            if text.startswith("\n", sentence[1]) or sentence[1] == len(text):
                carried.paragraph = sentence[1]  # (alone on its line: the next paragraph's)
            continue
        if not lists.active and i not in read:
            continue
        ctx = _Context(sentence, known, carried=carried)
        listed, rest = _list_facts(text, sentence, lists, ctx)
        facts.extend(listed + _fund_deals(text, sentence, ctx) + _shares(text, rest, ctx) + _verbless_facts(text, rest, ctx))
        # (a sentence without a funding verb gives no clause fact: skip its clauses)
        clauses = rc.clauses(text, rest) if rest[1] > rest[0] and _verb_table()[0].search(text, *rest) else []
        # The holder a clause names only serves the funding verbs of the clauses after it.
        has_verb = [_verb_table()[0].search(text, *clause) is not None for clause in clauses]
        for i, clause in enumerate(clauses):
            facts.extend(_clause_facts(text, clause, ctx, note=any(has_verb[i + 1:])))
            ctx.done.append(clause)
        if facts and facts[-1].sentence == sentence:
            carried.set(text, sentence[0], facts[-1].source)
    titles = [(m.start(), m.end()) for m in _policy_titles().finditer(text)] if "《" in text else []
    if titles:
        facts = [f for f in facts if not any(a <= f.source_mention.start < b for a, b in titles)]
    return _dedupe(facts)


def _heading_source(text: str, sentence: tuple[int, int]) -> str | None:
    """The named source a numbered heading is (``（一）超长期特别国债。``), else None."""
    mark = rc.BULLET.match(text, *sentence)
    if mark is None or not text[mark.start() : mark.end()].strip():
        return None
    body = text[mark.end() : sentence[1]].rstrip("。：:；; ")
    head = _head_regex().search(body) if len(body) <= _MAX_SOURCE else None
    if head is None or head.end() != len(body) or re.search(r"[，,、\s]", body):
        return None
    name = canonical_source(body)
    return name if _named(name) else None


@functools.cache
def _policy_titles() -> re.Pattern[str]:
    ends = "|".join(sorted(load_lexicon("lexicon/document_title_ends.txt"), key=len, reverse=True))
    return re.compile(rf"《[^《》\n]{{0,60}}(?:{ends})》")


def _known_matches(text: str) -> Iterator[re.Match[str]]:
    """``_KNOWN.finditer(text)``, run only where a match can be: a match ends with a
    firm word and starts at most ``_KNOWN_LONGEST`` characters before it, so it lies in
    the stretches that cover those characters (merged where they overlap), and
    scanning each stretch finds what scanning the whole text finds there."""
    lo = hi = -1
    for word in _FIRM_WORD.finditer(text):
        start, end = max(0, word.start() - _KNOWN_LONGEST), word.end()
        if start > hi:
            if hi > lo:
                yield from _KNOWN.finditer(text, lo, hi)
            lo = start
        hi = end
    if hi > lo:
        yield from _KNOWN.finditer(text, lo, hi)


def _known_names(text: str) -> frozenset[str]:
    """Short firm names the document writes with ``公司``/``集团`` (``施可丰公司`` → ``施可丰``)."""
    names = set()
    for m in _known_matches(text):
        start, end = rc.trim(text, m.start(1), m.end(1))
        name = text[start:end]
        if rc.classify(name) == "name" and name not in load_lexicon("lexicon/generic_company.txt"):
            names.add(name)
    return frozenset(names)


# -- sources ----------------------------------------------------------------------------


@functools.cache
def _head_regex() -> re.Pattern[str]:
    heads = sorted(load_lexicon("lexicon/funding_heads.txt"), key=lambda s: (-len(s), s))
    return re.compile("|".join(re.escape(h) for h in heads))


@functools.lru_cache(maxsize=4096)
def written_source(surface: str) -> str:
    """A source as written, less year, batch, quotes, masks and 的, its level words kept
    (``省级工业转型升级资金``): an alias of the canonical name."""
    name = _MASK.sub("", _QUOTES.sub("", q.strip_years_batches(surface))).replace("的", "")
    for pattern, replacement in _aliases():
        name = pattern.sub(replacement, name)
    return name


@functools.lru_cache(maxsize=4096)
def canonical_source(surface: str) -> str:
    """The canonical name of a source as written (see the module docstring)."""
    name = written_source(surface)
    for modifier in _level_modifiers():
        if name.startswith(modifier):  # (the longest: 省级以上 before 省级)
            return name[len(modifier):] if _named(name[len(modifier):]) else name
    return name


@functools.cache
def _aliases() -> tuple[tuple[re.Pattern[str], str], ...]:
    """``funding_aliases.txt``: (pattern, replacement), in order."""
    return tuple((re.compile(pattern), replacement) for pattern, replacement in load_table("lexicon/funding_aliases.txt"))


@functools.cache
def _level_modifiers() -> tuple[str, ...]:
    """``funding_level_modifiers.txt``, longest first."""
    return tuple(sorted(load_lexicon("lexicon/funding_level_modifiers.txt"), key=len, reverse=True))


@functools.cache
def _vague_prefixes() -> re.Pattern[str]:
    """A run of ``funding_vague_prefixes.txt`` words opening a name."""
    vague = sorted(load_lexicon("lexicon/funding_vague_prefixes.txt"), key=len, reverse=True)
    return re.compile("^(?:" + "|".join(vague) + ")+")


def _named(source: str) -> bool:
    """A source with a name of its own (not ``资金``, ``扶持资金`` …, nor a word joined to
    one: ``数量和资金``)."""
    if _JOINED.search(source) and not _named(_JOINED.split(source)[-1]):
        return False
    core = _LEVEL_PREFIX.sub("", source)
    bare = _vague_prefixes().sub("", core)
    generic = load_lexicon("lexicon/funding_generic.txt")
    if source in generic or _head_regex().search(source) is None:
        return False
    if bare in generic and not (_LEVELLED.match(source) and bare == core and len(core) >= 4):
        return False  # 省奖励资金, 各类奖补资金 are unnamed; 省级专项补助资金 names a programme
    return not _purpose_only(source)


def source_name(surface: str) -> str | None:
    """The canonical name of ``surface`` where it names a source of its own (a head at
    its end, not unnamed money, not too long to be one name), else None."""
    heads = list(_head_regex().finditer(surface))
    if not heads or len(surface) > _MAX_SOURCE:
        return None
    name = canonical_source(surface)
    return name if _named(name) else None


def source_heads(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """The source heads (``资金``, ``专项债券`` …) written in ``text[start:end]``."""
    return _head_regex().finditer(text, start, end)


def funding_verbs() -> re.Pattern[str]:
    """Any verb of ``funding_verbs.txt``."""
    return _verb_table()[0]


def _purpose_only(source: str) -> bool:
    """``园区重点项目的资金``: unnamed money for a purpose (a level-named fund may say 的)."""
    before, sep, after = source.rpartition("的")
    return bool(sep) and after in load_lexicon("lexicon/funding_generic.txt") and q.level_of(before[:3]) is None


def _source_end(text: str, start: int, end: int) -> re.Match[str] | None:
    """The first source head in ``text[start:end]`` (the longest at its position)."""
    return _head_regex().search(text, start, end)


def _amount_near(text: str, pos: int, end: int) -> Mention | None:
    """An amount written right after ``pos`` (``资金1200万元``, ``资金 的 200万元``)."""
    for m in find_amounts(text[pos:end], pos):
        return m if m.start - pos <= 1 else None
    return None


def _fact(recipient: Mention | None, surface: Mention, amount: Mention | None, ctx: _Context,
          window: str, rule: str) -> FundingFact:
    name = canonical_source(surface.text)
    return FundingFact(
        recipient=recipient,
        source=name,
        source_mention=Mention(written_source(surface.text), surface.start, surface.end),
        sentence=ctx.sentence,
        amount=amount.text if amount else None,
        value_yuan=parse_amount(amount.text) if amount else None,
        level=q.level_of(surface.text, window[-4:] if window else ""),
        year=q.year_of(window + surface.text),
        batch=q.batch_of(window + surface.text),
        rule=rule,
    )


# -- lists ----------------------------------------------------------------------------------


@functools.cache
def _intro_regex() -> re.Pattern[str]:
    intros = sorted(load_lexicon("lexicon/funding_list_intros.txt"), key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, intros)) + ")[:：]?")


def _list_facts(text: str, sentence: tuple[int, int], lists: _Lists, ctx: _Context) -> tuple[list[FundingFact], tuple[int, int]]:
    """Facts of a list of amounts in (or continued by) the sentence, and the span left over."""
    intro = _intro_regex().search(text, *sentence)
    if intro is not None:
        head = rc.clauses(text, (sentence[0], intro.start()))
        surface = text[slice(*rc.trim(text, *head[-1]))] if head else ""
        lists.source = canonical_source(surface) if _names_source(surface) else _clause_source(text, head)
        if lists.source is None and not _source_end(text, intro.end(), sentence[1]):
            lists.source = ctx.carried.at(text, sentence[0])  # 分项目看：A 3.5亿元，B 2.2亿元
        lists.active = True
        facts = _items(text, (intro.end(), sentence[1]), lists, ctx)
        return facts, (sentence[0], head[-1][0] if head else sentence[0])
    if lists.active and _item_shaped(text, sentence):
        return _items(text, sentence, lists, ctx), (sentence[1], sentence[1])
    lists.active = False
    return [], sentence


_SHARES = re.compile(r"[,，;；](?:其中|分别)(?:支持|用于|安排)?[:：]?")


def _shares(text: str, sentence: tuple[int, int], ctx: _Context) -> list[FundingFact]:
    """``兑现技改奖补资金1265.5万元，惠及企业23家，其中甲320万元、乙185.5万元``: each item
    of the list after 其中 has its share of the source a funding verb gave before it."""
    split = _SHARES.search(text, *sentence)
    if split is None:
        return []
    source = None
    for clause in rc.clauses(text, (sentence[0], split.start())):
        verb = _verb_table()[0].search(text, *clause)
        head = _head_regex().search(text, verb.end(), clause[1]) if verb else None
        if verb is not None and not _negation_regex().search(text, *clause):
            if head is not None:
                surface = text[verb.end():head.end()]
            else:  # 省级…专项资金下达我县2380万元，其中支持A项目800万元: the source before its verb
                before = list(_head_regex().finditer(text, clause[0], verb.start()))
                surface = text[slice(*rc.trim(text, clause[0], before[-1].end()))] if before and before[-1].end() == verb.start() else ""
            if surface and len(surface) <= _MAX_SOURCE and _named(canonical_source(surface)):
                source = canonical_source(surface)
    if source is None:
        opened = _verbless(text, (sentence[0], split.start()))
        source = canonical_source(opened[0].text) if opened is not None and opened[1].end == split.start() else None
    if source is None:
        return []
    facts = []
    start = split.end()
    for m in list(_ITEM_SPLIT.finditer(text, split.end(), sentence[1])) + [None]:
        end = m.start() if m else sentence[1]
        fact = _item(text, (start, end), source, ctx)
        if fact is not None and fact.recipient is not None:
            facts.append(fact)
        start = m.end() if m else end
    return facts


def _clause_source(text: str, clauses: Sequence[tuple[int, int]]) -> str | None:
    """The source a clause of a list's sentence before its intro names (as its subject, or
    after its verb), the last one that does (``其中，省级技改奖补资金2860万元，共支持项目11个，
    主要包括：…``, ``下达超长期特别国债资金1.83亿元，其中：…``)."""
    for clause in reversed(clauses):
        # (the subject's head: the first, not one in its bracketed short name)
        head = _head_regex().search(text, *clause)
        if head is not None:
            # (the source a verb of the clause names: 下达|超长期特别国债资金1.83亿元，其中：…)
            start = max([v.end() for v in _verb_table()[0].finditer(text, clause[0], head.start())], default=clause[0])
            surface = _SHARE_OPENER.sub("", text[slice(*rc.trim(text, start, head.end()))])
            if _names_source(surface):
                return canonical_source(surface)
    return None


_SHARE_OPENER = re.compile(r"^(?:其中|另外|此外|同时)[,，:：]?")


_VERBLESS_CUES = re.compile(r"其中|用于|用在|投向")
_VERBLESS_OPENER = re.compile(r"(?:具体(?:说|来说|来看|而言)|其中|另外|此外|同时|另有)?[,，:：]?")


def _verbless(text: str, sentence: tuple[int, int]) -> tuple[Mention, Mention] | None:
    """``具体说，地方政府专项债券2.6亿元，…``: the named source and amount a sentence
    opens with, no verb before them (a clause of a breakdown of the money a zone got)."""
    bullet = rc.BULLET.match(text, *sentence)
    start = _VERBLESS_OPENER.match(text, bullet.end() if bullet else sentence[0], sentence[1]).end()  # type: ignore[union-attr]
    earlier = False
    for head in _head_regex().finditer(text, start, min(sentence[1], start + _MAX_SOURCE)):
        amount = _amount_near(text, head.end(), sentence[1])
        surface = text[start:head.end()]
        if amount is None:
            # (通过地方政府专项债券筹集资金3.2亿元: a named source inside is no name of it)
            earlier = earlier or _named(canonical_source(surface))
            continue
        if (earlier or _verb_table()[0].search(surface) or _VERBLESS_BREAK.search(surface)
                or not _named(canonical_source(surface))
                or (amount.end < sentence[1] and text[amount.end] not in ",，;；。")):
            return None
        return Mention(surface, start, head.end()), amount
    return None


_VERBLESS_BREAK = re.compile(r"[，,。；;：:、()（）\s]")


def _verbless_facts(text: str, sentence: tuple[int, int], ctx: _Context) -> list[FundingFact]:
    """A source and its amount with no verb, then where the money went: ``中央预算内投资
    1.2亿元，全部用在A工程上`` (A gets it), ``地方政府专项债券2.6亿元，其中A 1.5亿元、B
    1.1亿元`` (the zone got the whole, :func:`_shares` its items)."""
    if sentence[1] <= sentence[0] or _verb_table()[0].search(text, *sentence):
        return []
    opened = _verbless(text, sentence)
    if opened is None:
        return []
    surface, amount = opened
    purpose = _purpose(text, amount.end, sentence[1])
    if purpose is not None:
        return [_fact(purpose, surface, amount, ctx, "", "funding:verbless-purpose")]
    if _SHARES.match(text, amount.end):
        return [_fact(None, surface, amount, ctx, "", "funding:verbless-total")]
    return []


def _names_source(surface: str) -> bool:
    """A list intro's subject that is a source itself (``政府专项债``主要包括…)."""
    heads = list(_head_regex().finditer(surface))
    return bool(heads) and heads[-1].end() == len(surface) and len(surface) <= _MAX_SOURCE and _named(canonical_source(surface))


def _item_shaped(text: str, sentence: tuple[int, int]) -> bool:
    """A sentence that is one list item: ``X N万元(…);``."""
    body = _TAIL.sub("", text[sentence[0]:sentence[1]])
    amounts = find_amounts(body)
    return bool(amounts) and amounts[-1].end == len(body) and not re.search(r"[,，:：]", body)


def _items(text: str, span: tuple[int, int], lists: _Lists, ctx: _Context) -> list[FundingFact]:
    lists.active = text[span[0]:span[1]].rstrip().endswith((";", "；", ":", "：")) or span[1] <= span[0]
    facts = []
    start = span[0]
    for m in list(_ITEM_SPLIT.finditer(text, span[0], span[1])) + [None]:
        end = m.start() if m else span[1]
        fact = _item(text, (start, end), lists.source, ctx)
        if fact:
            facts.append(fact)
        start = m.end() if m else end
    return facts


def _item(text: str, span: tuple[int, int], source: str | None, ctx: _Context) -> FundingFact | None:
    """One list item ``X N万元``: X is the recipient of ``source``, or names a source itself."""
    amounts = find_amounts(text[span[0]:span[1]], span[0])
    if source and amounts and _SHARE_LEAD.fullmatch(text, span[0], amounts[0].start):
        # (其中)2.2亿元用于A项目: the share first, then what it is for
        purpose = _purpose(text, amounts[0].end, span[1])
        if purpose is not None:
            return _fact(purpose, Mention(source, span[0], span[1]), amounts[0], ctx, "", "funding:list")
    if not amounts or _TAIL.sub("", text[amounts[-1].end:span[1]]):
        return None
    amount, x_end = amounts[-1], amounts[-1].start
    if source:
        verb = next((v for v in _verb_table()[0].finditer(text, span[0], x_end) if v.end() == x_end), None)
        x_end = verb.start() if verb else x_end  # (A项目获得1.6亿元)
        rec = rc.read_recipients(text, span[0], x_end)
        if rec.status not in ("named", "subject") or len(rec.names) > 1:
            return None
        recipient = rec.names[0] if rec.names else None
        return _fact(recipient, Mention(source, span[0], x_end), amount, ctx, "", "funding:list")
    head = _source_end(text, span[0], x_end)
    if head is None or head.end() != x_end:
        return None
    return _split_fact(text, (span[0], x_end), amount, ctx, "funding:list-item")


_SHARE_LEAD = re.compile(r"\s*(?:其中|另有)?[:：,，]?\s*")


def _split_fact(text: str, span: tuple[int, int], amount: Mention | None, ctx: _Context, rule: str) -> FundingFact | None:
    """``X S`` with no verb: split the recipient X (if any) off the source S."""
    start, end = rc.trim(text, *span)
    recipient_end, source_start = _split_point(text, start, end, ctx.known)
    surface = Mention(text[source_start:end], source_start, end)
    if not _named(canonical_source(surface.text)) or len(surface.text) > _MAX_SOURCE:
        return None
    recipient = None
    if recipient_end > start:
        rec = rc.read_recipients(text, start, recipient_end)
        if rec.status == "generic" or rec.status == "junk":
            return None
        recipient = rec.names[0] if rec.names else None
    return _fact(recipient, surface, amount, ctx, text[start:source_start], rule)


def _split_point(text: str, start: int, end: int, known: frozenset[str]) -> tuple[int, int]:
    """Where a recipient written before a source ends, and where the source starts."""
    names = [start + len(k) for k in known if text.startswith(k, start)]
    names += [e for e in range(start + 2, end - 1) if rc.has_head(text[start:e]) and rc.classify(text[start:e]) == "name"]
    batches = [m.end() for m in q.table_regex("qualifier_batches.txt").finditer(text, start, end)]
    for cut in sorted(set(names + batches), reverse=True):
        if _named(canonical_source(text[cut:end])):
            return max([n for n in names if n <= cut], default=start), cut
    return start, start


# -- fund deals -------------------------------------------------------------------------------


@functools.cache
def _fund_deal_regex() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{e})" for e, _ in load_table("lexicon/funding_fund_deals.txt")))


def _fund_deals(text: str, sentence: tuple[int, int], ctx: _Context) -> list[FundingFact]:
    """``…成立X基金,以基金招商方式成功签约甲、乙等项目``: the fund backs each firm it brought in."""
    deal = _fund_deal_regex().search(text, *sentence)
    if deal is None:
        return []
    fund = _last_fund(text, sentence[0], deal.start())
    if fund is None:
        return []
    rec = rc.read_recipients(text, deal.start("names"), deal.end("names"))
    return [_fact(r, fund, None, ctx, "", "funding:fund-deal") for r in rec.names]


def _last_fund(text: str, start: int, end: int) -> Mention | None:
    """The last named fund (``…基金``, not in quotes) written in ``text[start:end]``."""
    found = None
    for clause in rc.clauses(text, (start, end)):
        for m in re.finditer(r"基金", text[clause[0]:clause[1]]):
            stop = clause[0] + m.end()
            if text[stop:stop + 1] in "”\"":
                continue
            begin = _fund_start(text, clause[0], stop)
            if _named(text[begin:stop]):
                found = Mention(text[begin:stop], begin, stop)
    return found


def _fund_start(text: str, start: int, end: int) -> int:
    """Where a fund's name starts: after the last verb-like word before it (成立, 设立 …)."""
    cut = start
    for m in re.finditer("|".join(map(re.escape, load_lexicon("lexicon/funding_fund_openers.txt"))), text[start:end]):
        cut = start + m.end()
    return cut


# -- verbs ----------------------------------------------------------------------------------


@functools.cache
def _verb_table() -> tuple[re.Pattern[str], dict[str, str]]:
    rows = load_table("lexicon/funding_verbs.txt")
    ordered = sorted((e for e, _ in rows), key=lambda s: (-len(s), s))
    return re.compile("|".join(map(re.escape, ordered))), dict(rows)


@functools.cache
def _negation_regex() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{e})" for e, _ in load_table("lexicon/funding_negations.txt")))


def _clause_facts(text: str, clause: tuple[int, int], ctx: _Context, note: bool = True) -> list[FundingFact]:
    """The facts a clause states; when it states none and ``note``, the holder it names
    is remembered for the clauses after it."""
    if _negation_regex().search(text, *clause):
        return []
    regex, kinds = _verb_table()
    facts: list[FundingFact] = []
    region = clause[0]
    verbs = list(regex.finditer(text, *clause))
    for i, verb in enumerate(verbs):
        kind = kinds[verb.group()]
        if i + 1 < len(verbs) and _source_end(text, verb.end(), verbs[i + 1].start()) is None:
            continue  # 争取…发行专项债券: the verb next to the source states it
        new = _after_facts(text, clause, verb, ctx) if kind == "after" else _verb_facts(text, (region, clause[1]), verb, kind, ctx)
        if new:
            facts.extend(new)
            region = verb.end()
    if not facts and note:
        _note_names(text, clause, ctx)
    return facts


@functools.cache
def _any_verb() -> re.Pattern[str]:
    """Funding verbs and honour triggers: where the holder of a clause ends."""
    words = load_lexicon("lexicon/funding_verbs.txt") | load_lexicon("lexicon/honour_triggers.txt")
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


def _note_names(text: str, clause: tuple[int, int], ctx: _Context) -> None:
    """Remember the holder of a clause that states no funding (``帮助施可丰成功获批…``)."""
    verb = _any_verb().search(text, *clause)
    if verb is None:
        return
    rec = rc.read_recipients(text, clause[0], verb.start())
    if rec.status in ("named", "generic", "subject"):
        ctx.names = rec.names
        ctx.counted, ctx.subject = rec.status == "generic", rec.status == "subject"


def _verb_facts(text: str, span: tuple[int, int], verb: re.Match[str], kind: str, ctx: _Context) -> list[FundingFact]:
    """``R 获批 S N万元`` (or ``R 获 N万元 S``)."""
    start, end = verb.end(), span[1]
    head = _source_end(text, start, end)
    if head is None and kind in ("receive", "seek"):
        return _label_facts(text, span, verb, kind, ctx)
    if head is None or (kind == "assist" and not _completed(text, span[0], verb.start())):
        return []
    inner = [a for a in find_amounts(text[start:head.start()], start)]
    source_start = inner[-1].end if inner else start
    surface = Mention(text[source_start:head.end()], source_start, head.end())
    if _referring().match(surface.text):  # 获得同一专项资金: the source named before it
        referred = ctx.carried.at(text, span[0])
        if referred is None:
            return []
        surface = Mention(referred, source_start, head.end())
    if not _named(canonical_source(surface.text)) and kind in ("receive", "seek") and not inner:
        return _label_facts(text, span, verb, kind, ctx, after=head.end())  # 获得奖补资金410万元
    if not _named(canonical_source(surface.text)) or len(surface.text) > _MAX_SOURCE:
        return []
    ctx.carried.set(text, span[0], canonical_source(surface.text))
    amount = inner[-1] if inner else _amount_near(text, head.end(), end) or _amount_near(text, head.end() + 1, end)
    if kind == "seek" and amount is None and not _completed(text, span[0], verb.start()):
        return []
    purpose = _purpose(text, amount.end if amount else head.end(), ctx.sentence[1])
    recipients = _recipients(text, (span[0], verb.start()), kind, ctx, purpose)
    if recipients is None:
        return []
    window = text[span[0]:source_start]
    amounts = _respective(text, span[0], amount, end, len(recipients)) or [amount] * len(recipients)
    return [_fact(r, surface, a, ctx, window, f"funding:{kind}") for r, a in zip(recipients, amounts)]


_RESPECTIVE = re.compile(r"分别|各自")
_AMOUNT_JOINT = re.compile(r"[、和及与]|以及")


def _respective(text: str, start: int, first: Mention | None, end: int, count: int) -> list[Mention | None] | None:
    """``甲、乙分别获得…资金2100万元、860万元``: as many amounts listed one after the other
    as there are recipients, in their order, when the clause says 分别 before them;
    ``None`` otherwise (each recipient is given the one amount)."""
    if first is None or count < 2 or not _RESPECTIVE.search(text, start, first.start):
        return None
    listed: list[Mention | None] = [first]
    following = find_amounts(text[first.end:end], first.end)
    for amount in following:
        last = listed[-1]
        assert last is not None
        if not _AMOUNT_JOINT.fullmatch(text, last.end, amount.start):
            break
        listed.append(amount)
    return listed if len(listed) == count else None


@functools.cache
def _referring() -> re.Pattern[str]:
    """Openers of a source that refers back (``funding_referring.txt``: 同类资金, 同一专项资金)."""
    return re.compile("|".join(map(re.escape, sorted(load_lexicon("lexicon/funding_referring.txt"), key=len, reverse=True))))


def _label_facts(text: str, span: tuple[int, int], verb: re.Match[str], kind: str, ctx: _Context,
                 after: int | None = None) -> list[FundingFact]:
    """A verb with an amount right after it (or after an unnamed source, ``after``) and
    no named source: ``● 中央预算内投资：到位4800万元，用于A工程`` (a bulleted line's
    label before the colon that opens the clause is the source), or ``B工程获得9800万元``
    in a paragraph about one source (:class:`_Carried`; then only a recipient named in
    the clause or its purpose gets it)."""
    amount = _amount_near(text, verb.end() if after is None else after, span[1])
    if amount is None:
        return []
    purpose = _purpose(text, amount.end, ctx.sentence[1])
    label = _label_source(text, span[0]) if after is None else None
    if label is not None:
        recipients = _recipients(text, (span[0], verb.start()), kind, ctx, purpose)
        return [_fact(r, label, amount, ctx, "", "funding:label") for r in recipients or ()]
    carried = ctx.carried.at(text, span[0])
    if carried is None:
        return []
    rec = rc.read_recipients(text, span[0], verb.start())
    named = list(rec.names) if rec.status == "named" else [purpose] if purpose else []
    source = Mention(carried, verb.start(), verb.end())
    return [_fact(r, source, amount, ctx, "", "funding:carried") for r in named]


def _label_source(text: str, start: int) -> Mention | None:
    """The named source a line's label gives when ``start`` follows its colon."""
    colon = start - 1
    if colon < 0 or text[colon] not in ":：":
        return None
    line = text.rfind("\n", 0, colon) + 1
    a = rc.BULLET.match(text, line, colon).end()  # type: ignore[union-attr]
    label = text[a:colon].strip()
    head = _head_regex().search(label)
    if not 2 <= len(label) <= _MAX_SOURCE or head is None or head.end() != len(label) or not _named(canonical_source(label)):
        return None
    return Mention(label, colon - len(label), colon)


@functools.cache
def _completion_regex() -> re.Pattern[str]:
    cues = sorted(load_lexicon("lexicon/funding_completion_cues.txt"), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, cues)))


def _completed(text: str, start: int, end: int) -> bool:
    """A cue before the verb saying the effort succeeded or was done for a firm (已, 帮助…)."""
    return _completion_regex().search(text, start, end) is not None


@functools.cache
def _purpose_regex() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{e})" for e, _ in load_table("lexicon/funding_purposes.txt")))


def _purpose(text: str, start: int, end: int) -> Mention | None:
    """The one named recipient of a purpose written after the amount (``,用于A项目建设``)."""
    m = _purpose_regex().match(text[start:end])
    if m is None:
        return None
    a, b = start + m.start("r"), start + m.end("r")
    listed = _PURPOSE_LISTED.search(text, a, b)
    if listed is not None:
        b = listed.start()  # 用于A管廊等基础设施建设: A, the one named
    heads = list(_PURPOSE_HEAD.finditer(text, a, b))
    if heads and heads[-1].end() < b:
        b = heads[-1].end()  # 用于A项目研发设备购置: the project, less what the money buys
    rec = rc.read_recipients(text, a, b)
    if rec.status == "named" and len(rec.names) == 1:
        return rec.names[0]
    if rec.status == "named" and heads and not rc.has_head(rec.names[0].text):
        # 用于纬三路及配套管网工程: one works name that holds 及, not two recipients
        whole = rc.clean_item(text, a, b)
        return whole if rc.is_name(whole.text) else None
    return None


_PURPOSE_HEAD = re.compile(r"项目|工程")
_PURPOSE_LISTED = re.compile(r"等(?:基础设施|配套设施|公共设施|项目|工程)?$")


def _after_facts(text: str, clause: tuple[int, int], verb: re.Match[str], ctx: _Context) -> list[FundingFact]:
    """``R S N万元已拨付``: the verb comes after the amount."""
    amounts = [a for a in find_amounts(text[clause[0]:verb.start()], clause[0]) if verb.start() - a.end <= 1]
    if not amounts:
        return []
    head = _head_before(text, clause[0], amounts[-1].start)
    if head is None:
        return []
    fact = _split_fact(text, (clause[0], head), amounts[-1], ctx, "funding:after")
    return [fact] if fact else []


def _head_before(text: str, start: int, end: int) -> int | None:
    """The end of a source head that closes ``text[start:end]``."""
    for m in _head_regex().finditer(text, start, end):
        if m.end() == end:
            return end
    return None


def _recipients(text: str, span: tuple[int, int], kind: str, ctx: _Context,
                purpose: Mention | None = None) -> list[Mention | None] | None:
    """Recipients before a verb: named ones, ``[None]`` for the subject, ``None`` for
    none. A ``purpose`` named after the amount (``…N万元,用于A项目``) is the recipient
    unless the clause names one before its verb: it is more precise than the subject,
    the holder of an earlier clause or the paragraph's topic."""
    rec = rc.read_recipients(text, *span)
    if rec.status == "named":
        ctx.names, ctx.subject = rec.names, False
        return list(rec.names)
    if purpose is not None:
        return [purpose]
    if rec.status == "subject" and kind != "payout":
        ctx.names, ctx.subject = (), True
        return [None]
    if rec.status != "empty" or ctx.counted:
        return None
    if ctx.names:
        return list(ctx.names)
    if ctx.subject:
        return [None] if kind != "payout" else None
    topic = ctx.topics.inherited(text, ctx.done)
    if topic:
        return [topic]
    return [None] if kind != "payout" else None


def _dedupe(facts: list[FundingFact]) -> list[FundingFact]:
    seen: set[tuple[str | tuple[int, int], str]] = set()
    referring = load_lexicon("lexicon/recipient_anaphora.txt")
    out = []
    for f in facts:
        # (a grant with no holder named is the subject's, or the project a paragraph is
        # headed by: one per sentence; so is one to 该项目, whatever it refers to there)
        named = f.recipient is not None and f.recipient.text not in referring
        key = (f.recipient.text if named else f.sentence, f.source)  # type: ignore[union-attr]
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


__all__ = ["canonical_source", "extract_funding"]
