"""Aggregates materialised in the default graph when ``graph.trig`` is written.

The canned queries of ``queries/sparql/`` rank, count and sum over the whole graph. On
the persistent Oxigraph store every triple looked up costs a RocksDB read, and every
long string compared by an ``ORDER BY`` is read back at each comparison, so at a million
triples those queries took 0.1 to 2 s. The figures they need are therefore computed
here, once, from the :class:`~kg.model.PropertyGraph`, and written as plain triples
(declared in ``schema/kg.ttl``, checked by ``schema/shapes.ttl``):

* every entity: ``kg:degree`` (facts at either end) and ``kg:degreeRank`` (its place by
  degree, then name, then type: most_connected's order);
* every document: ``kg:factCount`` and ``kg:factRank`` (facts_per_document's order);
* one ``kg:FundingSummary`` node per funding source name (funding_ranking groups by
  name): the total, known, masked and recipient counts of the FUNDED_BY facts ending
  at a source of that name, and its ``kg:fundingRank``;
* one ``kg:CoHonour`` node per pair of enterprise names holding an honour in common,
  with ``kg:sharedHonours`` and ``kg:coHonourRank`` (co_honoured's order).

Each figure follows the definition of the query that reads it exactly (names compared
by code point, as SPARQL engines and Python compare strings), so the answers do not
change: ``tests/rdf/test_aggregates.py`` checks them against the on-the-fly queries of
``tests/rdf/reference/``. They are derived data: :func:`kg.rdf.load_graph` ignores them.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterator
from decimal import Decimal, localcontext

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node as RDFNode

from kg.errors import SchemaError
from kg.model import Node, PropertyGraph
from kg.vocab import KG

Triple = tuple[URIRef, URIRef, RDFNode]


def aggregate_triples(pg: PropertyGraph, base: str) -> Iterator[Triple]:
    """Yield the materialised aggregates of ``pg`` (all for the default graph).

    Args:
        pg: the property graph.
        base: the IRI prefix of node and document ids; pair nodes get ``{base}pair/…``.

    Returns:
        An iterator of triples.

    Raises:
        SchemaError: an edge ends at a node that ``pg.nodes`` lacks.
    """
    node = {n.id: n for n in pg.nodes}
    missing = sorted({end for e in pg.edges for end in (e.source, e.target)} - node.keys())
    if missing:
        raise SchemaError(f"a fact cites node {missing[0]!r}, which is not among the graph's nodes")
    yield from _entity_figures(pg, base)
    yield from _document_figures(pg, base)
    yield from _funding_figures(pg, base, node)
    yield from _co_honours(pg, base, node)


def degrees(pg: PropertyGraph) -> Counter[str]:
    """Count the facts each node takes part in, at either end."""
    return Counter(end for e in pg.edges for end in (e.source, e.target))


def _entity_figures(pg: PropertyGraph, base: str) -> Iterator[Triple]:
    degree = degrees(pg)
    ranked = sorted(pg.nodes, key=lambda n: (-degree[n.id], n.name, n.type, n.id))
    for rank, node in enumerate(ranked, 1):
        yield URIRef(base + node.id), KG.degree, Literal(degree[node.id])
        yield URIRef(base + node.id), KG.degreeRank, Literal(rank)


def _document_figures(pg: PropertyGraph, base: str) -> Iterator[Triple]:
    facts = Counter(e.evidence.doc for e in pg.edges)
    ranked = sorted(pg.documents, key=lambda d: (-facts[d.name], d.name))
    for rank, doc in enumerate(ranked, 1):
        yield URIRef(base + doc.id), KG.factCount, Literal(facts[doc.name])
        yield URIRef(base + doc.id), KG.factRank, Literal(rank)


def _funding_figures(pg: PropertyGraph, base: str, node: dict[str, Node]) -> Iterator[Triple]:
    """One kg:FundingSummary per funding source name (funding_ranking groups by name)."""
    funded = [e for e in pg.edges if e.type == "FUNDED_BY"]
    known: dict[str, list[Decimal]] = defaultdict(list)
    masked: Counter[str] = Counter()
    recipients: dict[str, set[str]] = defaultdict(set)
    sources: dict[str, set[str]] = defaultdict(set)
    for e in funded:
        name = node[e.target].name
        sources[name].add(e.target)
        recipients[name].add(e.source)
        if e.value_yuan is None:
            masked[name] += 1
        else:
            known[name].append(Decimal(repr(float(e.value_yuan))))
    total = {name: _exact_sum(known[name]) for name in sources}
    for rank, name in enumerate(sorted(total, key=lambda n: (-total[n], n)), 1):
        summary = URIRef(f"{base}funding/" + hashlib.sha1(name.encode()).hexdigest()[:16])
        yield summary, RDF.type, KG.FundingSummary
        yield summary, KG.fundingName, Literal(name)
        yield summary, KG.fundingRank, Literal(rank)
        yield summary, KG.fundingTotalYuan, Literal(total[name], datatype=XSD.decimal)
        yield summary, KG.fundingKnown, Literal(len(known[name]))
        yield summary, KG.fundingMasked, Literal(masked[name])
        yield summary, KG.fundingRecipients, Literal(len(recipients[name]))
        yield from ((summary, KG.summarises, URIRef(base + s)) for s in sorted(sources[name]))


def _exact_sum(values: list[Decimal]) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 80  # wide enough that no sum of float values is rounded
        return sum(values, Decimal(0))


def _co_honours(pg: PropertyGraph, base: str, node: dict[str, Node]) -> Iterator[Triple]:
    """One node per pair of enterprise names (a < b) holding at least one honour in common."""
    holders: dict[str, set[str]] = defaultdict(set)
    for e in pg.edges:
        if e.type == "RECEIVED_HONOUR" and node[e.source].type == "Enterprise":
            holders[e.target].add(node[e.source].name)
    shared: Counter[tuple[str, str]] = Counter()
    for names in holders.values():
        ordered = sorted(names)
        shared.update((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:])
    named: dict[str, list[str]] = defaultdict(list)
    for n in pg.nodes:
        if n.type == "Enterprise":
            named[n.name].append(n.id)
    for rank, (a, b) in enumerate(sorted(shared, key=lambda p: (-shared[p], p)), 1):
        pair = URIRef(f"{base}pair/" + hashlib.sha1(f"{a}\x1f{b}".encode()).hexdigest()[:16])
        yield pair, RDF.type, KG.CoHonour
        yield pair, KG.sharedHonours, Literal(shared[(a, b)])
        yield pair, KG.coHonourRank, Literal(rank)
        yield from ((pair, KG.enterpriseA, URIRef(base + x)) for x in named[a])
        yield from ((pair, KG.enterpriseB, URIRef(base + x)) for x in named[b])
