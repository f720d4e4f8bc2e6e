"""The ontology (schema/kg.ttl) and the vocabulary generated from it (kg/vocab.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

import kg.vocab
from kg.rdf import relation_terms
from kg.resources import resource_dir, resource_file
from kg.vocab import KG, KG_IRI, regenerate, render_vocab

ONTOLOGY = resource_file("schema", "kg.ttl")


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def test_generated_vocab_is_up_to_date(tmp_path: Path) -> None:
    module = Path(kg.vocab.__file__)
    copy = tmp_path / "vocab.py"
    copy.write_text(module.read_text(encoding="utf-8"), encoding="utf-8")
    assert regenerate(ONTOLOGY, copy, check=True), "kg/vocab.py is stale: run `python -m kg.vocab`"
    assert render_vocab(ONTOLOGY) in module.read_text(encoding="utf-8")


def test_regenerate_rewrites_a_stale_block(tmp_path: Path) -> None:
    copy = tmp_path / "vocab.py"
    original = Path(kg.vocab.__file__).read_text(encoding="utf-8")
    copy.write_text(original.replace("    Zone: URIRef  # Zone\n", ""), encoding="utf-8")
    assert not regenerate(ONTOLOGY, copy)
    assert copy.read_text(encoding="utf-8") == original


def test_namespace_is_closed() -> None:
    assert KG.Enterprise == URIRef(KG_IRI + "Enterprise")
    with pytest.raises(AttributeError):
        KG.Enterprize  # noqa: B018  (the typo must raise)


def test_every_term_has_chinese_and_english_labels(onto: Graph) -> None:
    terms = {s for s in onto.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(KG_IRI)}
    assert len(terms) > 40
    for term in terms:
        languages = {o.language for o in onto.objects(term, RDFS.label) if isinstance(o, Literal)}
        assert {"zh", "en"} <= languages, term


def test_six_entity_classes_and_five_relations(onto: Graph) -> None:
    entity_classes = set(onto.subjects(RDFS.subClassOf, KG.Entity))
    assert entity_classes == {KG.Zone, KG.Enterprise, KG.Organization, KG.Project, KG.Honour, KG.FundingSource}
    assert set(relation_terms()) == {"LOCATED_IN", "UNDERTAKES", "RECEIVED_HONOUR", "FUNDED_BY", "PARTNERS_WITH"}
    assert relation_terms()["RECEIVED_HONOUR"] == (KG.receivedHonour, KG.ReceivedHonourFact)
    assert (KG.partnersWith, RDF.type, OWL.SymmetricProperty) in onto


def test_alignments(onto: Graph) -> None:
    assert (KG.Zone, RDFS.subClassOf, URIRef("https://schema.org/Place")) in onto
    assert (KG.Enterprise, RDFS.subClassOf, URIRef("https://schema.org/Organization")) in onto
    assert (KG.Organization, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Organization")) in onto
    assert (KG.Fact, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Entity")) in onto
    assert SKOS.prefLabel  # used directly for names (see kg.rdf)


def test_ontology_says_why_not_rdf_star(onto: Graph) -> None:
    comment = " ".join(str(c) for c in onto.objects(URIRef(KG_IRI), RDFS.comment))
    assert "RDF-star" in comment and "SHACL" in comment and "Oxigraph" in comment


def test_resources_found_and_missing() -> None:
    assert (resource_dir("queries") / "sparql").is_dir()
    with pytest.raises(kg.errors.KGError, match="data folder 'nowhere' not found"):
        resource_dir("nowhere")
    with pytest.raises(kg.errors.KGError, match="data file not found"):
        resource_file("schema", "missing.ttl")
