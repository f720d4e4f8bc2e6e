"""Tests of kg.read on generated files (fictional text): encodings, HTML, DOCX, walking."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.model import ReadFailure
from kg.read import iter_sources, read_document

SIMPLIFIED = "青禾经济开发区管委会今年新签约项目十二个，云帆电子获评省级专精特新企业。\n白鹭湾产业园一期工程开工。\n"
TRADITIONAL = "青禾經濟開發區管委會今年新簽約項目十二個，雲帆電子獲評省級專精特新企業。\n白鷺灣產業園一期工程開工。\n"

# fmt: off
ENCODINGS = [
    ("utf-8",        SIMPLIFIED,  lambda t: t.encode(),                            "utf-8"),
    ("utf-8-bom",    SIMPLIFIED,  lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),    "utf-8"),
    ("utf-16-le-bom", SIMPLIFIED, lambda t: b"\xff\xfe" + t.encode("utf-16-le"),   "utf-16-le"),
    ("utf-16-be-bom", SIMPLIFIED, lambda t: b"\xfe\xff" + t.encode("utf-16-be"),   "utf-16-be"),
    ("utf-16-le",    SIMPLIFIED,  lambda t: t.encode("utf-16-le"),                 "utf-16-le"),
    ("utf-16-be",    SIMPLIFIED,  lambda t: t.encode("utf-16-be"),                 "utf-16-be"),
    ("gb18030",      SIMPLIFIED,  lambda t: t.encode("gb18030"),                   "gb18030"),
    ("gbk",          SIMPLIFIED,  lambda t: t.encode("gbk"),                       "gb18030"),
    ("big5",         TRADITIONAL, lambda t: t.encode("big5"),                      "big5"),
]
# fmt: on


@pytest.mark.parametrize(("label", "text", "encode", "expected"), ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_encodings_round_trip(tmp_path: Path, label: str, text: str, encode, expected: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"{label}.txt"
    data = encode(text)
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.text == text
    assert doc.encoding == expected
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.name == f"{label}.txt" and doc.path == str(path)


@pytest.mark.parametrize(("text", "codec"), [("青禾园区", "gbk"), ("青禾園區", "big5"), ("云帆电子落户", "gb18030")])
def test_short_legacy_texts(tmp_path: Path, text: str, codec: str) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes(text.encode(codec))
    assert read_document(path).text == text


def test_truncated_utf8_tail_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt"
    path.write_bytes(SIMPLIFIED.encode() + "园".encode()[:2])
    doc = read_document(path)
    assert doc.text == SIMPLIFIED and doc.encoding == "utf-8"


def test_markdown_is_read_as_its_text_without_markers(tmp_path: Path) -> None:
    """``**云帆电子**荣获…`` read as it stands kept the honour from its holder; a link's
    address and a table's rules are no report text either."""
    path = tmp_path / "note.MD"
    path.write_text("# 青禾园区2023年工作总结\n\n## 一、主要工作\n\n- **云帆电子**荣获国家级绿色工厂；\n"
                    "- [鸿远物流](http://example.cn/a)落户园区。\n\n> 临川重工*一期*竣工。\n\n"
                    "| 项目 | 投资 |\n|---|---|\n| 传感器项目 | 5亿元 |\n\n<script>track()</script>\n", encoding="utf-8")
    assert read_document(path).text == ("青禾园区2023年工作总结\n一、主要工作\n云帆电子荣获国家级绿色工厂；\n鸿远物流落户园区。\n"
                                        "临川重工一期竣工。\n项目\n投资\n传感器项目\n5亿元")


HTML = """<!DOCTYPE html><html><head><title>青禾园区工作总结</title>
<style>body {color: red}</style><script>var 广告 = "下载APP";</script></head>
<body><nav><a href="/">首页</a> &gt; <a>要闻</a></nav>
<div class="content"><h1>青禾园区工作总结</h1><p>今年以来，<b>云帆电子</b>落户园区。</p>
<p>白鹭湾产业园<br>一期开工。</p><ul><li>新签约项目8个</li><li>总投资12亿元</li></ul>
<table><tr><td>产值</td><td>30亿元</td></tr></table></div>
<footer>版权所有 青禾网</footer><script>track("青禾统计脚本")</script></body></html>"""


