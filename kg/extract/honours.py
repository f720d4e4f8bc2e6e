"""RECEIVED_HONOUR facts: titles, awards, designations and list inclusions granted to a holder.

Rules (GUIDELINES.md, "Honour"), all driven by the data files ``kg/data/lexicon/honour_*``:

* **Trigger** — ``R 获批/获评/荣获/被评为/认定为/入选/列入…名单/通过…认证/授予…称号 H``
  (``honour_triggers.txt``). After a *weak* trigger (``获得``, ``成为``, ``列入`` …) the
  object must end in an honour head (``honour_heads.txt``). Cues such as ``力争``,
  ``申报中``, ``计划`` before the trigger cancel it (``honour_negations.txt``);
  ``成功申报`` is a grant (the report states the outcome), bare ``申报`` is not a trigger.
* **Holders** — read by ``recipients.py``: named items, or the subject zone (``开发区``,
  no subject at all), or the holder carried over from an earlier clause of the sentence.
  Counted or generic holders (``x家企业``) give no fact: the title is then a category.
* **Honour name** — the object as written, cut at its end (``称号``, ``名单``, a count in
  brackets …) and start (``设立``, ``全市唯一的`` …) by ``honour_trim.txt``, without year,
  batch, grade or quotes; ``A和B`` gives two honours. Objects that are money, land or
  permits (``honour_not.txt``) or generic (``honour_generic.txt``) are dropped.
* **Frames** — a contest or evaluation (``在…考核中``, ``参加…竞赛``, ``通过…验收``,
  ``honour_frames.txt``): a later grade-only object (``荣获二等奖``) is that grade *in* it.
* **Lists** — ``甲、乙等省重大项目x个`` (``honour_lists.txt``); **designations** before
  a name — ``省重点建设项目金西污水处理厂二期`` (``recipient_appositives.txt``).
* **Published lists** — ``公布…名单,甲、乙榜上有名`` (``honour_listed.txt``).
* **Anaphora** — ``同获此殊荣`` repeats the honour just named (``honour_anaphora.txt``).
* **Once per document** — the same holders, grade and honour (equal without the level
  prefix, or one name holding the other) are one fact: headings restate paragraphs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from kg.extract import honour_names as hn
from kg.extract import qualifiers as q
from kg.extract import recipients as rc
from kg.extract.honour_names import clean_honour
from kg.extract.types import HonourFact, Mention
from kg.lexicon import load_lexicon, load_regex, load_table, may_match, may_match_in, touched

_BOUNDARY = re.compile(r"、|并且?|同时")
_QUOTE_MARK = re.compile(r"[“《”》]")
_SAME_MIN = 6  # a shorter name inside a longer one is the same honour only from this length


@dataclass(frozen=True)
class _Trigger:
    start: int
    end: int
    kind: str


@dataclass
class _Context:
    """What a sentence has said so far: holders, contest frame, last honour."""

    sentence: tuple[int, int]
    previous: HonourFact | None
    names: tuple[Mention, ...] = ()
    subject: bool = False  # the last holder was the subject zone (开发区获批A,并获评B)
    frame: str | None = None
    done: list[tuple[int, int]] = field(default_factory=list)
    topics: rc.Topics = field(default_factory=rc.Topics)  # see Topics: read with ``done``


def extract_honours(text: str, sentences: Sequence[tuple[int, int]]) -> list[HonourFact]:
    """Honours granted to named holders (or to the subject zone) in a repaired document.

    Args:
        text: the whole repaired document.
        sentences: sentence spans in ``text``.

    Returns:
        One fact per honour and sentence, with document offsets, in text order.
    """
    facts: list[HonourFact] = []
    # The sentences that may hold a trigger, a designation or a list, each found in one
    # pass over the text (most sentences hold none); each is then tested as before.
    with_trigger = touched(_trigger_table()[0], text, sentences)
    with_apposition = range(len(sentences)) if _cut_sensitive(_apposition()) else may_match_in(_apposition(), text, sentences)
    with_list = may_match_in(_lists(), text, sentences)
    with_decision = touched(_decision_regex(), text, sentences)
    granted: list[HonourFact] = []  # (granted to holders counted, not named: 3家企业为…)
    for i, sentence in enumerate(sentences):
        # Frames and holders only matter to triggers: a sentence without one skips them.
        triggered = i in with_trigger and _trigger_table()[0].search(text, *sentence) is not None
        # Designations and lists are looked for in the clauses of a sentence that may
        # hold one (a list's clause is all list: the words it needs are in the sentence).
        apposed = i in with_apposition and _may_match(_apposition(), text, sentence)
        listed = i in with_list and may_match(_lists(), text, *sentence)
        if not (triggered or apposed or listed or i in with_decision):
            continue  # no clause of it can state an honour
        ctx = _Context(sentence, facts[-1] if facts else None)
        if i in with_decision:
            decided, unnamed = _decision_facts(text, sentence, ctx)
            granted += unnamed
            if decided or unnamed:
                facts.extend(decided)
                continue
        for clause in rc.clauses(text, sentence):
            label = rc.bullet_label(text, clause) if triggered else None
            if label is not None:
                ctx.names, ctx.subject = (label,), False  # ● 博川机电：认定为…: the line's holder
            facts.extend(_clause_facts(text, clause, ctx, triggered, apposed, listed))
            ctx.done.append(clause)
    if facts or granted:
        facts.extend(_heading_lists(text, [*facts, *granted]))
    facts.extend(_colon_lists(text))
    facts.extend(_counted_names(text))
    return _dedupe([f for f in facts if not _proposed(text, f.honour_mention)])


def _proposed(text: str, title: Mention) -> bool:
    """Whether a title is a proposal under notice (``…拟认定名单``, ``拟入选…``:
    ``honour_proposals.txt``), which grants nothing yet."""
    return hn.regex_of("honour_proposals.txt").search(text, max(0, title.start - 3), title.end) is not None


# A leveled title counted, then its holders in brackets or after a colon:
# 新增国家级专精特新“小巨人”企业3家（甲、乙、丙）, 新认定省级企业技术中心2家：甲、乙.
# Found from the count (rare) backwards: the title is the clause's text before it.
# (or after a comma and a word that introduces them: …企业14家，主要有甲、乙、丙等)
@functools.cache
def _counted_at() -> re.Pattern[str]:
    intros = load_regex("lexicon/honour_count_intros.txt").pattern
    return re.compile(r"(?<![0-9一二三四五六七八九十两])[0-9一二三四五六七八九十两]{1,4}[家个项][ \t]*"
                      r"(?:[（(](?P<names>[^（()）\n]{2,200})[）)]|[：:](?P<colon>[^。；;：:\n]{2,200})"
                      rf"|[，,][ \t]*(?:{intros})[：:]?(?P<intro>[^，,。；;：:\n]{{2,200}}))")
_TITLE_BEFORE = re.compile(r"[^，,。；;：:\n（()）]{3,40}$")


def _counted_names(text: str) -> list[HonourFact]:
    """Holders named in brackets (or after a colon) behind a counted, leveled title."""
    out: list[HonourFact] = []
    for m in _counted_at().finditer(text):
        before = _TITLE_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if before is None:
            continue
        pre = before.group().rstrip(" \t")
        at = max((lead.end() for lead in load_regex("lexicon/honour_count_leads.txt").finditer(pre)), default=0)
        if q.level_start(pre[at:]) != 0:
            continue  # (the title opens with its level: 省级绿色工厂, 国家级…)
        group = next(g for g in ("names", "colon", "intro") if m.group(g) is not None)
        fact = _titled_holders(text, (before.start() + at, before.start() + len(pre)), (m.start(group), m.end(group)),
                               before.start(), "", "honour:counted-names")
        if fact is not None:
            out.append(fact)
    return out


# A line that names an honour, maybe its batch in brackets, then after a colon its holders:
# 2.省级专精特新中小企业（2023年第一批）：甲、乙、丙等9家
_COLON_LIST = re.compile(r"^[ \t]*" + rc.BULLET_MARK + r"?[ \t]*(?P<h>[^：:，,。；;\n（(]{4,30})[ \t]*"
                         r"(?:[（(](?P<q>[^）)\n]{1,24})[）)])?[ \t]*[：:][ \t]*(?P<names>[^。：:\n]{2,400})", re.MULTILINE)


def _colon_lists(text: str) -> list[HonourFact]:
    """Holders listed after a colon that follows an honour's name alone at a line's start
    (the honour leveled and headed as a title: 省级绿色工厂, 国家级专精特新“小巨人”企业);
    a count after 等 ends the list."""
    out: list[HonourFact] = []
    for m in _COLON_LIST.finditer(text):
        fact = _titled_holders(text, m.span("h"), m.span("names"), m.start("h"), m.group("q") or "", "honour:colon-list")
        if fact is not None:
            out.append(fact)
    return out


def _titled_holders(text: str, title: tuple[int, int], names: tuple[int, int], opening: int, qualifier: str,
                    rule: str) -> HonourFact | None:
    """The named holders in ``names`` of the leveled, headed title ``text[title]`` (not
    negated since ``opening``); ``qualifier`` is a bracket after the title (its batch)."""
    raw = hn.QUOTES.sub("", text[title[0]:title[1]]).strip()
    name, grade = hn.clean_honour(raw)
    if grade is not None or q.level_of(raw) is None or not hn.has_honour_head(name) or not hn.acceptable(name, "strong") \
            or _negated(text, opening, title[1]):
        return None
    rec = rc.read_recipients(text, *names)
    if rec.status != "named":
        return None
    context = text[opening:title[1]] + qualifier
    return HonourFact(rec.names, name, Mention(name, *title), (opening, names[1]), level=q.level_of(raw),
                      year=q.year_of(context), batch=q.batch_of(context), rule=rule)


def _heading_lists(text: str, facts: Sequence[HonourFact]) -> list[HonourFact]:
    """The holders listed under a heading that names an honour granted in the text (a
    decision's attachment: ``一、工业经济十强企业（10家）`` then one holder a line, as a
    table row or a numbered item, or one line of names split by 、): each line's first
    cell holds the honour, until a heading that names none, prose or the end."""
    granted = {f.honour: f for f in facts}
    out: list[HonourFact] = []
    current: HonourFact | None = None
    pos = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        end = start + len(line.rstrip())
        body = rc.BULLET.match(text, start, end).end()  # type: ignore[union-attr] # (its mark is optional: it always matches)
        heading = _HEADING_BODY.match(text, body, end)
        named = None if heading is None else _granted_in(heading.group("h"), granted)
        if named is not None and body > start:  # a marked line (一、…) naming a granted honour
            current = named
            continue
        if current is None:
            continue
        if end == start or _ORDINAL_HEADING.match(text, start, end) or end - body > _MAX_ROW:
            current = None  # a blank line, 二、其他… or prose: the list is over
            continue
        row = _ROW_NUMBER.match(text, body, end)
        cell = _ROW_CELL.match(text, row.end() if row else body, end)
        if cell is None:
            continue
        names = []
        for item in _ROW_ITEMS.finditer(text, cell.start(), cell.end()):
            mention = rc.clean_item(text, item.start(), item.end())
            if rc.has_head(mention.text, strong=True) and rc.classify(mention.text) == "name":
                names.append(mention)
        if names:
            out.append(replace(current, recipients=tuple(names), sentence=(start, end), rule="honour:heading-list"))
    return out


def _granted_in(heading: str, granted: dict[str, HonourFact]) -> HonourFact | None:
    """The granted honour a heading's words name (after a year: 2025年度十强企业)."""
    bare = _YEAR_OPENING.sub("", heading)
    found = granted.get(bare) or granted.get(clean_honour(bare)[0])
    if found is None:  # 绿色工厂 under 确定…为省级绿色工厂: the same honour without its level
        core = hn.core(clean_honour(bare)[0])
        found = next((f for name, f in granted.items() if len(core) >= 4 and hn.core(name) == core), None)
    return found


