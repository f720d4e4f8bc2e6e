"""A folder of hostile inputs: every bad file gives exactly one failure naming the file
and the reason; every good file reads (and the big ones read in linear time)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.model import RawDoc, ReadFailure
from kg.read import iter_sources, read_document
from kg.repair import repair

LINE = "青禾经济开发区新签约云帆电子等项目12个，总投资30亿元。\n"
TRAD = "青禾經濟開發區新簽約雲帆電子等項目12個，總投資30億元。\n"


def _build(root: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Write the hostile folder; returns (good name → expected start, bad name → reason)."""
    good = {
        "truncated utf8.txt": (LINE.encode() + "园".encode()[:1], LINE),
        "gbk.txt": (LINE.encode("gbk"), LINE),
        "big5.txt": (TRAD.encode("big5"), TRAD),
        "utf16 bom.txt": (LINE.encode("utf-16"), LINE),
        "utf16le nobom.txt": (LINE.encode("utf-16-le"), LINE),
        "utf16be nobom.txt": (LINE.encode("utf-16-be"), LINE),
        "青禾 园区 报告.txt": (LINE.encode(), LINE),
        "line\nbreak name.txt": (LINE.encode(), LINE),
        "one 1MB line.txt": (("青禾园区" * 90_000).encode(), "青禾园区"),
        "scripts.html": (b"<html><body><script>alert('\xe5\xb9\xbf\xe5\x91\x8a')</script>"
                         b"<p>" + LINE.encode() + b"</p><style>p{}</style></body></html>", LINE.strip()),
    }
    bad = {
        "empty.txt": (b"", "empty file"),
        "png.txt": (b"\x89PNG\r\n\x1a\n" + bytes(200), "binary content (PNG image)"),
        "elf.md": (b"\x7fELF\x02\x01\x01" + bytes(200), "binary content (ELF executable)"),
        "corrupt.docx": (b"PK\x03\x04 this is not really a zip archive", "corrupt docx"),
        "noise.txt": (bytes(range(128, 256)) * 8, "undecodable bytes"),
        "unreadable.txt": (LINE.encode(), "permission denied"),
    }
    for name, (data, _) in {**good, **bad}.items():
        (root / name).write_bytes(data)
    (root / "loop").symlink_to(root)
    bad["loop"] = (b"", "symlink loop")
    os.mkfifo(root / "pipe.txt")  # reading it would wait forever for a writer
    bad["pipe.txt"] = (b"", "not a regular file (a named pipe)")
    (root / "zeros.md").symlink_to("/dev/zero")  # endless
    bad["zeros.md"] = (b"", "not a regular file (a character device)")
    return {k: v[1] for k, v in good.items()}, {k: v[1] for k, v in bad.items()}


