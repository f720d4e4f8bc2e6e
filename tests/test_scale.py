"""Scale and survive, at the build level: hostile folders, --jobs, deadlines, crashes,
the output folder's lock and leftovers, and the progress bar.

The read-level behaviour of each hostile file is tested in test_hostile_inputs.py (whose
folder this module reuses); here every file goes through ``kg build``.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

import kg.extract
from kg.cli import app
from kg.errors import ExtractionError, KGError
from kg.model import ReadFailure
from kg.pipeline import build
from tests.conftest import EXAMPLES, REPO
from tests.test_hostile_inputs import LINE, _deny
from tests.test_hostile_inputs import _build as hostile_folder

runner = CliRunner()
Hostile = tuple[Path, set[str], dict[str, str]]


@pytest.fixture()
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Hostile]:
    """The hostile folder of test_hostile_inputs plus build-level extras: (folder, good
    file names, bad file name → reason). The 50 MB file is removed afterwards."""
    src = tmp_path / "src"
    src.mkdir()
    good, bad = _hostile(src, monkeypatch)
    yield src, good, bad
    (src / "big 50MB.txt").unlink()


def _hostile(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[set[str], dict[str, str]]:
    good, bad = hostile_folder(root)
    _deny(monkeypatch, root / "unreadable.txt")
    block = (LINE * 2000).encode()
    with (root / "big 50MB.txt").open("wb") as fh:
        for _ in range(50 * 2**20 // len(block) + 1):
            fh.write(block)
    bad["big 50MB.txt"] = "file too large"
    (root / "bad\nname.txt").write_bytes(b"")
    bad["bad\nname.txt"] = "empty file"
    (root / "云帆 报告（一）.md").write_text(LINE, encoding="utf-8")
    return set(good) | {"云帆 报告（一）.md"}, bad


def _docs(out: Path) -> list[str]:
    return [json.loads(line)["doc"] for line in (out / "extractions.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("jobs", [1, 2])
def test_hostile_folder_builds_with_one_failure_per_bad_file(tmp_path: Path, hostile: Hostile, jobs: int) -> None:
    src, good, bad = hostile
    out = tmp_path / "out"
    report = build([src], out, jobs=jobs, validate=False)

    assert sorted(_docs(out)) == sorted(good)
    assert report.documents_read == len(good) and report.extracted == len(good)
    by_name = {Path(f.path).name: f for f in report.failures}
    assert sorted(by_name) == sorted(bad) and len(report.failures) == len(bad)
    for name, reason in bad.items():
        failure = by_name[name]
        assert reason in failure.reason, (name, failure.reason)
        assert failure.path in failure.reason  # the line names the file
    saved = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert saved["documents_failed"] == len(bad) and len(saved["failures"]) == len(bad)


def test_cli_warns_once_per_bad_file_and_strict_exits_2(tmp_path: Path, hostile: Hostile) -> None:
    src, good, bad = hostile
    args = ["build", str(src), "--out", str(tmp_path / "out"), "--no-validate"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning: ")]
    assert len(warnings) == len(bad) and len(result.stderr.splitlines()) == len(bad)
    for name, reason in bad.items():
        shown = name.replace("\n", "\\n")
        assert sum(shown in line and reason in line for line in warnings) == 1, (name, warnings)
    assert f"documents: {len(good)} read, {len(bad)} failed" in result.stdout

    strict = runner.invoke(app, [*args, "--strict"])
    assert strict.exit_code == 2
    assert len([line for line in strict.stderr.splitlines() if line.startswith("Warning: ")]) == len(bad)
    clean = runner.invoke(app, ["build", str(EXAMPLES), "--out", str(tmp_path / "clean"), "--no-validate", "--strict"])
    assert clean.exit_code == 0 and clean.stderr == ""


def test_size_limit_is_an_option(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "small.txt").write_text(LINE, encoding="utf-8")
    (src / "long.txt").write_text(LINE * 100, encoding="utf-8")
    result = runner.invoke(app, ["build", str(src), "--out", str(tmp_path / "o"), "--no-validate", "--max-mb", "0.001"])
    assert result.exit_code == 0
    assert "long.txt: file too large" in result.stderr and "small.txt" not in result.stderr
    report = build([src], tmp_path / "o2", validate=False)
    assert report.documents_read == 2


def _slow_and_crashing(monkeypatch: pytest.MonkeyPatch) -> None:
    real = kg.extract.extract

    def extract(doc):  # type: ignore[no-untyped-def]
        if doc.name == "slow.txt":
            time.sleep(30)
        if doc.name == "crash.txt":
            raise ValueError("boom\nsecond line")
        return real(doc)

    monkeypatch.setattr(kg.extract, "extract", extract)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_slow_or_crashing_document_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for name in ("a.txt", "slow.txt", "crash.txt", "z.txt"):
        (src / name).write_text(LINE, encoding="utf-8")
    _slow_and_crashing(monkeypatch)
    started = time.perf_counter()
    report = build([src], tmp_path / "out", jobs=jobs, validate=False, timeout=1.0)
    assert time.perf_counter() - started < 20
    reasons = {Path(f.path).name: f.reason for f in report.failures}
    assert sorted(reasons) == ["crash.txt", "slow.txt"]
    assert reasons["slow.txt"].endswith("slow.txt: extraction took longer than 1 s")
    assert "extraction failed (ValueError: boom second line)" in reasons["crash.txt"]
    assert "\n" not in reasons["crash.txt"]
    assert _docs(tmp_path / "out") == ["a.txt", "z.txt"]


def test_the_deadline_covers_decoding_and_no_reader_takes_it_for_a_corrupt_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hostile markup can make decoding slow too: a DOCX whose parsing hangs is stopped by
    the same deadline and reported as such (the reader's catch-all for python-docx's
    errors used to report it as a corrupt docx)."""
    import docx

    from tests.test_hostile_inputs import _docx_with_body

    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(LINE, encoding="utf-8")
    (src / "hang.docx").write_bytes(_docx_with_body("<w:p><w:r><w:t>青禾园区</w:t></w:r></w:p>".encode()))

    def hang(*args: object, **kwargs: object) -> None:
        time.sleep(30)

    monkeypatch.setattr(docx, "Document", hang)
    started = time.perf_counter()
    report = build([src], tmp_path / "out", validate=False, timeout=1.0)
    assert time.perf_counter() - started < 15
    assert [(Path(f.path).name, f.reason) for f in report.failures] == [
        ("hang.docx", f"{src / 'hang.docx'}: extraction took longer than 1 s")]
    assert _docs(tmp_path / "out") == ["a.txt"]


