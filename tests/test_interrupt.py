"""Ctrl-C (SIGINT) and SIGTERM stop ``kg build`` cleanly at any stage: exit 130 or 143
with nothing on stderr, no process left, no temporary file, and the output folder
exactly as the previous build left it, store included (a build's outputs are put in
place together at its end: :mod:`kg.build_folder`)."""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.build_folder import commit, staging
from kg.errors import KGError
from kg.pipeline import build
from tests.builds import (
    changed_copy,
    run_build,
    session_gone,
    shared_copies,
    signal_when,
    start_build,
)
from tests.conftest import REPO
from tests.test_hostile_inputs import LINE

COPIES = 5
CODES = {signal.SIGINT: 130, signal.SIGTERM: 143}


def _snapshot(out: Path) -> dict[str, str]:
    """The digest of every file in ``out`` but the cache and the lock (the store's
    files included), by path."""
    found = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if rel.startswith(".cache") or rel == ".lock" or path.is_dir():
            continue
        found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _stage(out: Path, pattern: str) -> bool:
    return any(out.glob(f".build.*.tmp/{pattern}"))


def test_a_stopped_build_leaves_the_previous_outputs_untouched(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    a = shared_copies(tmp_path / "a", COPIES)
    b = changed_copy(a, tmp_path / "b")
    out = tmp_path / "out"
    run_build(a, out, "--no-validate")
    before = _snapshot(out)
    assert {"extractions.jsonl", "graph.trig", "graph.html", "report.json", "store/kg-units.json"} <= before.keys()

    moments: list[tuple[str, tuple[str, ...], int, Callable[[], bool]]] = [
        ("while extracting", ("--jobs", "2", "--no-validate"), signal.SIGTERM,
         lambda: any(p.stat().st_size > 0 for p in out.glob(".build.*.tmp/.extractions.jsonl.*.tmp"))),
        ("while writing the graph", ("--no-validate",), signal.SIGINT,
         lambda: _stage(out, ".graph.trig.*.tmp") or any(out.glob(".store.*.tmp"))),
        ("while writing the graph with two jobs", ("--jobs", "2", "--no-validate"), signal.SIGTERM,
         lambda: _stage(out, ".graph.trig.*.tmp") or any(out.glob(".store.*.tmp"))),
        ("while validating, every other output written", (), signal.SIGTERM,
         lambda: _stage(out, "store") and _stage(out, "graph.html")),
        ("while validating", ("--jobs", "2"), signal.SIGINT,
         lambda: _stage(out, "store") and _stage(out, "graph.html")),
    ]
    for what, extra, sig, ready in moments:
        proc = start_build(b, out, *extra, capture=True)
        stopped = signal_when(proc, ready, sig, 120.0)
        _, err = proc.communicate(timeout=120)
        assert stopped, f"the build finished before it could be stopped {what}"
        assert proc.returncode == CODES[sig], (what, proc.returncode, err)
        assert not err.strip(), (what, err)
        assert session_gone(proc.pid), f"helper processes outlived the build stopped {what}"
        assert _snapshot(out) == before, f"the outputs changed when the build was stopped {what}"

    run_build(b, out, "--no-validate")
    after = _snapshot(out)
    assert after["extractions.jsonl"] != before["extractions.jsonl"]
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".cache", ".lock"]


