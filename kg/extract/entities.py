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

import bisect
import functools
import heapq
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kg.extract.amounts import count_value
from kg.extract.segment import first_tagged, tagged, word_frequency
from kg.extract.types import Mention
from kg.lexicon import conjunction_he, load_lexicon, load_regex, load_table, load_union, touched

_NAME_CHAR = re.compile(r"[\u3400-\u9fffA-Za-z0-9·\-—/#+.()（）%×*＊]")
_MASK = re.compile(r"^[xX×*＊]+")
_MASK_ANY = re.compile(r"[xX×*＊]{1,}")
_QUANT = re.compile(r"^[0-9.xX×*]+[个家项批座条亿万元千百余多年月日号期]+")
_AMOUNT = re.compile(r"[0-9.xX×*]+(?:亿|万|千)?(?:元|美元|平方米|亩|公里|米|吨|台|套)")
_MAX_LEN = 32
_PARTICLES = "了的着"


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
    start = _name_run_start(text, head_start, floor, _MAX_LEN)
    if start == head_start:
        return start
    stops, name_verbs = load_lexicon("lexicon/left_stops.txt"), load_lexicon("lexicon/name_verbs.txt")
    legal_words, openers = load_lexicon("lexicon/legal_name_words.txt"), load_lexicon("lexicon/name_openers.txt")
    tokens = tagged(text[start:head_start])
    pos = head_start
    kept: list[tuple[str, str]] = []
    ordered = tokens[::-1]
    i = 0
    while i < len(ordered):
        word, flag = ordered[i]
        if (word == " " and kept and _LATIN_WORD.fullmatch(kept[-1][0]) and i + 1 < len(ordered)
                and _LATIN_WORD.fullmatch(ordered[i + 1][0])):
            pos -= 1  # Mini| |LED: two Latin words of one name
            kept.append((word, flag))
            i += 1
            continue
        if kept and _GENERATION.fullmatch(word):
            pos -= len(word)  # 北辰微电子|第三代|半导体…项目: a generation of a technology
            kept.append((word, "n"))
            i += 1
            continue
        if stop_at_firm and kept and _FIRM_END.search(word):
            break
        if (len(word) >= 2 and flag in ("nr", "nz", "ns", "n") and word_frequency(word) == 0
                and ((word[0] in _GLUED_PREPOSITIONS and (len(word) >= 3 or kept))
                     or (word[0] in _GLUED_STOPS and i + 1 < len(ordered)
                         and (ordered[i + 1][0][-1:] in _HEAD_ENDS or ordered[i + 1][1] == "r")))):
            # (jieba's guess glued a conjunction to an unknown name: 物流园|和云澧|科创孵化园,
            # 我们|和晨衡|集团, or a preposition: 项目|由锐芯|微电子|牵头建设)
            pos -= len(word) - 1
            kept.append((word[1:], flag))
            break
        if lexical:
            inside = legal and word in legal_words
            if (word in stops and not inside) or (flag == "x" and not _NAME_CHAR.fullmatch(word[:1])):
                break
            if legal and ((flag == "m" and _RANK_OR_ROW.fullmatch(word) and (word.startswith("第") or _row_start(text, pos - len(word))))
                          or word == "及"):
                break  # 1|青屿…有限公司 (a table row's number), 第三名|青屿…, 甲公司及|乙有限公司
            if legal and word == "企业" and kept and kept[-1][0] not in legal_words:
                break  # 合资企业|星岚金属…有限公司 (but 星岚企业管理有限公司)
            if (flag == "v" and len(word) == 2 and kept and word not in legal_words
                    and (kept[-1][1] in _NAME_FRAGMENT_FLAGS or kept[-1][1] == "yg")
                    and word_frequency(word) >= _RARE_VERB
                    and (i + 1 == len(ordered) or ordered[i + 1][1] in ("x", "d", "ad", "v", "t"))):
                # ，协调|青梧|银行: a verb opening the clause before the place that opens the
                # name (not 招商|银行, nor 与|纵横|云科…有限公司 after a preposition)
                break
        elif word in _CN_DIGITS and kept and len(kept[-1][1]) == 2 and kept[-1][1].endswith("g"):
            pass  # 三|禾(ng)|食品: a numeral opening a brand jieba does not know, not counting
        elif (flag == "v" and len(word) == 2 and not kept and word_frequency(word) < _RARE_VERB
              and any(text.startswith(h, pos) for h in _industry_heads())):
            pass  # 澄明|光电, 启明|激光: a rare "verb" before a trade word is the brand
        elif (len(word) == 1 and flag.startswith("v") and kept and len(kept[-1][0]) == 1
              and kept[-1][1] in _NAME_FRAGMENT_FLAGS and word_frequency(word + kept[-1][0]) == 0):
            pass  # 临|沣|机械产业园: jieba split a place it does not know into a "verb" and a "surname"
        elif _ends_name(word, flag, pos, text):
            run = _fragment_run(ordered, i, start == floor or not _NAME_CHAR.match(text[start - 1]))
            if not run:
                break
            for word, flag in ordered[i : i + run]:
                pos -= len(word)
                kept.append((word, flag))
            i += run
            continue
        pos -= len(word)
        kept.append((word, flag))
        i += 1
        if not lexical and word in openers:
            break  # a product project starts at its capacity phrase (年产…)
    while kept and len(kept) > 1 and ((kept[-1][0] in name_verbs and kept[-1][1].startswith("v")) or kept[-1][1] == "x"):
        pos += len(kept.pop()[0])
    if not lexical:
        pos = min(pos, _product_start(text, start, pos, tokens))
    while pos < head_start - 1 and text[pos] in _PARTICLES:
        pos += 1  # jieba glued a particle to an unknown name: 引进了|永盛 read as 了永盛
    if pos < head_start - 2 and text[pos] in "以之" and text[pos + 1] in "东西南北":
        pos += 1  # 以北|岭装备制造园: the direction word 以北 swallowed the preposition
    return _balance_left(text, _after_counter(text, pos, head_start), head_start)


def _after_counter(text: str, pos: int, head_start: int) -> int:
    """``pos`` moved past an item counter the name took in (第3项|鹤汀光谷…: jieba read 项鹤
    as a name)."""
    if "项" not in text[pos : min(head_start, pos + 6)]:
        return pos
    for counter in _ITEM_COUNTER.finditer(text, max(0, pos - 5), head_start):
        if counter.end() > pos:
            return counter.end()
    return pos


_GLUED_STOPS = frozenset("和与及内")
_RANK_OR_ROW = re.compile(r"[0-9]{1,3}[.．、]?|第[一二三四五六七八九十0-9]+名")


def _row_start(text: str, at: int) -> bool:
    """Whether a number at ``at`` opens a line or a cell (a row's number), not a name (光迹3D)."""
    return at == 0 or not _NAME_CHAR.match(text, at - 1)
_GLUED_PREPOSITIONS = frozenset("由向")
_NAME_FRAGMENT_FLAGS = frozenset(("nr", "ns", "nrt", "ng", "g"))
_HEAD_ENDS = frozenset("园区司团目程心地城谷镇所院馆厦楼场港")  # (a name ends before the conjunction)


# Up to the last character that is no name character (greedy ``.*`` backs off from the end).
_LATIN_WORD = re.compile(r"[A-Za-z0-9]{2,}")
_GENERATION = re.compile(r"第[一二三四五六七八九十0-9]{1,2}代")
# (a space between two Latin words is a name's: 华朗光电Mini LED背光模组项目)
_TO_LAST_NOT_NAME_CHAR = re.compile("(?s:.*)(?:[^ " + _NAME_CHAR.pattern[1:] + "| (?![A-Za-z0-9]{2})|(?<![A-Za-z0-9]{2}) )")


def _name_run_start(text: str, end: int, floor: int, longest: int) -> int:
    """Where the run of name characters ending at ``end`` starts, at most ``longest``
    characters back and not before ``floor``."""
    lo = max(floor, end - longest)
    if lo >= end:
        return end
    m = _TO_LAST_NOT_NAME_CHAR.match(text, lo, end)  # one match, not one per such character
    return lo if m is None else m.end()


def _fragment_run(ordered: Sequence[tuple[str, str]], i: int, bounded: bool) -> int:
    """How many single-character tokens from ``ordered[i]`` leftwards are the fragments
    of a name jieba does not know (``中|印`` in ``、中印软件园``, ``八|都`` in
    ``和八都工业区``): a run of at least two, none a stop word, that reaches a clear
    boundary (punctuation, a conjunction or preposition, a stop word, or the start of a
    bounded window). 0 when there is no such run.
    """
    stops = load_lexicon("lexicon/left_stops.txt")
    j = i
    while j < len(ordered) and len(ordered[j][0]) == 1 and ordered[j][0] not in stops and _NAME_CHAR.match(ordered[j][0]) \
            and ordered[j][1] not in ("c", "p", "u", "uj", "ul", "r"):
        j += 1
    if j - i < 2 or all(flag.startswith("v") for _, flag in ordered[i:j]):
        return 0
    # adverbs and numerals (更|多) pass only as a list item (、城南和八|都工业区)
    listed_only = any(flag in ("d", "m", "q") for _, flag in ordered[i:j])
    if j == len(ordered):
        return j - i if bounded and not listed_only else 0
    word, flag = ordered[j]
    if listed_only:
        return j - i if word in ("、", "和", "及", "与") else 0
    boundary = word in stops or flag in ("c", "p") or not _NAME_CHAR.match(word[:1])
    return j - i if boundary else 0


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


