"""PropertyGraph ↔ RDF: the dataset written as ``graph.trig`` and read back.

The model is described in the ontology ``schema/kg.ttl``. The default graph holds the
entities and documents; each document's facts go into the named graph of that
document, both as a direct triple (``s kg:receivedHonour o``) and as a qualified
``kg:Fact`` node carrying the attributes, the names of its ends (``kg:sourceName``,
``kg:targetName``) and its evidence: a node per sentence span, shared by the facts
that sentence states. The aggregates the canned queries rank and sum by
are materialised in the default graph too (:mod:`kg.aggregates`); reading the graph
back ignores them and the copied names.

``write_trig`` uses its own small TriG writer instead of rdflib's serializer: rdflib's
output order follows hash and set order, so the same graph could give different bytes.
Here graphs, subjects, predicates and objects are all sorted, so the same
:class:`~kg.model.PropertyGraph` always gives byte-identical files.
"""

from __future__ import annotations

import functools
import math
import re
import stat
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, SKOS
from rdflib.term import Node as RDFNode

from kg.aggregates import aggregate_triples
from kg.errors import KGError, SchemaError
from kg.io import atomic_open
from kg.model import Document, Edge, Evidence, Node, PropertyGraph
from kg.names import normalize_name
from kg.resources import resource_file
from kg.vocab import KG, KG_IRI

ID_IRI = "https://w3id.org/kg-devzone/id/"
ID = Namespace(ID_IRI)
GRAPH_FILE = "graph.trig"

Quad = tuple[URIRef, URIRef, RDFNode, URIRef | None]

PREFIXES: tuple[tuple[str, str], ...] = (
    ("kg", KG_IRI),
    ("prov", str(PROV)),
    ("rdf", str(RDF)),
    ("rdfs", str(RDFS)),
    ("skos", str(SKOS)),
    ("xsd", str(XSD)),
)
ENTITY_CLASSES: frozenset[str] = frozenset(
    str(c) for c in (KG.Zone, KG.Enterprise, KG.Organization, KG.Project, KG.Honour, KG.FundingSource)
)


class _Terms:
    """The terms of an rdflib namespace, each looked up once: a defined namespace checks
    membership and mints a new URIRef on every attribute access (a million accesses
    for a 5 MB corpus). ``_T.KG.level`` is ``KG.level``."""

    def __init__(self, ns: object) -> None:
        self._ns = ns

    def __getattr__(self, name: str) -> URIRef:
        value: URIRef = getattr(self._ns, name)
        setattr(self, name, value)
        return value

    def __getitem__(self, name: str) -> URIRef:
        try:
            value: URIRef = self.__dict__[name]
            return value
        except KeyError:
            return self.__getattr__(name)


class _T:
    KG, RDF, RDFS, SKOS, PROV, XSD = (_Terms(ns) for ns in (KG, RDF, RDFS, SKOS, PROV, XSD))


@functools.cache
def relation_terms() -> dict[str, tuple[URIRef, URIRef]]:
    """Map each property-graph predicate to its direct property and qualified fact class.

    Read from the ontology (``kg:predicateName`` and ``kg:qualifies``), so a new relation
    is added in ``schema/kg.ttl`` alone.

    Returns:
        ``{"LOCATED_IN": (KG.locatedIn, KG.LocatedInFact), …}``.
    """
    onto = Graph().parse(resource_file("schema", "kg.ttl"), format="turtle")
    fact_class = {prop: cls for cls, prop in onto.subject_objects(KG.qualifies)}
    return {
        str(name): (prop, fact_class[prop])  # type: ignore[misc]
        for prop, name in onto.subject_objects(KG.predicateName)
    }


# ---------------------------------------------------------------------------
# PropertyGraph → quads


def to_quads(pg: PropertyGraph) -> Iterator[Quad]:
    """Yield the quads of ``pg``; the graph is ``None`` for the default graph.

    Raises:
        SchemaError: a node or an edge cites a document that ``pg.documents`` lacks,
            or an edge has an unknown type.
    """
    doc_iri = {d.name: ID[d.id] for d in pg.documents}
    names = {n.id: n.name for n in pg.nodes}
    for doc in pg.documents:
        yield from _document_quads(doc)
    for node in pg.nodes:
        yield from _node_quads(node, doc_iri)
    for edge in pg.edges:
        yield from _edge_quads(edge, _lookup_doc(doc_iri, edge.evidence.doc, edge.id), names)
    for s, p, o in aggregate_triples(pg, ID_IRI):
        yield s, p, o, None


