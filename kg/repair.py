"""Repair stage: undo the damage scraping did to a report, keeping a map to the raw text.

Each step is a small function ``text -> list[Edit]`` (``(start, end, replacement)``);
:func:`_apply` performs the edits and rebuilds the offset map, so every repaired
character still points at the raw character it came from.  The steps:

0. entities: HTML character references left in the text (``&nbsp;``, ``&ldquo;``,
   ``&#65292;``) → their characters.
1. controls: drop control/zero-width chars and lone surrogates; ``\r\n`` → ``\n``;
   ``\u3000``/NBSP/tab → space.
2. mojibake: ``。ㄒ唬┕…`` at a line start is ``（一）…`` read one byte off: re-encode to
   GBK, drop the first byte, decode (the numeral comes from the first byte when a byte
   pair was lost); a run after a lost character (``?duì)`` + junk) is re-decoded when that
   makes it far more common-looking.  The unrecoverable rest is dropped up to the next
   gloss, with that gloss, so no junk stays glued to a name.
3. pinyin: glosses after a hanzi (``經(jīng)濟``, ``創(chuàng )``, ``（yuán）``) go; bracketed Latin
   is pinyin only with a tone mark or ü (``(x)``, ``(PPP)`` stay).
4. simplify: OpenCC t2s (``産`` → ``产``); its dictionaries keep lengths, but a line whose
   length changes would be converted character by character.
5. width: full-width Latin/digits/symbols → ASCII; ，。；：（）！？ stay; redaction
   boxes before a name or number are masks (``□□科技`` → ``xx科技``); thousands
   separators go (``1,234.5万元`` → ``1234.5万元``).
6. spaces: runs → one, none at line ends nor beside full-width punctuation
   (``， 开发区`` → ``，开发区``), ``24. 3`` → ``24.3``, ``42 亿`` → ``42亿``, none
   inside a letter-spaced title (``工 作 总 结`` → ``工作总结``).
7. boilerplate: lines/fragments/spam listed in ``kg/data/repair/*.txt``.
8. breaks: a page counter splitting a sentence (``…一\n\n4、是…``: a long chunk ending
   without final punctuation, then ``N、``) is removed and the sentence rejoined, as are
   hard line breaks inside a sentence (PDF lines); real list items keep their line.
9. spaces again; 3+ newlines → 2; text trimmed.

The chain repeats until the text is stable, so :func:`repair` is idempotent; all steps
are linear regex passes (~5 MB in a few seconds).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterable, Iterator
from importlib.resources import files

from kg.errors import ExtractionError
from kg.lexicon import load_lexicon, may_match
from kg.model import Repaired
from kg.names import to_simplified

Edit = tuple[int, int, str]
Step = Callable[[str], list[Edit]]

_MAX_ROUNDS = 4
_FINAL = "。！？；：!?;:"
_CLOSERS = "”’」』）)】》\"'"
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


# --- Data files


@functools.cache
def _data_lines(name: str) -> tuple[str, ...]:
    """Non-blank, non-comment lines of ``kg/data/repair/<name>``."""
    try:
        text = files("kg").joinpath("data", "repair", name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ExtractionError(f"kg/data/repair/{name}: cannot read ({exc})") from None
    return tuple(s for line in text.splitlines() if (s := line.strip()) and not s.startswith("#"))


def _compile(pattern: str, source: str, flags: int = 0) -> re.Pattern[str]:
    """Compile a pattern from a data file; a malformed one names its file."""
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise ExtractionError(f"kg/data/repair/{source}: bad pattern {pattern!r} ({exc})") from None


@functools.cache
def _line_rules() -> tuple[tuple[re.Pattern[str], frozenset[str]], ...]:
    """Boilerplate line rules: (pattern, flags)."""
    parsed = (re.fullmatch(r"((?:@\w+ +)*)(.+)", line) for line in _data_lines("boilerplate_lines.txt"))
    return tuple((_compile(m[2], "boilerplate_lines.txt"), frozenset(re.findall(r"@(\w+)", m[1])))
                 for m in parsed if m)


@functools.cache
def _line_rule_groups() -> tuple[re.Pattern[str], ...]:
    """All line rules in a few alternations: a cheap first test for each line (a line
    some rule matches is one some alternation matches).

    The rules are grouped by how they start — anchored (``^``), with a plain character,
    otherwise — because one alternation of them all defeats the regex engine's skipping
    to where a match can start (three times slower).
    """
    groups: dict[str, list[str]] = {}
    for pattern, _ in _line_rules():
        first = pattern.pattern[:1]
        kind = "anchored" if first == "^" else "other" if first in "\\.$*+?{}[]|()" else "literal"
        groups.setdefault(kind, []).append(f"(?:{pattern.pattern})")
    return tuple(re.compile("|".join(alternatives)) for alternatives in groups.values())


@functools.cache
def _inline_patterns() -> tuple[re.Pattern[str], ...]:
    """The inline boilerplate and spam patterns (run one by one: an alternation of them
    all is slower, it defeats the regex engine's literal prefix search)."""
    words = "|".join(sorted(map(re.escape, _data_lines("spam_words.txt")), key=len, reverse=True))
    spam = [_compile(p.replace("{WORDS}", words), "spam_patterns.txt", re.MULTILINE) for p in _data_lines("spam_patterns.txt")]
    return (*(_compile(p, "inline.txt", re.MULTILINE) for p in _data_lines("inline.txt")), *spam)


# --- Offset bookkeeping


def _apply(text: str, offsets: list[int], edits: Iterable[Edit]) -> tuple[str, list[int]]:
    """Apply sorted, non-overlapping edits; replacement characters map to the raw
    characters of the span they replace (position by position, the last one repeated)."""
    parts: list[str] = []
    new: list[int] = []
    pos = 0
    changed = False
    for start, end, rep in edits:
        if start < pos or (start == end and not rep) or text[start:end] == rep:
            continue
        changed = True
        parts.append(text[pos:start])
        new.extend(offsets[pos:start])
        parts.append(rep)
        span = end - start
        if span == len(rep):
            new.extend(offsets[start:end])
        else:
            new.extend(offsets[start + min(k, span - 1)] if span else offsets[start] for k in range(len(rep)))
        pos = end
    if not changed:
        return text, offsets
    parts.append(text[pos:])
    new.extend(offsets[pos:])
    return "".join(parts), new


def _regex_edits(pattern: re.Pattern[str], text: str, repl: str | Callable[[re.Match[str]], str] = "") -> list[Edit]:
    """Edits replacing every match of ``pattern`` (``repl`` may be a function)."""
    fn = repl if callable(repl) else (lambda m: repl)
    return [(m.start(), m.end(), fn(m)) for m in pattern.finditer(text)]


# --- 0. character references

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _entities(text: str) -> list[Edit]:
    """Step 0: HTML character references a scrape left in the text (``&nbsp;``,
    ``&ldquo;小巨人&rdquo;``, ``&#65292;``) → their characters (names it does not know stay)."""
    if "&" not in text:
        return []
    edits = []
    for m in _ENTITY.finditer(text):
        if (ch := html.unescape(m.group())) != m.group():
            edits.append((m.start(), m.end(), "" if ch == "\ufffd" else ch))  # (&#0;: no character)
    return edits


# --- 1. control characters and exotic spaces

_CONTROL_CHARS = (r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029"
                  r"\u202a-\u202e\u2060-\u2064\ufeff\ufff9-\ufffb\ud800-\udfff")
_EXOTIC_SPACES = r"\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_CONTROL = re.compile(rf"\r\n?|[{_CONTROL_CHARS}]|[{_EXOTIC_SPACES}]")
# Every match of _CONTROL starts with one of these: one character class the regex engine
# looks for at C speed, where _CONTROL's alternation is tried at every position.
_CONTROL_AT = re.compile(rf"[\r{_CONTROL_CHARS}{_EXOTIC_SPACES}]")


def _controls(text: str) -> list[Edit]:
    """Step 1: control and zero-width characters, line ends, exotic spaces."""
    def repl(ch: str) -> str:
        return "\n" if ch in ("\r\n", "\r", "\u2028", "\u2029") else " " if ch.isspace() else ""

    return [(m.start(), m.end(), repl(m.group())) for m in _scan(_CONTROL, _CONTROL_AT, text)]


# --- 2. misaligned-GBK mojibake

# (at a line's start, or inside a line a scraper joined to the one before, where the byte
# after 。 makes a character of GBK's row A8, a pinyin or bopomofo letter: 情况。ㄒ唬┛…)
_HEAD_RUN = re.compile(r"(?m)^[ ]*(。[^\n(（]{1,200})"
                       r"|(?<=\S)(。[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêɑḿńňǹɡ\u3105-\u3129][^\n(（\ufffd]{1,200})")
_LOST_RUN = re.compile(r"[?？\ufffd](?:[(（]?[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]{1,7}[)）])?([^\x00-\x7f\n(（？\ufffd]{3,200}[!-~]?)(?=[(（\n?？\ufffd]|$)")
_PINYIN_CH = "a-zA-ZāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêếềńňǹḿɑɡÜ"
_TONED = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêếềńňǹḿǗǙǛÜ]")
_GLOSS = rf"[(（][ \n]?[{_PINYIN_CH}]{{1,7}}(?:[ \n]?[{_PINYIN_CH}]{{1,7}}){{0,3}}[ \n]?[)）]"  # (a hard wrap may split one)
_GLOSS_AT = re.compile(_GLOSS)


