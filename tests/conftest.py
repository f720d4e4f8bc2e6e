"""Shared fixtures: where the shared corpus lives, builds made once per session, and the
fictional graph of tests/rdf/graphs.py written as a build folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.model import PropertyGraph

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLES = REPO / "examples"


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
