"""Entity mentions: zones, projects, enterprises and organisations found by their heads.

Chinese names end in a head that says what they are (``…经济开发区``, ``…项目``,
``…有限公司``, ``…局``); the lexicons in ``kg/data/lexicon`` list those heads. For each head
found in a sentence the name is grown leftwards over name characters and cut after the
last *left stop* (a verb, preposition or quantifier such as 启动, 的, 与, 总投资) — the left
context is segmented with jieba so that a stop is only a stop when it is a whole word
(``有`` in ``有色金属`` is not). Candidates are then filtered: masks dropped (``x临工`` →
``临工``), generic names rejected (``重点项目``, ``园区``), nested projects reduced to the
longest.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kg.extract.segment import tagged
from kg.extract.types import Mention
from kg.lexicon import load_lexicon, load_regex, load_table

_NAME_CHAR = re.compile(r"[\u3400-\u9fffA-Za-z0-9·\-—/#+.()（）%]")
_MASK = re.compile(r"^[xX×*＊]+")
_MASK_ANY = re.compile(r"[xX×*＊]{1,}")
_QUANT = re.compile(r"^[0-9.xX×*]+[个家项批座条亿万元千百余多年月日号期]+")
_AMOUNT = re.compile(r"[0-9.xX×*]+(?:亿|万|千)?(?:元|美元|平方米|亩|公里|米|吨|台|套)")
_MAX_LEN = 32


@dataclass(frozen=True)
class EntityMention:
    """A typed mention; ``name`` is the cleaned name, ``mention`` the raw span."""

    type: str
    name: str
    mention: Mention
    kind: str = ""


@functools.cache
def _suffix_regex(table: str) -> tuple[re.Pattern[str], dict[str, str]]:
    rows = load_table(f"lexicon/{table}")
    tags = {entry: tag for entry, tag in rows}
    ordered = sorted(tags, key=lambda s: (-len(s), s))
    return re.compile("|".join(re.escape(s) for s in ordered)), tags


def strip_mask(name: str) -> str:
    """Drop a leading mask (``x临工`` → ``临工``) and stray quotes/brackets around a name."""
    name = name.strip("“”\"'‘’《》「」『』 ")
    return _MASK.sub("", name)


def _left_edge(text: str, head_start: int, floor: int, stop_at_firm: bool = False, lexical: bool = False,
               legal: bool = False) -> int:
    """Where a name ending at ``head_start`` begins.

    The window left of the head is tagged with jieba; walking leftwards, nouns, names,
    Latin runs, direction and ordinal words join the name, and the first verb (other than
    the verbs that occur inside names, ``name_verbs.txt``), adverb, preposition,
    conjunction, pronoun, particle, numeral or listed stop word ends it.
    """
    start = head_start
    while start > floor and head_start - start < _MAX_LEN and _NAME_CHAR.match(text[start - 1]):
        start -= 1
    if start == head_start:
        return start
    tokens = tagged(text[start:head_start])
    pos = head_start
    kept: list[tuple[str, str]] = []
    for word, flag in reversed(tokens):
        if stop_at_firm and kept and _FIRM_END.search(word):
            break
        if lexical:
            inside = legal and word in load_lexicon("lexicon/legal_name_words.txt")
            if (word in load_lexicon("lexicon/left_stops.txt") and not inside) or (flag == "x" and not _NAME_CHAR.fullmatch(word[:1])):
                break
        elif _ends_name(word, flag, pos, text):
            break
        pos -= len(word)
        kept.append((word, flag))
        if not lexical and word in load_lexicon("lexicon/name_openers.txt"):
            break  # a product project starts at its capacity phrase (年产…)
    while kept and len(kept) > 1 and (kept[-1][0] in load_lexicon("lexicon/name_verbs.txt") or kept[-1][1] == "x"):
        pos += len(kept.pop()[0])
    if not lexical:
        pos = min(pos, _product_start(text, start, pos, tokens))
    return _balance_left(text, pos, head_start)


_PRODUCT = re.compile(r"(?:年产|年加工|年处理|年产能)|[0-9.]+(?:万|亿)?(?:吨|台|件|套|片)/年")


def _product_start(text: str, start: int, pos: int, tokens: tuple[tuple[str, str], ...]) -> int:
    """Product projects (``年产2万吨冷轧钢筋项目``) start at their capacity phrase."""
    window = text[start:pos]
    found = list(_PRODUCT.finditer(window))
    if not found:
        return pos
    m = found[-1]
    stops = load_lexicon("lexicon/left_stops.txt")
    between = tagged(window[m.end():])
    if any(w in stops for w, _ in between):
        return pos
    return start + m.start()


_LEADING_ZONE = re.compile(r"^[\u4e00-\u9fff]{0,6}?(?:经济技术开发区|经济开发区|高新技术产业开发区|开发区|高新区|经开区|工业园区)(?=.)")
_FIRM_END = re.compile(r"(?:有限公司|公司|集团)$")
_QTY_NAME = re.compile(r"[0-9.xX*]*(?:万|亿|千)?(?:吨|台|件|套|片|辆|立方米|平方米|千瓦|兆瓦|头|只|平方|米)(?:/年)?|[0-9]+(?:#|号|栋|幢|地块|区块)")


def _ends_name(word: str, flag: str, pos: int, rest: str) -> bool:
    """Whether ``word`` (tagged ``flag``, ending at ``rest[pos]``) stops a name growing leftwards."""
    stops = load_lexicon("lexicon/left_stops.txt")
    if word in stops or (len(word) > 2 and word.endswith("项目")):
        return True
    if word in load_lexicon("lexicon/name_verbs.txt"):
        return False
    if word in load_lexicon("lexicon/name_openers.txt") or re.fullmatch(r"[一二三四五六七八九十0-9]+期", word):
        return False
    numeric = flag in ("m", "q", "mq") and bool(re.search(r"[0-9.xX*一二三四五六七八九十百千万亿两几余多个]", word))
    if numeric or _QUANT.match(word) or _AMOUNT.fullmatch(word):
        here = pos - len(word)
        return not (_QTY_NAME.match(rest, here) or (word == "年" and rest.endswith("/", 0, here)))
    if flag in ("m", "q", "mq"):
        return False  # 零部件 is tagged as a quantity but names a thing
    if flag.startswith(("n", "j", "l", "b", "f", "s", "eng", "a", "z", "g", "h", "k")):
        return bool(re.search(r"年度?$|月份?$", word)) and flag == "t"
    if flag in ("t",):
        return not re.fullmatch(r"[一二三四五六七八九十0-9]+期", word)
    if flag == "vn" and len(word) >= 2:
        return False
    if flag == "c":
        return word not in ("及",)
    if flag == "x":
        return not re.fullmatch(r"[A-Za-z0-9·\-—/#+.()（）]+", word)
    return True


def _balance_left(text: str, start: int, end: int) -> int:
    """Move ``start`` right past unbalanced closing brackets or leading punctuation."""
    span = text[start:end]
    depth = 0
    cut = 0
    for i, ch in enumerate(span):
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            if depth == 0:
                cut = i + 1
            else:
                depth -= 1
    start += cut
    while start < end and text[start] in "·-—/#+.%":
        start += 1
    return start


def _is_generic(name: str) -> bool:
    return name in load_lexicon("lexicon/generic_names.txt") or len(name) < 2


def _has_core(name: str, head: str, project: bool = False) -> bool:
    """Whether something distinctive is left besides the head.

    ``xx汽车产业园`` (a masked sector word) and ``省级重点技改项目`` (only generic
    modifiers, ``generic_modifiers.txt``) have nothing distinctive.
    """
    body = name[: len(name) - len(head)] if name.endswith(head) else name
    body = _MASK_ANY.sub("", body)
    if project:
        body = _LEADING_ZONE.sub("", body)  # 霸州经济开发区运作项目: the zone's name is no project's
    if len(body) < 1 or body in load_lexicon("lexicon/industry_terms.txt"):
        return False
    rest = _generic_regex().sub("", body)
    rest = re.sub(r"[0-9一二三四五六七八九十百千万亿.xX*、和及与个家项类大批]+", "", rest)
    return len(rest) >= 2 and rest not in load_lexicon("lexicon/industry_terms.txt")


@functools.cache
def _generic_regex() -> re.Pattern[str]:
    return load_regex("lexicon/generic_modifiers.txt")


def _candidates(text: str, span: tuple[int, int], table: str, etype: str) -> Iterable[EntityMention]:
    regex, tags = _suffix_regex(table)
    lo, hi = span
    for m in regex.finditer(text, lo, hi):
        if not _whole_word(text, m, hi):
            continue
        end = _extend_right(text, m.end(), hi)
        if tags.get(m.group()) == "peer":
            start = _peer_left_edge(text, m.start(), lo)
        elif tags.get(m.group()) in ("legal", "group"):
            # Legal names hold verbs (华创投资控股有限公司): only stop words end them.
            start = _left_edge(text, m.start(), lo, lexical=True, legal=True)
            start = end - len(strip_lead(text[start:end]))
        else:
            start = _left_edge(text, m.start(), lo, stop_at_firm=etype == "Project")
        raw = text[start:end]
        name = strip_mask(raw)
        masked = len(name) < len(raw.strip("“”\"'‘’《》「」『』 "))
        if masked and len(tagged(name)[0][0]) == 1 and not re.match(r"[A-Za-z]", name):
            continue  # ``xx通智能…``: the mask hid part of the first word
        if _is_generic(name) or not (_has_core(name, m.group(), etype == "Project") or (etype == "Organization" and len(name) >= 3)):
            continue
        if tags.get(m.group()) == "peer" and _is_province(name[: len(name) - len(m.group())]):
            continue
        if masked and not _has_core(name, m.group()):
            continue
        yield EntityMention(etype, name, Mention(raw, start, end), tags.get(m.group(), ""))


def _whole_word(text: str, m: re.Match[str], hi: int) -> bool:
    """The head is a word of its own (``工程`` in ``工程机械`` is not)."""
    following = tagged(text[m.start() : min(hi, m.end() + 4)])
    return not following or len(following[0][0]) <= len(m.group()) or following[0][0].startswith(m.group()) is False


def _extend_right(text: str, end: int, hi: int) -> int:
    """Include a parenthesised phase right after a head: ``…项目(一期)``."""
    m = re.match(r"[(（][一二三四五六七八九十0-9]+期[)）]", text[end:hi])
    return end + m.end() if m else end


def find_zones(text: str, span: tuple[int, int]) -> list[EntityMention]:
    """Zone mentions in a sentence (generic bare words such as 园区 excluded)."""
    return list(_candidates(text, span, "zone_suffixes.txt", "Zone"))


def find_projects(text: str, span: tuple[int, int]) -> list[EntityMention]:
    """Project mentions in a sentence."""
    return list(_candidates(text, span, "project_suffixes.txt", "Project"))


def find_organizations(text: str, span: tuple[int, int]) -> list[EntityMention]:
    """Organisation mentions in a sentence."""
    return list(_candidates(text, span, "org_suffixes.txt", "Organization"))


def find_enterprises(text: str, span: tuple[int, int]) -> list[EntityMention]:
    """Enterprise mentions with a legal or group head, or a short name in a firm context."""
    out = []
    for em in _candidates(text, span, "enterprise_suffixes.txt", "Enterprise"):
        if em.kind == "company":
            em = _company_short(em)
        elif em.kind == "industry":
            if not (_firm_context(text, em.mention, span) or short_firm(em.name)):
                continue
            if re.match(r"[0-9年]", em.name):
                continue
            if em.name in load_lexicon("lexicon/industry_terms.txt") or len(em.name) > 10:
                continue
        if em is not None and not _is_generic(em.name):
            out.append(em)
    out.extend(_gazetteer(text, span))
    return out


def _company_short(em: EntityMention) -> EntityMention | None:
    """``施可丰公司`` → 施可丰 (the scorer and analysts know firms by the short name)."""
    body = em.name[: -len("公司")]
    if len(body) < 2 or len(body) > 8 or body in load_lexicon("lexicon/generic_company.txt"):
        return None
    return EntityMention("Enterprise", body, em.mention, "company")


_FIRM_AFTER = re.compile(r"^(?:[、和及与]|等|公司|集团|企业|一期|二期|三期|厂房|获|荣获|成功|项目|新建|年产|投资|总投资|\(|（|:|：)")
_FIRM_BEFORE = re.compile(r"(?:[、和及与]|服务|帮助|协助|推动|支持|引进|走访|:|：|有|如|是)$")


def _firm_context(text: str, mention: Mention, span: tuple[int, int]) -> bool:
    """A short name ending in an industry word is a firm where the context says so."""
    after = text[mention.end : min(span[1], mention.end + 4)]
    before = text[max(span[0], mention.start - 2) : mention.start]
    return bool(_FIRM_AFTER.match(after)) and (bool(_FIRM_BEFORE.search(before)) or mention.start == span[0] or bool(re.match(r"^(?:等|公司|集团|一期|二期|厂房|获|荣获|年产|新建)", after)))


def _stands_alone(text: str, mention: Mention, span: tuple[int, int]) -> bool:
    """A short name not running on into a longer name (``南湖新能源汽车零部件产业园``)."""
    after = text[mention.end : min(span[1], mention.end + 2)]
    return not after or not re.match(r"[\u4e00-\u9fffA-Za-z0-9]", after) or bool(
        re.match(r"(?:一期|二期|三期|四期|厂房|项目|公司|集团|等|和|与|及|获|被|入|成|通|在|已|的|年)", after))


def _gazetteer(text: str, span: tuple[int, int]) -> Iterable[EntityMention]:
    """Well-known firms named without a head (华为, 碧桂园, 毕马威)."""
    regex = _known_firms()
    for m in regex.finditer(text, span[0], span[1]):
        yield EntityMention("Enterprise", m.group(), Mention(m.group(), m.start(), m.end()), "known")


@functools.cache
def _known_firms() -> re.Pattern[str]:
    names = sorted(load_lexicon("lexicon/known_firms.txt"), key=lambda s: (-len(s), s))
    return re.compile("|".join(re.escape(n) for n in names) or r"(?!x)x")


def find_all(text: str, sentences: Sequence[tuple[int, int]]) -> list[EntityMention]:
    """Every zone, project, enterprise and organisation mention, in text order.

    Overlaps are resolved so that a project nested in a longer project (``…厂房`` inside
    ``…厂房维修工程``) is dropped; zones and firms inside longer names are kept, since
    they are real entities of their own (a sub-park, the firm that builds a project).
    """
    found: list[EntityMention] = []
    for span in sentences:
        found += find_enumerations(text, span)
        found += find_facilities(text, span)
        found += find_zones(text, span)
        found += find_projects(text, span)
        found += find_enterprises(text, span)
        found += find_organizations(text, span)
    return _drop_nested(found)


def _drop_nested(found: list[EntityMention]) -> list[EntityMention]:
    found.sort(key=lambda e: (e.mention.start, -e.mention.end, e.type))
    keep: list[EntityMention] = []
    reach = -1  # the furthest end of a kept mention: one ending before ``em`` cannot hold it
    for em in found:
        if em.mention.end <= reach and any(_same_span(em, k) or (_inside(em, k) and _swallowed(em, k)) for k in keep):
            continue
        keep.append(em)
        reach = max(reach, em.mention.end)
    return keep


def _inside(a: EntityMention, b: EntityMention) -> bool:
    return b.mention.start <= a.mention.start and a.mention.end <= b.mention.end and (a.mention.start, a.mention.end) != (b.mention.start, b.mention.end)


def _same_span(a: EntityMention, b: EntityMention) -> bool:
    return a.type == b.type and (a.mention.start, a.mention.end) == (b.mention.start, b.mention.end)


def _swallowed(inner: EntityMention, outer: EntityMention) -> bool:
    """A nested mention is part of the outer name, not an entity of its own."""
    if inner.type == "Zone":
        return outer.type == "Zone" and inner.mention.end == outer.mention.end
    if inner.type == "Enterprise":
        return outer.type in ("Enterprise", "Organization")
    return inner.type == outer.type or inner.type == "Organization"


_ENUM_CLASS = re.compile(
    r"等(?:[0-9xX*一二三四五六七八九十百余多几]+(?:个|家|项|座|大|批|条))?[^,，。;；:：、]{0,8}?"
    r"(?P<cls>企业|公司|集团|项目|工程|园区|产业园)"
)
_ENUM_TYPE = {"企业": "Enterprise", "公司": "Enterprise", "集团": "Enterprise", "项目": "Project",
              "工程": "Project", "园区": "Zone", "产业园": "Zone"}


def find_enumerations(text: str, span: tuple[int, int]) -> list[EntityMention]:
    """Members of ``A、B和C等x家企业`` / ``A、B等重点项目``: each is an entity of that class."""
    out: list[EntityMention] = []
    for m in _ENUM_CLASS.finditer(text, span[0], span[1]):
        etype = _ENUM_TYPE[m.group("cls")]
        between = text[m.start() : m.start("cls")]
        if etype == "Enterprise" and (re.search(r"[省市县区]级|申报|储备|区域|地区|城市", between) or len(re.sub(r"^等[0-9xX*一二三四五六七八九十百余多几]*[个家批]?", "", between)) > 4):
            continue
        for start, end in _enum_items(text, span[0], m.start()):
            raw = text[start:end]
            name = strip_mask(raw)
            if len(name) < 2 or _is_generic(name) or not _has_core(name + "X", "X"):
                continue
            out.append(EntityMention(own_type(name) or _item_type(name, etype), name, Mention(raw, start, end), "enumeration"))
    return out


def _item_type(name: str, etype: str) -> str:
    """Short items of a project list without a head of their own (``安瑞泰、中健康桥等重点
    项目``) are the firms whose projects they are."""
    if etype == "Project" and len(name) <= 5 and not facility_head(name) and not re.search(r"[0-9路道街桥线]", name):
        return "Enterprise"
    return etype


def _enum_items(text: str, lo: int, end: int) -> list[tuple[int, int]]:
    """Spans of the list items ending at ``end`` (separated by 、 和 及 与)."""
    items = []
    while end > lo:
        start = _left_edge(text, end, lo, stop_at_firm=True, lexical=True)
        if start >= end:
            break
        items.append((start, end))
        sep = text[start - 1 : start] if start > lo else ""
        if sep in ("、", "和", "及", "与", "/"):
            end = start - 1
            continue
        break
    return items


def own_type(name: str) -> str | None:
    """The type a name's own head gives it (``…产业园`` Zone, ``…药业`` Enterprise)."""
    for table, etype in (("zone_suffixes.txt", "Zone"), ("enterprise_suffixes.txt", "Enterprise"),
                         ("project_suffixes.txt", "Project"), ("org_suffixes.txt", "Organization")):
        regex, _ = _suffix_regex(table)
        m = regex.search(name)
        if m and m.end() == len(name):
            return etype
    return None