def test_an_interrupted_build_call_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The library: an exception in any stage (here, Ctrl-C while the view is written)
    leaves the output folder as it was, without temporary files."""
    import kg.views

    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(LINE, encoding="utf-8")
    out = tmp_path / "out"
    build([src], out, validate=False)
    before = _snapshot(out)
    (src / "b.txt").write_text(LINE.replace("云帆", "海川"), encoding="utf-8")

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(kg.views, "render_html", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build([src], out, validate=False)
    assert _snapshot(out) == before
    monkeypatch.undo()
    build([src], out, validate=False)
    assert _snapshot(out) != before
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".cache", ".lock"]


def test_the_commit_holds_signals_back_until_every_output_is_in_place(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.trig").write_text("old", encoding="utf-8")
    (out / "store").mkdir()
    (out / "store" / "old").write_text("old", encoding="utf-8")
    with staging(out) as stage:
        for name in ("extractions.jsonl", "graph.trig", "graph.html", "report.json"):
            (stage / name).write_text(f"new {name}", encoding="utf-8")
        (stage / "store").mkdir()
        (stage / "store" / "new").write_text("new", encoding="utf-8")
        renamed: list[str] = []
        original = Path.replace

        def replace(self: Path, target: Path) -> Path:
            if not renamed:
                signal.raise_signal(signal.SIGINT)  # Ctrl-C as the first output moves
            renamed.append(self.name)
            return original(self, target)

        # Ctrl-C as in a terminal (a shell hands a background job SIGINT ignored: pytest
        # run as one would never see it)
        ignored = signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            with pytest.MonkeyPatch.context() as mp:
                mp.setattr(Path, "replace", replace)
                with pytest.raises(KeyboardInterrupt):
                    commit(stage, out)
        finally:
            signal.signal(signal.SIGINT, ignored)
    assert renamed == ["extractions.jsonl", "graph.trig", "store", "graph.html", "report.json"]
    assert sorted(p.name for p in out.iterdir()) == ["extractions.jsonl", "graph.html", "graph.trig", "report.json", "store"]
    assert (out / "graph.trig").read_text(encoding="utf-8") == "new graph.trig"
    assert sorted(p.name for p in (out / "store").iterdir()) == ["new"]


def test_an_output_that_cannot_be_replaced_fails_before_anything_moves(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "graph.html").mkdir(parents=True)
    (out / "graph.trig").write_text("old", encoding="utf-8")
    with staging(out) as stage:
        for name in ("extractions.jsonl", "graph.trig", "graph.html", "report.json"):
            (stage / name).write_text("new", encoding="utf-8")
        with pytest.raises(KGError, match=r"out/graph\.html: cannot write \(Is a directory\)$"):
            commit(stage, out)
    assert (out / "graph.trig").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in out.iterdir()) == ["graph.html", "graph.trig"]


def test_handlers_go_back_even_when_a_signal_lands_as_they_are_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    """signal.signal first runs the handlers of pending signals and changes nothing when
    one raises (a Ctrl-C landing just after Ctrl-C's own handler went back): the
    restoring is tried again, so no handler of the commit's is left behind to swallow
    that signal for good, and the first exception is what the caller gets."""
    from kg.build_folder import restore_signal_handlers

    real = signal.signal
    calls: list[int] = []

    def landing(signum: int, handler: object) -> object:
        calls.append(signum)
        if signum == signal.SIGTERM and calls.count(signal.SIGTERM) == 1:
            raise KeyboardInterrupt  # the pending Ctrl-C, handled before SIGTERM's handler changes
        return real(signum, handler)  # type: ignore[arg-type]

    def term(signum: int, frame: object) -> None:
        pass

    before_int, before_term = signal.getsignal(signal.SIGINT), signal.signal(signal.SIGTERM, term)
    try:
        real(signal.SIGINT, lambda signum, frame: None)
        real(signal.SIGTERM, lambda signum, frame: None)
        monkeypatch.setattr(signal, "signal", landing)
        error = restore_signal_handlers({signal.SIGINT: before_int, signal.SIGTERM: term})
        monkeypatch.undo()
        assert isinstance(error, KeyboardInterrupt)
        assert calls == [signal.SIGINT, signal.SIGTERM, signal.SIGTERM]
        assert signal.getsignal(signal.SIGINT) is before_int
        assert signal.getsignal(signal.SIGTERM) is term
    finally:
        monkeypatch.undo()
        real(signal.SIGINT, before_int)  # type: ignore[arg-type]
        real(signal.SIGTERM, before_term)  # type: ignore[arg-type]


def test_a_signal_landing_as_the_handlers_are_swapped_in_leaves_none_behind(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same when the commit puts its own handlers in: Ctrl-C's, already swapped
    when SIGTERM's swap raises, goes back."""
    real = signal.signal
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)

    def landing(signum: int, handler: object) -> object:
        if signum == signal.SIGTERM and handler is not before[1]:
            raise KeyboardInterrupt
        return real(signum, handler)  # type: ignore[arg-type]

    out = tmp_path / "out"
    out.mkdir()
    with staging(out) as stage:
        (stage / "report.json").write_text("{}", encoding="utf-8")
        monkeypatch.setattr(signal, "signal", landing)
        with pytest.raises(KeyboardInterrupt):
            commit(stage, out)
        monkeypatch.undo()
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
    assert not (out / "report.json").exists()  # stopped before anything moved