def _deny(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Make ``path`` unreadable.  chmod 000 is ignored by root (tests run as root), so the
    OS refusal is also simulated: opening that file raises PermissionError."""
    path.chmod(0)
    real_open = os.open

    def guarded(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded)


def _read_all(root: Path) -> tuple[dict[str, RawDoc], list[tuple[str, str]]]:
    docs: dict[str, RawDoc] = {}
    failures: list[tuple[str, str]] = []
    for item in iter_sources([root]):
        if isinstance(item, ReadFailure):
            failures.append((item.path, item.reason))
            continue
        try:
            docs[item.name] = read_document(item)
        except InputError as exc:
            failures.append((str(item), str(exc)))
    return docs, failures


def test_hostile_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good, bad = _build(tmp_path)
    _deny(monkeypatch, tmp_path / "unreadable.txt")
    docs, failures = _read_all(tmp_path)

    assert sorted(docs) == sorted(good)
    for name, start in good.items():
        assert docs[name].text.startswith(start), name
    assert "广告" not in docs["scripts.html"].text

    failed = {Path(path).name: message for path, message in failures}
    assert len(failures) == len(bad) and sorted(failed) == sorted(bad)
    for name, reason in bad.items():
        message = failed[name]
        assert reason in message and "\n" not in message, (name, message)
        if name not in ("loop", "pipe.txt", "zeros.md"):  # InputError messages start with the path
            assert message.startswith(f"{tmp_path / name}: ")


def test_50mb_file_reads_fast(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    block = (LINE * 1000).encode()
    with path.open("wb") as fh:
        for _ in range(50 * 1024 * 1024 // len(block) + 1):
            fh.write(block)
    assert path.stat().st_size > 50 * 1024 * 1024
    start = time.perf_counter()
    doc = read_document(path)
    assert time.perf_counter() - start < 10
    assert doc.encoding == "utf-8" and doc.text.startswith(LINE)
    assert len(doc.text) * 3 >= path.stat().st_size - 3 * len(LINE)


def test_1mb_line_repairs_in_linear_time(tmp_path: Path) -> None:
    text = "青禾园区引进云帆电子项目，" * 80_000  # ~1M characters, no newline
    start = time.perf_counter()
    rep = repair(text)
    assert time.perf_counter() - start < 10
    assert rep.text == text.rstrip()
    assert len(rep.offsets) == len(rep.text) + 1


def test_gbk_html_with_scripts_and_unreadable_docx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    html = tmp_path / "报告.htm"
    html.write_bytes("<script>var x='青禾脚本';</script><div>云帆电子落户青禾园区。</div>".encode("gbk"))
    assert read_document(html).text == "云帆电子落户青禾园区。"
    docx = tmp_path / "locked.docx"
    docx.write_bytes(b"PK\x03\x04")
    _deny(monkeypatch, docx)
    with pytest.raises(InputError, match=r"locked\.docx: permission denied$"):
        read_document(docx)



def test_special_files_named_on_the_command_line_fail_at_once(tmp_path: Path) -> None:
    """A named pipe or a device given explicitly is refused, not read (a pipe would block
    the build forever, /dev/zero would never end); read_bytes refuses them too, in case
    a regular file was swapped for one after the walk."""
    from kg.read import read_bytes

    pipe, zeros = tmp_path / "pipe.txt", tmp_path / "zeros.txt"
    os.mkfifo(pipe)
    zeros.symlink_to("/dev/zero")
    failures = list(iter_sources([pipe, zeros]))
    assert [(f.path, f.reason) for f in failures] == [  # type: ignore[union-attr]
        (str(pipe), "not a regular file (a named pipe)"), (str(zeros), "not a regular file (a character device)")]
    for path, kind in ((pipe, "a named pipe"), (zeros, "a character device")):
        with pytest.raises(InputError, match=rf"^{path}: not a regular file \({kind}\)$"):
            read_bytes(path)


def test_folders_nested_deeper_than_the_recursion_limit(tmp_path: Path) -> None:
    """The walk keeps its own stack: nesting deeper than Python's recursion limit (1000
    frames here) neither crashes it nor hides the file at the bottom, and a loop down
    there is still one failure."""
    import sys

    depth = sys.getrecursionlimit() + 200
    bottom = tmp_path
    for _ in range(depth):  # one level at a time: mkdir(parents=True) recurses too
        bottom = bottom / "d"
        bottom.mkdir()
    (bottom / "deep.txt").write_bytes(LINE.encode())
    (bottom / "back").symlink_to(tmp_path / "d")
    (tmp_path / "top.txt").write_bytes(LINE.encode())
    try:
        items = list(iter_sources([tmp_path]))
        files = [i for i in items if isinstance(i, Path)]
        failures = [i for i in items if isinstance(i, ReadFailure)]
        assert files == [bottom / "deep.txt", tmp_path / "top.txt"]
        assert [(f.path, f.reason) for f in failures] == [
            (str(bottom / "back"), "symlink loop (folder already being walked)")]
        assert read_document(files[0]).text.startswith(LINE.strip())
    finally:  # bottom up: shutil.rmtree (pytest's clean-up of old runs) recurses too
        (bottom / "deep.txt").unlink()
        (bottom / "back").unlink()
        while bottom != tmp_path:
            bottom.rmdir()
            bottom = bottom.parent


def _docx_with_body(body_xml: bytes) -> bytes:
    """A real DOCX (python-docx's template) whose body is ``body_xml``, streamed."""
    import io
    import zipfile

    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                head, _, _ = data.partition(b"<w:body>")
                data = head + b"<w:body>" + body_xml + b"</w:body></w:document>"
            dst.writestr(item.filename, data)
    return out.getvalue()


def test_a_docx_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    """About 200 kB that unpack to 40 MB of XML (python-docx would hold some 15x that in
    memory): refused from the sizes the zip declares, in well under a second."""
    paragraph = "<w:p><w:r><w:t>青禾园区</w:t></w:r></w:p>".encode()
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(_docx_with_body(paragraph * (40_000_000 // len(paragraph))))
    assert bomb.stat().st_size < 1_000_000
    start = time.perf_counter()
    with pytest.raises(InputError, match=r"bomb\.docx: file too large \(its XML expands to \d+ bytes, limit 8388608\)$"):
        read_document(bomb, max_bytes=8 * 1024 * 1024)
    assert time.perf_counter() - start < 2
    small = tmp_path / "small.docx"
    small.write_bytes(_docx_with_body(paragraph * 3))
    assert read_document(small, max_bytes=8 * 1024 * 1024).text.splitlines() == ["青禾园区"] * 3


def test_html_nested_deeper_than_the_recursion_limit_reads_in_linear_time(tmp_path: Path) -> None:
    """Unclosed block tags nest as deep as they are many; the page's text is still read
    (inserting line breaks around each block used to take time in the depth: minutes)."""
    page = tmp_path / "deep.html"
    page.write_text("<div>" * 50_000 + "青禾园区<p>云帆电子</p>" + "</div>" * 10, encoding="utf-8")
    start = time.perf_counter()
    assert read_document(page).text == "青禾园区\n云帆电子"
    assert time.perf_counter() - start < 5