def test_broken_extractor_data_stops_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(doc):  # type: ignore[no-untyped-def]
        raise ExtractionError("kg/data/lexicon/x.txt: bad pattern")

    monkeypatch.setattr(kg.extract, "extract", broken)
    with pytest.raises(ExtractionError, match="bad pattern"):
        build([EXAMPLES], tmp_path / "out", validate=False, cache=False)


def test_jobs_give_byte_identical_outputs_whatever_the_hash_seed(tmp_path: Path, shared_dir: Path) -> None:
    corpus = [str(shared_dir / "corpus" / "seeds"), str(shared_dir / "corpus" / "dev")]
    outs = {}
    for jobs, seed in ((1, "1"), (2, "2")):
        out = tmp_path / f"j{jobs}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-m", "kg", "build", *corpus, "--out", str(out), "--jobs", str(jobs),
                               "--no-validate", "--no-cache"], env=env, cwd=REPO, capture_output=True, text=True, check=False)
        assert proc.returncode == 0, proc.stderr
        outs[jobs] = out
    for name in ("extractions.jsonl", "graph.trig", "graph.html"):
        assert (outs[1] / name).read_bytes() == (outs[2] / name).read_bytes(), name
    assert len(_docs(outs[2])) == len(list((shared_dir / "corpus").rglob("*.txt")))
    # --jobs 2 loads the store while graph.trig is written; --jobs 1 loads it from the file.
    stores = [sorted(map(str, ox.Store.read_only(str(outs[j] / "store")))) for j in (1, 2)]
    assert stores[0] == stores[1] and len(stores[0]) > 5_000
    assert sorted(p.name for p in outs[2].iterdir()) == [".lock", "extractions.jsonl", "graph.html", "graph.trig",
                                                         "report.json", "store"]