# ``kg build`` whose graph stage begins with a stop landing in a finaliser, where Python
# reports the exception ("Exception ignored in …") and goes on.
_STOP_IN_A_FINALISER = """
import signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal (see tests/builds.py)
sys.argv[0] = 'kg'
import kg.pipeline
write_graph = kg.pipeline._write_graph
class Finaliser:
    def __del__(self):
        signal.raise_signal(signal.{name})
def stopped_in_a_finaliser(*args, **kwargs):
    Finaliser()
    return write_graph(*args, **kwargs)
kg.pipeline._write_graph = stopped_in_a_finaliser
from kg.cli import main
main()
"""


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_stop_lost_in_a_finaliser_still_stops_the_build(tmp_path: Path, sig: signal.Signals) -> None:
    """The stop's exception is lost, but the CLI noted the stop: the build ends before
    it replaces anything, with the stop's exit code."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(LINE, encoding="utf-8")
    out = tmp_path / "out"
    run_build(src, out, "--no-validate")
    before = _snapshot(out)
    (src / "b.txt").write_text(LINE.replace("云帆", "海川"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", _STOP_IN_A_FINALISER.format(name=sig.name), "build", str(src),
                           "--out", str(out), "--no-validate"], cwd=REPO, capture_output=True, text=True, check=False)
    assert proc.returncode == CODES[sig], proc.stderr
    assert not proc.stderr.strip()  # (Python's report of the exception it lost is left out)
    assert _snapshot(out) == before
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".cache", ".lock"]


# ``kg query --list`` with a finaliser run as the command starts, its body given.
_FINALISER_IN_A_COMMAND = """
import signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal (see tests/builds.py)
sys.argv[0] = 'kg'
import kg.cli._app as cli
real = cli.app
class Finaliser:
    def __del__(self):
        {body}
def app():
    Finaliser()
    return real()
cli.app = app
cli.main()
"""


def _query_list_with_a_finaliser(body: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _FINALISER_IN_A_COMMAND.format(body=body), "query", "--list"],
                          cwd=REPO, capture_output=True, text=True, check=False)


def test_a_command_that_ends_after_a_lost_stop_exits_with_the_stops_code() -> None:
    """Not only builds: any command during which a stop was lost ends with 130."""
    proc = _query_list_with_a_finaliser("signal.raise_signal(signal.SIGINT)")
    assert not proc.stderr.strip()
    assert "enterprise_honours" in proc.stdout  # the command ran to its end
    assert proc.returncode == 130


def test_other_exceptions_lost_in_finalisers_are_still_reported() -> None:
    proc = _query_list_with_a_finaliser('raise ValueError("a finaliser\'s own error")')
    assert "Exception ignored in" in proc.stderr and "a finaliser's own error" in proc.stderr
    assert proc.returncode == 0


def test_a_ctrl_c_the_caller_ignores_stays_ignored(tmp_path: Path) -> None:
    """A shell hands a job it runs in the background SIGINT ignored, so that Ctrl-C at
    the terminal stops only what runs in the foreground: kg keeps it so."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(LINE, encoding="utf-8")
    out = tmp_path / "out"
    script = _STOP_IN_A_FINALISER.format(name="SIGINT").replace(
        "signal.signal(signal.SIGINT, signal.default_int_handler)", "signal.signal(signal.SIGINT, signal.SIG_IGN)")
    proc = subprocess.run([sys.executable, "-c", script, "build", str(src), "--out", str(out), "--no-validate"],
                          cwd=REPO, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert (out / "graph.trig").is_file()