_PHASE = re.compile(r"[一二三四五六七八九十0-9]+期")
_DECIMAL = re.compile(r"[0-9.]+")
_LATIN = re.compile(r"[A-Za-z]")
_SCALE = re.compile(r"[百千万]+(?:亩|亿)级?")
_NUMERAL = re.compile(r"[0-9.xX*一二三四五六七八九十百千万亿两几余多个]")
_DATE_END = re.compile(r"年度?$|月份?$")
_LATIN_RUN = re.compile(r"[A-Za-z0-9·\-—/#+.()（）]+")
_LEADING_ZONE = re.compile(r"^[\u4e00-\u9fff]{0,6}?(?:经济技术开发区|经济开发区|高新技术产业开发区|开发区|高新区|经开区|工业园区)(?=.)")
_FIRM_END = re.compile(r"(?:有限公司|公司|集团)$")
_QTY_NAME = re.compile(r"[0-9.xX*]*(?:万|亿|千)?(?:吨|台|件|套|片|辆|立方米|平方米|千瓦|兆瓦|头|只|平方|米)(?:/年)?|[0-9]+(?:#|号|栋|幢|地块|区块|国道|省道|县道|号线)|[一二三四五六七八九十]+(?:轴|维|路|街|号线|代)|第?[0-9]+代|[0-9.]+(?:英寸|寸|纳米|微米|nm|GWh|MWh|GW|MW|kV|KV)"
                       r"|[0-9.]*万?千瓦时?(?:/[0-9.]+万?千瓦时?)?")


def _ends_name(word: str, flag: str, pos: int, rest: str) -> bool:
    """Whether ``word`` (tagged ``flag``, ending at ``rest[pos]``) stops a name growing leftwards."""
    fixed, decimal, mask, scale, quantity, otherwise = _word_class(word, flag)
    here = pos - len(word)
    if flag in ("a", "b", "v", "vn", "ad") and _industry_term_across(rest, here, pos):
        return False  # 江屿|先进|制造研究院: an industry's name (先进制造) runs on past the word
    if fixed is not None:
        return fixed
    if decimal and _LATIN.match(rest, pos, pos + 1):
        return False  # a model or rating: 1000KVA箱式变电站, 3D动漫城
    if mask and _QTY_NAME.match(rest, pos):
        return False  # a masked capacity: 年产*亿片…
    if scale and here > 0:
        prev = tagged(rest[max(0, here - 6):here])
        if prev and prev[-1][1].startswith("n") and prev[-1][0] not in load_lexicon("lexicon/left_stops.txt"):
            return False  # a scale inside a name: 环保科技千亩产业综合体, 铝基新材料百亿产业园
    if quantity:
        return not (_QTY_NAME.match(rest, here) or (word == "年" and rest.endswith("/", 0, here)))
    return otherwise


def _industry_term_across(text: str, start: int, end: int) -> bool:
    """Whether an industry term of ``industry_terms.txt`` (先进制造, 高端装备: the first
    word of such a term is an adjective) or a facility's function of ``function_terms.txt``
    (集中处置) starts at ``start`` and runs past ``end``."""
    for name in ("lexicon/industry_terms.txt", "lexicon/function_terms.txt"):
        m = load_regex(name).match(text, start)
        if m is not None and m.end() > end:
            return True
    return False


_CN_DIGITS = frozenset("一二三四五六七八九十")
_RARE_VERB = 50  # jieba's frequency below which a two-character "verb" is likelier a name's word


@functools.lru_cache(maxsize=1 << 16)
def _word_class(word: str, flag: str) -> tuple[bool | None, bool, bool, bool, bool, bool]:
    """What :func:`_ends_name` can tell of a word by itself, worked out once per word and
    tag (a name's left edge tests each token of its window, and the same words recur in
    every window): the answer when the word alone gives it (else ``None``); whether it
    is a decimal, a mask, a scale, a quantity (the context decides those); the answer
    when the context does not."""
    stops = load_lexicon("lexicon/left_stops.txt")
    if word in stops or (len(word) > 2 and word.endswith("项目")):
        return True, False, False, False, False, True
    if word in load_union("lexicon/name_verbs.txt", "lexicon/name_time_words.txt"):
        return False, False, False, False, False, False
    if word in load_lexicon("lexicon/name_openers.txt") or _PHASE.fullmatch(word):
        return False, False, False, False, False, False
    numeric = flag in ("m", "q", "mq") and bool(_NUMERAL.search(word))
    quantity = numeric or bool(_QUANT.match(word)) or bool(_AMOUNT.fullmatch(word))
    return (None, bool(_DECIMAL.fullmatch(word)), bool(_MASK_ANY.fullmatch(word)), bool(_SCALE.fullmatch(word)),
            quantity, _flag_ends_name(word, flag))


def _flag_ends_name(word: str, flag: str) -> bool:
    """Whether a word that is no stop, quantity or name word ends a name, by its tag."""
    if flag in ("m", "q", "mq"):
        return False  # 零部件 is tagged as a quantity but names a thing
    if len(flag) == 2 and flag.endswith("g") and len(word) == 1:
        return False  # a bound morpheme (诺 vg, 璟 zg): a character of a name jieba does not know
    if flag.startswith(("n", "j", "l", "b", "f", "s", "eng", "a", "z", "g", "h", "k")):
        return flag == "t" and bool(_DATE_END.search(word))
    if flag in ("t",):
        return not _PHASE.fullmatch(word)
    if flag == "vn" and len(word) >= 2:
        return False
    if flag == "c":
        return word not in ("及",)
    if flag == "x":
        return not _LATIN_RUN.fullmatch(word)
    return True


def _balance_left(text: str, start: int, end: int) -> int:
    """Move ``start`` right past unbalanced brackets or leading punctuation."""
    span = text[start:end]
    opened: list[int] = []
    cut = 0
    for i, ch in enumerate(span):
        if ch in "(（":
            opened.append(i)
        elif ch in ")）":
            if not opened:
                cut = i + 1
            else:
                opened.pop()
    if opened:
        cut = max(cut, opened[0] + 1)  # 云岫街道（云岫科技园）: the name inside the bracket
    start += cut
    while start < end and text[start] in "·-—/#+.%":
        start += 1
    return start


@functools.lru_cache(maxsize=1 << 16)  # (a corpus names the same things again and again)
def _is_generic(name: str) -> bool:
    # (a name never opens with 级: 千亿|级新材料产业园 is a scale's category)
    return (name in load_lexicon("lexicon/generic_names.txt") or len(name) < 2 or name.startswith("级") or _kind_chain(name)
            or (name.endswith("片区") and load_regex("lexicon/city_areas.txt").search(name) is not None))


_CHAIN_DASH = re.compile(r"[—\-－–+]+")


def _kind_chain(name: str) -> bool:
    """``众创空间—孵化器—加速器—产业园``: a chain of kinds of park, no park."""
    if "—" not in name and "-" not in name and "－" not in name and "–" not in name and "+" not in name:
        return False
    heads = load_union("lexicon/zone_suffixes.txt", "lexicon/generic_zone_words.txt", "lexicon/facility_heads.txt")
    return all(part in heads for part in _CHAIN_DASH.split(name) if part)


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
    rest = _NUMERIC_FILLER.sub("", rest)
    return len(rest) >= 2 and rest not in load_lexicon("lexicon/industry_terms.txt")


_NUMERIC_FILLER = re.compile(
    r"[0-9.xX*]+|[一二三四五六七八九十百千万亿两几]+[个家项类大批期座条]|[一二三四五六七八九十百千万亿两几]{2,}|[个家项类大批]|[、和及与]")


@functools.cache
def _generic_regex() -> re.Pattern[str]:
    return load_regex("lexicon/generic_modifiers.txt")