def _mojibake(text: str) -> list[Edit]:
    """Step 2: misaligned-GBK heading runs and runs after a lost character."""
    edits = []
    for m in _HEAD_RUN.finditer(text):
        g = 1 if m.group(1) is not None else 2
        fixed = _fix_heading(m.group(g), text, m.end(g))
        if fixed is not None:  # (inside a line, a stop before the heading stays)
            stop = "" if g == 1 or text[m.start(g) - 1] in "。；;！!？?：:" else "。"
            edits.append((m.start(g), m.end(g) + fixed[1], stop + fixed[0]))
    for m in _LOST_RUN.finditer(text):
        fixed = _fix_lost(m.group(1), text, m.end(1))
        if fixed is not None:
            edits.append((m.start(1), m.end(1) + fixed[1], fixed[0]))
    return _merge(edits, [])


def _gbk_bytes(run: str) -> bytes | None:
    """Bytes the mojibake was decoded from: GBK per character; ASCII inside the run was a
    full-width character (the scraper folded it), a final ASCII one a lone trail byte."""
    out = bytearray()
    for i, ch in enumerate(run):
        if ch < "\x80" and i < len(run) - 1 and "!" <= ch <= "~":
            ch = chr(ord(ch) + 0xFEE0)
        try:
            b = ch.encode("gb18030")
        except UnicodeEncodeError:
            return None
        if len(b) > 2:
            return None
        out += b
    return bytes(out)