_NOT_PROPER = ("a", "b", "v", "vn", "vd", "d", "m", "t", "p", "c", "r", "f", "u", "q", "ad", "an", "i")


def _proper_body(body: str) -> bool:
    """A zone of its own rank needs a place or proper name (泾县, 景宁), not 先进/年度."""
    body = _MASK_ANY.sub("", body)
    tokens = tagged(body) if body else ()
    if not tokens or body.endswith("省") or body in load_lexicon("lexicon/generic_modifiers.txt"):
        return False
    word, flag = tokens[0]
    return flag not in _NOT_PROPER and word not in load_lexicon("lexicon/generic_modifiers.txt") and word not in ("年度", "工作")


def short_firm(name: str) -> bool:
    """``新维电机``: a two- or three-character proper body before an industry word."""
    for head, _ in sorted(load_table("lexicon/enterprise_suffixes.txt"), key=lambda r: -len(r[0])):
        if name.endswith(head) and name != head:
            body = name[: -len(head)]
            break
    else:
        return False
    if not 2 <= len(body) <= 3 or re.search(r"[省市县区]$", body):
        return False
    generic = load_lexicon("lexicon/generic_modifiers.txt") | load_lexicon("lexicon/industry_terms.txt")
    tokens = tagged(body)
    return body not in generic and tokens[0][1] not in _NOT_PROPER and all(w not in generic for w, _ in tokens)


