"""File names as scraped corpora have them: not UTF-8 (GBK names from zips made on
Windows), and output folders that cannot be folders. Each builds, or fails in one line."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import KGError
from kg.pipeline import build
from kg.read import shown
from tests.test_hostile_inputs import LINE

runner = CliRunner()


def _gbk_named(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` under ``name`` encoded in GBK (as Python sees it: surrogate escapes)."""
    raw = os.fsencode(folder) + b"/" + name.encode("gbk")
    with open(raw, "wb") as fh:
        fh.write(data)
    return Path(os.fsdecode(raw))


def test_shown_decodes_each_path_component_on_its_own() -> None:
    gbk = os.fsdecode("园区".encode("gbk"))
    assert shown(f"报告/{gbk}/a.txt") == "报告/园区/a.txt"  # a UTF-8 folder stays as it is
    assert shown("plain/名字.txt") == "plain/名字.txt"
    junk = os.fsdecode(b"\x81\x30\xff.txt")  # neither UTF-8 nor GB18030
    assert shown(junk) == "\\x810\\xff.txt"  # 0x30 is "0"
    shown(junk).encode("utf-8")  # printable and writable


@pytest.mark.parametrize("jobs", [1, 2])
def test_gbk_file_names_build_and_come_back_from_the_cache(tmp_path: Path, jobs: int) -> None:
    src = tmp_path / "src"
    src.mkdir()
    _gbk_named(src, "园区报告.txt", LINE.encode())
    _gbk_named(src, "空白.txt", b"")
    (src / "plain.txt").write_bytes(LINE.replace("云帆", "星河").encode())
    out = tmp_path / "out"
    first = build([src], out, jobs=jobs, validate=False)
    assert (first.documents_read, first.extracted, first.cached) == (2, 2, 0)
    assert [(f.path, f.reason) for f in first.failures] == [(f"{src}/空白.txt", f"{src}/空白.txt: empty file")]
    docs = [json.loads(line)["doc"] for line in (out / "extractions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(docs) == ["plain.txt", "园区报告.txt"]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["failures"][0]["path"].endswith("/空白.txt")
    assert "园区报告.txt" in (out / "graph.trig").read_text(encoding="utf-8")
    again = build([src], out, jobs=jobs, validate=False)
    assert (again.extracted, again.cached) == (0, 2)


def test_an_output_folder_that_is_a_file_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("keep me", encoding="utf-8")
    with pytest.raises(KGError, match=r"taken: the output folder is an existing file$"):
        build([tmp_path], tmp_path / "taken", validate=False)
    with pytest.raises(KGError, match=r"taken/sub: cannot create the output folder \(Not a directory\)$"):
        build([tmp_path], tmp_path / "taken" / "sub", validate=False)
    result = runner.invoke(app, ["build", str(tmp_path), "--out", str(tmp_path / "taken")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1] == f"Error: {tmp_path / 'taken'}: the output folder is an existing file"
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "keep me"


def test_an_output_that_cannot_be_written_is_one_error_and_the_rest_stays(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_bytes(LINE.encode())
    out = tmp_path / "out"
    build([src], out, validate=False)
    trig = (out / "graph.trig").read_bytes()
    (out / "extractions.jsonl").unlink()
    (out / "extractions.jsonl").mkdir()  # a folder where the output goes
    with pytest.raises(KGError, match=r"out/extractions\.jsonl: cannot write \(Is a directory\)$"):
        build([src], out, validate=False)
    assert (out / "graph.trig").read_bytes() == trig
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    (out / "extractions.jsonl").rmdir()
    (out / ".lock").unlink()
    (out / ".lock").mkdir()
    result = runner.invoke(app, ["build", str(src), "--out", str(out), "--no-validate"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1] == f"Error: {out / '.lock'}: cannot open the build's lock (Is a directory)"


@pytest.mark.parametrize("output", ["extractions.jsonl", "graph.trig", "graph.html", "report.json"])
def test_a_full_disk_names_the_output_and_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          output: str) -> None:
    """The disk fills up (simulated) while an output is written: the error names that
    output (not the staging folder it was written in), and the previous build stays."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_bytes(LINE.encode())
    out = tmp_path / "out"
    build([src], out, validate=False)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    (src / "b.txt").write_bytes(LINE.replace("云帆", "海川").encode())
    fsync = os.fsync

    def full(fd: int) -> None:
        if os.readlink(f"/proc/self/fd/{fd}").rsplit("/", 1)[-1].startswith(f".{output}."):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        fsync(fd)

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(KGError) as caught:
        build([src], out, validate=False)
    assert str(caught.value) == f"{out / output}: cannot write (No space left on device)"
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".cache", ".lock"]


def test_the_cli_reports_an_os_error_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk (simulated) is the machine's state, not a bug: one line, exit 1."""
    import kg.pipeline

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device", str(tmp_path / "out" / "graph.trig"))

    monkeypatch.setattr(kg.pipeline, "build", full)
    result = runner.invoke(app, ["build", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1] == f"Error: {tmp_path / 'out' / 'graph.trig'}: No space left on device"


def test_a_build_never_reads_its_own_output_folder(tmp_path: Path) -> None:
    """``kg build .`` with the output folder inside the corpus: the next build must not
    read the previous one's graph.html (or anything else in the output) as a report."""
    (tmp_path / "a.txt").write_bytes(LINE.encode())
    out = tmp_path / "output"
    first = build([tmp_path], out, validate=False)
    (out / "notes.txt").write_bytes(LINE.replace("云帆", "星河").encode())  # even a report-like file
    again = build([tmp_path], out, validate=False)
    assert (first.documents_read, again.documents_read) == (1, 1) and not again.failures
    assert [json.loads(line)["doc"] for line in (out / "extractions.jsonl").read_text(encoding="utf-8").splitlines()] == ["a.txt"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_reports_with_one_file_name_in_two_folders_stay_two_documents(tmp_path: Path, jobs: int) -> None:
    """Scraped corpora repeat file names across folders; one name made them one document
    of the graph and the first one's facts were lost."""
    import pyoxigraph as ox

    for folder, text in (("青禾", "青禾经济开发区引进云帆电子有限公司。"), ("白云", "白云高新区引进星河科技有限公司。")):
        (tmp_path / "src" / folder).mkdir(parents=True)
        (tmp_path / "src" / folder / "2023年工作总结.txt").write_text(text, encoding="utf-8")
    out = tmp_path / f"out{jobs}"
    report = build([tmp_path / "src"], out, jobs=jobs, validate=False)
    assert report.documents_read == 2 and report.relations == {"LOCATED_IN": 2}
    lines = [json.loads(line) for line in (out / "extractions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [d["doc"] for d in lines] == ["2023年工作总结.txt", "青禾/2023年工作总结.txt"]  # walk order: 白 < 青
    store = ox.Store.read_only(str(out / "store"))
    docs = {str(r["n"].value) for r in store.query(
        "PREFIX kg: <https://w3id.org/kg-devzone/ontology#> SELECT ?n WHERE { ?d a kg:Document ; kg:fileName ?n }")}
    assert docs == {"2023年工作总结.txt", "青禾/2023年工作总结.txt"}
    sentences = {str(r["s"].value) for r in store.query(
        "PREFIX kg: <https://w3id.org/kg-devzone/ontology#> SELECT ?s WHERE { GRAPH ?g { ?e kg:sentence ?s } }")}
    assert sentences == {"青禾经济开发区引进云帆电子有限公司。", "白云高新区引进星河科技有限公司。"}
