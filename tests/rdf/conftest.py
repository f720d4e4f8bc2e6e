"""Fixtures of the RDF tests: the fictional graph of graphs.py, written to temp folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.model import PropertyGraph
from kg.rdf import write_trig
from kg.stores import write_store
from tests.rdf.graphs import make_graph


@pytest.fixture(scope="session")
def pg() -> PropertyGraph:
    """The fictional property graph."""
    return make_graph()


@pytest.fixture(scope="session")
def graph_dir(tmp_path_factory: pytest.TempPathFactory, pg: PropertyGraph) -> Path:
    """A build folder holding graph.trig and the Oxigraph store (read-only in tests)."""
    out = tmp_path_factory.mktemp("build")
    write_trig(pg, out / "graph.trig")
    write_store(out / "graph.trig", out / "store")
    return out


@pytest.fixture()
def trig_only_dir(tmp_path: Path, pg: PropertyGraph) -> Path:
    """A build folder with graph.trig but no store."""
    write_trig(pg, tmp_path / "graph.trig")
    return tmp_path
