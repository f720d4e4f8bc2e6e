"""SIGKILL a running ``kg build`` at several moments: every output left in place is a
complete, valid file (the previous build's or the new one's), no worker outlives the
build, and the next build cleans up and gives the same bytes as an uninterrupted one."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.builds import (
    changed_copy,
    run_build,
    session_gone,
    shared_copies,
    signal_when,
    start_build,
)

COPIES = 5
FILES = ("extractions.jsonl", "graph.trig", "graph.html")


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Corpus A (the shared corpus written COPIES times under distinct names) and
    corpus B (A with one document dropped and one changed)."""
    a = shared_copies(tmp_path_factory.mktemp("corpus_a"), COPIES)
    return a, changed_copy(a, tmp_path_factory.mktemp("corpus_b"))


def _kill_when(proc: subprocess.Popen[bytes], ready: Callable[[], bool], limit: float = 60.0) -> bool:
    """SIGKILL the build (its main process only, as the OOM killer would) once
    ``ready()``; False if it finished first."""
    killed = signal_when(proc, ready, signal.SIGKILL, limit)
    proc.wait()
    return killed


def _check_complete(out: Path, doc_sets: list[set[str]]) -> None:
    """Every output in place parses and belongs to one whole build."""
    lines = (out / "extractions.jsonl").read_text(encoding="utf-8").splitlines()
    docs = {json.loads(line)["doc"] for line in lines}
    assert docs in doc_sets and len(lines) == len(docs)
    quads = list(ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG))
    graphs = {str(q.graph_name) for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)}
    assert len(graphs) in {len(s) for s in doc_sets}
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["documents_read"] in {len(s) for s in doc_sets}
    html = (out / "graph.html").read_text(encoding="utf-8")
    assert html.rstrip().endswith("</html>")
    if (out / "store").is_dir():
        store = ox.Store.read_only(str(out / "store"))
        assert len(store) > 0
        del store


def test_killed_builds_leave_only_complete_outputs(corpora: tuple[Path, Path], tmp_path: Path) -> None:
    a, b = corpora
    out = tmp_path / "out"
    started = time.monotonic()
    run_build(a, out, "--no-validate", "--no-cache")
    took = time.monotonic() - started
    docs_a = {p.name for p in a.iterdir()}
    docs_b = {p.name for p in b.iterdir()}
    moments: list[tuple[str, tuple[str, ...], Callable[[], bool]]] = [
        ("while extracting", ("--jobs", "2"),
         lambda: any(p.stat().st_size > 0 for p in out.glob(".build.*.tmp/.extractions.jsonl.*.tmp"))),
        ("while writing the graph", (), lambda: any(out.glob(".build.*.tmp/.graph.trig.*.tmp")) or any(out.glob(".store.*.tmp"))),
    ]
    delay = random.uniform(0.2, max(0.3, took))
    moments.append((f"after {delay:.2f} s", ("--jobs", "2"), lambda: time.monotonic() - begun > delay))
    killed = 0
    for what, extra, ready in moments:
        begun = time.monotonic()
        proc = start_build(b, out, "--no-validate", *extra)
        killed += _kill_when(proc, ready)
        assert session_gone(proc.pid), f"worker processes outlived the build killed {what}"
        _check_complete(out, [docs_a, docs_b])
    assert killed >= 2, "the build finished before it could be killed"

    run_build(b, out, "--no-validate")
    fresh = tmp_path / "fresh"
    run_build(b, fresh, "--no-validate", "--no-cache")
    for name in FILES:
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name
    _check_complete(out, [docs_b])
    leftovers = sorted(p.name for p in out.iterdir() if p.name.startswith("."))
    assert leftovers == [".cache", ".lock"], leftovers
    assert not list((out / ".cache").rglob("*.tmp"))