def _lookup_doc(doc_iri: dict[str, URIRef], name: str, who: str) -> URIRef:
    try:
        return doc_iri[name]
    except KeyError:
        raise SchemaError(f"{who} cites document {name!r}, which is not among the graph's documents") from None


def _document_quads(doc: Document) -> Iterator[Quad]:
    d = ID[doc.id]
    yield d, _T.RDF.type, _T.KG.Document, None
    yield d, _T.KG.fileName, Literal(doc.name), None
    if doc.subject is not None:
        yield d, _T.KG.subject, Literal(doc.subject), None
    if doc.sha256:
        yield d, _T.KG.sha256, Literal(doc.sha256), None


def _node_quads(node: Node, doc_iri: dict[str, URIRef]) -> Iterator[Quad]:
    n = ID[node.id]
    yield n, _T.RDF.type, _T.KG[node.type], None
    yield n, _T.SKOS.prefLabel, Literal(node.name, lang="zh"), None
    yield n, _T.RDFS.label, Literal(node.name, lang="zh"), None
    for alias in node.aliases:
        yield n, _T.SKOS.altLabel, Literal(alias, lang="zh"), None
    for key in sorted({normalize_name(x) for x in (node.name, *node.aliases)} - {""}):
        yield n, _T.KG.key, Literal(key), None
    for doc in node.docs:
        yield n, _T.KG.mentionedIn, _lookup_doc(doc_iri, doc, node.id), None


def _edge_terms(edge: Edge) -> tuple[URIRef, URIRef]:
    terms = relation_terms().get(edge.type)
    if terms is None:
        raise SchemaError(f"{edge.id} has unknown relation type {edge.type!r}; known: {', '.join(sorted(relation_terms()))}")
    return terms


def _edge_quads(edge: Edge, doc: URIRef, names: dict[str, str]) -> Iterator[Quad]:
    prop, fact_class = _edge_terms(edge)
    s, o, f = ID[edge.source], ID[edge.target], ID[edge.id]
    yield s, prop, o, doc
    for p, v in [(_T.RDF.type, _T.KG.Fact), (_T.RDF.type, fact_class), (_T.KG.source, s), (_T.KG.target, o),
                 (_T.KG.sourceName, _literal(_name(names, edge.source, edge.id))),
                 (_T.KG.targetName, _literal(_name(names, edge.target, edge.id))),
                 (_T.KG.predicate, _literal(edge.type)), (_T.PROV.wasDerivedFrom, doc), *_attributes(edge)]:
        yield f, p, v, doc
    yield from _evidence_quads(f, edge.evidence, doc)


def _name(names: dict[str, str], node_id: str, who: str) -> str:
    try:
        return names[node_id]
    except KeyError:
        raise SchemaError(f"{who} cites node {node_id!r}, which is not among the graph's nodes") from None


def _attributes(edge: Edge) -> Iterator[tuple[URIRef, RDFNode]]:
    for prop, value in ((_T.KG.level, edge.level), (_T.KG.batch, edge.batch), (_T.KG.grade, edge.grade),
                        (_T.KG.amount, edge.amount), (_T.KG.rule, edge.rule or None)):
        if value is not None:
            yield prop, _literal(value)
    if edge.year is not None:
        yield _T.KG.year, _literal(int(edge.year))
    if edge.value_yuan is not None:
        yield _T.KG.valueYuan, Literal(_decimal(edge.value_yuan, edge.id), datatype=_T.XSD.decimal)


@functools.lru_cache(maxsize=1 << 16, typed=True)
def _literal(value: str | int) -> Literal:
    """``Literal(value)``, made once per value: names, predicates, levels and offsets
    recur across facts, and rdflib's Literal constructor is slow (Literals are immutable)."""
    return Literal(value)


def _decimal(value: float, who: str) -> Decimal:
    if not math.isfinite(value):
        raise SchemaError(f"{who} has a non-finite value_yuan {value!r}")
    return Decimal(repr(float(value)))


def evidence_iri(doc: str, ev: Evidence) -> str:
    """The IRI of the evidence span ``ev`` in the document whose IRI is ``doc``:
    ``…/id/doc/{hash}/evidence/{start}-{end}``.

    A sentence often states several facts (an enumeration of firms, a list of funds);
    they all cite the one evidence node of their span, so its sentence and offsets are
    stored once. (Within a document, the span fixes the sentence and the raw offsets.)
    """
    return f"{doc}/evidence/{int(ev.start)}-{int(ev.end)}"