def _candidates(text: str, span: tuple[int, int], table: str, etype: str) -> Iterable[EntityMention]:
    regex, tags = _suffix_regex(table)
    lo, hi = span
    for m in regex.finditer(text, lo, hi):
        if not _whole_word(text, m, hi):
            continue
        head, kind = m.group(), tags[m.group()]
        end = _extend_right(text, m.end(), hi)
        if kind == "peer":
            start = _peer_left_edge(text, m.start(), lo)
            china = _CHINA_PLACE.search(text, max(lo, m.start() - 24), m.start()) if "中国" in text[max(lo, m.start() - 24):m.start()] else None
            if china is not None and china.end() == m.start():
                start = china.start()  # 中国（汀阑）跨境电子商务综合试验区, 中国(岚江)自由贸易试验区
        elif kind in ("legal", "group"):
            # Legal names hold verbs (华创投资控股有限公司): only stop words end them.
            start = _left_edge(text, m.start(), lo, stop_at_firm=True, lexical=True, legal=True)
            start = end - len(strip_lead(text[start:end]))
        elif (quoted := _quoted_name(text, m.start(), lo)) is not None:
            start = quoted  # “人工肺”项目: the quoted words are the name (not “军令状”项目, a category)
        else:
            start = _left_edge(text, m.start(), lo, stop_at_firm=etype == "Project")
            if etype == "Project" and _short_after_firm(text, start, m.start()):
                # ``…总公司总部基地项目``: the firm is part of a short project name
                start = _left_edge(text, m.start(), lo)
            elif etype == "Project":
                start = _joined_after_firm(text, start, lo)
                start = _opened_by_short_firm(text, start, lo, m)
        if etype == "Enterprise" and kind == "industry":
            kind_of_firm = text.rfind("企业", start, m.start())
            if kind_of_firm >= 0 and m.start() - kind_of_firm - 2 >= 2:
                start = kind_of_firm + 2  # 聚醚多元醇生产企业|润博化工: the kind of firm before its name
        raw = text[start:end]
        name = strip_mask(raw).replace("“", "").replace("”", "")
        masked = len(name) < len(raw.strip("“”\"'‘’《》「」『』 "))
        if masked and len(tagged(name)[0][0]) == 1 and not _LATIN.match(name):
            continue  # ``xx通智能…``: the mask hid part of the first word
        if _MASK_CUT.search(text, max(lo, start - 2), start):
            continue  # ``xx通|智能…``: the name's start is masked and cut
        if _is_generic(name) or not (_has_core(name, head, etype == "Project") or (etype == "Organization" and len(name) >= 3)
                                     or (not masked and _industry_park(_GENERIC_LEAD.sub("", name, 1), head, kind))
                                     or (etype == "Project" and _priced(text, start, lo) and len(name) - len(head) >= 6)):
            continue
        if kind == "peer" and _is_province(name[: len(name) - len(head)]):
            continue
        if etype in ("Zone", "Enterprise") and kind != "peer":
            lead = _GENERIC_LEAD.match(name)
            if lead and len(name) - lead.end() >= 4 and (etype == "Enterprise" or _proper_start(name[lead.end():])
                                                         or _industry_park(name[lead.end():], head, kind)):
                # 开发区临溪新能源产业园, 开发区绿野公司: the zone word before a name is no part of it
                start += len(raw) - len(raw.lstrip()) + lead.end() if raw.startswith(name[: lead.end()]) else 0
                raw, name = text[start:end], name[lead.end():]
        if etype == "Zone" and kind != "peer":
            cut = _after_peer(name, head)
            if cut:  # 鹭川高新技术产业开发区星湖科创城: the sub-park after its zone's full name
                start += len(raw) - len(name) + cut if raw.endswith(name) else 0
                raw, name = text[start:end], name[cut:]
        if masked and not _has_core(name, head):
            continue
        yield EntityMention(etype, name, Mention(raw, start, end), kind)


_CHINA_PLACE = re.compile(r"中国[(（][\u4e00-\u9fff]{2,6}[)）][\u4e00-\u9fff]{0,12}")
_ITEM_COUNTER = re.compile(r"第[0-9一二三四五六七八九十]{1,3}项")


def _opened_by_short_firm(text: str, start: int, lo: int, head: re.Match[str]) -> int:
    """A project whose own words say nothing distinctive (``绿色包装材料项目``) after a
    firm's short name (``华鑫包装``, :func:`short_firm`) that the left edge stopped at is
    that firm's: its name starts with the firm's, after a boundary."""
    if start - lo < 4 or not any(text[start - len(t) : start] == t for t in _trades_by_last_char().get(text[start - 1], ())):
        return start  # (no trade word right before: the common case, told cheaply)
    if head.start() - start < 2 or _has_core(text[start:head.end()], head.group(), True):
        return start
    for k in (5, 4):
        a = start - k
        if a >= lo and short_firm(text[a:start]) and (a == lo or not _NAME_CHAR.match(text[a - 1])):
            return a
    return start


@functools.cache
def _trades_by_last_char() -> dict[str, tuple[str, ...]]:
    """The trades of ``enterprise_suffixes.txt`` by their last character."""
    out: dict[str, list[str]] = {}
    for e in _industry_heads():
        out.setdefault(e[-1], []).append(e)
    return {k: tuple(v) for k, v in out.items()}


def _joined_after_firm(text: str, start: int, lo: int) -> int:
    """A firm's own project whose name joins two works with 及 or 和 (``甲有限公司中央
    厨房及冷链配送中心项目``) starts right after the firm's legal name, not at the
    conjunction; ``start`` where nothing but a legal name comes before the conjunction."""
    if start - 1 <= lo or text[start - 1] not in "及和":
        return start
    first = _left_edge(text, start - 1, lo, stop_at_firm=True)
    if start - 1 - first < 2 or not _LEGAL_END.search(text, max(lo, first - 6), first):
        return start
    return first


_LEGAL_END = re.compile(r"(?:有限公司|有限责任公司|集团)$")


def _after_peer(name: str, head: str) -> int:
    """Where a sub-park's own name starts after a zone's full name that opens it (0 if
    none does): the rest must hold two characters or more before its head, and not only
    a trade (青禾经济开发区新材料产业园 is one name)."""
    regex, tags = _suffix_regex("zone_suffixes.txt")
    body = len(name) - len(head)
    cut = 0
    for m in regex.finditer(name, 0, body):
        if tags[m.group()] == "peer" and m.start() >= 2 and body - m.end() >= 2:
            cut = m.end()
    rest = name[cut:body]
    return cut if cut and rest not in load_lexicon("lexicon/industry_terms.txt") and not _is_generic(name[cut:]) else 0


_MASK_CUT = re.compile(r"[xX×*＊][\u4e00-\u9fff]$")
def _proper_start(name: str) -> bool:
    """Whether ``name`` opens with a place or a coined name (临溪|新能源产业园), not a
    common word (医药|健康产业园)."""
    word, flag = tagged(name)[0]
    return flag in _NAME_TAGS or word_frequency(word) == 0


_GENERIC_LEAD = re.compile(r"(?:开发区|经开区|高新区|园区)(?:内的|内|的)?(?=[\u4e00-\u9fff])")
PRICED = re.compile(r"(?:总投资|计划总投资|协议总投资|投资|计划投资)[0-9.xX×]+(?:亿|万)?元的$")
"""A budget ending right before a name (``总投资6亿元的``)."""


def _priced(text: str, start: int, lo: int) -> bool:
    """A descriptive project name given its own budget (``总投资6亿元的开发区基础设施配套
    工程``) is one concrete project, not a category."""
    return bool(PRICED.search(text, max(lo, start - 16), start))


def _short_after_firm(text: str, start: int, head_start: int) -> bool:
    """Whether a project name was cut right after a firm (``…公司|总部基地项目``) and what
    is left is a short descriptive body, not a product or capacity phrase of its own."""
    if not _FIRM_END.search(text[max(0, start - 4):start]):
        return False
    body = text[start:head_start]
    return len(body) <= 4 and not _PRODUCT.match(body) and not re.match(r"[0-9xX*]|新建|扩建|年", body)


def _industry_park(name: str, head: str, kind: str) -> bool:
    """A sub-park named by its industry alone (生物医药产业园, 互联网产业园) is a park of the
    zone; a two-character industry (汽车产业园) is too vague to name one. A head that
    is itself an industry's park (制造园, 服装园) counts its industry word in:
    装备制造园, 纺织服装园."""
    body = name[: len(name) - len(head)]
    if kind == "sub" and head.endswith("园") and head not in ("产业园", "工业园") and len(name) >= 4:
        return name[:-1] in load_lexicon("lexicon/industry_terms.txt")
    return kind == "sub" and len(body) >= 3 and body in load_lexicon("lexicon/industry_terms.txt")


def _whole_word(text: str, m: re.Match[str], hi: int) -> bool:
    """The head is a word of its own (``工程`` in ``工程机械`` is not; nor is a
    one-character head the end of a longer word: ``局`` in ``发展格局``)."""
    head = m.group()
    following = first_tagged(text[m.start() : min(hi, m.end() + 4)])
    if following and len(following[0]) > len(head) and following[0].startswith(head):
        return False
    return not (len(head) == 1 and text.endswith(_not_heads(), 0, m.end()))


@functools.cache
def _not_heads() -> tuple[str, ...]:
    """``not_heads.txt``: words a one-character head may end (``发展格局``), as a tuple
    for ``str.endswith``."""
    return tuple(load_lexicon("lexicon/not_heads.txt"))


def _extend_right(text: str, end: int, hi: int) -> int:
    """Include a parenthesised phase right after a head: ``…项目(一期)``."""
    m = _BRACKETED_PHASE.match(text, end, hi)
    return m.end() if m else end


_BRACKETED_PHASE = re.compile(r"[(（][一二三四五六七八九十0-9]+期[)）]")


def find_zones(text: str, span: tuple[int, int]) -> list[EntityMention]:
    """Zone mentions in a sentence (generic bare words such as 园区 excluded), with the
    places that share a zone's head (``城西、城南和八都工业区`` → 城南工业区 …)."""
    found = list(_candidates(text, span, "zone_suffixes.txt", "Zone"))
    return found + [z for em in found for z in _shared_head(text, em, span[0])]