_PROPER = ("ns", "nr", "nz", "nrt", "nt", "j", "eng", "nrfg")


def _peer_left_edge(text: str, head_start: int, floor: int) -> int:
    """Left edge of a zone of its own rank: only place and proper names join it.

    ``泾县经济开发区``, ``南通苏锡通科技产业园区``, ``民乐生态工业园区`` keep their
    names; ``不断完善高新区`` and ``全国一流开发区`` are the bare word.
    """
    start = head_start
    while start > floor and head_start - start < 16 and _NAME_CHAR.match(text[start - 1]):
        start -= 1
    pos = head_start
    generic = load_lexicon("lexicon/generic_modifiers.txt")
    for i, (word, flag) in enumerate(reversed(tagged(text[start:head_start]))):
        proper = flag in _PROPER or _MASK_ANY.fullmatch(word) is not None
        nearest_noun = i == 0 and flag in ("n", "ng", "s") and word not in generic and len(word) <= 3
        if not (proper or nearest_noun) or word in load_lexicon("lexicon/left_stops.txt"):
            break
        pos -= len(word)
    return pos


def _is_province(body: str) -> bool:
    body = _MASK_ANY.sub("", body)
    if body.endswith("省") and len(body) >= 2:
        return True  # 浙江省开发区…, and pseudonymised provinces (汉东省)
    body = re.sub(r"[省市]$", "", body)
    return body in load_lexicon("lexicon/provinces.txt")


