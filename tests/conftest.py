"""Shared fixtures: where the shared corpus lives, builds made once per session, and the
fictional graph of tests/rdf/graphs.py written as a build folder."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.model import PropertyGraph

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLES = REPO / "examples"


def _signal_state() -> tuple[object, ...]:
    """Ctrl-C's and the alarm's handlers, the signals this thread blocks, the timer."""
    return (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGALRM),
            frozenset(signal.pthread_sigmask(signal.SIG_BLOCK, [])), signal.getitimer(signal.ITIMER_REAL))


@pytest.fixture(autouse=True)
def _signals_left_as_found() -> Iterator[None]:
    """kg run in this process (builds, commits, deadlines) must leave Ctrl-C's and
    SIGALRM's handlers, the blocked signals and the interval timer as it found them: a
    handler left swapped swallows Ctrl-C (or raises a stray timeout) in whatever runs
    next. A test that leaves them changed fails, and they are put back for the next.
    SIGTERM's handler is put back silently: the CLI's ``main()`` installs its own for
    the rest of its process."""
    before, term = _signal_state(), signal.getsignal(signal.SIGTERM)
    yield
    after = _signal_state()
    signal.signal(signal.SIGTERM, term)  # type: ignore[arg-type]
    if after != before:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGINT, before[0])  # type: ignore[arg-type]
        signal.signal(signal.SIGALRM, before[1])  # type: ignore[arg-type]
        signal.pthread_sigmask(signal.SIG_SETMASK, before[2])  # type: ignore[arg-type]
        pytest.fail(f"the test left the signal state changed: {before} -> {after}")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the repository (corpus, gold, scorer); required in CI."""
    if not (SHARED / "corpus").is_dir():
        pytest.fail(f"the shared corpus is missing: {SHARED}/corpus")
    return SHARED


@pytest.fixture(scope="session")
def examples_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``kg build examples/`` into a session temp folder."""
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("examples_build")
    build([EXAMPLES], out)
    return out


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Path:
    """The shared seeds and dev corpus built once (SHACL skipped: tested elsewhere)."""
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("corpus_build")
    build([shared_dir / "corpus" / "seeds", shared_dir / "corpus" / "dev"], out, validate=False)
    return out


@pytest.fixture(scope="session")
def pg() -> PropertyGraph:
    """The fictional property graph."""
    from tests.rdf.graphs import make_graph

    return make_graph()


@pytest.fixture(scope="session")
def graph_dir(tmp_path_factory: pytest.TempPathFactory, pg: PropertyGraph) -> Path:
    """A build folder holding graph.trig and the Oxigraph store (read-only in tests)."""
    from kg.rdf import write_trig
    from kg.stores import write_store

    out = tmp_path_factory.mktemp("build")
    write_trig(pg, out / "graph.trig")
    write_store(out / "graph.trig", out / "store")
    return out