def _shared_head(text: str, zone: EntityMention, lo: int) -> list[EntityMention]:
    """Short place names listed before a zone name take its head: in ``城西、城南和八都
    工业区`` the list is of three 工业区. Only two- or three-character place-like items."""
    head = own_head(zone.name)
    if not head or len(zone.name) - len(head) > 3:
        return []
    out: list[EntityMention] = []
    end = zone.mention.start
    while end - 1 > lo and text[end - 1] in "、和及与":
        start = end - 1
        while start > lo and end - 1 - start < 3 and re.match(r"[\u4e00-\u9fff]", text[start - 1]) and text[start - 1] not in "、和及与":
            start -= 1
        item = text[start : end - 1]
        boundary = start == lo or not re.match(r"[\u4e00-\u9fff]", text[start - 1]) or text[start - 1] in "、和及与"
        tokens = tagged(item) if len(item) >= 2 else ()
        if not boundary or not tokens or tokens[0][1] not in ("ns", "nr", "nz", "f", "s", "j") or own_type(item):
            break
        out.append(EntityMention("Zone", item + head, Mention(item, start, end - 1), "shared-head"))
        end = start
    return out


def find_projects(text: str, span: tuple[int, int]) -> list[EntityMention]:
    """Project mentions in a sentence, with street works that share a project's head
    (``甲路两侧绿化亮化、乙路亮化工程`` → 甲路两侧绿化亮化工程)."""
    found = list(_candidates(text, span, "project_suffixes.txt", "Project"))
    return found + [x for em in found for x in _shared_works_head(text, em, span[0])]


def _shared_works_head(text: str, project: EntityMention, lo: int) -> list[EntityMention]:
    head = own_head(project.name)
    if not head or project.mention.start - 1 <= lo or text[project.mention.start - 1] != "、":
        return []
    end = project.mention.start - 1
    start = _left_edge(text, end, lo, stop_at_firm=True, lexical=True)
    item = text[start:end]
    if len(item) < 5 or not _STREET.search(item) or own_type(item) or not _has_core(item + head, head, True):
        return []
    return [EntityMention("Project", item + head, Mention(item, start, end), "shared-head")]


def find_organizations(text: str, span: tuple[int, int]) -> list[EntityMention]:
    """Organisation mentions in a sentence; a college whose discipline joins two with 与
    (``汀澜大学材料科学与工程学院``) is one name with its university."""
    out = []
    for em in _candidates(text, span, "org_suffixes.txt", "Organization"):
        school = _SCHOOL_BEFORE.search(text, max(span[0], em.mention.start - 20), em.mention.start) \
            if em.name.endswith(("学院", "系")) else None
        if school is not None:
            start = school.start()
            em = EntityMention("Organization", text[start : em.mention.end], Mention(text[start : em.mention.end], start, em.mention.end), em.kind)
        out.append(em)
    return out


# A university and the first half of a discipline joined by 与, right before a college
_SCHOOL_BEFORE = re.compile(r"(?:(?![与和及的在])[\u4e00-\u9fff]){2,8}大学(?:(?![与和及的])[\u4e00-\u9fff]){2,6}与$")


def find_enterprises(text: str, span: tuple[int, int]) -> list[EntityMention]:
    """Enterprise mentions with a legal or group head, or a short name in a firm context."""
    out = []
    em: EntityMention | None
    for em in _candidates(text, span, "enterprise_suffixes.txt", "Enterprise"):
        if em.kind == "company":
            em = _company_short(em)
        elif em.kind == "industry":
            bare = strip_lead(_KIND_OF_FIRM.sub("", em.name))  # 区内企业澄明光电, 市属企业江屿港务, 德资企业X
            if len(em.name) - len(bare) >= 2 and len(bare) >= 4:  # (not 同|华新能源: one character may be the name's)
                em = EntityMention("Enterprise", bare, Mention(bare, em.mention.end - len(bare), em.mention.end), em.kind)
            if not (_firm_context(text, em.mention, span) or short_firm(em.name)) or in_category_list(text, em.mention.end, span[1]):
                continue
            if re.match(r"[0-9年]", em.name) or "+" in em.name or _ends_inside_word(text, em.mention.end, span):
                continue  # (抗体药|物联|合实验室: the head's last character opens the next word)
            if em.name.endswith(tuple(load_lexicon("lexicon/project_trades.txt"))) and text.startswith(("项目", "工程"), em.mention.end):
                continue  # 怡亚通供应链项目: the project's trade, not the firm's name
            if re.search(r"级[^级]{2,4}$", em.name):
                continue  # 卓越级智能(工厂), 省级数字(化车间): a grade or level before a trade word
            if em.name in load_lexicon("lexicon/industry_terms.txt") or len(em.name) > 10 or _sector_phrase(em.name) \
                    or (not short_firm(em.name) and _sector_words(em.name)):
                continue
        if em is not None and not _is_generic(em.name):
            out.append(em)
    out.extend(_gazetteer(text, span))
    return out


def _company_short(em: EntityMention) -> EntityMention | None:
    """``施可丰公司`` → 施可丰 (the scorer and analysts know firms by the short name)."""
    body = em.name[: -len("公司")]
    if len(body) < 2 or len(LATIN_GLOSS.sub("", body)) > 8 or body in load_lexicon("lexicon/generic_company.txt") \
            or body.endswith(_generic_company_ends()):
        return None
    return EntityMention("Enterprise", body, em.mention, "company")


# A Latin gloss in brackets: 海勒姆（HELLEM）电子公司, 克尔巴赫集团（KERBACH Group）
LATIN_GLOSS = re.compile(r"[（(][A-Za-z][A-Za-z0-9 .&'-]{0,40}[)）]")


@functools.cache
def _generic_company_ends() -> tuple[str, ...]:
    return tuple(e for e, tag in load_table("lexicon/generic_company.txt") if tag == "end")


_FIRM_AFTER = re.compile(r"^(?:[、和及与]|等|公司|集团|企业|一期|二期|三期|厂房|获|荣获|成功|项目|新建|年产|投资|总投资|\(|（|:|："
                         r"|入驻|落户|投产|签约|[0-9.]+(?:万|亿)?(?:吨|台|件|套|片|平方米|辆))")
_FIRM_BEFORE = re.compile(r"(?:[、和及与]|服务|帮助|协助|推动|支持|引进|走访|:|：|有|如|是|企业)$")


def _firm_context(text: str, mention: Mention, span: tuple[int, int]) -> bool:
    """A short name ending in an industry word is a firm where the context says so."""
    after = text[mention.end : min(span[1], mention.end + 4)]
    before = text[max(span[0], mention.start - 2) : mention.start]
    return bool(_FIRM_AFTER.match(after)) and (bool(_FIRM_BEFORE.search(before)) or mention.start == span[0] or bool(re.match(r"^(?:等|公司|集团|一期|二期|厂房|获|荣获|年产|新建)", after)))


_LIST_ITEMS = r"(?:[、和及与][^、，。；,;：:等]{1,16})*等(?:[0-9一二三四五六七八九十两几多百余]+[个家项类种大])?[\u4e00-\u9fff]{0,4}?"
_LIST_TO_DENG = re.compile(_LIST_ITEMS)
_LIST_FROM_ITEM = re.compile(r"[^、，。；,;：:等]{1,16}" + _LIST_ITEMS)


def in_category_list(text: str, pos: int, hi: int, at_item: bool = False) -> bool:
    """Whether the list holding the item that ends at ``pos`` (or, ``at_item``, starts
    there) ends in 等 and a word of sectors or fields (``list_categories.txt``):
    ``精密减速器、伺服电机等方向`` names no firm."""
    m = (_LIST_FROM_ITEM if at_item else _LIST_TO_DENG).match(text, pos, hi)
    return m is not None and load_regex("lexicon/list_categories.txt").match(text, m.end(), hi) is not None


def _stands_alone(text: str, mention: Mention, span: tuple[int, int]) -> bool:
    """A short name not running on into a longer name (``南湖新能源汽车零部件产业园``)."""
    after = text[mention.end : min(span[1], mention.end + 2)]
    return not after or not re.match(r"[\u4e00-\u9fffA-Za-z0-9]", after) or bool(
        re.match(r"(?:一期|二期|三期|四期|厂房|项目|公司|集团|等|和|与|及|获|被|入|成|通|在|已|的|年)", after))


def _gazetteer(text: str, span: tuple[int, int]) -> Iterable[EntityMention]:
    """Well-known firms named without a head (华为, 碧桂园, 毕马威)."""
    regex = _known_firms()
    for m in regex.finditer(text, span[0], span[1]):
        if _splits_a_word(text, m.start(), m.end(), span):
            continue  # 集中建设 holds 中建 across two words: no firm there
        yield EntityMention("Enterprise", m.group(), Mention(m.group(), m.start(), m.end()), "known")


def _ends_inside_word(text: str, end: int, span: tuple[int, int]) -> bool:
    """Whether jieba reads a word across ``end`` (``药物联合``: no name ends at 联)."""
    lo, hi = max(span[0], end - 2), min(span[1], end + 3)
    pos = lo
    for word, _ in tagged(text[lo:hi]):
        if pos < end < pos + len(word):
            return True
        pos += len(word)
    return False


