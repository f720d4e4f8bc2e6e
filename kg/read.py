"""Read stage: find source files and decode them to text.

* :func:`iter_sources` walks files and folders and yields the report files to read
  (``.txt .md .html .htm .docx``) in a deterministic sorted order, or a
  :class:`~kg.model.ReadFailure` for a path that cannot be walked (missing path, symlink
  loop, unreadable folder).
* :func:`read_document` decodes one file to a :class:`~kg.model.RawDoc`.  Text is decoded
  BOM first (UTF-8, UTF-16/32 LE/BE), then strict UTF-8 (a sequence cut off at the very end
  of a truncated file is dropped), then UTF-16 without BOM, then the charset-normalizer
  detector (GB18030/GBK, Big5 …).  HTML is reduced to text with BeautifulSoup (lxml),
  DOCX to its paragraphs and table cells with python-docx.  Every problem is raised as one
  :class:`~kg.errors.InputError` whose message is ``"<path>: <reason>"``.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import re
import stat
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.model import RawDoc, ReadFailure
from kg.names import to_simplified

SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".docx"})
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

# Magic numbers of binary formats that sometimes hide behind a .txt name.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\x7fELF", "ELF executable"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"MZ", "Windows executable"),
    (b"\x1f\x8b", "gzip archive"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# C0 controls other than \t \n \v \f \r and ESC: text files do not contain many of them.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_MAX_CONTROL_RATIO = 0.02
_DETECTOR_CODECS = ["gb18030", "big5", "utf_16_le", "utf_16_be"]
# HTML elements whose text is not report text.
_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form",
              "iframe", "svg", "template", "button", "select", "object", "head")
_BLOCK_TAGS = ("p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
               "table", "section", "article", "blockquote", "pre", "dd", "dt", "dl", "hr",
               "td", "th", "main", "body")


# ---------------------------------------------------------------------------
# Walking


def iter_sources(paths: Sequence[str | Path], skip: Sequence[str | Path] = (),
                 ignored: Counter[str] | None = None) -> Iterator[Path | ReadFailure]:
    """Yield the report files under ``paths``, or a failure for paths that cannot be walked.

    Args:
        paths: files and folders; folders are walked recursively (symlinks followed,
            loops detected), hidden entries (name starting with ``.``) skipped.
        skip: folders left out of the walk, however they are reached (``kg build``'s
            output folder: ``kg build .`` would read its own ``graph.html`` next time).
            Any other build's output folder (one holding ``extractions.jsonl`` and
            ``report.json``) the walk finds is left out too; one named in ``paths`` is
            read.
        ignored: if given, counts the files the walk passes over by suffix (lower
            case; ``""`` for none): scanned ``.pdf`` and ``.doc`` reports, files
            scraped without a suffix. Hidden files are not counted.

    Yields:
        Each readable candidate file (suffix ``.txt .md .html .htm .docx``, any case), in
        sorted order within each folder, each file once; or a :class:`ReadFailure` with a
        one-line reason (path does not exist, unsupported suffix of a file named
        explicitly, symlink loop, permission denied).
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    seen_files: set[tuple[int, int]] = set()
    seen_ignored: set[tuple[int, int]] = set()
    skipped: set[tuple[int, int]] = set()
    for folder in skip:
        with contextlib.suppress(OSError):
            skipped.add(_dir_key(Path(folder)))
    for given in paths:
        path = Path(given)
        try:
            st = path.stat()
        except FileNotFoundError:
            kind = "broken symlink" if path.is_symlink() else "path does not exist"
            yield ReadFailure(shown(path), kind)
            continue
        except OSError as exc:
            yield ReadFailure(shown(path), _os_reason(exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk_dir(path, seen_files, skipped, ignored, seen_ignored)
        elif path.suffix.lower() not in SUFFIXES:
            yield ReadFailure(shown(path), f"unsupported file type {path.suffix or '(no suffix)'!r}")
        elif not stat.S_ISREG(st.st_mode):
            yield ReadFailure(shown(path), _special_kind(st.st_mode))
        elif _first_time(st, seen_files):
            yield path


def _walk_dir(root: Path, seen_files: set[tuple[int, int]], skipped: Collection[tuple[int, int]],
              ignored: Counter[str] | None, seen_ignored: set[tuple[int, int]]) -> Iterator[Path | ReadFailure]:
    """Depth-first walk of a folder, entries in sorted order.

    Iterative (a stack of open folders), so that no depth of nesting exhausts Python's
    recursion limit; a folder already on the current path is a symlink loop."""
    ancestors: set[tuple[int, int]] = set()  # the folders on the current path
    stack: list[tuple[Iterator[os.DirEntry[str]], tuple[int, int]]] = []

    def enter(folder: Path) -> ReadFailure | None:
        try:
            key = _dir_key(folder)
            if key in skipped:
                return None
            if key in ancestors:
                return ReadFailure(shown(folder), "symlink loop (folder already being walked)")
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            return ReadFailure(shown(folder), _os_reason(exc))
        if stack and _BUILD_OUTPUTS <= {e.name for e in entries}:
            return None  # another build's output folder: its graph.html is no report
        ancestors.add(key)
        stack.append((iter(entries), key))
        return None

    failure = enter(root)
    if failure is not None:
        yield failure
    while stack:
        entries, key = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            ancestors.discard(key)
            continue
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            st = path.stat()
        except OSError as exc:
            if path.is_symlink() and path.suffix.lower() not in SUFFIXES and not _is_loop(exc):
                continue  # a dangling link to something we would not read anyway
            yield ReadFailure(shown(path), _os_reason(exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            failure = enter(path)
            if failure is not None:
                yield failure
        elif path.suffix.lower() not in SUFFIXES:
            if ignored is not None and stat.S_ISREG(st.st_mode) and _first_time(st, seen_ignored):
                ignored[path.suffix.lower()] += 1
        elif not stat.S_ISREG(st.st_mode):
            yield ReadFailure(shown(path), _special_kind(st.st_mode))
        elif _first_time(st, seen_files):
            yield path


# What marks a folder the walk finds as the output folder of a kg build (kg build . and
# then kg build . --out elsewhere would read the first build's graph.html as a report).
_BUILD_OUTPUTS = frozenset({"extractions.jsonl", "report.json"})


def _dir_key(folder: Path) -> tuple[int, int]:
    st = folder.stat()
    return st.st_dev, st.st_ino


def _first_time(st: os.stat_result, seen: set[tuple[int, int]]) -> bool:
    """True the first time a file (device, inode) is met: hard/sym links are read once."""
    key = (st.st_dev, st.st_ino)
    if key in seen:
        return False
    seen.add(key)
    return True


def shown(path: str | Path) -> str:
    """``path`` as text that can be printed and written as UTF-8.

    A file name that is not UTF-8 (a GBK name from a zip made on Windows, say) reaches
    Python with its bytes escaped as lone surrogates, which no UTF-8 output accepts.
    Each such path component is decoded from GB18030 when its bytes are valid there,
    else shown with ``\\x..`` escapes; other components are left as they are."""
    text = str(path)
    if text.isascii() or not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    parts = []
    for raw in os.fsencode(text).split(b"/"):
        try:
            parts.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                parts.append(raw.decode("gb18030"))
            except UnicodeDecodeError:
                parts.append(raw.decode("utf-8", "backslashreplace"))
    return "/".join(parts)


def file_kind(mode: int) -> str:
    """What a path that is neither a folder nor a regular file is: ``"a named pipe"``, …"""
    kinds = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "a special file")


def _special_kind(mode: int) -> str:
    """Why a path that is neither a folder nor a regular file is not read."""
    return f"not a regular file ({file_kind(mode)})"


def _is_loop(exc: OSError) -> bool:
    return exc.errno == 40  # ELOOP


def _os_reason(exc: OSError) -> str:
    """A one-line reason for an OS error."""
    if isinstance(exc, PermissionError):
        return "permission denied"
    if _is_loop(exc):
        return "symlink loop"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if isinstance(exc, FileNotFoundError):
        return "path does not exist"
    return exc.strerror or type(exc).__name__


# ---------------------------------------------------------------------------
# Reading


def read_document(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDoc:
    """Read one report file and decode it to text.

    Args:
        path: a ``.txt``/``.md``/``.html``/``.htm``/``.docx`` file.
        max_bytes: files larger than this are refused (default 64 MB).

    Returns:
        The decoded document; ``sha256`` is the digest of the file's bytes.

    Raises:
        InputError: ``"<path>: <reason>"`` for a missing, unreadable, empty, binary,
            too large or undecodable file, or a corrupt DOCX.
    """
    path = Path(path)
    return decode_document(path, read_bytes(path, max_bytes), max_bytes)


def decode_document(path: Path, raw: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDoc:
    """Decode the bytes ``raw`` of the file ``path`` (see :func:`read_document`).

    The build reads and hashes a file first and decodes it only when its extraction
    is not cached.

    Args:
        path: the file (its suffix says how to decode).
        raw: its bytes.
        max_bytes: the most a DOCX's XML may expand to (a zip bomb is refused before
            it is unpacked).

    Raises:
        InputError: ``"<path>: <reason>"`` for binary, undecodable or empty content.
    """
    path = Path(path)
    if not raw:
        raise InputError(f"{shown(path)}: empty file")
    digest = hashlib.sha256(raw).hexdigest()
    suffix = path.suffix.lower()
    if suffix == ".docx":
        text, encoding = _docx_text(path, raw, max_bytes), "docx"
    else:
        text, encoding = _decode(path, raw)
        if suffix in (".html", ".htm") or _saved_page(text, suffix):
            text = _html_text(path, text)
        elif suffix == ".md":
            text = _markdown_text(path, text)
    if not text.strip():
        raise InputError(f"{shown(path)}: no text (file holds only white space or markup)")
    return RawDoc(path=shown(path), name=shown(path.name), text=text, encoding=encoding, sha256=digest)


_PAGE_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)
_PAGE_TAG = re.compile(r"</?(?:p|div|br|span|td|tr|li|table|h[1-6]|body|head|script|style)\b[^<>]{0,200}>", re.IGNORECASE)


def _saved_page(text: str, suffix: str) -> bool:
    """Whether a ``.txt`` (or ``.md``) file holds an HTML page (a scraper saved the page
    as text): it opens as a page does, or (``.txt``) its opening is full of block tags.
    Read as text, its markup would end up in names (``</p><p>开发区``)."""
    head = text[:20000]
    if _PAGE_START.match(head):
        return True
    return suffix == ".txt" and len(_PAGE_TAG.findall(head)) >= 5


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a whole file's bytes, refusing folders, huge and empty files.

    Raises:
        InputError: ``"<path>: <reason>"``.
    """
    try:
        # Non-blocking, so that opening a named pipe returns at once (and is refused below).
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if stat.S_ISDIR(st.st_mode):
                raise InputError(f"{shown(path)}: is a directory")
            if not stat.S_ISREG(st.st_mode):
                raise InputError(f"{shown(path)}: {_special_kind(st.st_mode)}")
            if st.st_size > max_bytes:
                raise InputError(f"{shown(path)}: file too large ({st.st_size} bytes, limit {max_bytes})")
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"{shown(path)}: {_os_reason(exc)}") from None
    if len(raw) > max_bytes:
        raise InputError(f"{shown(path)}: file too large (more than {max_bytes} bytes)")
    if not raw:
        raise InputError(f"{shown(path)}: empty file")
    return raw


def _decode(path: Path, raw: bytes) -> tuple[str, str]:
    """Decode text bytes; returns ``(text, encoding)``."""
    for magic, kind in _SIGNATURES:
        if raw.startswith(magic):
            raise InputError(f"{shown(path)}: binary content ({kind})")
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(codec), codec
            except UnicodeDecodeError:
                raise InputError(f"{shown(path)}: undecodable bytes after a {codec} byte-order mark") from None
    if b"\x00" in raw[: 1 << 16]:
        utf16 = _sniff_utf16(raw)
        if utf16 is not None:
            return utf16
    if b"\x00" in raw:
        raise InputError(f"{shown(path)}: binary content (NUL bytes)")
    controls = len(raw) - len(raw.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_RATIO * len(raw):
        raise InputError(f"{shown(path)}: binary content ({controls} control bytes)")
    text = _utf8(raw)
    if text is not None:
        return text, "utf-8"
    utf16 = _sniff_utf16(raw)
    if utf16 is not None:
        return utf16
    return _detect(path, raw)


def _utf8(raw: bytes) -> str | None:
    """Strict UTF-8; a multi-byte sequence cut off at the end (truncated file) is dropped."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        cut = exc.start if exc.start >= len(raw) - 3 and exc.reason == "unexpected end of data" else -1
    return raw[:cut].decode("utf-8") if cut >= 0 else None


def _sniff_utf16(raw: bytes) -> tuple[str, str] | None:
    """Recognise UTF-16 without a BOM: NUL bytes (of ASCII characters) all on one side of
    the code units, and the decoded sample reads like Chinese/ASCII text."""
    sample = raw[: 1 << 16]
    if len(raw) % 2 or len(sample) < 4:
        return None
    nul_even, nul_odd = sample[0::2].count(0), sample[1::2].count(0)
    if nul_even + nul_odd >= 10 and min(nul_even, nul_odd) > 0.2 * (nul_even + nul_odd):
        return None  # many NULs on both sides of the code units: not UTF-16 text
    scores = {codec: _text_score(sample.decode(codec, errors="replace")) for codec in ("utf-16-le", "utf-16-be")}
    codec = max(scores, key=lambda c: scores[c])
    if scores[codec] < 0.9:
        return None
    try:
        return raw.decode(codec), codec
    except UnicodeDecodeError:
        return None


def _text_score(text: str) -> float:
    """Share of characters typical of a report: ASCII text, CJK punctuation, and hanzi
    among the 3755 most frequent (GB2312 level 1, after traditional → simplified).
    Text decoded with the wrong codec scores far lower."""
    if not text:
        return 0.0
    return sum(map(_typical, text)) / len(text)


@functools.cache
def _typical(ch: str) -> bool:
    o = ord(ch)
    if o < 0x80:
        return ch.isprintable() or ch in "\t\n\r"
    if 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF or 0x2010 <= o <= 0x2027:
        return True
    try:
        return 0xB0 <= to_simplified(ch).encode("gb2312")[0] <= 0xD7
    except UnicodeEncodeError:
        return False


def _detect(path: Path, raw: bytes) -> tuple[str, str]:
    """Decode a legacy Chinese encoding: the strict GB18030 and Big5 decodings and
    charset-normalizer's guess compete on :func:`_text_score`; ties go to GB18030."""
    from charset_normalizer import from_bytes

    candidates: list[tuple[str, str]] = []
    for codec in ("gb18030", "big5"):
        try:
            candidates.append((raw.decode(codec), codec))
        except UnicodeDecodeError:
            pass
    match = from_bytes(raw, cp_isolation=_DETECTOR_CODECS).best()
    if match is not None:
        candidates.append((str(match), match.encoding.replace("_", "-")))
    scored = [(_text_score(text[:20000]), -i) for i, (text, _) in enumerate(candidates)]
    if not scored or max(scored)[0] < 0.75:
        mixed = _per_line(raw)
        if mixed is None:
            raise InputError(f"{shown(path)}: undecodable bytes (not UTF-8, UTF-16, GB18030 or Big5)")
        return mixed
    return candidates[-max(scored)[1]]


def _per_line(raw: bytes) -> tuple[str, str] | None:
    """A file whose lines are in different encodings (a scraper joined UTF-8 and GBK
    pages): each line strict UTF-8, else the legacy decoding that reads most like a
    report. ``None`` unless that takes two encodings and reads as a report. (A line
    break is byte 0x0A in all of them and inside none of their multi-byte characters.)"""
    lines: list[str] = []
    codecs: set[str] = set()
    for line in raw.split(b"\n"):
        try:
            lines.append(line.decode("utf-8"))
            codecs.add("utf-8")
            continue
        except UnicodeDecodeError:
            pass
        best: tuple[float, str, str] | None = None
        for codec in ("gb18030", "big5"):
            try:
                text = line.decode(codec)
            except UnicodeDecodeError:
                continue
            score = _text_score(text)
            if best is None or score > best[0]:
                best = (score, text, codec)
        if best is None:
            return None
        lines.append(best[1])
        codecs.add(best[2])
    text = "\n".join(lines)
    if len(codecs) < 2 or _text_score(text[:20000]) < 0.75:
        return None
    return text, "+".join(sorted(codecs))


def _html_text(path: Path, markup: str) -> str:
    """Visible text of an HTML page, one line per block element."""
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(markup, "lxml")
    except Exception as exc:  # noqa: BLE001 -- lxml/bs4 raise assorted errors on hostile markup
        raise InputError(f"{shown(path)}: cannot parse HTML ({type(exc).__name__})") from None
    title = _page_title(soup)
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    lines = [line for line in (line.strip() for line in _block_text(soup).splitlines()) if line]
    if title and lines and not _holds(lines, title):
        lines.insert(0, title)
    return "\n".join(lines)


# What follows a document's title in a page's <title>: the site's name
# (``青禾经济开发区2023年工作总结_某某文库``, ``… - 某某网``, ``…｜某某网``).
_SITE_SUFFIX = re.compile(r"\s+[-–—|｜]\s+|[_｜|]")
_SPACE_RUNS = re.compile(r"\s+")


def _page_title(soup: Any) -> str | None:
    """The document's title from the page's ``<title>``, without the site's name
    after it: often the only place a scraped page names its zone and year."""
    tag = soup.find("title")
    text = _SPACE_RUNS.sub(" ", tag.get_text()).strip() if tag is not None else ""
    title = _SITE_SUFFIX.split(text, maxsplit=1)[0].strip()
    return title if len(title) >= 4 else None


def _holds(lines: list[str], title: str) -> bool:
    """Whether the page's text already gives its title (in a heading, say) near its start."""
    key = _SPACE_RUNS.sub("", title)
    return key in _SPACE_RUNS.sub("", "".join(lines[:20])[:2000])


def _markdown_text(path: Path, text: str) -> str:
    """Visible text of a Markdown file (CommonMark and tables, by markdown-it-py): its
    markers (``**``, ``[…](…)``, ``#``, ``|``) would end up in names and sentences."""
    from markdown_it import MarkdownIt

    try:
        markup = MarkdownIt("commonmark").enable("table").render(text)
    except Exception as exc:  # noqa: BLE001 -- one bad file must not stop the corpus
        raise InputError(f"{shown(path)}: cannot parse Markdown ({type(exc).__name__})") from None
    return _html_text(path, markup)


_END = object()


def _block_text(soup: Any) -> str:
    """The text of a parsed page with a line break before and after each block element:
    what ``get_text()`` gives once "\\n" is inserted around the blocks, walked with a
    stack of its own in one pass (inserting costs time in the depth of the tree, and a
    recursive walk would stop at Python's recursion limit; unclosed tags nest deep)."""
    from bs4.element import CData, NavigableString, Tag

    texts = (NavigableString, CData)  # what get_text() keeps (no comments, doctypes, ...)
    parts: list[str] = []
    stack: list[Any] = [soup]
    while stack:
        node = stack.pop()
        if node is _END:
            parts.append("\n")
        elif isinstance(node, Tag):
            if node.name in _BLOCK_TAGS:
                parts.append("\n")
                stack.append(_END)
            stack.extend(reversed(node.contents))
        elif type(node) in texts:
            parts.append(str(node))
    return "".join(parts)


def _docx_text(path: Path, raw: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Paragraphs and table cells of a DOCX, in document order.

    The sizes its zip declares are checked first: XML that expands past ``max_bytes``
    (a zip bomb: a few MB that unpack to GBs, which python-docx would parse whole) is
    refused. zipfile stops at the declared size, so a lying entry fails its CRC."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            expands = sum(i.file_size for i in archive.infolist() if i.filename.endswith((".xml", ".rels")))
    except Exception as exc:  # noqa: BLE001 -- zipfile raises BadZipFile, ValueError, OSError …
        raise InputError(f"{shown(path)}: corrupt docx ({type(exc).__name__})") from None
    if expands > max_bytes:
        raise InputError(f"{shown(path)}: file too large (its XML expands to {expands} bytes, limit {max_bytes})")
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(raw))
        lines: list[str] = []
        blocks = list(document.element.body.iterchildren())
        while blocks:
            child = blocks.pop(0)
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(child, document).text)
            elif tag == "tbl":
                lines.extend(_table_lines(Table(child, document)))
            elif tag in ("sdt", "sdtContent", "customXml"):
                # a template's content control (or custom XML) wraps paragraphs and tables
                blocks[:0] = [c for c in child.iterchildren() if c.tag.rsplit("}", 1)[-1] != "sdtPr"]
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 -- python-docx raises zipfile, KeyError, lxml … errors
        raise InputError(f"{shown(path)}: corrupt docx ({type(exc).__name__})") from None
    return "\n".join(lines)


def _table_lines(table: object) -> list[str]:
    """One line per table row, cells separated by a space (merged cells once)."""
    lines = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells: list[str] = []
        for cell in row.cells:
            if not cells or cell.text != cells[-1]:
                cells.append(cell.text)
        lines.append(" ".join(c.strip() for c in cells if c.strip()))
    return lines
