"""kg.export.rdf: Turtle, N-Quads, JSON-LD and GraphML exports parse back, byte-stable."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph

from kg.export import get_exporter
from kg.model import PropertyGraph
from tests.rdf.graphs import PROJECT, ZONE


def _quads(graph_dir: Path) -> set[str]:
    return {str(q) for q in ox.parse(path=str(graph_dir / "graph.trig"), format=ox.RdfFormat.TRIG)}


def test_turtle_is_the_union_of_all_graphs(graph_dir: Path, tmp_path: Path) -> None:
    [path] = get_exporter("turtle")(graph_dir, tmp_path / "g.ttl")
    graph = Graph().parse(path, format="turtle")
    union = {str(ox.Triple(q.subject, q.predicate, q.object))
             for q in ox.parse(path=str(graph_dir / "graph.trig"), format=ox.RdfFormat.TRIG)}
    assert len(graph) == len(union)
    assert "@prefix kg:" in path.read_text(encoding="utf-8") and "{" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("fmt", "rdflib_format"), [("nquads", "nquads"), ("jsonld", "json-ld")])
def test_dataset_formats_keep_every_quad(graph_dir: Path, tmp_path: Path, fmt: str, rdflib_format: str) -> None:
    [path] = get_exporter(fmt)(graph_dir, tmp_path / f"g.{fmt}")
    ds = Dataset()
    ds.parse(path, format=rdflib_format)
    assert len(list(ds.quads())) == len(_quads(graph_dir))
    back = ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS if fmt == "nquads" else ox.RdfFormat.JSON_LD)
    assert {str(q) for q in back} == _quads(graph_dir)


def test_nquads_lines_are_sorted(graph_dir: Path, tmp_path: Path) -> None:
    [path] = get_exporter("nquads")(graph_dir, tmp_path / "g.nq")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == len(_quads(graph_dir))


def test_graphml_for_gephi(graph_dir: Path, pg: PropertyGraph, tmp_path: Path) -> None:
    [path] = get_exporter("graphml")(graph_dir, tmp_path / "g.graphml")
    graph = nx.read_graphml(path, force_multigraph=True)
    assert graph.number_of_nodes() == len(pg.nodes) and graph.number_of_edges() == len(pg.edges)
    assert graph.nodes[ZONE] == {"label": "青禾经济开发区", "type": "Zone", "aliases": "青禾开发区",
                                 "docs": "青禾经济开发区2022年工作报告.html、青禾经济开发区2023年工作总结.txt"}
    funded = [d for _, _, d in graph.out_edges(PROJECT, data=True) if d["relation"] == "FUNDED_BY"]
    assert funded[0]["value_yuan"] == 7080000.0 and funded[0]["amount"] == "708万元"
    masked = [d for _, _, d in graph.out_edges(ZONE, data=True) if d["relation"] == "FUNDED_BY"]
    assert "value_yuan" not in masked[0] and masked[0]["amount"] == "x.xx亿元"


@pytest.mark.parametrize("fmt", ["turtle", "nquads", "jsonld", "graphml"])
def test_exports_are_byte_stable(graph_dir: Path, tmp_path: Path, fmt: str) -> None:
    [a] = get_exporter(fmt)(graph_dir, tmp_path / "a")
    [b] = get_exporter(fmt)(graph_dir, tmp_path / "b")
    assert a.read_bytes() == b.read_bytes()