def _splits_a_word(text: str, start: int, end: int, span: tuple[int, int]) -> bool:
    """Whether jieba reads ``text[start:end]`` across a word's edge (its start or end
    falls inside a word of the few characters around it)."""
    lo, hi = max(span[0], start - 4), min(span[1], end + 4)
    edges, pos = {lo}, lo
    for word, _ in tagged(text[lo:hi]):
        pos += len(word)
        edges.add(pos)
    return start not in edges or end not in edges


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
    # A finder driven by a list of heads finds nothing in a sentence none of its heads
    # touches: the heads are looked for once in the whole text, not once per sentence.
    zones, projects, orgs = (touched(_suffix_regex(table)[0], text, sentences)
                             for table in ("zone_suffixes.txt", "project_suffixes.txt", "org_suffixes.txt"))
    firms = touched(_suffix_regex("enterprise_suffixes.txt")[0], text, sentences) | touched(_known_firms(), text, sentences)
    # (facilities are reported where a construction word is)
    building = touched(load_regex("lexicon/construction_words.txt"), text, sentences)
    for i, span in enumerate(sentences):
        # (every enumeration starts with 等 or is counted in 家, every counted list holds 家)
        counted = text.find("家", *span) >= 0
        here = find_enumerations(text, span) if counted or text.find("等", *span) >= 0 else []
        here += find_counted_firms(text, span) if counted else []
        here += find_facilities(text, span) if i in building else []
        here += find_zones(text, span) if i in zones else []
        here += find_projects(text, span) if i in projects else []
        here += find_enterprises(text, span) if i in firms else []
        here += find_organizations(text, span) if i in orgs else []
        if here:
            found += _open_with_firm(text, here)
    return _drop_place_firms(_drop_nested(found))


def _capacity_owners(text: str, found: list[EntityMention]) -> list[EntityMention]:
    """A short name written right before a product project's capacity phrase
    (``澜沧储能|年产10GWh储能电池模组项目``) is the firm that builds it: the project's
    mention takes it in (so both the name with it and the name without it are the
    project's), and the firm is a mention of its own where no finder named it."""
    out: list[EntityMention] = []
    starts = {(e.mention.start, e.mention.end) for e in found if e.type == "Enterprise"}
    for em in found:
        out.append(em)
        if em.type != "Project" or not _PRODUCT.match(text, em.mention.start) or em.mention.text != em.name:
            continue
        a = em.mention.start
        lead = _capacity_lead(text, a)
        if not lead:
            continue
        b = a - len(lead)
        out[-1] = EntityMention("Project", em.name, Mention(text[b : em.mention.end], b, em.mention.end), em.kind)
        if (b, a) not in starts and strip_mask(lead):
            out.append(EntityMention("Enterprise", strip_mask(lead), Mention(lead, b, a), "capacity-owner"))
    return out


def _capacity_lead(text: str, start: int) -> str:
    """The short name (2 to 6 characters, opened by a boundary) right before ``start``."""
    window = text[max(0, start - 8) : start]
    tokens = tagged(window)
    kept: list[tuple[str, str]] = []
    for word, flag in reversed(tokens):
        if flag not in _LEAD_TAGS or word in load_lexicon("lexicon/left_stops.txt") or _FIRM_END.search(word) \
                or sum(len(w) for w, _ in kept) + len(word) > 6:
            break
        kept.append((word, flag))
    lead = "".join(w for w, _ in reversed(kept))
    opened = len(lead) < len(window) or start - len(lead) == 0
    if len(lead) < 2 or not opened or _is_generic(lead) or lead in load_union("lexicon/generic_modifiers.txt", "lexicon/industry_terms.txt"):
        return ""
    before = window[: len(window) - len(lead)]
    if before and _NAME_CHAR.match(before[-1]) and tagged(before)[-1][1] in _LEAD_TAGS:
        return ""  # (the run goes on: a longer name, not a short one)
    if not any(f in _PROPER or f in ("ng", "nrt") or word_frequency(w) == 0 for w, f in kept):
        return ""  # 电子|年产: a common noun, no name
    return lead


_LEAD_TAGS = frozenset(("n", "nr", "ns", "nz", "ng", "nrt", "nt", "j", "eng", "nrfg", "vn"))


def _drop_place_firms(found: list[EntityMention]) -> list[EntityMention]:
    """A trade-word "firm" opening a park's name with the place a zone of the document is
    named after (青岚|化工集中区 in 青岚经济技术开发区's report) is the place's park."""
    places = {z.name[:2] for z in found if z.type == "Zone" and z.kind == "peer" and len(z.name) >= 5}
    parks = {z.mention.start: z for z in found if z.type == "Zone"}
    return [m for m in found if not (m.type == "Enterprise" and m.kind == "industry" and m.mention.start in parks
                                     and (m.name[:2] in places or _cuts_trade(parks[m.mention.start].name, len(m.name))))]


def _cuts_trade(park: str, cut: int) -> bool:
    """Whether ``park[:cut]`` ends inside a trade word of the park's name (梧桐装备|制造产业园:
    装备制造 is the park's trade, 梧桐装备 no firm)."""
    terms = load_lexicon("lexicon/industry_terms.txt")
    return any(park[a:b] in terms for a in range(max(0, cut - 4), cut) for b in range(cut + 1, min(len(park), cut + 5) + 1))


def _open_with_firm(text: str, found: list[EntityMention]) -> list[EntityMention]:
    """A project whose left edge cut into the firm that opens its name (``同|华新能源厂房``
    where jieba read 同 as a preposition) starts where that firm starts; a "project"
    ending inside a firm's legal name (``…金属结构工程|有限公司``) is part of that name."""
    firms = _Around([e for e in found if e.type == "Enterprise"])
    out = []
    for em in _capacity_owners(text, found):
        if em.type == "Project" and any(f.kind == "legal" for _, f in firms.around(em.mention.end)):
            continue
        if em.type == "Project":
            opening = [(i, f) for i, f in firms.around(em.mention.start) if f.mention.end <= em.mention.end]
            if opening:
                firm = min(opening, key=lambda pair: pair[0])[1]  # the first firm in mention order
                start = firm.mention.start
                raw = text[start : em.mention.end]
                em = EntityMention("Project", strip_mask(raw), Mention(raw, start, em.mention.end), em.kind)
        out.append(em)
    return out


def open_with_short_firm(text: str, found: list[EntityMention], shorts: Iterable[str]) -> list[EntityMention]:
    """A project whose left edge stopped inside the short name of a firm the document
    names in full (``宏运达|冷链物流中心项目`` where jieba read 运达 as a verb, with
    宏运达供应链管理有限公司 named anywhere in the report) is named with it: its mention
    and name start where the short name does, when nothing but a boundary or a word that
    is no part of a name comes before it."""
    known = {s for s in shorts if len(s) >= 3}
    if not known:
        return found
    lengths = sorted({len(s) for s in known}, reverse=True)
    out = []
    for em in found:
        if em.type == "Project" and em.mention.text == em.name:
            a = em.mention.start
            short = next((text[a - k : a] for k in lengths if k <= a and text[a - k : a] in known), None)
            if short is not None and not em.name.startswith(short):
                b = a - len(short)
                before = text[max(0, b - 6) : b]
                if not (before and _NAME_CHAR.match(before[-1]) and tagged(before)[-1][1] in _LEAD_TAGS):
                    em = EntityMention("Project", short + em.name, Mention(text[b : em.mention.end], b, em.mention.end), em.kind)
        out.append(em)
    grown = [em for em, old in zip(out, found) if em is not old]
    return [em for em in out if not (em.type == "Zone" and any(_inside(em, g) and _swallowed(em, g) for g in grown))] if grown else out


class _Around:
    """Mentions indexed by where they start, to find those around a position (starting
    before it, ending after it) among the few that start within the longest mention's
    length of it, not among all of a sentence's (quadratic in a long list)."""

    def __init__(self, mentions: Sequence[EntityMention]) -> None:
        self._by_start = sorted(((m.mention.start, i, m) for i, m in enumerate(mentions)), key=lambda t: t[:2])
        self._starts = [start for start, _, _ in self._by_start]
        self._reach = max((m.mention.end - m.mention.start for m in mentions), default=0)

    def around(self, pos: int) -> list[tuple[int, EntityMention]]:
        """``(index in the mentions given, mention)`` of each mention with ``start < pos < end``."""
        lo = bisect.bisect_right(self._starts, pos - self._reach)
        hi = bisect.bisect_left(self._starts, pos)
        return [(i, m) for _, i, m in self._by_start[lo:hi] if m.mention.end > pos]


def _drop_nested(found: list[EntityMention]) -> list[EntityMention]:
    listed = {(e.mention.start, e.mention.end) for e in found if e.kind == "enumeration" and e.type == "Project"}
    found = [e for e in found if not (e.type == "Zone" and (e.mention.start, e.mention.end) in listed)]
    found.sort(key=lambda e: (e.mention.start, -e.mention.end, e.type))
    keep: list[EntityMention] = []
    reach = -1  # the furthest end of a kept mention: one ending before ``em`` cannot hold it
    # The kept mentions that may still hold a later one: the mentions come by start, so
    # one ending before a mention starts holds neither it nor any after it (testing
    # every kept mention made this quadratic in the mentions of a document).
    open_: dict[int, EntityMention] = {}
    ends: list[tuple[int, int]] = []  # (end, index in keep) of the open ones, a heap
    for em in found:
        while ends and ends[0][0] < em.mention.start:
            del open_[heapq.heappop(ends)[1]]
        if em.mention.end <= reach and any(_same_span(em, k) or (_inside(em, k) and _swallowed(em, k)) for k in open_.values()):
            continue
        open_[len(keep)] = em
        heapq.heappush(ends, (em.mention.end, len(keep)))
        keep.append(em)
        reach = max(reach, em.mention.end)
    return keep