def _evidence_quads(fact: URIRef, ev: Evidence, doc: URIRef) -> Iterator[Quad]:
    e = URIRef(evidence_iri(str(doc), ev))
    yield fact, _T.KG.evidence, e, doc
    yield e, _T.RDF.type, _T.KG.Evidence, doc
    yield e, _T.KG.sentence, Literal(ev.sentence), doc
    for prop, value in ((_T.KG.start, ev.start), (_T.KG.end, ev.end), (_T.KG.rawStart, ev.raw_start), (_T.KG.rawEnd, ev.raw_end)):
        yield e, prop, _literal(int(value)), doc
    yield e, _T.PROV.wasDerivedFrom, doc, doc


def to_dataset(pg: PropertyGraph) -> Dataset:
    """Return ``pg`` as an rdflib :class:`~rdflib.Dataset` (queries see the union).

    Args:
        pg: the property graph.

    Returns:
        A dataset with ``default_union=True``: entities and documents in the default
        graph, each document's facts in the graph named by the document's IRI.
    """
    ds = Dataset(default_union=True)
    for prefix, iri in PREFIXES:
        ds.bind(prefix, iri)
    for s, p, o, g in to_quads(pg):
        ds.add((s, p, o, g if g is not None else ds.default_graph.identifier))  # type: ignore[arg-type]
    return ds


# ---------------------------------------------------------------------------
# Deterministic TriG writer

_PN_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_TO_ESCAPE = re.compile(r'[\\"\n\r\t\b\f\x00-\x1f\x7f]')


def _iri(term: URIRef) -> str:
    return _iri_text(str(term))


def _iri_text(text: str) -> str:
    """``_iri`` of an IRI given as a string."""
    if text.startswith(ID_IRI):  # an entity, fact or document: under no prefix
        return f"<{text}>"
    found = _VOCAB_IRI.get(text)
    if found is None:
        found = _VOCAB_IRI[text] = _prefixed(text)
    return found


_VOCAB_IRI: dict[str, str] = {}  # the few vocabulary IRIs, formatted once


def _prefixed(text: str) -> str:
    for prefix, ns in PREFIXES:
        if text.startswith(ns) and _PN_LOCAL.match(text[len(ns):]):
            return f"{prefix}:{text[len(ns):]}"
    return f"<{text}>"


def _escape(text: str) -> str:
    if _TO_ESCAPE.search(text) is None:  # the usual case: nothing to escape
        return text
    return _TO_ESCAPE.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), text)


def term_text(term: RDFNode) -> str:
    """Format an IRI or a literal as Turtle/TriG, the same way every time."""
    if isinstance(term, URIRef):
        return _iri(term)
    if not isinstance(term, Literal):
        raise SchemaError(f"blank nodes are not used in kg graphs: {term!r}")
    lexical = f'"{_escape(str(term))}"'
    if term.language:
        return f"{lexical}@{term.language}"
    datatype = term.datatype  # a URIRef or None: compared as text (URIRef's == is slow)
    if datatype is None or str(datatype) == _XSD_STRING:
        return lexical
    if str(datatype) == _XSD_INTEGER:
        return str(int(term))
    if str(datatype) == _XSD_DECIMAL:
        return _decimal_text(Decimal(str(term)))
    return f"{lexical}^^{_iri(datatype)}"


def _decimal_text(value: Decimal) -> str:
    """An ``xsd:decimal`` in Turtle's short form: digits and always a point."""
    text = format(value, "f")
    return text if "." in text else text + ".0"


_RDF_TYPE = str(RDF.type)
_XSD_STRING, _XSD_INTEGER, _XSD_DECIMAL = str(XSD.string), str(XSD.integer), str(XSD.decimal)


def _order(p: URIRef) -> tuple[int, str]:
    text = str(p)
    return (0 if text == _RDF_TYPE else 1, text)


def _block(subjects: dict[URIRef, set[tuple[URIRef, str]]], indent: str) -> Iterator[str]:
    for s in sorted(subjects, key=str):
        objects: dict[URIRef, list[str]] = defaultdict(list)
        for p, o in subjects[s]:
            objects[p].append(o)
        lines = [f"{'a' if str(p) == _RDF_TYPE else _iri(p)} {', '.join(sorted(objects[p]))}" for p in sorted(objects, key=_order)]
        yield f"{indent}{_iri(s)} " + f" ;\n{indent}    ".join(lines) + " .\n"


Subjects = dict[URIRef, set[tuple[URIRef, str]]]


def _add(subjects: Subjects, quads: Iterable[Quad]) -> None:
    for s, p, o, _g in quads:
        subjects.setdefault(s, set()).add((p, term_text(o)))


def prefix_text() -> str:
    return "".join(f"@prefix {prefix}: <{iri}> .\n" for prefix, iri in PREFIXES)