_MAX_ROW = 120  # longer lines are prose, not a list's rows
_HEADING_BODY = re.compile(r"(?P<h>[^（(：:，,。；;\s]{4,30})\s*(?:[（(][^）)]*[）)])?\s*[：:]?\s*$")
_ORDINAL_HEADING = re.compile(r"\s*(?:[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十]{1,3}[)）])")
# a table row's number (1 青屿蓝芯微电子有限公司 青屿芯谷; repair may have taken the space)
_ROW_NUMBER = re.compile(r"[0-9]{1,3}(?:\s+|(?=[\u4e00-\u9fff]))")
_ROW_CELL = re.compile(r"[^\s|｜（(，,。；;：:]+")
_ROW_ITEMS = re.compile(r"[^、及]+")
_YEAR_OPENING = re.compile(r"^(?:20[0-9]{2}|[0-9]{2})年度?")


# Assertions whose outcome depends on where the searched text is cut.
_CUT_SENSITIVE = re.compile(r"[$]|(?<!\[)\^|\(\?[=!<]|\\[bBAZ]")


def _cut_sensitive(regex: re.Pattern[str]) -> bool:
    """Whether ``regex`` might assert something at the edges of the text it is given
    (``^``, ``$``, lookarounds, word boundaries): over-cautious, a literal ``$`` counts."""
    return _cut_sensitive_pattern(regex.pattern)


