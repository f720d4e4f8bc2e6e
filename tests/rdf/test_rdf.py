"""kg.rdf: PropertyGraph → TriG → PropertyGraph, deterministic bytes, the RDF model."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDF, SKOS

from kg.errors import KGError, SchemaError
from kg.model import PropertyGraph
from kg.rdf import (
    ID,
    evidence_iri,
    iter_trig,
    load_graph,
    serialize_trig,
    term_text,
    to_dataset,
    to_quads,
    write_trig,
)
from kg.vocab import KG
from tests.rdf.graphs import BOND, DOC_A, LINCHUAN, PROJECT, ZONE, did, make_graph

REPO = Path(__file__).resolve().parents[2]
# (not rdflib's XSD namespace as a module name: pytest 9.2 probes every module name for
# mock attributes, and the namespace warns at each unknown one)
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")


def _parse(path: Path) -> Dataset:
    ds = Dataset(default_union=True)
    ds.parse(path, format="trig")
    return ds


def _graphs(ds: Dataset) -> dict[str, set[tuple[object, object, object]]]:
    """Triples per graph name (the default graph under "")."""
    out: dict[str, set[tuple[object, object, object]]] = {}
    for s, p, o, g in ds.quads():
        name = "" if g is None or str(g).startswith("urn:x-rdflib:") else str(g)
        out.setdefault(name, set()).add((s, p, o))
    return out


def _graph(triples: set[tuple[object, object, object]]) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)  # type: ignore[arg-type]
    return graph


def test_trig_parses_and_is_isomorphic_to_the_dataset(pg: PropertyGraph, tmp_path: Path) -> None:
    count = write_trig(pg, tmp_path / "graph.trig")
    parsed, built = _graphs(_parse(tmp_path / "graph.trig")), _graphs(to_dataset(pg))
    assert parsed.keys() == built.keys()
    assert len(parsed) == 1 + len(pg.documents)  # default graph + one per document
    for name in parsed:
        assert isomorphic(_graph(parsed[name]), _graph(built[name])), name
    assert count == sum(len(t) for t in parsed.values())
    assert count == len(list(ox.parse(path=str(tmp_path / "graph.trig"), format=ox.RdfFormat.TRIG)))


def test_round_trip_gives_the_same_property_graph(pg: PropertyGraph, tmp_path: Path) -> None:
    write_trig(pg, tmp_path / "graph.trig")
    assert load_graph(tmp_path) == pg
    assert load_graph(tmp_path / "graph.trig") == pg


def test_round_trip_again_gives_isomorphic_rdf(pg: PropertyGraph, tmp_path: Path) -> None:
    write_trig(pg, tmp_path / "a.trig")
    write_trig(load_graph(tmp_path / "a.trig"), tmp_path / "b.trig")
    a, b = _graphs(_parse(tmp_path / "a.trig")), _graphs(_parse(tmp_path / "b.trig"))
    assert a.keys() == b.keys()
    for name in a:
        assert isomorphic(_graph(a[name]), _graph(b[name])), name
    assert (tmp_path / "a.trig").read_bytes() == (tmp_path / "b.trig").read_bytes()


def test_bytes_are_identical_across_processes(tmp_path: Path) -> None:
    script = ("import sys; from pathlib import Path; from kg.rdf import write_trig; "
              "from tests.rdf.graphs import make_graph; write_trig(make_graph(), Path(sys.argv[1]))")
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)}
        out = tmp_path / f"{seed}.trig"
        subprocess.run([sys.executable, "-c", script, str(out)], check=True, env=env, cwd=REPO)
        outputs.append(out.read_bytes())
    write_trig(make_graph(), tmp_path / "here.trig")
    assert outputs[0] == outputs[1] == (tmp_path / "here.trig").read_bytes()


def test_shuffled_input_gives_the_same_bytes(pg: PropertyGraph, tmp_path: Path) -> None:
    shuffled = PropertyGraph(pg.nodes[::-1], pg.edges[::-1], pg.documents[::-1])
    write_trig(pg, tmp_path / "a.trig")
    write_trig(shuffled, tmp_path / "b.trig")
    assert (tmp_path / "a.trig").read_bytes() == (tmp_path / "b.trig").read_bytes()


def test_facts_live_in_their_document_graph_with_attributes(pg: PropertyGraph) -> None:
    ds = to_dataset(pg)
    doc = next(d for d in pg.documents if d.name == DOC_A)
    edge = next(e for e in pg.edges if e.source == PROJECT and e.type == "FUNDED_BY")
    g, f = ds.graph(ID[doc.id]), ID[edge.id]
    assert (ID[PROJECT], KG.fundedBy, ID[BOND]) in g
    assert set(g.objects(f, RDF.type)) == {KG.Fact, KG.FundedByFact}
    assert g.value(f, KG.valueYuan) == Literal(Decimal("7080000.0"), datatype=XSD_DECIMAL)
    assert g.value(f, KG.amount) == Literal("708万元")
    assert g.value(f, PROV.wasDerivedFrom) == ID[doc.id]
    assert g.value(g.value(f, KG.evidence), KG.sentence) == Literal("该项目获政府专项债券708万元。")
    assert g.value(f, KG.level) is None  # absent attributes have no triple


def test_masked_amount_has_no_value(pg: PropertyGraph) -> None:
    ds = to_dataset(pg)
    edge = next(e for e in pg.edges if e.source == ZONE and e.type == "FUNDED_BY")
    f = ID[edge.id]
    assert ds.value(f, KG.amount) == Literal("x.xx亿元")
    assert ds.value(f, KG.valueYuan) is None


def test_entities_carry_labels_keys_and_degree(pg: PropertyGraph) -> None:
    ds = to_dataset(pg)
    n = ID[LINCHUAN]
    assert ds.value(n, RDF.type) == KG.Enterprise
    assert ds.value(n, SKOS.prefLabel) == Literal("临川重工", lang="zh")
    assert set(ds.objects(n, SKOS.altLabel)) == {Literal("临川", lang="zh"), Literal("临川重工集团", lang="zh")}
    assert {str(k) for k in ds.objects(n, KG.key)} == {"临川重工", "临川", "临川重工集团"}
    assert ds.value(n, KG.degree) == Literal(4)


def test_keys_are_normalised_names() -> None:
    pg = make_graph()
    node = dataclasses.replace(pg.node(ZONE), name="「青禾經濟開發區」", aliases=("ＸＸ青禾开发区",))
    quads = list(to_quads(PropertyGraph((node,), (), pg.documents)))
    assert {str(o) for s, p, o, g in quads if p == KG.key} == {"青禾经济开发区", "青禾开发区"}


def test_escaping_survives_quotes_backslashes_and_newlines(pg: PropertyGraph, tmp_path: Path) -> None:
    nasty = 'He said "合作" \\ then\nleft\t} UNION {'
    edge = dataclasses.replace(pg.edges[0], evidence=dataclasses.replace(pg.edges[0].evidence, sentence=nasty),
                               rule='rule:"x"\\d+')
    graph = PropertyGraph(pg.nodes, (edge, *pg.edges[1:]), pg.documents)
    write_trig(graph, tmp_path / "graph.trig")
    assert load_graph(tmp_path) == graph
    doc = next(d for d in pg.documents if d.name == edge.evidence.doc)
    assert _parse(tmp_path / "graph.trig").value(URIRef(evidence_iri(str(ID[doc.id]), edge.evidence)), KG.sentence) \
        == Literal(nasty)


def test_term_text_forms() -> None:
    assert term_text(KG.Zone) == "kg:Zone"
    assert term_text(URIRef("https://w3id.org/kg-devzone/id/Zone/abc")) == "<https://w3id.org/kg-devzone/id/Zone/abc>"
    assert term_text(Literal(2021)) == "2021"
    assert term_text(Literal(Decimal("1E+20"), datatype=XSD_DECIMAL)) == "100000000000000000000.0"
    assert term_text(Literal("名", lang="zh")) == '"名"@zh'


def test_unknown_document_is_a_schema_error(pg: PropertyGraph, tmp_path: Path) -> None:
    edge = dataclasses.replace(pg.edges[0], evidence=dataclasses.replace(pg.edges[0].evidence, doc="nowhere.txt"))
    with pytest.raises(SchemaError, match="cites document 'nowhere.txt'"):
        write_trig(PropertyGraph(pg.nodes, (edge,), pg.documents), tmp_path / "graph.trig")
    assert not (tmp_path / "graph.trig").exists()


def test_unknown_relation_type_is_a_schema_error(pg: PropertyGraph) -> None:
    edge = dataclasses.replace(pg.edges[0], type="OWNS")
    with pytest.raises(SchemaError, match="unknown relation type 'OWNS'"):
        serialize_trig(to_quads(PropertyGraph(pg.nodes, (edge,), pg.documents)))


def test_non_finite_value_is_a_schema_error(pg: PropertyGraph) -> None:
    edge = dataclasses.replace(pg.edges[0], value_yuan=float("nan"))
    with pytest.raises(SchemaError, match="non-finite"):
        list(to_quads(PropertyGraph(pg.nodes, (edge,), pg.documents)))


def test_load_graph_errors(tmp_path: Path) -> None:
    with pytest.raises(KGError, match="no graph found: .*graph.trig does not exist"):
        load_graph(tmp_path)
    (tmp_path / "graph.trig").write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(SchemaError, match="not valid TriG"):
        load_graph(tmp_path)


def test_load_graph_rejects_facts_without_evidence(pg: PropertyGraph, tmp_path: Path) -> None:
    write_trig(pg, tmp_path / "graph.trig")
    text = (tmp_path / "graph.trig").read_text(encoding="utf-8")
    broken = "\n".join(line for line in text.splitlines() if "kg:evidence" not in line)
    (tmp_path / "graph.trig").write_text(broken, encoding="utf-8")
    with pytest.raises(SchemaError, match="does not follow the kg model"):
        load_graph(tmp_path)


def test_facts_carry_the_names_of_their_ends(pg: PropertyGraph) -> None:
    ds = to_dataset(pg)
    doc = next(d for d in pg.documents if d.name == DOC_A)
    edge = next(e for e in pg.edges if e.source == PROJECT and e.type == "FUNDED_BY")
    g, f = ds.graph(ID[doc.id]), ID[edge.id]
    assert (g.value(f, KG.sourceName), g.value(f, KG.targetName)) == (Literal("年产5万台智能农机项目"), Literal("政府专项债券"))


def test_a_fact_citing_an_unknown_node_is_a_schema_error(pg: PropertyGraph) -> None:
    edge = dataclasses.replace(pg.edges[0], target="Zone/000000000000")
    with pytest.raises(SchemaError, match="cites node 'Zone/000000000000'"):
        serialize_trig(to_quads(PropertyGraph(pg.nodes, (edge,), pg.documents)))


def test_streamed_trig_is_the_one_shot_serialisation(pg: PropertyGraph, tmp_path: Path) -> None:
    # write_trig streams one document graph at a time; the bytes and the count are those
    # of serialising every quad at once, and the file parses to the rdflib dataset.
    text, count = serialize_trig(to_quads(pg))
    assert write_trig(pg, tmp_path / "graph.trig") == count
    assert (tmp_path / "graph.trig").read_text(encoding="utf-8") == text
    pieces = list(iter_trig(pg))
    # prefixes, the default graph's opening and one piece per subject of it, one per document
    default_subjects = {s for s, _p, _o, g in to_quads(pg) if g is None}
    assert len(pieces) == 2 + len(default_subjects) + len(pg.documents)
    assert max(len(t) for t, _ in pieces[2 : 2 + len(default_subjects)]) < len(text) / 5  # never all at once
    assert "".join(t for t, _ in pieces) == text and sum(n for _, n in pieces) == count
    assert isomorphic(_graph({(s, p, o) for s, p, o, _ in _parse(tmp_path / "graph.trig").quads()}),
                      _graph({(s, p, o) for s, p, o, _ in to_dataset(pg).quads()}))
    empty, _ = serialize_trig(to_quads(PropertyGraph((), ())))
    assert "".join(t for t, _ in iter_trig(PropertyGraph((), ()))) == empty


def _streamed(graph: PropertyGraph) -> tuple[str, int]:
    pieces = list(iter_trig(graph))
    return "".join(t for t, _ in pieces), sum(n for _, n in pieces)


def test_streamed_trig_formats_every_value_as_the_one_shot_writer(pg: PropertyGraph) -> None:
    # iter_trig writes the facts' text straight from the model's values: escapes,
    # empty and absent attributes, decimals and repeated direct triples come out the same
    edges = [dataclasses.replace(e, evidence=dataclasses.replace(e.evidence, sentence=f'"{i}"\\\n\x01\x7f{{x}}'))
             for i, e in enumerate(pg.edges)]
    edges[0] = dataclasses.replace(edges[0], level="", batch='第"五"批', grade=None, amount="5万元", rule="",
                                   year=2021, value_yuan=1e20)
    edges[1] = dataclasses.replace(edges[1], value_yuan=-0.0, rule="r\tx", year=None)
    edges.append(dataclasses.replace(edges[0], id=edges[0].id + "-again"))  # the same direct triple twice
    graph = PropertyGraph(pg.nodes, tuple(sorted(edges, key=lambda e: e.id)), pg.documents)
    assert _streamed(graph) == serialize_trig(to_quads(graph))


def test_streamed_trig_merges_subjects_that_share_an_iri(pg: PropertyGraph) -> None:
    # two facts with one id, or a fact whose IRI is an entity's: the general writer merges them
    first = pg.edges[0]
    other = next(e for e in pg.edges[1:] if e.evidence.doc == first.evidence.doc)  # in the same named graph
    twice = PropertyGraph(pg.nodes, (first, dataclasses.replace(first, level="x")), pg.documents)
    clash = PropertyGraph(pg.nodes, (dataclasses.replace(first, id=other.source), *pg.edges[1:]), pg.documents)
    for graph in (twice, clash):
        assert _streamed(graph) == serialize_trig(to_quads(graph))


def test_facts_stated_by_one_sentence_share_its_evidence_node(pg: PropertyGraph, tmp_path: Path) -> None:
    # an enumeration states several facts in one sentence: one evidence node for the span
    first, second = [e for e in pg.edges if e.evidence.doc == DOC_A][:2]
    shared = PropertyGraph(pg.nodes, tuple(dataclasses.replace(e, evidence=first.evidence) if e is second else e
                                           for e in pg.edges), pg.documents)
    count = write_trig(shared, tmp_path / "graph.trig")
    assert count == write_trig(pg, tmp_path / "own.trig") - 7  # the second span's node is gone
    ds = _parse(tmp_path / "graph.trig")
    (node,) = {ds.value(ID[e.id], KG.evidence) for e in (first, second)}
    assert str(node) == f"{ID[did(DOC_A)]}/evidence/{first.evidence.start}-{first.evidence.end}"
    assert list(ds.objects(node, KG.sentence)) == [Literal(first.evidence.sentence)]
    assert load_graph(tmp_path) == shared
    assert _streamed(shared) == serialize_trig(to_quads(shared))
    # one span stated with two different sentences (it cannot happen in one document):
    # the streamed writer leaves it to the general one, which merges the node's values
    clash = PropertyGraph(pg.nodes, tuple(
        dataclasses.replace(e, evidence=dataclasses.replace(first.evidence, sentence="另一句。")) if e is second else e
        for e in pg.edges), pg.documents)
    assert _streamed(clash) == serialize_trig(to_quads(clash))


def test_streamed_trig_raises_what_to_quads_raises_first(pg: PropertyGraph) -> None:
    bad = [dataclasses.replace(pg.edges[-1], type="NOPE"), dataclasses.replace(pg.edges[0], target="Zone/missing")]
    for edges in (bad, bad[::-1]):
        graph = PropertyGraph(pg.nodes, tuple(edges), pg.documents)
        with pytest.raises(SchemaError) as one_shot:
            serialize_trig(to_quads(graph))
        with pytest.raises(SchemaError) as streamed:
            list(iter_trig(graph))
        assert str(streamed.value) == str(one_shot.value)