_PARK_PROJECT_TAILS = ("项目", "工程")


def _inside(a: EntityMention, b: EntityMention) -> bool:
    return b.mention.start <= a.mention.start and a.mention.end <= b.mention.end and (a.mention.start, a.mention.end) != (b.mention.start, b.mention.end)


def _same_span(a: EntityMention, b: EntityMention) -> bool:
    return a.type == b.type and (a.mention.start, a.mention.end) == (b.mention.start, b.mention.end)


def _swallowed(inner: EntityMention, outer: EntityMention) -> bool:
    """A nested mention is part of the outer name, not an entity of its own."""
    if inner.type == "Zone":
        if outer.type == "Project" and inner.mention.start == outer.mention.start:
            # 甲集团茶叶精深加工产业园项目: the park is what the project builds, one thing
            return outer.mention.text[len(inner.mention.text):] in _PARK_PROJECT_TAILS
        return outer.type == "Zone" and inner.mention.end == outer.mention.end
    if inner.type == "Enterprise":
        if outer.type == "Zone" and inner.kind == "industry" and inner.mention.start == outer.mention.start:
            return tagged(inner.name)[0][1] == "ns"  # 北湖|智能装备产业园: a place's park, no firm
        return outer.type in ("Enterprise", "Organization")
    if inner.type == "Project" and outer.type == "Enterprise":
        return inner.mention.end < outer.mention.end  # 金属结构工程 in …金属结构工程有限公司
    return inner.type == outer.type or inner.type == "Organization"


_ENUM_CLASS = re.compile(
    r"等\s*(?:[0-9xX*一二三四五六七八九十百余多几]+\s*(?:个|家|项|座|大|批|条))?[^,，。;；:：、]{0,8}?"
    r"(?P<cls>企业|公司|集团|项目|工程|园区|产业园)"
    r"|等\s*[0-9xX*一二三四五六七八九十百余多几]+\s*(?P<cls2>家)(?![\u4e00-\u9fff]{0,8}?(?:企业|公司|集团|单位|银行|机构))"
)
_ENUM_TYPE = {"企业": "Enterprise", "公司": "Enterprise", "集团": "Enterprise", "项目": "Project",
              "工程": "Project", "园区": "Zone", "产业园": "Zone", "家": "Enterprise"}


def find_enumerations(text: str, span: tuple[int, int]) -> list[EntityMention]:
    """Members of ``A、B和C等x家企业`` / ``A、B等重点项目``: each is an entity of that class."""
    out: list[EntityMention] = []
    for m in _ENUM_CLASS.finditer(text, span[0], span[1]):
        cls = "cls" if m.group("cls") else "cls2"
        etype = _ENUM_TYPE[m.group(cls)]
        between = text[m.start() : m.start(cls)]
        if "类" in between or (between.strip() == "等" and load_regex("lexicon/enum_class_modified.txt").match(text, m.end())):
            continue  # 甲、乙等十大类项目 (categories); 可研、环评等项目前期工作 (tasks)
        modifier = re.sub(r"^等\s*[0-9xX*一二三四五六七八九十百余多几]*\s*[个家批]?", "", between)
        if etype == "Enterprise" and (re.search(r"[省市县区]级|申报|储备|区域|地区|城市", between)
                                      or len(modifier) > (10 if modifier.endswith("的") else 4)):
            continue  # (等一批成长性较好的企业: a described kind of firm, still the firms listed)
        out.extend(_enum_members(text, _enum_items(text, span[0], m.start()), etype, m.group(cls)))
    # 甲、乙、丙三家企业 (no 等): as many items as the count says
    for m in _COUNTED_LIST.finditer(text, span[0], span[1]) if text.find("、", *span) >= 0 else ():
        items = _enum_items(text, span[0], m.start())
        if len(items) >= 2 and len(items) == count_value(m.group("n")):
            out.extend(_enum_members(text, items, "Enterprise", m.group("cls")))
    return out


_COUNTED_LIST = re.compile(r"(?<![0-9一二三四五六七八九十两百余多几等])(?P<n>[两二三四五六七八九]|十|[2-9]|1[0-9])\s*家(?P<cls>企业|公司)")


@functools.cache
def _park_arrival() -> re.Pattern[str]:
    """A park's head and a verb bringing firms into it (``产业园集聚``, ``基地引进了``)."""
    return re.compile(f"(?:园|园区|区|港|基地|城|谷)(?:{load_regex('lexicon/placement_arrivals.txt').pattern})")


def _enum_members(text: str, items: Sequence[tuple[int, int]], etype: str, cls: str) -> list[EntityMention]:
    """The entities of a list's item spans (``items``, last first) of class ``cls`` (企业, 项目…)."""
    out: list[EntityMention] = []
    for start, end in items:
        first = (start, end) == items[-1]
        tokens = tagged(text[start:end]) if first else ()
        if len(tokens) >= 2 and tokens[0][1] in ("v", "vn", "d", "p", "ad") and len(tokens[0][0]) >= 2 \
                and word_frequency(tokens[0][0]) >= 100 and end - start - len(tokens[0][0]) >= 2 and tokens[0][0] not in load_union("lexicon/name_verbs.txt", "lexicon/name_openers.txt"):
            start += len(tokens[0][0])  # 重点承接|卓宇精密等龙头企业: the verb before the list
        arrival = _park_arrival().search(text, start, end) if first else None
        if arrival is not None and end - arrival.end() >= 2:
            start = arrival.end()  # 北区新材料产业园集聚|锐驰新材料、海岚化工等企业: the park brings the list in
        lead = next((w for w in _word_stops() if text.startswith(w, start) and end - start - len(w) >= 2), "")
        start += len(lead)  # 我区|禾昇精密 (jieba reads 我|区: no stop word of the walk)
        raw = text[start:end]
        name = strip_mask(raw)
        if len(name) < 2 or _is_generic(name) or not _has_core(name + "X", "X"):
            continue
        if _EVENT.match(name):
            continue  # 第四届…大赛: an event, not a project
        if plain_word(name):
            continue  # 四是深化|与华川移动等企业合作: the verb before the list
        head = own_head(name)
        masked = len(name) < len(raw.strip())
        if masked and ((head and not _has_core(name, head)) or len(tagged(name)[0][0]) == 1):
            continue  # xx汽车产业园, xx通智能…: the mask hid what named it
        itype = own_type(name) or _item_type(name, etype)
        if itype == "Enterprise" and _sector_words(name):
            continue  # 引进整机制造、航空动力电池等企业: kinds of firm, named by common words
        if etype == "Project" and itype == "Zone" and not _peer_zone(name):
            itype = "Project"  # 甲产业园、乙项目等项目: a park in a project list is built as one
        if itype == "Zone" and own_type(name) is None:
            name += cls  # 甲、乙等百亿产业园: each is a 产业园 (甲产业园)
        out.append(EntityMention(itype, name, Mention(raw, start, end), "enumeration"))
    return out


@functools.lru_cache(maxsize=1 << 14)
def plain_word(name: str) -> bool:
    """One common word of the dictionary, no name: a verb, adverb or adjective (深化, 严格,
    联合攻关's 攻关) or a frequent common noun (国际); not a known firm (联想) or a word with
    a name's head (县政府). Shared by list items, recipients and partners."""
    tokens = tagged(name)
    if len(tokens) != 1 or name in load_lexicon("lexicon/known_firms.txt") or own_type(name) is not None:
        return False
    flag, freq = tokens[0][1], word_frequency(name)
    return (flag in ("v", "vn", "vd", "a", "ad", "d") and freq >= 100) or (flag not in _NAME_TAGS and freq >= 1000)


_NAME_TAGS = ("ns", "nr", "nz", "nrt", "nt", "eng", "nrfg")

_EVENT = re.compile(r"第[0-9一二三四五六七八九十百]+届")
_STREET = re.compile(r"[路街道桥]")
_QUOTED = re.compile(r"“[^“”,，。;；]{2,20}”$")


def _quoted_name(text: str, head_start: int, lo: int) -> int | None:
    """Where a quoted name right before a head starts; None when there is none or the
    quoted text is one everyday word (``“军令状”项目``: a kind of project)."""
    window = max(lo, head_start - 22)
    m = _QUOTED.search(text, window, head_start) if text.find("”", window, head_start) >= 0 else None
    if m is None:
        return None
    inner = m.group()[1:-1]
    tokens = tagged(inner)
    if len(tokens) == 1 and word_frequency(inner) >= 10:
        return None
    return m.start()
# (from the first digit of a run only: tried from each digit, a long run took quadratic time)
_COUNTED_FIRMS = re.compile(r"(?<![0-9一二三四五六七八九十两])[0-9一二三四五六七八九十两]+\s*家\s*[(（](?P<items>[^()（）,，。;；:：]{2,60})[)）]")