def _decode_prefix(data: bytes) -> tuple[str, bool]:
    """Decode the longest GBK prefix of plausible characters; returns (text, whether all
    of ``data`` decoded so)."""
    try:
        text, clean = data.decode("gbk"), True
    except UnicodeDecodeError as exc:
        text, clean = data[: exc.start].decode("gbk"), False
    bad = next((i for i, ch in enumerate(text) if not _plausible(ch)), None)
    return (text, clean) if bad is None else (text[:bad], False)


@functools.cache
def _plausible(ch: str) -> bool:
    """A character a report plausibly holds: GB2312 hanzi or punctuation, traditional
    hanzi (t2s changes it), ASCII letters and digits."""
    if ch.isascii():
        return ch.isalnum() or ch in "%.-+/"
    if to_simplified(ch) != ch:
        return True
    try:
        b = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return b[0] >= 0xB0 or b[0] in (0xA1, 0xA3)


@functools.cache
def _common(ch: str) -> bool:
    """GB2312 level-1 hanzi (the 3755 most frequent), after t2s."""
    try:
        return 0xB0 <= to_simplified(ch).encode("gb2312")[0] <= 0xD7
    except UnicodeEncodeError:
        return False


def _fix_heading(run: str, text: str, end: int) -> tuple[str, int] | None:
    """Recover a ``。ㄒ唬┕…`` heading run; returns (replacement, extra chars eaten)."""
    data = _gbk_bytes(run)
    if data is None or len(data) < 5 or data[:3] != b"\xa1\xa3\xa8":
        return None
    numerals = _data_lines("numerals.txt")
    head, clean = _decode_prefix(data[1:])
    if re.match(rf"（[{''.join(numerals)}\d]{{1,3}}）", head):
        return _finish(head, clean, text, end)
    lead = {n.encode("gbk")[0]: n for n in numerals}.get(data[3])
    if lead is None:
        return _finish("", False, text, end)
    rest_at = 4 if data[4] == 0xA9 else 6 if len(data) > 6 and data[5] == 0xA3 and data[6] == 0xA9 else -1
    body, clean = _decode_prefix(data[rest_at + 1:]) if rest_at > 0 else ("", False)
    return _finish(f"（{lead}）{body}", clean, text, end)


