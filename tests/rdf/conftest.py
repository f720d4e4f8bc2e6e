"""Fixtures of the RDF tests: the fictional graph of graphs.py, written to temp folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.model import PropertyGraph
from kg.rdf import write_trig


@pytest.fixture()
def trig_only_dir(tmp_path: Path, pg: PropertyGraph) -> Path:
    """A build folder with graph.trig but no store."""
    write_trig(pg, tmp_path / "graph.trig")
    return tmp_path
