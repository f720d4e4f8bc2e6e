"""Check ``graph.trig`` against the SHACL shapes in ``schema/shapes.ttl`` (pyshacl).

Violations are data, not exceptions: :func:`validate` always returns a
:class:`ValidationReport`; the CLI prints it and exits 1 when it does not conform.
The shapes see the union of all graphs (facts live in per-document graphs, the types
of their ends in the default graph), so the TriG file is flattened into one graph.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node as RDFNode

from kg.errors import SchemaError
from kg.rdf import ID_IRI, PREFIXES, trig_path
from kg.resources import resource_file

# rdflib logs an ill-typed literal's conversion failure with its traceback; such a
# literal is reported as a violation instead.
logging.getLogger("rdflib.term").addHandler(logging.NullHandler())

SHAPES_IRI = "https://w3id.org/kg-devzone/shapes#"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Violation:
    """One SHACL result.

    Attributes:
        focus_node: the offending node (IRI or literal, as text).
        path: the property path (``kg:source``), or ``""`` for node-level constraints.
        message: what is wrong, from the shape's ``sh:message``.
        shape: the shape holding the constraint (``kgsh:Fact-level``).
        component: the SHACL constraint component (``sh:MinCountConstraintComponent``).
    """

    focus_node: str
    path: str
    message: str
    shape: str
    component: str = ""


@dataclass(frozen=True)
class ValidationReport:
    """Whether the graph conforms, and every violation (sorted)."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    triples: int = 0


@functools.cache
def _shapes() -> Graph:
    return Graph().parse(resource_file("schema", "shapes.ttl"), format="turtle")


def validate(graph_dir: Path) -> ValidationReport:
    """Validate the ``graph.trig`` of a build folder against ``schema/shapes.ttl``.

    Args:
        graph_dir: the build folder (or the TriG file itself).

    Returns:
        The report; ``conforms`` is False when any shape is violated.

    Raises:
        KGError: there is no graph.
        SchemaError: the file does not parse, or the shapes themselves are broken.
    """
    data = _flatten(trig_path(graph_dir))
    return validate_graph(data)


def validate_graph(data: Graph) -> ValidationReport:
    """Validate an in-memory graph (the union of a kg dataset) against the shapes.

    Raises:
        SchemaError: the shapes graph is invalid.
    """
    from pyshacl import validate as shacl
    from pyshacl.errors import ReportableRuntimeError

    triples = len(data)
    # pyshacl compares an ill-typed literal ("abc"^^xsd:integer) with sh:minInclusive
    # and fails with a TypeError; they are reported here and kept from it.
    ill_typed = [(s, p, o) for s, p, o in data if isinstance(o, Literal) and o.ill_typed]
    for triple in ill_typed:
        data.remove(triple)
    try:
        conforms, results, _ = shacl(data, shacl_graph=_shapes(), inference="none", advanced=True,
                                     allow_warnings=True, inplace=True)
    except ReportableRuntimeError as exc:  # ShapeLoadError, ConstraintLoadError, ValidationFailure …
        raise SchemaError(f"SHACL validation failed to run: {exc}") from None
    violations = sorted([*_violations(results), *map(_ill_typed, ill_typed)],
                        key=lambda v: (v.focus_node, v.path, v.shape, v.message))
    return ValidationReport(bool(conforms) and not ill_typed, violations, triples)


def _ill_typed(triple: tuple[RDFNode, RDFNode, RDFNode]) -> Violation:
    s, p, o = triple
    assert isinstance(o, Literal)
    shapes = _shapes()
    owner = {ps: ns for ns, ps in shapes.subject_objects(SH.property)}
    shape = next((_node_shape(ps, owner) for ps in sorted(shapes.subjects(SH.path, p))), None)  # type: ignore[type-var]
    return Violation(focus_node=_show(s), path=_show(p), shape=_show(shape) or "-",
                     message=f"ill-typed literal {str(o)[:40]!r}: not a valid {_show(o.datatype)}",
                     component="sh:DatatypeConstraintComponent")


def _flatten(trig: Path) -> Graph:
    """Parse TriG with Oxigraph's fast parser into one rdflib graph (graph names dropped)."""
    graph = Graph()
    try:
        for quad in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG):
            graph.add((_term(quad.subject), _term(quad.predicate), _term(quad.object)))
    except (SyntaxError, ValueError) as exc:
        raise SchemaError(f"{trig} is not valid TriG: {exc}") from None
    return graph


def _term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> RDFNode:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:
        return Literal(term.value)  # rdflib compares "x" and "x"^^xsd:string as different
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _violations(results: Graph) -> list[Violation]:
    shapes = _shapes()
    owner = {ps: ns for ns, ps in shapes.subject_objects(SH.property)}
    owner.update({c: ns for ns, c in shapes.subject_objects(SH.sparql)})
    return [
        Violation(
            focus_node=_show(results.value(r, SH.focusNode)),
            path=_path(results, results.value(r, SH.resultPath)),
            message=str(results.value(r, SH.resultMessage) or ""),
            shape=_show(_node_shape(results.value(r, SH.sourceShape), owner)),
            component=_show(results.value(r, SH.sourceConstraintComponent)),
        )
        for r in results.subjects(RDF.type, SH.ValidationResult)
    ]


def _path(graph: Graph, path: RDFNode | None) -> str:
    """Render a SHACL property path: ``kg:source`` or a sequence ``kg:source/rdf:type``."""
    if isinstance(path, BNode) and graph.value(path, RDF.first) is not None:
        return "/".join(_path(graph, step) for step in Collection(graph, path))
    if isinstance(path, BNode) and graph.value(path, SH.inversePath) is not None:
        return "^" + _path(graph, graph.value(path, SH.inversePath))
    return _show(path)


def _node_shape(shape: RDFNode | None, owner: dict[RDFNode, RDFNode]) -> RDFNode | None:
    while shape is not None and shape in owner:
        shape = owner[shape]
    return shape


def _show(term: RDFNode | None) -> str:
    """Compact a term for people: prefixed names, entity ids without their base IRI."""
    if term is None or isinstance(term, BNode):
        return ""
    text = str(term)
    if isinstance(term, URIRef):
        for prefix, ns in (*PREFIXES, ("kgsh", SHAPES_IRI), ("sh", str(SH))):
            if text.startswith(ns):
                return f"{prefix}:{text[len(ns):]}"
        if text.startswith(ID_IRI):
            return text[len(ID_IRI):]
    return text