def test_progress_counts_documents_then_stages(tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    build([EXAMPLES], tmp_path / "out", validate=False, progress=lambda *a: calls.append(a))
    assert calls[:3] == [("extract", 1, 3), ("extract", 2, 3), ("extract", 3, 3)]
    assert [c[0] for c in calls[3:]] == ["resolve", "graph.trig", "graph.html", "store"]


def test_progress_bar_shows_documents_per_second(monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.cli._progress import progress_bar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    import threading

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    threads = threading.active_count()
    with progress_bar("extract") as advance:
        assert threading.active_count() == threads  # no refresh thread: workers are forked meanwhile
        for done in range(1, 4):
            advance("extract", done, 3)
        advance("graph.trig", 0, 0)
    shown = screen.getvalue()
    assert "3/3" in shown and "docs/s" in shown and "writing graph.trig" in shown


def test_a_second_build_into_the_same_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(  # another process holds the folder's lock, as a running build does
        [sys.executable, "-c", ("import fcntl, sys, time; f = open(sys.argv[1], 'a+b'); "
                                "fcntl.lockf(f.fileno(), fcntl.LOCK_EX); print('locked', flush=True); time.sleep(60)"),
         str(out / ".lock")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(KGError, match="another kg build is writing"):
            build([EXAMPLES], out, validate=False)
    finally:
        holder.kill()
        holder.wait()
    assert build([EXAMPLES], out, validate=False).documents_read == 3


def test_leftovers_of_a_killed_build_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / ".graph.trig.x1y2.tmp").write_text("half a graph", encoding="utf-8")
    (out / ".extractions.jsonl.abc.tmp").write_text('{"doc": "x"', encoding="utf-8")
    (out / ".store.q9.tmp").mkdir()
    (out / ".store.q9.tmp" / "000001.sst").write_bytes(b"\0")
    (out / ".store.old").mkdir()
    (out / ".keep").write_text("mine", encoding="utf-8")
    (out / "notes.tmp").write_text("mine", encoding="utf-8")
    build([EXAMPLES], out, validate=False)
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".cache", ".keep", ".lock"]
    assert (out / "notes.tmp").exists()


def test_failures_from_walking_name_their_path(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(LINE, encoding="utf-8")
    (src / "loop").symlink_to(src)
    report = build([src, tmp_path / "missing"], tmp_path / "out", validate=False)
    assert report.documents_read == 1
    assert all(isinstance(f, ReadFailure) and f.path in f.reason for f in report.failures)
    assert {Path(f.path).name for f in report.failures} == {"loop", "missing"}


def test_parallel_build_from_a_threaded_caller(tmp_path: Path) -> None:
    """With other threads running, workers come from the fork server, not a fork."""
    import threading

    results: list[object] = []
    worker = threading.Thread(target=lambda: results.append(build([EXAMPLES], tmp_path / "t", jobs=2, validate=False)))
    worker.start()
    worker.join()
    build([EXAMPLES], tmp_path / "s", validate=False)
    assert len(results) == 1 and results[0].documents_read == 3  # type: ignore[attr-defined]
    assert (tmp_path / "t" / "extractions.jsonl").read_bytes() == (tmp_path / "s" / "extractions.jsonl").read_bytes()


def _killing(monkeypatch: pytest.MonkeyPatch, names: set[str]) -> int:
    """Make extracting the files in ``names`` kill the process doing it (as a crash in
    native code or the out-of-memory killer would), in worker processes only."""
    import signal

    build_pid = os.getpid()
    real = kg.extract.extract

    def extract(doc):  # type: ignore[no-untyped-def]
        if doc.name in names and os.getpid() != build_pid:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(doc)

    monkeypatch.setattr(kg.extract, "extract", extract)
    return build_pid


def test_a_document_that_kills_its_worker_is_one_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pool breaks; the document is tried alone in a process of its own, which dies
    too, so it is reported; a new pool extracts the rest, in order."""
    src = tmp_path / "src"
    src.mkdir()
    names = [f"{i:02d}.txt" for i in range(24)]
    for i, name in enumerate(names):
        (src / name).write_text(LINE.replace("云帆", f"云帆{i:02d}"), encoding="utf-8")
    _killing(monkeypatch, {"05.txt", "17.txt"})
    report = build([src], tmp_path / "out", jobs=2, validate=False, cache=False)
    assert [(Path(f.path).name, f.reason) for f in report.failures] == [
        (n, f"{src / n}: the process extracting it died (killed by SIGKILL)") for n in ("05.txt", "17.txt")]
    assert _docs(tmp_path / "out") == [n for n in names if n not in ("05.txt", "17.txt")]
    monkeypatch.undo()
    clean = build([src], tmp_path / "clean", jobs=1, validate=False, cache=False)
    assert clean.documents_read == 24
    kept = [line for line in (tmp_path / "clean" / "extractions.jsonl").read_text(encoding="utf-8").splitlines()
            if json.loads(line)["doc"] not in ("05.txt", "17.txt")]
    assert (tmp_path / "out" / "extractions.jsonl").read_text(encoding="utf-8").splitlines() == kept


def test_a_pool_that_breaks_while_its_work_is_handed_out_is_recovered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker can die while ``map`` is still submitting the corpus' chunks: the pool's
    break then surfaces inside ``map`` (as seen on a slow CI machine), and the build
    goes on as it does for a break met while reading results."""
    from concurrent.futures.process import BrokenProcessPool

    from kg import pipeline

    src = tmp_path / "src"
    src.mkdir()
    names = [f"{i:02d}.txt" for i in range(12)]
    for i, name in enumerate(names):
        (src / name).write_text(LINE.replace("云帆", f"云帆{i:02d}"), encoding="utf-8")
    real = pipeline.ProcessPoolExecutor
    broke: list[bool] = []

    class BreaksOnce(real):  # type: ignore[misc,valid-type]
        def map(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            if not broke:
                broke.append(True)
                raise BrokenProcessPool("a child process terminated abruptly")
            return super().map(*args, **kwargs)

    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", BreaksOnce)
    report = build([src], tmp_path / "out", jobs=2, validate=False, cache=False)
    assert broke and not report.failures
    assert _docs(tmp_path / "out") == names


def test_an_alarm_due_as_a_document_ends_still_puts_the_handler_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """The deadline's alarm can go off between the end of a document and the timer's
    cancelling: the document counts as timed out, and SIGALRM's handler goes back all
    the same (left swapped, a later alarm would raise in whatever runs then)."""
    import signal

    from kg import pipeline

    before = signal.getsignal(signal.SIGALRM)
    real = signal.setitimer

    def late(which: int, seconds: float, interval: float = 0.0) -> tuple[float, float]:
        if seconds == 0:
            raise pipeline._Timeout  # what the handler raises when the alarm lands here
        return real(which, seconds, interval)

    monkeypatch.setattr(signal, "setitimer", late)
    with pytest.raises(pipeline._Timeout), pipeline._deadline(30.0):
        assert signal.getsignal(signal.SIGALRM) is pipeline._alarm
    monkeypatch.undo()
    real(signal.ITIMER_REAL, 0)
    assert signal.getsignal(signal.SIGALRM) is before