def _graph_text(g: URIRef | None, subjects: Subjects) -> tuple[str, int]:
    """One graph of the TriG text (the default graph when ``g`` is None), and its quads."""
    count = sum(len(pos) for pos in subjects.values())
    if g is None:
        return "".join(["\n", *_block(subjects, "")]), count
    return "".join([f"\n{_iri(g)} {{\n", *_block(subjects, "    "), "}\n"]), count


def serialize_trig(quads: Iterable[Quad]) -> tuple[str, int]:
    """Serialize ``quads`` as sorted TriG (all of them in memory: see :func:`write_trig`
    for a property graph of any size).

    Returns:
        The TriG text and the number of distinct quads in it.
    """
    graphs: dict[URIRef | None, Subjects] = defaultdict(dict)
    for quad in quads:
        _add(graphs[quad[3]], (quad,))
    parts, count = [prefix_text()], 0
    for g in ([None] if None in graphs else []) + sorted((g for g in graphs if g is not None), key=str):
        text, n = _graph_text(g, graphs[g])
        parts.append(text)
        count += n
    return "".join(parts), count


def iter_trig(pg: PropertyGraph) -> Iterator[tuple[str, int]]:
    """Yield the TriG text of ``pg`` piece by piece, with the quads of each piece.

    The pieces joined are exactly ``serialize_trig(to_quads(pg))``, but only one
    subject of the default graph (a document, an entity, an aggregate) or one
    document's named graph is in memory at a time, never the whole text or the quads.
    The text is made straight from the model's values (:class:`_Texts`), without the
    rdflib terms :func:`to_quads` yields.

    Raises:
        SchemaError: the graph cites unknown documents, nodes or relation types (the
            same error :func:`to_quads` raises first).
    """
    doc_iri = {d.name: ID[d.id] for d in pg.documents}
    names = {n.id: n.name for n in pg.nodes}
    _check_edges(pg, doc_iri, names)
    doc_local = {d.name: d.id for d in pg.documents}
    by_graph: dict[str, list[Edge]] = defaultdict(list)
    for edge in pg.edges:
        by_graph[doc_local[edge.evidence.doc]].append(edge)
    texts = _Texts(names)
    yield prefix_text(), 0
    yield from _default_graph(pg, doc_local, texts)
    for g in sorted(by_graph):  # the graphs' IRIs all start with ID_IRI: sorted as theirs
        yield _named_graph(g, by_graph[g], names, texts)


class _Texts:
    """The TriG texts of one build's recurring terms, each formatted once.

    Entity and document IRIs and the names of the entities recur in every fact that
    cites them; they are kept here for one :func:`iter_trig` run (nothing is kept
    between builds). Facts' own IRIs and sentences are formatted where they are used.
    """

    def __init__(self, names: Mapping[str, str]) -> None:
        self._names = names
        self._iris: dict[str, str] = {}
        self._name_texts: dict[str, str] = {}

    def iri(self, local: str) -> str:
        """``<…/id/{local}>`` for an entity or a document id."""
        text = self._iris.get(local)
        if text is None:
            text = self._iris[local] = f"<{ID_IRI}{local}>"
        return text

    def name(self, node_id: str) -> str:
        """The plain literal of an entity's name (``kg:sourceName``, ``kg:targetName``)."""
        text = self._name_texts.get(node_id)
        if text is None:
            text = self._name_texts[node_id] = _string_text(self._names[node_id])
        return text


def _string_text(value: str) -> str:
    """``term_text(Literal(value))`` for a string."""
    return f'"{_escape(value)}"'


def _value_text(value: str | int) -> str:
    """``term_text(_literal(value))``: a string or an integer attribute."""
    if isinstance(value, str):
        return _string_text(value)
    return term_text(_literal(value))


def _sorted_predicates(*terms: URIRef) -> tuple[tuple[str, str], ...]:
    """Predicates as ``(IRI, text)`` in the order :func:`_block` writes them."""
    return tuple((str(p), _predicate_text(str(p))) for p in sorted(terms, key=_order))


def _predicate_text(iri: str) -> str:
    return "a" if iri == _RDF_TYPE else _iri_text(iri)


# The IRIs of the predicates written straight from the model's values, as strings.
_PROV_DERIVED = str(PROV.wasDerivedFrom)
_RDFS_LABEL, _SKOS_PREF, _SKOS_ALT = str(RDFS.label), str(SKOS.prefLabel), str(SKOS.altLabel)
_KG_SOURCE, _KG_TARGET, _KG_SOURCE_NAME, _KG_TARGET_NAME, _KG_PREDICATE, _KG_EVIDENCE = (
    str(KG[x]) for x in ("source", "target", "sourceName", "targetName", "predicate", "evidence"))