@functools.cache
def _cut_sensitive_pattern(pattern: str) -> bool:
    """:func:`_cut_sensitive`, remembered by the pattern's text (a compiled pattern's
    hash is worked out from its whole program, on every call)."""
    return _CUT_SENSITIVE.search(pattern) is not None


def _may_match(regex: re.Pattern[str], text: str, span: tuple[int, int]) -> bool:
    """Whether ``regex`` may match inside a part of ``text[span[0]:span[1]]``: ``False``
    only when it matches nowhere in the span and asserts nothing at a part's edges (a
    match inside a part would then be one in the span)."""
    return _cut_sensitive(regex) or (may_match(regex, text, *span) and regex.search(text, *span) is not None)


def _clause_facts(text: str, clause: tuple[int, int], ctx: _Context, triggered: bool = True,
                  apposed: bool = True, listed: bool = True) -> list[HonourFact]:
    found = (_list_facts(text, clause, ctx) if listed else []) + (_appositive_facts(text, clause, ctx) if apposed else [])
    if not triggered:
        return found
    _note_frame(text, clause, ctx)
    triggers = _triggers(text, clause)
    region = clause[0]
    for i, trig in enumerate(triggers):
        nxt = triggers[i + 1].start if i + 1 < len(triggers) else clause[1]
        obj_end, next_region = _object_end(text, trig.end, nxt, i + 1 == len(triggers))
        new = _trigger_facts(text, (region, clause[0]), trig, obj_end, ctx)
        found.extend(new)
        if new:
            ctx.previous = new[-1]
        region = next_region
    return found