def test_html_to_text(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    doc = read_document(path)
    lines = doc.text.split("\n")
    assert "今年以来，云帆电子落户园区。" in lines
    assert "白鹭湾产业园" in lines and "一期开工。" in lines
    assert "新签约项目8个" in lines and "总投资12亿元" in lines
    assert "下载APP" not in doc.text and "青禾统计脚本" not in doc.text and "color" not in doc.text
    assert "首页" not in doc.text and "版权所有" not in doc.text


@pytest.mark.parametrize("title", ["青禾经济开发区2023年工作总结_某某文库", "青禾经济开发区2023年工作总结 - 某某网",
                                   "青禾经济开发区2023年工作总结｜某某网", " 青禾经济开发区2023年工作总结\n"])
def test_html_title_opens_the_text_when_the_page_does_not_give_it(tmp_path: Path, title: str) -> None:
    """A scraped page often names its zone and year in <title> only: the title, less
    the site's name, is the text's first line (once: a heading repeating it is enough)."""
    body = "<p>今年以来，开发区坚持项目为王。</p><p>云帆电子落户园区。</p>"
    path = tmp_path / "t.html"
    path.write_text(f"<html><head><title>{title}</title></head><body>{body}</body></html>", encoding="utf-8")
    assert read_document(path).text == "青禾经济开发区2023年工作总结\n今年以来，开发区坚持项目为王。\n云帆电子落户园区。"
    path.write_text(f"<html><head><title>{title}</title></head><body><h1>青禾经济开发区 2023年工作总结</h1>{body}</body></html>",
                    encoding="utf-8")
    assert read_document(path).text.count("工作总结") == 1
    path.write_text(f"<html><head><title>{title}</title></head><body><script>x()</script></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="no text"):
        read_document(path)  # a title alone is no report


def test_a_page_saved_as_text_is_read_as_a_page(tmp_path: Path) -> None:
    """Scrapers save pages as .txt: their markup must not reach the text (names such as
    ``</p><p>开发区`` came of it)."""
    page = tmp_path / "page.txt"
    page.write_text(HTML, encoding="utf-8")
    assert read_document(page).text == read_document(_copy(page, tmp_path / "page.html")).text
    soup = tmp_path / "soup.txt"  # no <html>, but block tags throughout
    soup.write_text("<div><p>今年以来，云帆电子落户园区。</p><p>白鹭湾产业园<br>一期开工。</p><p>新签约项目8个</p></div>",
                    encoding="utf-8")
    assert read_document(soup).text == "今年以来，云帆电子落户园区。\n白鹭湾产业园\n一期开工。\n新签约项目8个"
    plain = tmp_path / "plain.txt"  # angle brackets in a report are text
    plain.write_text("青禾园区产值<5亿元，增长>3%。<p>一处标签</p>\n云帆电子落户。", encoding="utf-8")
    assert read_document(plain).text == "青禾园区产值<5亿元，增长>3%。<p>一处标签</p>\n云帆电子落户。"
    notes = tmp_path / "notes.md"  # Markdown may hold inline tags (read as Markdown, they are HTML)
    notes.write_text("# 青禾园区<br>\n" + "云帆电子<br>落户。<br>\n" * 2, encoding="utf-8")
    assert read_document(notes).text == "青禾园区\n云帆电子\n落户。\n云帆电子\n落户。"


def _copy(src: Path, dst: Path) -> Path:
    dst.write_bytes(src.read_bytes())
    return dst


def test_lines_in_different_encodings_are_each_decoded(tmp_path: Path) -> None:
    """A scraper joined a UTF-8 page, a GBK one and a Big5 one: no one codec reads the
    file, each line is read in its own."""
    lines = ["青禾经济开发区2023年工作总结", "云帆电子荣获国家级绿色工厂。", "白雲產業園一期開工。", "临川重工竣工投产。"]
    path = tmp_path / "joined.txt"
    path.write_bytes(b"\n".join([lines[0].encode(), lines[1].encode("gbk"), lines[2].encode("big5"), lines[3].encode()]))
    doc = read_document(path)
    assert doc.text.split("\n") == lines and doc.encoding == "big5+gb18030+utf-8"


def test_html_in_gbk(tmp_path: Path) -> None:
    path = tmp_path / "page.HTM"
    path.write_bytes(HTML.replace("<head>", '<head><meta charset="gbk">').encode("gbk"))
    assert "今年以来，云帆电子落户园区。" in read_document(path).text


def test_docx_paragraphs_and_tables(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("青禾园区工作总结")
    document.add_paragraph("云帆电子获评省级专精特新企业。")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "白鹭湾产业园"
    table.rows[0].cells[1].text = "一期开工"
    document.add_paragraph("下一步工作。")
    path = tmp_path / "report.docx"
    document.save(str(path))
    doc = read_document(path)
    assert doc.text == "青禾园区工作总结\n云帆电子获评省级专精特新企业。\n白鹭湾产业园 一期开工\n下一步工作。"
    assert doc.encoding == "docx"


def test_docx_content_controls_are_read(tmp_path: Path) -> None:
    """A template's content control (w:sdt) wraps paragraphs and tables that are the
    report's own text."""
    import copy

    import docx
    from docx.oxml.ns import qn
    from lxml import etree

    document = docx.Document()
    document.add_paragraph("青禾园区工作总结")
    inner = document.add_paragraph("云帆电子获评省级专精特新企业。")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "白鹭湾产业园", "一期开工"
    document.add_paragraph("下一步工作。")
    sdt = etree.SubElement(document.element.body, qn("w:sdt"))
    etree.SubElement(sdt, qn("w:sdtPr")).append(etree.Element(qn("w:alias")))
    content = etree.SubElement(sdt, qn("w:sdtContent"))
    inner._p.addprevious(sdt)  # the control stands where the paragraph was, and holds it and the table
    content.append(inner._p)
    content.append(copy.deepcopy(table._tbl))
    table._tbl.getparent().remove(table._tbl)
    path = tmp_path / "template.docx"
    document.save(str(path))
    assert read_document(path).text == "青禾园区工作总结\n云帆电子获评省级专精特新企业。\n白鹭湾产业园 一期开工\n下一步工作。"


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty file"),
    (b"\x89PNG\r\n\x1a\n" + bytes(64), "binary content (PNG image)"),
    (bytes(range(128, 256)) * 4, "undecodable bytes"),
])
def test_read_errors_name_file_and_reason(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_document(path)
    assert str(err.value).startswith(f"{path}: {reason}")
    assert "\n" not in str(err.value)


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("青禾园区" * 100, encoding="utf-8")
    with pytest.raises(InputError, match="file too large"):
        read_document(path, max_bytes=1000)
    assert read_document(path, max_bytes=2000).text.startswith("青禾园区")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="path does not exist"):
        read_document(tmp_path / "nope.txt")


# ---------------------------------------------------------------------------
# walking


def _names(items: list[Path | ReadFailure], root: Path) -> list[str]:
    return [str(p.relative_to(root)) if isinstance(p, Path) else f"FAIL {p.reason}" for p in items]


def test_walk_sorted_recursive_filtered(tmp_path: Path) -> None:
    for rel in ["b.txt", "a.HTML", "sub/c.docx", "sub/d.md", "sub/e.pdf", ".hidden.txt", ".git/x.txt",
                "sub/deeper/f.htm", "z.TXT", "notes"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("青禾", encoding="utf-8")
    got = _names(list(iter_sources([tmp_path])), tmp_path)
    assert got == ["a.HTML", "b.txt", "sub/c.docx", "sub/d.md", "sub/deeper/f.htm", "z.TXT"]


def test_walk_leaves_out_the_output_folders_of_builds_it_finds(tmp_path: Path) -> None:
    for rel in ["a.txt", "out/graph.html", "out/extractions.jsonl", "out/report.json", "sub/b.txt",
                "sub/report.json", "notes/extractions.jsonl", "notes/c.txt"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("青禾", encoding="utf-8")
    assert _names(list(iter_sources([tmp_path])), tmp_path) == ["a.txt", "notes/c.txt", "sub/b.txt"]
    assert _names(list(iter_sources([tmp_path / "out"])), tmp_path) == ["out/graph.html"]  # named: read


def test_walk_counts_the_files_it_passes_over_by_suffix(tmp_path: Path) -> None:
    from collections import Counter

    for rel in ["a.txt", "scan.pdf", "SCAN2.PDF", "old.doc", "sub/page", "sub/x.wps", ".hidden.pdf",
                ".git/objects.pdf", "out/extractions.jsonl", "out/report.json", "out/graph.trig"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("青禾", encoding="utf-8")
    (tmp_path / "sub" / "again.pdf").symlink_to(tmp_path / "scan.pdf")  # one file
    os.mkfifo(tmp_path / "pipe.pdf")  # not a file
    ignored: Counter[str] = Counter()
    got = list(iter_sources([tmp_path, tmp_path / "scan.pdf"], ignored=ignored))
    assert got[0] == tmp_path / "a.txt" and len(got) == 2 and isinstance(got[1], ReadFailure)  # named: reported
    assert ignored == {".pdf": 2, ".doc": 1, "": 1, ".wps": 1}


def test_walk_files_and_folders_mixed_each_file_once(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x.txt").write_text("青禾", encoding="utf-8")
    (tmp_path / "y.txt").write_text("青禾", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "y.txt")
    got = list(iter_sources([tmp_path / "y.txt", tmp_path / "d", tmp_path / "d" / "x.txt", tmp_path / "link.txt"]))
    assert got == [tmp_path / "y.txt", tmp_path / "d" / "x.txt"]


def test_walk_missing_and_unsupported_paths(tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    got = list(iter_sources([tmp_path / "missing", tmp_path / "scan.pdf"]))
    assert got == [ReadFailure(str(tmp_path / "missing"), "path does not exist"),
                   ReadFailure(str(tmp_path / "scan.pdf"), "unsupported file type '.pdf'")]


def test_walk_symlink_loop_terminates(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "r.txt").write_text("青禾", encoding="utf-8")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a")
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    got = list(iter_sources([tmp_path]))
    assert tmp_path / "a" / "r.txt" in got
    failures = [g for g in got if isinstance(g, ReadFailure)]
    assert sorted(f.path for f in failures) == [str(tmp_path / "a" / "loop"), str(tmp_path / "self.txt")]
    assert all("symlink loop" in f.reason for f in failures)


def test_walk_unreadable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as root, which ignores chmod 000: the OS refusal is simulated by making
    os.scandir raise PermissionError for that one folder."""
    import os

    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "x.txt").write_text("青禾", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("青禾", encoding="utf-8")
    real = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    got = list(iter_sources([tmp_path]))
    assert got == [ReadFailure(str(locked), "permission denied"), tmp_path / "ok.txt"]


def test_walk_accepts_a_single_path(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("青禾", encoding="utf-8")
    assert list(iter_sources(str(tmp_path))) == [tmp_path / "a.txt"]  # type: ignore[arg-type]


def test_html_comments_and_noscript_dropped(tmp_path: Path) -> None:
    path = tmp_path / "c.html"
    path.write_text("<body><!-- 隐藏注释 --><p>青禾园区</p><noscript>请启用脚本</noscript></body>", encoding="utf-8")
    assert read_document(path).text == "青禾园区"