_KG_LEVEL, _KG_BATCH, _KG_GRADE, _KG_AMOUNT, _KG_RULE, _KG_YEAR, _KG_VALUE_YUAN = (
    str(KG[x]) for x in ("level", "batch", "grade", "amount", "rule", "year", "valueYuan"))
_KG_FILE_NAME, _KG_SUBJECT, _KG_SHA256, _KG_KEY, _KG_MENTIONED_IN = (
    str(KG[x]) for x in ("fileName", "subject", "sha256", "key", "mentionedIn"))
# The predicates of a fact, in the order they are written.
_FACT_PREDICATES = _sorted_predicates(
    _T.RDF.type, _T.PROV.wasDerivedFrom, _T.KG.source, _T.KG.target, _T.KG.sourceName, _T.KG.targetName,
    _T.KG.predicate, _T.KG.evidence, _T.KG.level, _T.KG.batch, _T.KG.grade, _T.KG.amount, _T.KG.rule,
    _T.KG.year, _T.KG.valueYuan)
_GRAPH_INDENT = "    "
_GRAPH_SEP = f" ;\n{_GRAPH_INDENT}    "


@functools.cache
def _fact_types(edge_type: str) -> str:
    """``a kg:Fact, kg:…Fact``: the objects sorted as :func:`_block` sorts them."""
    return "a " + ", ".join(sorted({_iri(_T.KG.Fact), _iri(relation_terms()[edge_type][1])}))


def _named_graph(g: str, edges: list[Edge], names: dict[str, str], texts: _Texts) -> tuple[str, int]:
    """The named graph of the document ``g`` (its id) and its quads: ``_graph_text``
    of the quads of ``_edge_quads``, each fact's and evidence's block written in one go.

    A fact's subject belongs to it alone and an evidence node to the facts of its span,
    so their predicates come in a fixed order and need no merging; the direct triples
    ``s p o`` are merged per subject. Should two facts share an IRI, a fact's IRI be an
    entity's, or two facts cite one span with different values, the general writer
    merges them."""
    graph = texts.iri(g)
    facts = {e.id for e in edges}
    cited = [evidence_iri(g, edge.evidence) for edge in edges]  # each fact's evidence node
    evidences: dict[str, Evidence] = {}
    clash = False
    for local, edge in zip(cited, edges):
        if evidences.setdefault(local, edge.evidence) != edge.evidence:
            clash = True
    direct: dict[str, dict[str, set[str]]] = {}
    for edge in edges:
        prop = str(relation_terms()[edge.type][0])
        direct.setdefault(edge.source, {}).setdefault(prop, set()).add(texts.iri(edge.target))
    if clash or len(facts) < len(edges) or not facts.isdisjoint(evidences) \
            or not direct.keys().isdisjoint(facts | evidences.keys()):
        subjects: Subjects = {}
        for edge in edges:
            _add(subjects, _edge_quads(edge, ID[g], names))
        return _graph_text(ID[g], subjects)
    blocks: list[tuple[str, str]] = []
    count = 0
    for s, po in direct.items():
        blocks.append((s, _block_text(texts.iri(s), po, _GRAPH_INDENT)))
        count += sum(len(objects) for objects in po.values())
    for local, edge in zip(cited, edges):
        fact, n = _fact_text(edge, graph, texts, f"<{ID_IRI}{local}>")
        blocks.append((edge.id, fact))
        count += n
    for local, ev in evidences.items():
        blocks.append((local, _evidence_text(local, ev, graph)))
        count += 7
    blocks.sort(key=_first)  # by local id: all the subjects' IRIs start with ID_IRI
    return "".join([f"\n{graph} {{\n", *(text for _, text in blocks), "}\n"]), count


def _first(pair: tuple[str, str]) -> str:
    return pair[0]


def _fact_text(edge: Edge, graph: str, texts: _Texts, evidence: str) -> tuple[str, int]:
    """A fact's block in a named graph (what ``_block`` makes of its quads; ``evidence``
    is its evidence node's IRI as TriG) and its number of quads."""
    values: dict[str, str] = {
        _PROV_DERIVED: graph,
        _KG_SOURCE: texts.iri(edge.source), _KG_TARGET: texts.iri(edge.target),
        _KG_SOURCE_NAME: texts.name(edge.source), _KG_TARGET_NAME: texts.name(edge.target),
        _KG_PREDICATE: _string_text(edge.type), _KG_EVIDENCE: evidence,
    }
    for prop, value in ((_KG_LEVEL, edge.level), (_KG_BATCH, edge.batch), (_KG_GRADE, edge.grade),
                        (_KG_AMOUNT, edge.amount), (_KG_RULE, edge.rule or None)):
        if value is not None:
            values[prop] = _value_text(value)
    if edge.year is not None:
        values[_KG_YEAR] = str(int(edge.year))
    if edge.value_yuan is not None:
        values[_KG_VALUE_YUAN] = _decimal_text(_decimal(edge.value_yuan, edge.id))
    lines = [_fact_types(edge.type)]
    lines += [f"{text} {values[iri]}" for iri, text in _FACT_PREDICATES if iri in values]
    return f"{_GRAPH_INDENT}<{ID_IRI}{edge.id}> " + _GRAPH_SEP.join(lines) + " .\n", len(values) + 2