def find_counted_firms(text: str, span: tuple[int, int]) -> list[EntityMention]:
    """Firms named in brackets after a count of firms: ``超亿元企业2家(甲、乙)``."""
    out: list[EntityMention] = []
    for m in _COUNTED_FIRMS.finditer(text, span[0], span[1]):
        pos = m.start("items")
        for item in re.split(r"([、及与/]|" + conjunction_he() + ")", m.group("items")):
            start, pos = pos, pos + len(item)
            name = strip_mask(item.strip())
            if len(item) == 1 and item in "、和及与/":
                continue
            if not 2 <= len(name) <= 12 or re.search(r"[0-9%]", name) or _is_generic(name) \
                    or name in load_lexicon("lexicon/industry_terms.txt") or _generic_regex().fullmatch(name) \
                    or re.search(r"(?:企业|单位|机构|银行|项目)$", name):
                continue
            lead = len(item) - len(item.lstrip())
            out.append(EntityMention(own_type(name) or "Enterprise", name,
                                     Mention(item.strip(), start + lead, start + lead + len(item.strip())), "enumeration"))
    return out


def _peer_zone(name: str) -> bool:
    """Whether a name ends in the head of a zone of its own rank (…经济开发区, …高新区)."""
    head = _head_at_end("zone_suffixes.txt", name)
    return head is not None and _suffix_regex("zone_suffixes.txt")[1].get(head) == "peer"


def _item_type(name: str, etype: str) -> str:
    """Short items of a project list without a head of their own (``安瑞泰、中健康桥等重点
    项目``) are the firms whose projects they are."""
    if etype == "Project" and len(name) <= 5 and not facility_head(name) and not re.search(r"[0-9路道街桥线]", name):
        return "Enterprise"
    return etype


_ITEM_GLOSS = re.compile(r"[（(][^（()）、，,。；;]{1,20}[)）]$")


def _enum_items(text: str, lo: int, end: int) -> list[tuple[int, int]]:
    """Spans of the list items ending at ``end`` (separated by 、 和 及 与)."""
    items = []
    while end > lo:
        gloss = _ITEM_GLOSS.search(text, max(lo, end - 24), end)
        if gloss is not None and gloss.start() > lo:
            end = gloss.start()  # 甲电驱（电机电控）、乙复材（结构件）等企业: the bracketed line of business
        start = _left_edge(text, end, lo, stop_at_firm=True, lexical=True)
        if start >= end:
            break
        sep = text[start - 1 : start] if start > lo else ""
        if sep not in ("、", "和", "及", "与", "/"):
            # ``、台佳电子新建年产…组件、``: a stop word inside a list item, the item runs
            # back to the previous separator
            k = text.rfind("、", max(lo, start - 12), start)
            if k >= 0 and all(_NAME_CHAR.match(ch) and ch not in "的了是为在0123456789" for ch in text[k + 1 : start]):
                start, sep = k + 1, "、"
        items.append((start, end))
        if sep in ("、", "和", "及", "与", "/"):
            end = start - 1
            continue
        break
    return items


def own_type(name: str) -> str | None:
    """The type a name's own head gives it (``…产业园`` Zone, ``…药业`` Enterprise)."""
    found = _own(name)
    return found[0] if found else None


def own_head(name: str) -> str | None:
    found = _own(name)
    return found[1] if found else None


def _own(name: str) -> tuple[str, str] | None:
    for table, etype in (("zone_suffixes.txt", "Zone"), ("enterprise_suffixes.txt", "Enterprise"),
                         ("project_suffixes.txt", "Project"), ("org_suffixes.txt", "Organization")):
        regex, _ = _suffix_regex(table)
        m = regex.search(name)  # the first head found must end the name (…开发区产业园 has none)
        if m and m.end() == len(name):
            return etype, m.group()
    return None


def _head_at_end(table: str, name: str) -> str | None:
    """The head of ``table`` that ends ``name``, wherever other heads occur before it."""
    regex, _ = _suffix_regex(table)
    m = regex.search(name)
    while m and m.end() != len(name):
        m = regex.search(name, m.start() + 1)
    return m.group() if m else None


_NOT_PROPER = ("a", "b", "v", "vn", "vd", "d", "m", "t", "p", "c", "r", "f", "u", "q", "ad", "an", "i")


def _proper_body(body: str) -> bool:
    """A zone of its own rank needs a place or proper name (泾县, 景宁), not 先进/年度."""
    body = _MASK_ANY.sub("", body)
    tokens = tagged(body) if body else ()
    if not tokens or body.endswith("省") or body in load_lexicon("lexicon/generic_modifiers.txt"):
        return False
    word, flag = tokens[0]
    return flag not in _NOT_PROPER and word not in load_lexicon("lexicon/generic_modifiers.txt") and word not in ("年度", "工作")


@functools.cache
def _firm_heads() -> tuple[str, ...]:
    """The heads of ``enterprise_suffixes.txt``, longest first."""
    return tuple(head for head, _ in sorted(load_table("lexicon/enterprise_suffixes.txt"), key=lambda r: -len(r[0])))


_KIND_OF_FIRM = re.compile(r"^[\u4e00-\u9fff]{1,4}(?:企业|公司)(?=[\u4e00-\u9fffA-Za-z]{2})")
_LATIN_BRAND = re.compile(r"(?=[A-Za-z0-9&\-]*[a-z])[A-Za-z][A-Za-z0-9&\-]{2,15}")  # (not an acronym: MEMS, LED)
_COMMON_WORD = 1000  # jieba's frequency of a common word (航空 6021, 港口 2904; 格力 73)


@functools.cache
def _industry_heads() -> frozenset[str]:
    return frozenset(e for e, t in load_table("lexicon/enterprise_suffixes.txt") if t == "industry")


@functools.cache
def trade_heads() -> tuple[str, ...]:
    """The trades of ``enterprise_suffixes.txt`` (光电, 包装, 汽配 …), longest first."""
    return tuple(sorted(_industry_heads(), key=len, reverse=True))


def _sector_phrase(name: str) -> bool:
    """``港口物流``, ``船舶电气``, ``航空物流``: a common noun before an industry word names a
    sector, not a firm (a firm's body is a coined or proper name: 宏昊纸业, 格力电器)."""
    head = next((h for h in _firm_heads() if name.endswith(h) and name != h), None)
    if head is None:
        return False
    body = name[: -len(head)]
    if body in load_union("lexicon/generic_modifiers.txt", "lexicon/industry_terms.txt"):
        return True
    tokens = tagged(body)
    return len(tokens) == 1 and tokens[0][1] in ("n", "vn", "v", "a", "b") and word_frequency(body) >= _COMMON_WORD


def _sector_words(name: str) -> bool:
    """A name made only of dictionary words of two characters or more, none a name's
    (整机|制造, 航空|发动机, 量子|信息): a sector or a product; a firm's short name has a
    coined or proper part (凌川|复材, 澜|动|电驱, 鸿|屹|电缆). Not a legal name."""
    if re.search(r"(?:公司|集团|厂)$", name):
        return False
    tokens = tagged(name)
    words = all(len(w) >= 2 and flag not in _NAME_TAGS and word_frequency(w) >= 3 for w, flag in tokens)
    return words and (len(tokens) == 1 or word_frequency(tokens[0][0]) >= 50)  # (海贝|优选: a rare first word is a brand)


def short_firm(name: str) -> bool:
    """``新维电机``: a two- or three-character proper body before an industry word."""
    for head in _firm_heads():
        if name.endswith(head) and name != head:
            body = name[: -len(head)]
            break
    else:
        return False
    if _LATIN_BRAND.fullmatch(body):
        return True  # Keller传感, Harbourline物流: a Latin brand before an industry word
    if not 2 <= len(body) <= 3 or re.search(r"[省市县区]$", body):
        return False
    generic = load_union("lexicon/generic_modifiers.txt", "lexicon/industry_terms.txt")
    tokens = tagged(body)
    return body not in generic and tokens[0][1] not in _NOT_PROPER and all(w not in generic for w, _ in tokens)


_PROPER = ("ns", "nr", "nz", "nrt", "nt", "j", "eng", "nrfg")
_ADMIN = frozenset("省市县区镇乡")


def _rare_place_pair(ordered: Sequence[tuple[str, str]], bounded: bool) -> bool:
    """``临|岫`` before a zone's head (read right to left): a single character jieba
    tags as a verb or a word before a rare one, the pair no word it knows, after a verb,
    a preposition or the start of the text."""
    if len(ordered) < 2 or len(ordered[1][0]) != 1 or ordered[1][1] in ("c", "p", "u", "uj", "r", "d", "m", "q", "x"):
        return False
    if word_frequency(ordered[1][0] + ordered[0][0]) > 0 or ordered[1][0] in load_lexicon("lexicon/left_stops.txt"):
        return False
    if len(ordered) == 2:
        return bounded
    before, flag = ordered[2]
    return len(before) >= 2 and flag[:1] in ("v", "p")