def _fix_lost(run: str, text: str, end: int) -> tuple[str, int] | None:
    """Re-decode a run shifted by one byte after a lost character, if clearly better."""
    data = _gbk_bytes(run)
    if data is None:
        return None
    fixed, clean = _decode_prefix(data[1:])
    old = sum(map(_common, run)) / len(run)
    new = sum(map(_common, fixed)) / len(fixed) if len(fixed) >= 3 else 0.0
    if new < 0.85 or old > 0.6:
        return None
    return _finish(fixed, clean, text, end)


def _finish(fixed: str, clean: bool, text: str, end: int) -> tuple[str, int]:
    """Complete a recovery: an unclean tail loses its last character's pinyin gloss, and a
    recovered character right before a gloss must be one that needs a gloss."""
    gloss = _GLOSS_AT.match(text, end)
    if gloss is None:
        return fixed, 0
    if not clean:
        return fixed, gloss.end() - end
    if fixed and to_simplified(fixed[-1]) == fixed[-1]:
        return fixed[:-1], gloss.end() - end
    return fixed, 0


# --- 3. pinyin glosses

_PINYIN = re.compile(rf"(?P<g>(?:{_GLOSS})+)|[?？\ufffd][{_PINYIN_CH}]{{1,7}}[)）]"
                     rf"|(?P<byte>\?[A-Za-z](?=[{_CJK}]))")
_PINYIN_AT = re.compile(r"[(（?？\ufffd]")  # every match of _PINYIN starts with one of these
_LOST_BASE = re.compile(r"[?？\ufffd]|(?<=[^\x00-\x7f]|[)）])[A-Za-z@\[\]^_`{|}~]")