def _evidence_text(local: str, ev: Evidence, graph: str) -> str:
    """The block of the evidence node ``local`` (its id) in a named graph (7 quads)."""
    return _EVIDENCE_TEMPLATE.format(
        id=local, graph=graph, sentence=_string_text(ev.sentence), start=int(ev.start), end=int(ev.end),
        raw_start=int(ev.raw_start), raw_end=int(ev.raw_end))


def _evidence_template() -> str:
    """The block of an evidence node with ``str.format`` fields for its values (all
    present, each once), the predicates in the order :func:`_block` writes them."""
    fields = {_RDF_TYPE: _iri(_T.KG.Evidence), str(PROV.wasDerivedFrom): "{graph}", str(KG.sentence): "{sentence}",
              str(KG.start): "{start}", str(KG.end): "{end}", str(KG.rawStart): "{raw_start}",
              str(KG.rawEnd): "{raw_end}"}
    lines = [f"{_predicate_text(iri)} {fields[iri]}" for iri in sorted(fields, key=_order_text)]
    return f"{_GRAPH_INDENT}<{ID_IRI}{{id}}> " + _GRAPH_SEP.join(lines) + " .\n"


def _block_text(subject: str, po: Mapping[str, set[str]], indent: str) -> str:
    """One subject's block: ``_block`` for predicates given as IRI strings and objects
    already formatted."""
    lines = [f"{_predicate_text(p)} {', '.join(sorted(po[p]))}" for p in sorted(po, key=_order_text)]
    return f"{indent}{subject} " + f" ;\n{indent}    ".join(lines) + " .\n"


def _order_text(iri: str) -> tuple[int, str]:
    return (0 if iri == _RDF_TYPE else 1, iri)


_EVIDENCE_TEMPLATE = _evidence_template()


def _default_graph(pg: PropertyGraph, doc_local: Mapping[str, str], texts: _Texts) -> Iterator[tuple[str, int]]:
    """The default graph's text, one subject at a time in sorted order: a subject's
    quads (a document's, an entity's with its ``kg:mentionedIn`` list, an aggregate's)
    are made when its turn comes, so they are never all in memory."""
    extra: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for s, p, o in aggregate_triples(pg, ID_IRI):
        extra[str(s)].append((str(p), term_text(o)))
    docs = {ID_IRI + d.id: d for d in pg.documents}
    nodes = {ID_IRI + n.id: n for n in pg.nodes}
    subjects = sorted(docs.keys() | nodes.keys() | extra.keys())
    if not subjects:
        return
    yield "\n", 0
    for subject in subjects:
        po: dict[str, set[str]] = {}
        if subject in docs:
            _add_texts(po, _document_texts(docs[subject]))
        if subject in nodes:
            _add_texts(po, _node_texts(nodes[subject], doc_local, texts))
        _add_texts(po, extra.pop(subject, ()))
        if po:
            yield _block_text(_iri_text(subject), po, ""), sum(len(objects) for objects in po.values())


def _add_texts(po: dict[str, set[str]], pairs: Iterable[tuple[str, str]]) -> None:
    for p, o in pairs:
        po.setdefault(p, set()).add(o)


def _document_texts(doc: Document) -> Iterator[tuple[str, str]]:
    """``_document_quads`` as (predicate IRI, object text) pairs."""
    yield _RDF_TYPE, _iri(_T.KG.Document)
    yield _KG_FILE_NAME, _string_text(doc.name)
    if doc.subject is not None:
        yield _KG_SUBJECT, _string_text(doc.subject)
    if doc.sha256:
        yield _KG_SHA256, _string_text(doc.sha256)


def _node_texts(node: Node, doc_local: Mapping[str, str], texts: _Texts) -> Iterator[tuple[str, str]]:
    """``_node_quads`` as (predicate IRI, object text) pairs."""
    yield _RDF_TYPE, _iri(_T.KG[node.type])
    label = _string_text(node.name) + "@zh"
    yield _SKOS_PREF, label
    yield _RDFS_LABEL, label
    for alias in node.aliases:
        yield _SKOS_ALT, _string_text(alias) + "@zh"
    for key in sorted({normalize_name(x) for x in (node.name, *node.aliases)} - {""}):
        yield _KG_KEY, _string_text(key)
    for doc in node.docs:
        yield _KG_MENTIONED_IN, texts.iri(doc_local[doc])