# -- decisions ----------------------------------------------------------------------


@functools.cache
def _decision_regex() -> re.Pattern[str]:
    return load_regex("lexicon/honour_decisions.txt")


_CLAUSE_BREAK = re.compile(r"[，,；;]")
# 为 as "to be" (not 作为, 成为, 认为, 为了, 为主, 更为 …: the characters around it)
_COPULA = re.compile(r"(?<![作成认称更最较极尤因广行])为(?![了主止此何期])")


def _decision_facts(text: str, sentence: tuple[int, int], ctx: _Context) -> tuple[list[HonourFact], list[HonourFact]]:
    """``确定甲公司等13家企业为2024年度省级绿色工厂，乙园区、丙园区为省级绿色园区，3家企业为…``:
    a decision verb with its holders before 为 and the honour after it; each later clause
    of the sentence of the same shape is a grant by the same verb. Counted holders (3家
    企业) name no one: their grants are returned apart (a list under a heading may name
    them). A negated decision (拟确定, 公示…拟认定) grants nothing."""
    verb = _decision_regex().search(text, *sentence)
    while verb is not None and (text.startswith("为", verb.end()) or text[verb.start() - 1 : verb.start()] == "被"):
        verb = _decision_regex().search(text, verb.end(), sentence[1])  # (认定为: a trigger; 被确定: passive)
    if verb is None:
        return [], []
    opening = max([sentence[0], *(m.end() for m in _CLAUSE_BREAK.finditer(text, sentence[0], verb.start()))])
    if _negated(text, opening, verb.start()):
        return [], []  # (in the verb's own clause: 经…审核推荐,确定… is a decision after a review)
    out: list[HonourFact] = []
    unnamed: list[HonourFact] = []
    start = verb.end()
    while start < sentence[1]:
        brk = _CLAUSE_BREAK.search(text, start, sentence[1])
        end = brk.start() if brk else sentence[1]
        copula = _COPULA.search(text, start, end)
        if copula is None or copula.start() - start < 2:
            break  # the list of grants is over
        rec = rc.read_recipients(text, start, copula.start())
        if rec.status == "junk":
            break  # (批准升级为省级高新区: a verb before 为, not the holders; the trigger reads it)
        trig = _Trigger(copula.start(), copula.end(), "decision")
        for h in _object_honours(text, (copula.end(), end), "weak", ctx, rec):
            fact = _fact(h, rec.names, ctx, (text[_rec_end(rec, start):copula.start()], ""), text, (copula.end(), end), trig)
            fact = fact if fact.year or not out else replace(fact, year=out[0].year)  # (the decision's year)
            (out if rec.status == "named" else unnamed).append(fact)
        start = end + 1
    return out, unnamed


# -- triggers -----------------------------------------------------------------------


@functools.cache
def _trigger_table() -> tuple[re.Pattern[str], dict[str, str]]:
    rows = load_table("lexicon/honour_triggers.txt")
    ordered = sorted((e for e, _ in rows), key=lambda s: (-len(s), s))
    return re.compile("|".join(re.escape(e) for e in ordered)), dict(rows)


def _excluded(text: str, start: int, end: int) -> bool:
    """Whether the trigger at ``[start, end)`` lies inside a word that is no trigger (获得感)."""
    for word in _exclusions_sharing(text[start:end]):
        # ``word`` written at some position in [start - len(word) + 1, end)
        if text.find(word, max(0, start - len(word) + 1), end + len(word) - 1) >= 0:
            return True
    return False