def _scan(pattern: re.Pattern[str], starts: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose matches are never empty and always
    begin with a character ``starts`` matches: only those positions are tried, which
    is twice as fast as letting the regex engine try every position."""
    pos = 0
    while (at := starts.search(text, pos)) is not None:
        found = pattern.match(text, at.start())
        if found is None:
            pos = at.start() + 1
            continue
        yield found
        pos = found.end()


def _pinyin(text: str) -> list[Edit]:
    """Step 3: pinyin glosses (with the stand-in of a lost glossed character)."""
    edits = []
    for m in _scan(_PINYIN, _PINYIN_AT, text):
        start = m.start()
        if m.group("byte"):
            if start and text[start - 1].isascii() and text[start - 1].isalpha():
                continue  # "What?I": English, not a lost character
        elif not _TONED.search(m.group()):
            continue
        if m.group("g") is not None and start > 0:
            if _LOST_BASE.match(text, start - 1):
                start -= 1  # the glossed character was lost: drop its stand-in too
            elif not _CJK_CHAR.match(text, start - 1):
                continue
        edits.append((start, m.end(), ""))
    return _merge(edits, [])


# --- 4. traditional → simplified, 5. width


def _simplify(text: str) -> list[Edit]:
    """Step 4: traditional → simplified (OpenCC t2s), per character if lengths differ.

    A line is converted where it reads as traditional text: where t2s changes at least
    two of its characters, or one that is only traditional (建設). A simplified line
    keeps a lone character that t2s would change but simplified Chinese writes too, in
    names above all (锐昇电机 stays, not 锐升)."""
    converted = to_simplified(text)
    if converted == text:
        return []
    whole = len(converted) == len(text)  # (then each line's conversion is its slice)
    edits = []
    pos = 0
    for line in text.splitlines(keepends=True):
        conv = converted[pos : pos + len(line)] if whole else to_simplified(line)
        if whole and conv[-1:] != line[-1:] and line[-1:] == "\n":
            conv = to_simplified(line)  # (lengths traded between lines: the slices are off)
        if conv == line or not _traditional(line, conv):
            pass
        elif len(conv) == len(line):
            edits.append((pos, pos + len(line), conv))
        else:
            edits.extend((pos + i, pos + i + 1, to_simplified(ch)) for i, ch in enumerate(line))
        pos += len(line)
    return edits


def _traditional(line: str, converted: str) -> bool:
    """Whether t2s changed a character of ``line`` (``converted``) that simplified text
    does not write (設; not 昇 or 濛, even twice: 濛溪县…濛溪产业园 stays)."""
    if len(converted) != len(line):
        return True
    return any(a != b and _only_traditional(a) for a, b in zip(line, converted))


def _only_traditional(ch: str) -> bool:
    """``設``, not ``昇`` or ``乾`` (simplified text writes them: ``simplified_also.txt``)."""
    return ch not in load_lexicon("repair/simplified_also.txt")


_KEEP_WIDE = "！＂＇（），：；？"
_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F) if chr(c) not in _KEEP_WIDE}
_WIDTH[ord("丨")] = ord("|")  # (the radical 丨, which scraped tables and titles use as a bar)
_WIDE = re.compile("[" + "".join(re.escape(chr(c)) for c in _WIDTH) + "]")


# Redaction boxes before a name or a number (``□□科技有限公司``, ``■■万元``) are the
# masks the reports otherwise write as x: written so, they are dropped from names and
# leave an amount without a value, as x's are (a box before a space is a bullet).
_BOXES = re.compile(f"[□■]+(?=[{_CJK}0-9.])")


def _width(text: str) -> list[Edit]:
    """Step 5: full-width Latin, digits and symbols → ASCII; redaction boxes and 某某
    → x (lengths kept)."""
    folded = text.translate(_WIDTH) if _WIDE.search(text) else text
    if "□" in folded or "■" in folded:
        folded = _BOXES.sub(lambda m: "x" * len(m.group()), folded)
    if "某某" in folded:
        folded = _SOMEONE.sub(lambda m: "x" * len(m.group()), folded)
    return [(0, len(text), folded)] if folded != text else []


# ``某某科技有限公司``, ``某某集团``: the written word for a masked name, a mask as x is.
_SOMEONE = re.compile(f"某某+(?=[{_CJK}])")


_THOUSANDS_AT = re.compile(r",[0-9]{3}")  # (a quick test: it starts with a literal)
_THOUSANDS = re.compile(r"(?<![0-9.,])[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?(?![0-9]|,[0-9])")


def _thousands(text: str) -> list[Edit]:
    """Step 5 (after widths): thousands separators go (``1,234.5万元`` → ``1234.5万元``):
    a comma is a clause break to the extractors, and the amount was lost."""
    edits: list[Edit] = []
    done = 0
    for hint in _THOUSANDS_AT.finditer(text):  # a number's first ",ddd" (fast: a literal first)
        start = hint.start()
        while start > 0 and text[start - 1].isdigit():
            start -= 1
        if start < done or not (m := _THOUSANDS.match(text, start)):
            continue
        edits += [(m.start() + i, m.start() + i + 1, "") for i, ch in enumerate(m.group()) if ch == ","]
        done = m.end()
    return edits


# --- 6. spaces, 9. newlines

_SPACES = re.compile(" +")
# Full-width punctuation spaces itself: a space beside it is a scraping artefact
# (``5月， 开发区与…``, an &nbsp; after a comma), which would start or end a name.
_FULL_PUNCT = frozenset("，。；：、！？（）“”‘’《》【】「」『』〔〕…")
_DIGITS = frozenset("0123456789")
_CJK_CHAR = re.compile(f"[{_CJK}]")
_BLANKS = re.compile(r"\n{3,}")


def _spaces(text: str) -> list[Edit]:
    """Steps 6 and 9: space runs, spaces at line ends and beside full-width
    punctuation, spaced decimals and amounts, letter-spaced words."""
    edits = []
    spaced = _letter_spaced(text) if _LONE_CHAR.search(text) else []
    k = 0
    for m in _SPACES.finditer(text):
        start, end = m.span()
        while k < len(spaced) and spaced[k][1] <= start:
            k += 1
        before = text[max(0, start - 2):start]
        after = text[end] if end < len(text) else "\n"
        if (not before or before[-1] == "\n" or after == "\n" or before[-1] in _FULL_PUNCT or after in _FULL_PUNCT
                or _glued(before, after) or (k < len(spaced) and spaced[k][0] < start)):
            edits.append((start, end, ""))
        elif end - start > 1:
            edits.append((start, end, " "))
    return edits


_LONE_CHAR = re.compile(f" [{_CJK}0-9] ")  # inside any letter-spaced run (a quick test: it starts with a space)
_LETTER_SPACED = re.compile(f"(?<![{_CJK}0-9])[{_CJK}0-9](?: +[{_CJK}0-9]){{2,}}(?![{_CJK}0-9])")


def _letter_spaced(text: str) -> list[tuple[int, int]]:
    """Runs of single characters set apart by spaces, three Chinese at least: a
    letter-spaced title a PDF gave as ``青 禾 经 济 开 发 区`` or ``工  作  总  结``
    (never Chinese prose; a run of digits alone may be a table's columns)."""
    return [m.span() for m in _LETTER_SPACED.finditer(text) if len(_CJK_CHAR.findall(m.group())) >= 3]


def _glued(before: str, after: str) -> bool:
    """A space inside a decimal (``24. 3``) or between a number and its unit (``42 亿元``,
    ``2023 年``), not between a table's cells (``1 沅屿产业园一期``, ``15000 专项债券``)."""
    if after in _DIGITS:
        return len(before) == 2 and before[0] in _DIGITS and before[1] == "."
    return before[-1] in _DIGITS and after in _UNIT_START


# The characters a unit or a counter after a number starts with (亿元, 万吨, 年, 家, 个 …)
_UNIT_START = frozenset("亿万千百十元角个家项吨年月日号时亩平公米台套辆件片座栋层条人名位次批期倍届所户支根株头只张块度周天分秒")


def _newlines(text: str) -> list[Edit]:
    """Step 9: at most one blank line; no white space around the text."""
    lead, trail = len(text) - len(text.lstrip()), len(text) - len(text.rstrip())  # ^\s+|\s+$
    ends = [(0, lead, "")] if lead else []
    if trail and lead < len(text):
        ends.append((len(text) - trail, len(text), ""))
    return _merge(ends, _regex_edits(_BLANKS, text, "\n\n"))


# --- 7. boilerplate

_TITLE_LIKE = re.compile(r"^[^。，,；;]{1,40}$")
_CAPTION = re.compile(r"^[^。，,；;：:！？!?]{1,15}$")


def _boilerplate(text: str) -> list[Edit]:
    """Step 7: boilerplate lines, boilerplate fragments and spam tokens (a pattern is
    searched for only in a text holding one of the words it cannot match without)."""
    inline = [edit for pattern in _inline_patterns() if may_match(pattern, text) for edit in _regex_edits(pattern, text)]
    return _merge(inline, _boilerplate_lines(text))


def _boilerplate_lines(text: str) -> list[Edit]:
    """Edits deleting whole boilerplate lines (with their newline)."""
    lines = _line_spans(text)
    drop: set[int] = set()
    groups = _line_rule_groups()
    for i, (start, end) in enumerate(lines):
        line = text[start:end].strip()
        if not line or len(line) > 200:
            continue
        for group in groups:  # (a loop, not any(generator): this runs for every line)
            if group.search(line):
                break
        else:
            continue
        for pattern, flags in _line_rules():
            if ("short" in flags and len(line) > 80) or not pattern.search(line):
                continue
            drop.add(i)
            drop.update(_followers(text, lines, i, flags))
            break
    return [(lines[i][0], min(lines[i][1] + 1, len(text)), "") for i in sorted(drop)]


def _followers(text: str, lines: list[tuple[int, int]], i: int, flags: frozenset[str]) -> list[int]:
    """Lines dropped with line ``i``: an image caption, the titles of a related-list, or
    the blank lines after a page marker and the running title of the next page (the
    document's first line again)."""
    out = []
    title = next((t for a, b in lines if (t := text[a:b].strip())), "") if "page" in flags else ""
    for j in range(i + 1, len(lines)):
        line = text[lines[j][0]:lines[j][1]].strip()
        if "page" in flags:
            if line and line != title:
                break
            out.append(j)
            continue
        if "caption" in flags:
            if line:
                return [j] if _CAPTION.match(line) else []
            continue
        if "section" not in flags or not line or not _TITLE_LIKE.match(line):
            break
        out.append(j)
    return out


def _line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, newline excluded."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    ends = [s - 1 for s in starts[1:]] + [len(text)]
    return list(zip(starts, ends))


def _merge(a: list[Edit], b: list[Edit]) -> list[Edit]:
    """Merge two edit lists, dropping edits that overlap an earlier one."""
    out: list[Edit] = []
    for edit in sorted(a + b, key=lambda e: (e[0], -e[1])):
        if out and edit[0] < out[-1][1]:
            continue
        out.append(edit)
    return out


# --- 8. tables scraped one cell a line

_CELL_LINE = re.compile(r"[^\n。；;]{1,60}")
_ROW_NUMBER = re.compile(r"\s*\d{1,3}\s*")


def _cell_lines(text: str) -> list[Edit]:
    """A table scraped one cell a line (``序号\n项目名称\n建设单位\n…`` then ``1\n甲项目\n
    乙公司\n…``) back into rows: the header's lines and each row's (a row number, then as
    many cells as the header has, none blank) joined by bars, one row a line, as the
    table readers expect. Lines that are no such row (a section's title between rows) stay."""
    if "\n序号\n" not in text and "\n编号\n" not in text:
        return []
    lines = _line_spans(text)
    words = _data_lines("table_header_words.txt")
    edits: list[Edit] = []
    i = 0
    while i < len(lines):
        if text[lines[i][0]:lines[i][1]].strip() not in ("序号", "编号"):
            i += 1
            continue
        n = i + 1
        while n < len(lines) and n - i < 16 and _is_header_cell(text[lines[n][0]:lines[n][1]].strip()):
            n += 1
        header = [text[a:b].strip() for a, b in lines[i:n]]
        if n - i < 4 or sum(any(w in cell for w in words) for cell in header) < 2:
            i += 1
            continue
        width = n - i
        edits += [(lines[k][1], lines[k][1] + 1, "|") for k in range(i, n - 1)]
        k = n
        while k + width <= len(lines):
            row = [text[a:b].strip() for a, b in lines[k:k + width]]
            if _ROW_NUMBER.fullmatch(row[0]) and all(row) and all(_CELL_LINE.fullmatch(c) for c in row[1:]):
                edits += [(lines[j][1], lines[j][1] + 1, "|") for j in range(k, k + width - 1)]
                k += width
            elif _ROW_NUMBER.fullmatch(row[0]):
                break  # (a row with a blank or long cell: the rest is not read as rows)
            else:
                k += 1  # 一、续建项目（6个）: a line between rows
        i = k
    return edits


def _is_header_cell(line: str) -> bool:
    return 0 < len(line) <= 16 and not re.search(r"[。，,；;：:、]", line) and not _ROW_NUMBER.fullmatch(line)


# --- 9. page counters and hard line breaks

_COUNTER = re.compile(r"(\d{1,3})、")
_ENUM_START = re.compile(r"[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,3}(?:[、)）]|[.．](?!\d))"
                         r"|第[一二三四五六七八九十\d]+[、章节条部分篇]|[①-⑳]|[•·\-—*●○◆◇■□▲△★☆▶►▪➢➤✔√※]")
_OPEN_ENUM = re.compile(r"(?:^|[\s。；;])[（(][一二三四五六七八九十\d]{1,3}[)）]$")  # "…。 (七)" opens a heading
# A table row flattened to text: fields split by spaces, tabs or bars, a row number first.
TABLE_ROW = re.compile(r"[ \t|｜]*\d{1,3}[ \t|｜]*[\u4e00-\u9fff][^ \t\n|｜]*(?:[ \t|｜]+[^ \t\n|｜]+){1,}[ \t|｜]*$")
_MIN_CHUNK = 100
_MIN_LINE = 30
_SOFT_END = "，,、"


def _breaks(text: str) -> list[Edit]:
    """Rejoin sentences split by page-chunk counters or by hard line breaks."""
    lines = _line_spans(text)
    edits: list[Edit] = []
    cur_len, prev_end, first_marker = 0, -1, None
    for start, end in lines:
        line = text[start:end]
        if not line.strip():
            continue
        edit = _join(text, prev_end, start, line, cur_len) if prev_end >= 0 else None
        if edit is None:
            cur_len = len(line.strip())
        else:
            edits.append(edit)
            cur_len += len(line.strip())
            if first_marker is None and edit[1] > start:
                first_marker = (start, int(_COUNTER.match(line).group(1)))  # type: ignore[union-attr]
        prev_end = end
    return _merge(_drop_first_counter(text, lines, first_marker), edits)


def _join(text: str, prev_end: int, start: int, line: str, cur_len: int) -> Edit | None:
    """The edit joining the line at ``start`` to the text ending at ``prev_end``, if any."""
    last = text[prev_end - 1]
    ended = last in _FINAL or last in _CLOSERS or last == "…"
    if ended and not (last in ")）" and _OPEN_ENUM.search(text[max(0, prev_end - 8):prev_end])):
        return None
    counter = _COUNTER.match(line)
    if counter and int(counter.group(1)) >= 2 and cur_len >= _MIN_CHUNK:
        return prev_end, start + counter.end(), ""
    if text.count("\n", prev_end, start) > 1 or _ENUM_START.match(line):
        return None
    if TABLE_ROW.match(line) or TABLE_ROW.match(text, text.rfind("\n", 0, prev_end) + 1, prev_end):
        return None  # a table's rows (1 年产…项目 某公司 12.5 主体完工) are lines of their own
    if cur_len < _MIN_LINE and last not in _SOFT_END and not _hard_wrapped(text, prev_end, cur_len, line):
        return None
    ascii_both = last.isascii() and last.isalnum() and line[0].isascii() and line[0].isalnum()
    return prev_end, start, " " if ascii_both else ""


def _hard_wrapped(text: str, prev_end: int, cur_len: int, line: str) -> bool:
    """A shorter line cut in mid-sentence by a narrow hard wrap (a scrape of a page set
    20–30 characters wide): Chinese on both sides of the break, the line not a title
    (…工作总结) and not too short to be one of the page's lines, the next line no
    longer than such a page's lines."""
    if cur_len < _MIN_WRAPPED or not _CJK_CHAR.match(text, prev_end - 1) or not _CJK_OR_DIGIT.match(line):
        return False
    if len(line.strip()) > 2 * _MIN_LINE:
        return False  # (a headline over a long paragraph: the page is not wrapped narrow)
    return not text.endswith(_title_ends(), 0, prev_end)


_MIN_WRAPPED = 16
_CJK_OR_DIGIT = re.compile(r"[\u4e00-\u9fff0-9]")


@functools.cache
def _title_ends() -> tuple[str, ...]:
    """``repair/title_ends.txt``, as a tuple for ``str.endswith``."""
    return tuple(load_lexicon("repair/title_ends.txt"))


def _drop_first_counter(text: str, lines: list[tuple[int, int]],
                        first: tuple[int, int] | None) -> list[Edit]:
    """When page counters start at 2、, the chunk before them opened with a 1、 counter."""
    if first is None or first[1] != 2:
        return []
    for start, end in reversed(lines):
        if start < first[0] and text.startswith("1、", start):
            return [(start, start + 2, "")]
    return []


# --- Public API

_STEPS: tuple[Step, ...] = (_entities, _controls, _mojibake, _pinyin, _simplify, _width, _thousands, _spaces,
                            _boilerplate, _cell_lines, _breaks, _spaces, _newlines)


def _round(text: str) -> tuple[str, list[int]]:
    """One pass of every step; offsets index the input ``text``."""
    offsets = list(range(len(text) + 1))
    for step in _STEPS:
        text, offsets = _apply(text, offsets, step(text))
    return text, offsets


def repair(raw: str) -> Repaired:
    """Repair scraped report text.

    Args:
        raw: the decoded text of a document (any Unicode).

    Returns:
        The repaired text and, for every character, the index of the raw character it
        came from (see :class:`~kg.model.Repaired`).  Idempotent:
        ``repair(repair(x).text).text == repair(x).text``.
    """
    text, offsets = _round(raw)
    for _ in range(_MAX_ROUNDS - 1 if text != raw else 0):
        again, inner = _round(text)
        if again == text:
            break
        offsets = [offsets[i] for i in inner]
        text = again
    offsets[-1] = len(raw)
    return Repaired(text=text, offsets=tuple(offsets))


_SENTENCE = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』\"']?|\n|$)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split repaired text into sentences.

    Args:
        text: repaired text.

    Returns:
        ``(start, end)`` spans, in order, of non-empty sentences trimmed of white space;
        a sentence ends after 。！？；(and a closing quote) or at a newline. A "sentence"
        longer than :data:`MAX_SENTENCE` characters (no report has one: the longest in
        the shared corpus has 246; scraped tables and junk do) is cut after its last
        comma, enumeration comma, colon or space before the limit (else at the limit),
        so that no extractor's work on one sentence grows with a whole page.
    """
    spans = []
    for m in _SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        while start < end:
            cut = end if end - start <= MAX_SENTENCE else _cut(text, start)
            a, b = start, cut
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a < b:
                spans.append((a, b))
            start = cut
    return spans


MAX_SENTENCE = 1000
_SOFT_STOP = re.compile(r"[，,、：:\s](?=[^，,、：:\s]*$)")


def _cut(text: str, start: int) -> int:
    """Where an over-long sentence from ``start`` is cut: after the last soft stop in
    the second half of its first :data:`MAX_SENTENCE` characters, else at the limit."""
    limit = start + MAX_SENTENCE
    m = _SOFT_STOP.search(text, start + MAX_SENTENCE // 2, limit)
    return m.end() if m else limit