def _check_edges(pg: PropertyGraph, doc_iri: dict[str, URIRef], names: dict[str, str]) -> None:
    """Raise what :func:`to_quads` would raise first about the nodes and edges."""
    for node in pg.nodes:
        for doc in node.docs:
            _lookup_doc(doc_iri, doc, node.id)
    for edge in pg.edges:
        _lookup_doc(doc_iri, edge.evidence.doc, edge.id)
        _edge_terms(edge)
        _name(names, edge.source, edge.id)
        _name(names, edge.target, edge.id)
        if edge.value_yuan is not None:
            _decimal(edge.value_yuan, edge.id)


def write_trig(pg: PropertyGraph, path: Path, also: Callable[[str], object] | None = None) -> int:
    """Write ``pg`` as TriG to ``path`` (atomically, byte-identical for the same graph).

    The text is streamed one named graph (document) at a time (:func:`iter_trig`).

    Args:
        pg: the property graph.
        path: the output file, usually ``<out>/graph.trig``.
        also: called with each piece of the text as it is written (e.g.
            :meth:`kg.stores.StoreLoader.feed`).

    Returns:
        The number of triples (quads) written.

    Raises:
        SchemaError: the graph cites unknown documents or relation types.
    """
    count = 0
    with atomic_open(path, "w") as fh:
        for text, n in iter_trig(pg):
            fh.write(text)
            if also is not None:
                also(text)
            count += n
    return count


# ---------------------------------------------------------------------------
# graph.trig → PropertyGraph


def trig_path(graph_dir: Path) -> Path:
    """Return the TriG file of a build folder (or ``graph_dir`` itself if it is a file).

    Raises:
        KGError: there is no graph there: no such file, a folder or a named pipe in its
            place, or an empty file (``kg build`` writes at least the prefixes; an empty
            file is a damaged copy, and reading it would answer every query with nothing).
    """
    from kg.read import shown

    path = graph_dir if graph_dir.is_file() else graph_dir / GRAPH_FILE
    try:
        st = path.stat()
    except OSError:
        raise KGError(f"no graph found: {shown(path)} does not exist (run `kg build` first)") from None
    if stat.S_ISDIR(st.st_mode):
        raise KGError(f"{shown(path)}: is a directory, not a TriG file (run `kg build` again)")
    if not stat.S_ISREG(st.st_mode):
        raise KGError(f"{shown(path)}: not a regular file (run `kg build` again)")
    if st.st_size == 0:
        raise KGError(f"{shown(path)}: empty file, not a graph kg wrote (run `kg build` again)")
    return path


def load_graph(graph_dir: Path) -> PropertyGraph:
    """Read ``graph.trig`` back into a :class:`~kg.model.PropertyGraph`.

    Args:
        graph_dir: a build folder holding ``graph.trig``, or the TriG file itself.

    Returns:
        The graph, with nodes, edges and documents sorted by id.

    Raises:
        KGError: the file is missing.
        SchemaError: the file is not valid TriG or lacks required triples.
    """
    path = trig_path(graph_dir)
    try:
        props = _collect(ox.parse(path=str(path), format=ox.RdfFormat.TRIG))
    except (SyntaxError, ValueError) as exc:
        raise SchemaError(f"{path} is not valid TriG: {exc}") from None
    try:
        return _assemble(props)
    except _ModelError as exc:
        raise SchemaError(f"{path} does not follow the kg model: {exc}") from None


class _ModelError(ValueError):
    """What a subject of graph.trig lacks or has wrong (read back into the model)."""


def _subject(iri: str) -> str:
    return iri if len(iri) <= 120 else iri[:119] + "…"


Props = dict[str, dict[str, list[ox.NamedNode | ox.Literal]]]


def _collect(quads: Iterable[ox.Quad]) -> Props:
    props: Props = defaultdict(lambda: defaultdict(list))
    for q in quads:
        props[q.subject.value][q.predicate.value].append(q.object)  # type: ignore[union-attr,arg-type]
    return props


def _one(po: dict[str, list[ox.NamedNode | ox.Literal]], prop: URIRef) -> str:
    values = po.get(str(prop))
    if not values:
        raise _ModelError(f"no {_prefixed_name(str(prop))}")
    return values[0].value


