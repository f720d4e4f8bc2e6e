"""The kg vocabulary as a closed rdflib namespace, generated from ``schema/kg.ttl``.

The class :class:`KG` below is generated (``python -m kg.vocab`` rewrites the block
between the markers; ``tests/rdf/test_vocab.py`` fails when it is stale), so a typo such
as ``KG.Enterprize`` raises at once instead of minting a new IRI (STYLE.md §7, after
``rdflib/namespace/_FOAF.py`` and ``rdflib/tools/defined_namespace_creator.py``).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, DefinedNamespace, Namespace

BEGIN_MARKER = "# --- BEGIN GENERATED (python -m kg.vocab) ---"
END_MARKER = "# --- END GENERATED ---"
KG_IRI = "https://w3id.org/kg-devzone/ontology#"

# --- BEGIN GENERATED (python -m kg.vocab) ---
class KG(DefinedNamespace):
    """kg ontology (generated from schema/kg.ttl; do not edit)."""

    _fail = True
    _NS = Namespace("https://w3id.org/kg-devzone/ontology#")

    CoHonour: URIRef  # Co-honoured pair
    Document: URIRef  # Document
    Enterprise: URIRef  # Enterprise
    Entity: URIRef  # Entity
    Evidence: URIRef  # Evidence
    Fact: URIRef  # Fact
    FundedByFact: URIRef  # Funded-by fact
    FundingSource: URIRef  # Funding source
    FundingSummary: URIRef  # Funding summary
    Honour: URIRef  # Honour
    LocatedInFact: URIRef  # Located-in fact
    Organization: URIRef  # Organization
    PartnersWithFact: URIRef  # Partners-with fact
    Project: URIRef  # Project
    ReceivedHonourFact: URIRef  # Received-honour fact
    UndertakesFact: URIRef  # Undertakes fact
    Zone: URIRef  # Zone
    amount: URIRef  # amount as written
    batch: URIRef  # batch
    coHonourRank: URIRef  # co-honour rank
    degree: URIRef  # degree
    degreeRank: URIRef  # degree rank
    end: URIRef  # end offset
    enterpriseA: URIRef  # enterprise A
    enterpriseB: URIRef  # enterprise B
    evidence: URIRef  # evidence
    factCount: URIRef  # fact count
    factRank: URIRef  # fact-count rank
    fileName: URIRef  # file name
    fundedBy: URIRef  # funded by
    fundingKnown: URIRef  # known amounts
    fundingMasked: URIRef  # masked amounts
    fundingName: URIRef  # funding source name
    fundingRank: URIRef  # funding rank
    fundingRecipients: URIRef  # recipients
    fundingTotalYuan: URIRef  # funding total in yuan
    grade: URIRef  # grade
    key: URIRef  # look-up key
    level: URIRef  # level
    locatedIn: URIRef  # located in
    mentionedIn: URIRef  # mentioned in
    partnersWith: URIRef  # partners with
    predicate: URIRef  # predicate
    predicateName: URIRef  # predicate name
    qualifies: URIRef  # qualifies
    rawEnd: URIRef  # raw end offset
    rawStart: URIRef  # raw start offset
    receivedHonour: URIRef  # received honour
    rule: URIRef  # extraction rule
    sentence: URIRef  # sentence
    sha256: URIRef  # SHA-256 digest
    sharedHonours: URIRef  # shared honours
    source: URIRef  # source
    sourceName: URIRef  # source name
    start: URIRef  # start offset
    subject: URIRef  # report subject
    summarises: URIRef  # summarises
    target: URIRef  # target
    targetName: URIRef  # target name
    undertakes: URIRef  # undertakes
    valueYuan: URIRef  # value in yuan
    year: URIRef  # year
# --- END GENERATED ---


def render_vocab(ontology: Path) -> str:
    """Render the generated block (markers included) for the terms of ``ontology``.

    Args:
        ontology: a Turtle file declaring terms in the kg namespace (``schema/kg.ttl``).

    Returns:
        Python source of ``class KG(DefinedNamespace)``, one attribute per term, sorted.
    """
    graph = Graph().parse(ontology, format="turtle")
    terms = sorted({str(s)[len(KG_IRI):] for s in graph.subjects() if str(s).startswith(KG_IRI) and str(s) != KG_IRI})
    lines = [
        BEGIN_MARKER,
        "class KG(DefinedNamespace):",
        f'    """kg ontology (generated from {ontology.parent.name}/{ontology.name}; do not edit)."""',
        "",
        "    _fail = True",
        f'    _NS = Namespace("{KG_IRI}")',
        "",
    ]
    lines += [f"    {term}: URIRef  # {_english_label(graph, URIRef(KG_IRI + term))}" for term in terms]
    return "\n".join([*lines, END_MARKER])


def _english_label(graph: Graph, term: URIRef) -> str:
    labels = [o for o in graph.objects(term, RDFS.label) if isinstance(o, Literal) and o.language == "en"]
    return str(min(labels)) if labels else ""


def regenerate(ontology: Path, module: Path, check: bool = False) -> bool:
    """Rewrite the generated block of ``module`` from ``ontology``.

    Args:
        ontology: ``schema/kg.ttl``.
        module: this file, ``kg/vocab.py``.
        check: only compare, do not write.

    Returns:
        True when the module was already up to date.
    """
    text = module.read_text(encoding="utf-8")
    # Markers count only at the start of a line (the constants above also hold them).
    head, _, rest = text.partition("\n" + BEGIN_MARKER)
    _, _, tail = rest.partition("\n" + END_MARKER)
    fresh = head + "\n" + render_vocab(ontology) + tail
    if fresh == text:
        return True
    if not check:
        from kg.io import atomic_write_text

        atomic_write_text(module, fresh)
    return False


if __name__ == "__main__":  # pragma: no cover - developer tool
    from kg.resources import resource_file

    regenerate(resource_file("schema", "kg.ttl"), Path(__file__))