@functools.lru_cache(maxsize=1024)
def _exclusions_sharing(trigger: str) -> tuple[str, ...]:
    """The words of ``honour_trigger_exclusions.txt`` with a character of ``trigger``:
    only those can be written over it."""
    return tuple(w for w in load_lexicon("lexicon/honour_trigger_exclusions.txt") if not w or not set(w).isdisjoint(trigger))


def _triggers(text: str, clause: tuple[int, int]) -> list[_Trigger]:
    """Trigger words in a clause, left to right (quoted titles are skipped)."""
    regex, kinds = _trigger_table()
    out, depth = [], 0
    i, end = clause
    # Each position is visited as by a left-to-right walk that updates the quote depth
    # and tries the trigger regex where the depth is 0; the walk jumps over stretches
    # where nothing can happen (no quote mark and, inside quotes, no match tried).
    while i < end:
        q = _QUOTE_MARK.search(text, i, end)
        if depth <= 0:
            m = regex.search(text, i, end)
            if m is not None and (q is None or m.start() < q.start()):
                if not _excluded(text, m.start(), m.end()):
                    out.append(_Trigger(m.start(), m.end(), kinds[m.group()]))
                    i = m.end()
                else:
                    i = m.start() + 1
                continue
        if q is None:
            break
        i = q.start()  # a quote mark: change the depth, then try a match here
        depth += 1 if text[i] in "“《" else -1
        m = regex.match(text, i, end) if depth <= 0 else None
        if m and not _excluded(text, m.start(), m.end()):
            out.append(_Trigger(m.start(), m.end(), kinds[m.group()]))
            i = m.end()
            continue
        i += 1
    return out


def _object_end(text: str, start: int, nxt: int, last: bool) -> tuple[int, int]:
    """Where an object ends, and where the next trigger's holders start.

    ``称号`` closes a title; before another trigger in the clause the object ends at the
    last ``、`` / ``并`` between them (``甲获金奖、乙获银奖``).
    """
    title = text.find("称号", start, nxt)
    if title >= 0:
        return title + 2, nxt
    cut = None
    for m in _BOUNDARY.finditer(text, start, nxt):
        cut = m
    if cut is None or last:
        return nxt, nxt
    return cut.start(), cut.end()


def _negated(text: str, start: int, end: int) -> bool:
    return hn.regex_of("honour_negations.txt").search(text, start, end) is not None


# -- frames -------------------------------------------------------------------------


@functools.cache
def _frame_regexes() -> tuple[re.Pattern[str], ...]:
    words = "|".join(sorted(load_lexicon("lexicon/honour_frame_words.txt"), key=len, reverse=True))
    return tuple(re.compile(e.replace("EVAL", words)) for e, _ in load_table("lexicon/honour_frames.txt"))


def _find_frame(span: str) -> re.Match[str] | None:
    for regex in _frame_regexes():
        m = regex.search(span)
        if m:
            return m
    return None


def _note_frame(text: str, clause: tuple[int, int], ctx: _Context) -> None:
    """Remember a contest named in the clause, and a holder written before ``在…中``."""
    m = _find_frame(text[clause[0]:clause[1]])
    if m is None:
        return
    ctx.frame = _frame_title(m.group("f"))
    if m.start() > 0:
        rec = rc.read_recipients(text, clause[0], clause[0] + m.start())
        if rec.status == "named":
            ctx.names = rec.names


def _frame_title(frame: str) -> str:
    """A frame's honour: the quoted title inside it (``通过“泰山产业领军人才”期满验收``) or itself."""
    quoted = re.search(r"“([^”]{4,30})”", frame)
    if quoted and not _find_frame(quoted.group(1)) and hn.has_honour_head(quoted.group(1)):
        return quoted.group(1)
    return frame


# -- facts from a trigger -------------------------------------------------------------