def _prefixed_name(iri: str) -> str:
    for prefix, ns in PREFIXES:
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def _int(text: str, prop: URIRef) -> int:
    try:
        return int(text)
    except ValueError:
        raise _ModelError(f"{_prefixed_name(str(prop))} {text[:40]!r} is not an integer") from None


def _opt(po: dict[str, list[ox.NamedNode | ox.Literal]], prop: URIRef) -> str | None:
    values = po.get(str(prop))
    return values[0].value if values else None


def _local(iri: str) -> str:
    if not iri.startswith(ID_IRI):
        raise _ModelError(f"{_subject(iri)} is not under {ID_IRI}")
    return iri[len(ID_IRI):]


def _types(po: dict[str, list[ox.NamedNode | ox.Literal]]) -> set[str]:
    return {t.value for t in po.get(str(RDF.type), [])}


def _assemble(props: Props) -> PropertyGraph:
    docs = {s: _about(s, _document, s, po) for s, po in props.items() if str(KG.Document) in _types(po)}
    names = {iri: d.name for iri, d in docs.items()}
    nodes = [_about(s, _node, s, po, names) for s, po in props.items() if _types(po) & ENTITY_CLASSES]
    edges = [_about(s, _edge, s, po, props, names) for s, po in props.items() if str(KG.Fact) in _types(po)]
    return PropertyGraph(
        nodes=tuple(sorted(nodes, key=lambda n: n.id)),
        edges=tuple(sorted(edges, key=lambda e: e.id)),
        documents=tuple(sorted(docs.values(), key=lambda d: d.id)),
    )


def _about(subject: str, make: Callable[..., _Made], *args: object) -> _Made:
    """``make(*args)``, its failures named by the subject being read."""
    try:
        return make(*args)
    except _ModelError as exc:
        raise _ModelError(f"{_subject(subject)}: {exc}") from None


_Made = TypeVar("_Made")


def _document(iri: str, po: dict[str, list[ox.NamedNode | ox.Literal]]) -> Document:
    return Document(id=_local(iri), name=_one(po, KG.fileName), subject=_opt(po, KG.subject),
                    sha256=_opt(po, KG.sha256) or "")


def _node(iri: str, po: dict[str, list[ox.NamedNode | ox.Literal]], names: dict[str, str]) -> Node:
    etypes = _types(po) & ENTITY_CLASSES
    if len(etypes) != 1:
        raise _ModelError(f"{len(etypes)} entity classes ({', '.join(sorted(map(_prefixed_name, etypes)))}), "
                          "not one")
    (etype,) = etypes
    return Node(
        id=_local(iri),
        type=etype[len(KG_IRI):],
        name=_one(po, SKOS.prefLabel),
        aliases=tuple(sorted(a.value for a in po.get(str(SKOS.altLabel), []))),
        docs=tuple(sorted(_doc_name(names, d.value) for d in po.get(str(KG.mentionedIn), []))),
    )


def _edge(iri: str, po: dict[str, list[ox.NamedNode | ox.Literal]], props: Props, names: dict[str, str]) -> Edge:
    evidence = _one(po, KG.evidence)
    ev = props.get(evidence)
    if ev is None:
        raise _ModelError(f"its evidence {_subject(evidence)} has no statements")
    year, value = _opt(po, KG.year), _opt(po, KG.valueYuan)
    return Edge(
        id=_local(iri),
        source=_local(_one(po, KG.source)),
        target=_local(_one(po, KG.target)),
        type=_one(po, KG.predicate),
        evidence=Evidence(
            doc=_doc_name(names, _one(ev, PROV.wasDerivedFrom)),
            sentence=_one(ev, KG.sentence),
            start=_int(_one(ev, KG.start), KG.start),
            end=_int(_one(ev, KG.end), KG.end),
            raw_start=_int(_one(ev, KG.rawStart), KG.rawStart),
            raw_end=_int(_one(ev, KG.rawEnd), KG.rawEnd),
        ),
        level=_opt(po, KG.level),
        year=_int(year, KG.year) if year is not None else None,
        batch=_opt(po, KG.batch),
        grade=_opt(po, KG.grade),
        amount=_opt(po, KG.amount),
        value_yuan=_float(value, KG.valueYuan) if value is not None else None,
        rule=_opt(po, KG.rule) or "",
    )


def _doc_name(names: dict[str, str], iri: str) -> str:
    try:
        return names[iri]
    except KeyError:
        raise _ModelError(f"cites {_subject(iri)}, which is not a kg:Document of the graph") from None


def _float(text: str, prop: URIRef) -> float:
    try:
        return float(text)
    except ValueError:
        raise _ModelError(f"{_prefixed_name(str(prop))} {text[:40]!r} is not a number") from None