def _unknown_town(ordered: Sequence[tuple[str, str]], bounded: bool) -> int:
    """The length of a place jieba does not know, cut into single characters before its
    county or town character (以|栖|鹭|镇|工业集中区), right after a boundary; 0 if none."""
    if len(ordered) < 3 or ordered[0][0] not in _ADMIN:
        return 0
    stops = load_lexicon("lexicon/left_stops.txt")
    k = 1
    while (k < len(ordered) and k <= 3 and len(ordered[k][0]) == 1 and "\u4e00" <= ordered[k][0] <= "\u9fff"
           and ordered[k][0] not in stops and ordered[k][1] not in _NOT_PLACE_FLAGS):
        k += 1
    if k < 3:
        return 0  # (one character before 镇 is no unknown place: 全|镇)
    boundary = bounded if k == len(ordered) else (
        not _NAME_CHAR.match(ordered[k][0][:1]) or ordered[k][1][:1] in ("v", "p", "d", "c", "u", "r", "x", "m", "t"))
    return sum(len(w) for w, _ in ordered[:k]) if boundary else 0


_NOT_PLACE_FLAGS = frozenset(("c", "p", "u", "uj", "ul", "r", "d", "m", "q", "f"))


def _peer_left_edge(text: str, head_start: int, floor: int) -> int:
    """Left edge of a zone of its own rank: only place and proper names join it.

    ``泾县经济开发区``, ``南通苏锡通科技产业园区``, ``民乐生态工业园区`` keep their
    names; ``不断完善高新区`` and ``全国一流开发区`` are the bare word.
    """
    start = _name_run_start(text, head_start, floor, 16)
    pos = head_start
    generic = load_lexicon("lexicon/generic_modifiers.txt")
    tokens = tagged(text[start:head_start])
    ordered = tokens[::-1]
    town = _unknown_town(ordered, start == floor or not _NAME_CHAR.match(text[start - 1]))
    if town:
        return _after_counter(text, head_start - town, head_start)
    for i, (word, flag) in enumerate(ordered):
        proper = flag in _PROPER or _MASK_ANY.fullmatch(word) is not None
        if (proper and len(word) >= 3 and word[0] in _GLUED_STOPS and word_frequency(word) == 0
                and i + 1 < len(ordered) and ordered[i + 1][0][-1:] in _HEAD_ENDS):
            pos -= len(word) - 1  # 智造园|和青禾|保税区: jieba glued the conjunction to the place
            break
        if word in _ADMIN and i + 1 < len(ordered) and ordered[i + 1][1] in _PROPER:
            proper = True  # 临溪|县|经济开发区: the county's own zone
        nearest_noun = i == 0 and flag in ("n", "ng", "s") and word not in generic and len(word) <= 3
        if i == 0 and len(word) == 1 and flag in ("g", "zg") and len(ordered) > 1 and ordered[1][1] in _PROPER:
            nearest_noun = True  # 枫|溆|高新区: a rare character of a place jieba does not know
        if i == 0 and len(word) == 1 and flag in ("g", "zg") and _rare_place_pair(ordered, start == floor or not _NAME_CHAR.match(text[start - 1])):
            pos -= 1 + len(ordered[1][0])  # 落户|临|岫|高新区: a place of a rare character, its first read as a verb
            break
        if (i == 1 and len(ordered[0][0]) == 1 and ordered[0][0] in load_lexicon("lexicon/place_endings.txt")
                and len(word) == 2 and flag in ("a", "v", "vn", "ng") and word_frequency(word) < _RARE_VERB):
            proper = True  # 苍梧|山|工业园区: a place named after a mountain or lake jieba misread
        if not (proper or nearest_noun) or word in load_lexicon("lexicon/left_stops.txt"):
            # (an unknown place jieba cut into characters: （三）临|沣|工业园区): a single
            # character after single characters only, right after a boundary, joins them
            bounded = i + 1 == len(ordered) and (start == floor or not _NAME_CHAR.match(text[start - 1]))
            boundary = bounded or (i + 1 < len(ordered) and (not _NAME_CHAR.match(ordered[i + 1][0][:1])
                                                             or ordered[i + 1][0] in load_lexicon("lexicon/left_stops.txt")))
            single = len(word) == 1 and "\u4e00" <= word <= "\u9fff" and word not in load_lexicon("lexicon/left_stops.txt") \
                and flag not in ("c", "p", "u", "uj", "r", "d", "m", "q")
            if single and 0 < i and all(len(w) == 1 for w, _ in ordered[:i]) and boundary:
                pos -= 1
            elif single and 0 < i and ordered[i - 1][1] in ("ns", "nr", "nz", "j") and (
                    bounded or (i + 1 < len(ordered) and (not _NAME_CHAR.match(ordered[i + 1][0][:1])
                                                          or ordered[i + 1][1][:1] in ("v", "p", "d", "c", "u", "r", "x", "m", "t")))):
                pos -= 1  # (位于|白|沙坝…, 现将|青|岚县…, 潮|湄临港…: the place's first character)
            break
        pos -= len(word)
    return _after_counter(text, pos, head_start)


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
_COUNTED = re.compile(r"[0-9xX×*＊一二三四五六七八九十两几多]+[条座个所家处项]")


def find_facilities(text: str, span: tuple[int, int]) -> list[EntityMention]:
    """Facilities under construction (``档案馆完成总量…``, ``新城学校完成室外配套``).

    A name with a facility head (``facility_heads.txt``) is a project where its own
    clause reports building progress (``construction_words.txt``) after it.
    """
    out: list[EntityMention] = []
    progress = load_regex("lexicon/construction_words.txt")
    if progress.search(text, span[0], span[1]) is None:
        return out  # (the words are plain strings: one in a clause is one in the sentence)
    for clause in _CLAUSE.finditer(text, span[0], span[1]):
        last = max((p.start() for p in progress.finditer(text, clause.start(), clause.end())), default=-1)
        if last < 0:
            continue
        for m in _facility_anywhere().finditer(text, clause.start(), last):
            if m.end() > last or not _whole_word(text, m, clause.end()):
                continue
            start = _left_edge(text, m.start(), clause.start(), stop_at_firm=True)
            raw = text[start : m.end()]
            name = strip_mask(raw)
            if len(m.group()) == 1 and not _clause_subject(text, start, m.end(), clause.start(), progress):
                continue  # 城, 园, 馆: only a clause's own subject (国际家具精品城完成主体结顶)
            if len(name) < 3 or _is_generic(name) or (len(name) > len(m.group()) + 1 and not _has_core(name, m.group())):
                continue
            if _COUNTED.match(text, max(clause.start(), start - 1), m.end()) or _COUNTED.match(raw):
                continue  # x条道路, 3所学校: counted things, not a named one
            out.append(EntityMention("Project", name, Mention(raw, start, m.end()), "facility"))
    return out


def facility_before(text: str, lo: int, hi: int) -> Mention | None:
    """The last facility named in ``text[lo:hi]`` (``…的创新药产业化基地完成主体施工``), for a
    word that refers back to it (该项目); ``None`` where there is none."""
    found = None
    for m in _facility_anywhere().finditer(text, lo, hi):
        if len(m.group()) == 1 or not _whole_word(text, m, hi):
            continue
        clause = max(text.rfind(c, lo, m.start()) for c in ",，;；。") + 1
        start = _left_edge(text, m.start(), max(lo, clause), stop_at_firm=True)
        name = strip_mask(text[start : m.end()])
        if len(name) >= len(m.group()) + 3 and not _is_generic(name):
            found = Mention(name, start, m.end())
    return found


def _clause_subject(text: str, start: int, end: int, clause_start: int, progress: re.Pattern[str]) -> bool:
    """A name of four or more characters that opens its clause (or a list item in it)
    and is followed at once by a progress word: the facility the clause reports on."""
    opens = start == clause_start or text[start - 1] in "、;；⏎\n "
    return opens and end - start >= 4 and progress.match(text, end) is not None


@functools.cache
def _facility_anywhere() -> re.Pattern[str]:
    heads = sorted(load_lexicon("lexicon/facility_heads.txt"), key=len, reverse=True)
    return re.compile("|".join(re.escape(h) for h in heads))


@functools.cache
@functools.cache
def _word_stops() -> tuple[str, ...]:
    """The stop words of two characters or more, longest first."""
    return tuple(sorted((w for w in load_lexicon("lexicon/left_stops.txt") if len(w) >= 2), key=lambda w: (-len(w), w)))


def _lead_stops() -> frozenset[str]:
    return load_lexicon("lexicon/left_stops.txt") | {"企业", "公司", "单位"}


# (not ``3.`` or ``-``: a figure or a mask may open a name, 1.5万吨…项目)
_LEAD_BULLET = re.compile(r"\s*(?:(?:[(（][0-9一二三四五六七八九十]{1,3}[)）]|[0-9]{1,2}、|[●•▲■◆★])\s*)?")


def strip_lead(name: str) -> str:
    """Drop leading context words from a name another extractor delimited
    (``区内企业澄明光电`` → ``澄明光电``), and a list item's number (``（3）``)."""
    name = name[_LEAD_BULLET.match(name).end():]  # type: ignore[union-attr] # (optional: it always matches)
    stops = _lead_stops()
    tokens = tagged(name)
    i = 0
    while i < len(tokens) - 1 and tokens[i][0] in stops:
        i += 1
    return name[sum(len(w) for w, _ in tokens[:i]):]