def facility_head(name: str) -> bool:
    """Whether a name ends in a facility head (``…中心``, ``…基地``, ``…城``)."""
    return bool(_facility_regex().search(name))


@functools.cache
def _facility_regex() -> re.Pattern[str]:
    heads = sorted(load_lexicon("lexicon/facility_heads.txt"), key=len, reverse=True)
    return re.compile("(?:" + "|".join(re.escape(h) for h in heads) + ")$")


_CLAUSE = re.compile(r"[^,，;；。]+")


def find_facilities(text: str, span: tuple[int, int]) -> list[EntityMention]:
    """Facilities under construction (``档案馆完成总量…``, ``新城学校完成室外配套``).

    A name with a facility head (``facility_heads.txt``) is a project where its own
    clause reports building progress (``construction_words.txt``) after it.
    """
    out: list[EntityMention] = []
    progress = load_regex("lexicon/construction_words.txt")
    for clause in _CLAUSE.finditer(text, span[0], span[1]):
        for m in _facility_anywhere().finditer(text, clause.start(), clause.end()):
            if not progress.search(text, m.end(), clause.end()) or not _whole_word(text, m, clause.end()):
                continue
            start = _left_edge(text, m.start(), clause.start(), stop_at_firm=True)
            raw = text[start : m.end()]
            name = strip_mask(raw)
            if len(name) < 3 or _is_generic(name) or (len(name) > len(m.group()) + 1 and not _has_core(name, m.group())):
                continue
            out.append(EntityMention("Project", name, Mention(raw, start, m.end()), "facility"))
    return out


@functools.cache
def _facility_anywhere() -> re.Pattern[str]:
    heads = sorted((h for h in load_lexicon("lexicon/facility_heads.txt") if len(h) >= 2), key=len, reverse=True)
    return re.compile("|".join(re.escape(h) for h in heads))


def strip_lead(name: str) -> str:
    """Drop leading context words from a name another extractor delimited
    (``区内企业澄明光电`` → ``澄明光电``)."""
    stops = load_lexicon("lexicon/left_stops.txt") | {"企业", "公司", "单位"}
    tokens = tagged(name)
    i = 0
    while i < len(tokens) - 1 and tokens[i][0] in stops:
        i += 1
    return name[sum(len(w) for w, _ in tokens[:i]):]
