"""RDF and GraphML exports of a built graph (registered in :mod:`kg.export`).

Each exporter reads ``graph.trig`` of a build folder and writes one file atomically:

* ``turtle``: the union of all graphs as Turtle (document graphs merged; each fact still
  names its document through ``prov:wasDerivedFrom``);
* ``nquads``: every quad, one per line, sorted;
* ``jsonld``: JSON-LD with one ``@graph`` per document graph (Oxigraph's writer, fed
  sorted quads);
* ``graphml``: the property graph for Gephi and other network tools, through networkx;
  attributes are flattened to strings and numbers (GraphML has no lists or nulls).

The same graph always gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from kg.errors import SchemaError
from kg.io import atomic_open
from kg.model import Edge, Node, PropertyGraph
from kg.outputs import output_file
from kg.rdf import load_graph, serialize_trig, to_quads, trig_path

LIST_SEPARATOR = "、"


def write_turtle(graph_dir: Path, out: Path) -> list[Path]:
    """Write the union of all graphs as sorted Turtle.

    Args:
        graph_dir: the build folder holding ``graph.trig``.
        out: the Turtle file to write.

    Returns:
        ``[out]``.

    Raises:
        KGError: no graph in ``graph_dir``, or ``out`` cannot be written (a folder, a
            pipe or a device stands there).
        SchemaError: the graph file is malformed.
    """
    output_file(out)
    quads = ((s, p, o, None) for s, p, o, _ in to_quads(load_graph(graph_dir)))
    text, _ = serialize_trig(quads)
    with atomic_open(out, "w") as fh:
        fh.write(text)
    return [out]


def _sorted_quads(graph_dir: Path) -> list[ox.Quad]:
    path = trig_path(graph_dir)
    try:
        return sorted(ox.parse(path=str(path), format=ox.RdfFormat.TRIG), key=str)
    except (SyntaxError, ValueError) as exc:
        raise SchemaError(f"{path} is not valid TriG: {exc}") from None


def write_nquads(graph_dir: Path, out: Path) -> list[Path]:
    """Write every quad as N-Quads, one per line, sorted.

    Returns:
        ``[out]``.
    """
    output_file(out)
    data = ox.serialize(_sorted_quads(graph_dir), format=ox.RdfFormat.N_QUADS) or b""
    lines = sorted(data.decode("utf-8").splitlines(keepends=True))
    with atomic_open(out, "w") as fh:
        fh.write("".join(lines))
    return [out]


def write_jsonld(graph_dir: Path, out: Path) -> list[Path]:
    """Write the dataset as JSON-LD (named graphs as ``@graph`` objects).

    Returns:
        ``[out]``.
    """
    output_file(out)
    data = ox.serialize(_sorted_quads(graph_dir), format=ox.RdfFormat.JSON_LD) or b""
    with atomic_open(out, "wb") as fh:
        fh.write(data)
    return [out]


def to_networkx(pg: PropertyGraph) -> nx.MultiDiGraph:
    """Return ``pg`` as a networkx multigraph (one edge per fact, keyed by fact id).

    Attributes are GraphML-safe: lists joined with ``、``, absent values left out.
    """
    graph = nx.MultiDiGraph()
    for node in pg.nodes:
        graph.add_node(node.id, **_node_attributes(node))
    for edge in pg.edges:
        graph.add_edge(edge.source, edge.target, key=edge.id, **_edge_attributes(edge))
    return graph


def _node_attributes(node: Node) -> dict[str, str]:
    return {"label": node.name, "type": node.type, "aliases": LIST_SEPARATOR.join(node.aliases),
            "docs": LIST_SEPARATOR.join(node.docs)}


def _edge_attributes(edge: Edge) -> dict[str, str | int | float]:
    ev = edge.evidence
    attributes: dict[str, str | int | float | None] = {
        "relation": edge.type, "doc": ev.doc, "sentence": ev.sentence, "start": ev.start, "end": ev.end,
        "raw_start": ev.raw_start, "raw_end": ev.raw_end, "level": edge.level, "year": edge.year,
        "batch": edge.batch, "grade": edge.grade, "amount": edge.amount, "value_yuan": edge.value_yuan,
        "rule": edge.rule or None,
    }
    return {k: v for k, v in attributes.items() if v is not None}


def write_graphml(graph_dir: Path, out: Path) -> list[Path]:
    """Write the property graph as GraphML (for Gephi, yEd, Cytoscape).

    Returns:
        ``[out]``.
    """
    output_file(out)
    graph = to_networkx(load_graph(graph_dir))
    with atomic_open(out, "wb") as fh:
        nx.write_graphml(graph, fh, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return [out]