def _trigger_facts(text: str, starts: tuple[int, int], trig: _Trigger, obj_end: int, ctx: _Context) -> list[HonourFact]:
    """Facts stated by one trigger; ``starts`` is (where its holders start, the clause start)."""
    region, clause_start = starts
    if _negated(text, clause_start, trig.start):
        return []
    left_end, after_frame = _cut_frame(text, region, trig.start, ctx)
    rec = rc.read_recipients(text, region, left_end)
    if rec.status in ("generic", "junk"):
        referred = rc.plural_referent(text, (region, left_end), ctx.done)
        if referred:  # 甲项目和乙项目分别位于…，两个项目均入选…: those two
            rec = rc.Recipients(tuple(rc.Item(m, "name") for m in referred))
    obj = (trig.end, obj_end)
    granted = _granted_to(text, trig, obj_end)
    if granted is not None:  # 授予甲、乙“…先进单位”称号: the holders follow the verb
        rec, obj = granted
    _keep_names(rec, ctx)
    raw_obj = text[obj[0]:obj[1]]
    if trig.kind == "pass" and _find_frame(raw_obj) and not hn.is_certificate(raw_obj):
        ctx.frame = _frame_title(raw_obj)  # 通过…验收: a review, graded further on
        return []
    # (a bare 入选 at a clause's end: 第七批…名单公布,甲、乙等7家企业入选 — the list named before)
    listed = trig.kind == "listed" or (trig.kind == "strong" and not raw_obj.strip(" ，,。；;、"))
    honours = _listed(text, ctx, region) if listed else _object_honours(text, obj, trig.kind, ctx, rec)
    holders = _holders(text, rec, ctx, text[region:trig.start], region == clause_start)
    if not honours and _title_like(rec) and hn.is_grade_object(raw_obj):
        honours, holders = [_Honour(rec.names[0].text, rec.names[0], rec.names[0].text, hn.clean_honour(raw_obj)[1])], ()
        ctx.names, ctx.subject = (), True
    if holders is None or not honours or (hn.COUNT.search(raw_obj) and not holders):
        return []
    window = text[_rec_end(rec, region):trig.start]
    if "分别" in window and 1 < len(holders) == len(honours):
        # 甲、乙分别获评A和B: each holder its own title, in order
        return [_fact(h, (holder,), ctx, (window, after_frame), text, obj, trig) for holder, h in zip(holders, honours)]
    return [_fact(h, holders, ctx, (window, after_frame), text, obj, trig) for h in honours]


def _granted_to(text: str, trig: _Trigger, obj_end: int) -> tuple[rc.Recipients, tuple[int, int]] | None:
    """The holders named between an active granting verb and a quoted title (``授予甲、
    乙“2024年度…先进单位”称号``), with the title's span; ``None`` where there are none."""
    if text[trig.start : trig.end] not in _ACTIVE_GRANTS or text[trig.start - 1 : trig.start] == "被":
        return None
    quote = text.find("“", trig.end, obj_end)
    if quote <= trig.end:
        return None
    rec = rc.read_recipients(text, trig.end, quote)
    return (rec, (quote, obj_end)) if rec.status == "named" else None


_ACTIVE_GRANTS = frozenset(("授予", "命名"))


def _cut_frame(text: str, region: int, end: int, ctx: _Context) -> tuple[int, str]:
    """A contest written before the trigger (``在…中``): where the holders end, and the text after it."""
    frame = _find_frame(text[region:end])
    if frame is None:
        return end, text[region:end]
    ctx.frame = _frame_title(frame.group("f"))
    return region + frame.start(), text[region + frame.end():end]


def _listed(text: str, ctx: _Context, end: int) -> list[_Honour]:
    """``公布…名单,甲、乙榜上有名``: the list published earlier in the sentence."""
    found = [m for regex in _list_regexes() for m in regex.finditer(text, ctx.sentence[0], end)]
    if not found:
        return []
    last = max(found, key=lambda m: m.end("h"))
    raw = last.group("h")
    name = hn.clean_honour(raw)[0]
    issuer = _ISSUER.search(text, max(ctx.sentence[0], last.start() - 20), last.start())
    if issuer:  # 工业和信息化部公布的…名单: the issuer gives the level
        raw = issuer.group() + raw
    if not hn.has_honour_head(name):
        name += "名单"
    mention = Mention(name, last.start("h"), last.end("h"))
    return [_Honour(name, mention, raw)] if hn.acceptable(name, "strong") else []


# The body that publishes a list, right before its verb (工业和信息化部等四部门公布…).
_ISSUER = re.compile(r"[\u4e00-\u9fff]{2,12}?(?:部|委|厅|局)(?:等[一二三四五六七八九十0-9]+个?(?:部门|部委|单位))?(?:联合)?$")


@functools.cache
def _list_regexes() -> tuple[re.Pattern[str], ...]:
    """``honour_listed.txt``, one regex per row (each names its list group ``h``)."""
    return tuple(re.compile(e) for e, _ in load_table("lexicon/honour_listed.txt"))


def _rec_end(rec: rc.Recipients, default: int) -> int:
    """Where the last named holder ends (the level cues of the agent come after it)."""
    return max((i.mention.end for i in rec.items), default=default)


def _keep_names(rec: rc.Recipients, ctx: _Context) -> None:
    """Remember who the clause is about (named holders or the subject) for later clauses."""
    if rec.status in ("named", "subject"):
        ctx.names, ctx.subject = rec.names, rec.status == "subject"


def _holders(text: str, rec: rc.Recipients, ctx: _Context, left: str, first: bool = False) -> tuple[Mention, ...] | None:
    """Named holders, ``()`` for the subject, ``None`` when the holders are not named
    (``first``: the trigger is the first of its clause)."""
    status = rec.status
    if status == "named":
        return rec.names
    if status == "subject":
        return ()
    if status == "generic" or (status == "junk" and "被" not in left):
        return None
    stated = not ctx.done or _triggers(text, ctx.done[-1])
    listed = rc.previous_list(text, ctx.done) if status == "empty" and first and not stated else ()
    if listed:  # 甲、乙2家企业的技术中心，被认定为…: the names the clause before lists
        return listed
    if ctx.names or ctx.subject:
        return ctx.names
    topic = ctx.topics.inherited(text, ctx.done)
    return (topic,) if topic else ()


def _title_like(rec: rc.Recipients) -> bool:
    """A lone 'holder' that is itself a title (``国家新型工业化产业示范基地获评五星级基地``)."""
    return rec.status == "named" and len(rec.names) == 1 and q.level_of(rec.names[0].text[:3]) is not None and hn.has_honour_head(rec.names[0].text)


@dataclass(frozen=True)
class _Honour:
    name: str
    mention: Mention
    raw: str
    grade: str | None = None
    like: HonourFact | None = None  # the fact whose level and batch a bare grade shares


def _fact(h: _Honour, holders: tuple[Mention, ...], ctx: _Context, windows: tuple[str, str],
          text: str, obj: tuple[int, int], trig: _Trigger) -> HonourFact:
    """The fact with its attributes: ``windows`` is (text after the holders, text after a frame)."""
    raw_obj = text[obj[0]:obj[1]]
    left, after_frame = windows
    frame = ctx.frame or ""
    if h.like is not None:
        return replace(h.like, recipients=holders, honour_mention=h.mention, grade=h.grade, rule=f"honour:{trig.kind}")
    return HonourFact(
        recipients=holders,
        honour=h.name,
        honour_mention=h.mention,
        sentence=ctx.sentence,
        level=q.level_of(h.raw, raw_obj, left, frame),
        year=q.year_of(h.raw) or q.year_of(raw_obj) or q.year_of(left) or q.year_of(frame) or _chained_year(ctx, holders),
        batch=q.batch_of(h.raw) or q.batch_of(raw_obj) or q.batch_of(left) or q.batch_of(frame),
        grade=h.grade or q.grade_of(after_frame),
        rule=f"honour:{trig.kind}",
    )


def _chained_year(ctx: _Context, holders: tuple[Mention, ...]) -> int | None:
    """``2013年被认定为A,被确定为B``: a clause chained to an honour of the same holders in
    the same sentence shares its year."""
    prev = ctx.previous
    if prev is None or prev.sentence != ctx.sentence or prev.recipients != holders:
        return None
    return prev.year


def _object_honours(text: str, obj: tuple[int, int], kind: str, ctx: _Context, rec: rc.Recipients) -> list[_Honour]:
    """The honours named by an object (one per conjunct)."""
    out: list[_Honour] = []
    raw = hn.QUOTES.sub("", text[obj[0]:obj[1]]).strip()
    name, grade = hn.clean_honour(raw)
    if raw in load_lexicon("lexicon/honour_anaphora.txt") or (grade and name in load_lexicon("lexicon/honour_anaphora.txt")):
        # (同获此殊荣; 获得同届大赛优秀奖: the contest just named, with a grade of its own)
        return [_Honour(ctx.previous.honour, Mention(raw, *obj), raw, grade=grade, like=ctx.previous)] if ctx.previous else []
    if hn.is_money(raw):
        return out
    pieces = hn.conjuncts(text, *obj)
    for a, b in pieces:
        raw = text[a:b]
        h = _resolve_piece(raw, Mention(raw, a, b), kind, ctx, rec, pieces[0], text)
        if h:
            out.append(h)
    return out


def _resolve_piece(raw: str, mention: Mention, kind: str, ctx: _Context, rec: rc.Recipients,
                   first: tuple[int, int], text: str) -> _Honour | None:
    if hn.is_grade_object(raw):
        return _graded(raw, mention, ctx)
    name, grade = hn.clean_honour(raw)
    if rec.topic and hn.is_bare(name):
        name = hn.clean_honour(rec.topic + name)[0]
    if len(name) <= 4 and mention.start != first[0]:
        name = hn.share_prefix(text[first[0]:first[1]], name)
    if not hn.has_honour_head(name) and hn.QUOTES.sub("", raw).strip().endswith("名单"):
        name += "名单"  # 列入…培育名单: the list is the honour when no title heads it
    titled = grade is not None or hn.has_honour_head(hn.QUOTES.sub("", raw).strip())
    if not hn.acceptable(name, "strong" if titled and kind == "weak" else kind):
        return None
    return _Honour(name, Mention(name, mention.start, mention.end), raw, grade)


def _graded(raw: str, mention: Mention, ctx: _Context) -> _Honour | None:
    """A grade-only object: the grade in the current contest, or in the honour just named."""
    grade = q.grade_of(raw) or q.split_grade(hn.clean_honour(raw)[0])[1]
    if ctx.frame:
        name = hn.clean_honour(ctx.frame)[0]
        return _Honour(name, mention, ctx.frame, grade) if hn.acceptable(name, "strong") else None
    last = ctx.previous
    if last and last.sentence == ctx.sentence:
        return _Honour(last.honour, mention, raw, grade, like=last)
    return None


# -- lists, designations, duplicates ----------------------------------------------------------


def _list_facts(text: str, clause: tuple[int, int], ctx: _Context) -> list[HonourFact]:
    """``甲、乙等省重大项目x个``: each named holder is on the list."""
    span = text[clause[0]:clause[1]]
    m = _lists().fullmatch(span.rstrip("。;；"))
    if m is None or _negated(text, clause[0], clause[0] + m.start("names")):
        return []
    start = clause[0] + m.start("names")
    rec = rc.read_recipients(text, start, start + len(m.group("names")))
    if rec.status != "named":
        return []
    name = hn.clean_honour(m.group("honour"))[0]
    mention = Mention(name, clause[0] + m.start("honour"), clause[0] + m.end("honour"))
    return [HonourFact(rec.names, name, mention, ctx.sentence, level=q.level_of(name), rule="honour:list")]


def _lists() -> re.Pattern[str]:
    return hn.regex_of("honour_lists.txt")


@functools.cache
def _apposition() -> re.Pattern[str]:
    rows = load_table("lexicon/recipient_appositives.txt")
    return re.compile("|".join(f"(?:{e})" for e, _ in rows))


def _appositive_facts(text: str, clause: tuple[int, int], ctx: _Context) -> list[HonourFact]:
    """``省重点建设项目金西污水处理厂二期获…``: the designation is an honour of the name."""
    out = []
    for m in _apposition().finditer(text, clause[0], clause[1]):
        before = rc.trim(text, clause[0], m.start())
        if before[1] > before[0] and not text[before[0]:before[1]].endswith("的"):
            continue
        holder = _apposed_name(text, m.end(), clause[1])
        name = hn.clean_honour(m.group())[0]
        if holder and len(name) >= hn.MIN_LEN:
            mention = Mention(name, m.start(), m.end())
            out.append(HonourFact((holder,), name, mention, ctx.sentence, level=q.level_of(m.group()), rule="honour:designation"))
    return out


_MONEY = re.compile(r"[0-9xX×*.]+[万亿]?元")


def _apposed_name(text: str, start: int, end: int) -> Mention | None:
    """The longest headed name right after a designation, before any trigger, batch or amount."""
    stop = end
    for regex in (_trigger_table()[0], q.table_regex("qualifier_batches.txt"), _MONEY):
        m = regex.search(text, start, stop)
        stop = m.start() if m else stop
    best = None
    for e in range(start + 2, min(stop, start + 30) + 1):
        if rc.has_head(text[start:e]) and rc.classify(text[start:e]) == "name":
            best = e
    return Mention(text[start:best], start, best) if best else None


def _dedupe(facts: list[HonourFact]) -> list[HonourFact]:
    """One fact per holders, honour and grade in a document.

    The same honour written twice (a heading and its paragraph, ``吉安市先进工业园`` and
    ``全市先进工业园``) is one fact: names equal after the level prefix, or one holding the
    other, count as the same honour.
    """
    out: list[HonourFact] = []
    for f in facts:
        if not any(_same(f, g) for g in out):
            out.append(f)
    return out


def _same(a: HonourFact, b: HonourFact) -> bool:
    if [m.text for m in a.recipients] != [m.text for m in b.recipients] or a.grade != b.grade:
        return False
    x, y = sorted((hn.core(a.honour), hn.core(b.honour)), key=len)
    return x == y or (len(x) >= _SAME_MIN and x in y)


__all__ = ["clean_honour", "extract_honours"]
