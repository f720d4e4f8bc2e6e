"""kg.aggregates: the materialised figures, and the canned queries reading them.

The canned queries that read materialised aggregates (or were reordered for the
persistent store) must answer exactly as their first, on-the-fly formulations kept in
``tests/rdf/reference/``: checked on Oxigraph and rdflib over a graph full of edge cases
(tests/rdf/graphs.py) joined to a scaled fictional corpus (bench/gen_graph.py).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Literal

from kg.aggregates import aggregate_triples
from kg.errors import SchemaError
from kg.model import Edge, Evidence, PropertyGraph
from kg.queries import _bind, bind_query, query_info
from kg.rdf import ID, ID_IRI, load_graph, write_trig
from kg.stores import open_store, rdflib_dataset, select_oxigraph, select_rdflib, write_store
from kg.validate import validate
from kg.vocab import KG
from tests.rdf.graphs import (
    BOND,
    BOND2,
    DOC_E,
    JINGHU_ENT,
    JINGHU_ORG,
    LONELY,
    TWIN1,
    TWIN2,
    YUNFAN,
    ZONE,
    did,
    make_edge_case_graph,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from gen_graph import fictional_base, scale_graph

REFERENCE = Path(__file__).resolve().parent / "reference"
# Parameters per query: the edge cases of tests/rdf/graphs.py and a busy fictional zone.
PARAMS: dict[str, list[dict[str, str]]] = {
    "co_honoured": [{"limit": n} for n in ("0", "1", "2", "3", "7", "1000")],
    "most_connected": [{"limit": n} for n in ("0", "1", "5", "12", "1000")],
    "facts_per_document": [{}],
    "funding_ranking": [{}],
    "national_honours": [{}],
    "zone_funding": [{"zone": "青禾经济开发区"}, {"zone": "青禾开发区"}, {"zone": "青禾智造产业园"}, {"zone": "无此园区"}],
}


def _graph() -> PropertyGraph:
    edge_cases, corpus = make_edge_case_graph(), scale_graph(fictional_base(documents=6), 2)
    return PropertyGraph(tuple(sorted([*edge_cases.nodes, *corpus.nodes], key=lambda n: n.id)),
                         tuple(sorted([*edge_cases.edges, *corpus.edges], key=lambda e: e.id)),
                         tuple(sorted([*edge_cases.documents, *corpus.documents], key=lambda d: d.id)))


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("edge_cases")
    write_trig(_graph(), out / "graph.trig")
    write_store(out / "graph.trig", out / "store")
    return out


def _reference(name: str, params: dict[str, str], style: str) -> str:
    text = (REFERENCE / f"{name}.rq").read_text(encoding="utf-8")
    _, values = bind_query(name, params)
    for param in query_info(name).params:
        text = _bind(text, param, values[param.name], style)
    return text


def _cases() -> Iterator[tuple[str, dict[str, str]]]:
    for name, param_sets in PARAMS.items():
        for params in param_sets:
            yield name, params


@pytest.mark.parametrize(("name", "params"), list(_cases()))
def test_canned_query_answers_as_its_on_the_fly_reference(build: Path, name: str, params: dict[str, str]) -> None:
    store, dataset = open_store(build), rdflib_dataset(build / "graph.trig")
    expected = select_oxigraph(store, _reference(name, params, "values"))
    assert select_oxigraph(store, bind_query(name, params)[0]) == expected
    assert select_rdflib(dataset, bind_query(name, params, style="terms")[0]) == expected


@pytest.mark.parametrize("name", ["most_connected", "co_honoured"])
def test_every_limit_cuts_the_ranking_where_the_reference_does(build: Path, name: str) -> None:
    """Each cut-off, ties included: a rank that broke ties otherwise would differ somewhere."""
    store = open_store(build)
    everything = select_oxigraph(store, _reference(name, {"limit": "100000"}, "values"))[1]
    assert len(everything) > 20
    for limit in range(len(everything) + 2):
        params = {"limit": str(limit)}
        assert select_oxigraph(store, bind_query(name, params)[0]) == select_oxigraph(
            store, _reference(name, params, "values")), limit


def test_the_reference_answers_are_not_trivial(build: Path) -> None:
    store = open_store(build)

    def rows(name: str, params: dict[str, str]) -> list[dict[str, object]]:
        return select_oxigraph(store, _reference(name, params, "values"))[1]

    pairs = rows("co_honoured", {"limit": "1000"})
    assert {"enterprise_a": "临川重工", "enterprise_b": "同名科技", "shared": 2} in pairs  # the twins merge by name
    assert all(p["enterprise_a"] != p["enterprise_b"] for p in pairs) and len(pairs) > 20
    assert [r["shared"] for r in pairs] == sorted((r["shared"] for r in pairs), reverse=True)
    funding = {r["source"]: r for r in rows("funding_ranking", {})}
    assert funding["政府专项债券"] == {"source": "政府专项债券", "total_yuan": 8080000.0, "known": 2, "masked": 3,
                                   "recipients": 4}
    assert funding["企业上云奖补资金"]["total_yuan"] == 500000.3  # 0.1 + 0.2 summed as decimals
    national = rows("national_honours", {})
    assert {"holder": "同名科技", "type": "Enterprise", "honour": "国家级绿色工厂", "year": None} in national
    assert {"holder": "青禾经济开发区", "type": "Zone", "honour": "国家级绿色工厂", "year": 2022} in national
    assert len([r for r in national if r["holder"] == "临川重工"]) == 1  # stated twice, listed once
    top = rows("most_connected", {"limit": "1000"})
    assert [r["type"] for r in top if r["name"] == "镜湖"] == ["Enterprise", "Organization"]
    assert "孤立企业" not in {r["name"] for r in top}
    docs = {r["doc"]: r for r in rows("facts_per_document", {})}
    assert docs[DOC_E] == {"doc": DOC_E, "subject": None, "facts": 0}
    members = rows("zone_funding", {"zone": "青禾经济开发区"})
    assert {"recipient": "星澜电子", "source": "企业上云奖补资金", "total_yuan": 0.3, "known": 2, "masked": 0} in members
    # 松石新材料 is in both zones the key 青禾开发区 finds: its funding counts once.
    assert {"recipient": "松石新材料", "source": "政府专项债券", "total_yuan": 1000000.0, "known": 1, "masked": 0} in rows(
        "zone_funding", {"zone": "青禾开发区"})


def test_edge_case_graph_round_trips_and_conforms(build: Path) -> None:
    assert load_graph(build) == _graph()
    report = validate(build)
    assert report.conforms, report.violations[:3]


def _figures(pg: PropertyGraph) -> dict[tuple[str, str], list[object]]:
    out: dict[tuple[str, str], list[object]] = {}
    for s, p, o in aggregate_triples(pg, ID_IRI):
        out.setdefault((str(s), str(p)), []).append(o.toPython() if isinstance(o, Literal) else str(o))
    return out


def test_entity_and_document_figures() -> None:
    pg = make_edge_case_graph()
    figures = _figures(pg)
    assert figures[(str(ID[LONELY]), str(KG.degree))] == [0]
    assert figures[(str(ID[LONELY]), str(KG.degreeRank))] == [len(pg.nodes)]  # ranked last: no facts
    ranks = sorted(figures[(str(ID[n.id]), str(KG.degreeRank))][0] for n in pg.nodes)
    assert ranks == list(range(1, len(pg.nodes) + 1))
    # Equal degree and name: the type decides (Enterprise before Organization).
    assert figures[(str(ID[JINGHU_ENT]), str(KG.degreeRank))][0] + 1 == figures[(str(ID[JINGHU_ORG]), str(KG.degreeRank))][0]
    assert figures[(str(ID[ZONE]), str(KG.degreeRank))] == [1]
    assert figures[(str(ID[did(DOC_E)]), str(KG.factCount))] == [0]
    assert figures[(str(ID[did(DOC_E)]), str(KG.factRank))] == [len(pg.documents)]


def test_funding_is_summed_up_per_source_name() -> None:
    figures = _figures(make_edge_case_graph())
    summaries = {s for (s, p) in figures if p == str(KG.fundingName)}
    (bonds,) = [s for s in summaries if figures[(s, str(KG.fundingName))] == ["政府专项债券"]]
    assert figures[(bonds, str(KG.summarises))] == sorted([str(ID[BOND]), str(ID[BOND2])])  # one name, two nodes
    assert figures[(bonds, str(KG.fundingTotalYuan))] == [Decimal("8080000.0")]
    assert (figures[(bonds, str(KG.fundingKnown))], figures[(bonds, str(KG.fundingMasked))]) == ([2], [3])
    assert figures[(bonds, str(KG.fundingRecipients))] == [4]
    assert figures[(bonds, str(KG.fundingRank))] == [1]
    assert len(summaries) == 2


def test_co_honour_pairs_join_names_not_nodes() -> None:
    figures = _figures(make_edge_case_graph())
    pairs = {s for (s, p) in figures if p == str(KG.coHonourRank)}
    twins = [s for s in pairs if figures[(s, str(KG.enterpriseB))] == [str(ID[TWIN1]), str(ID[TWIN2])]]
    assert twins  # the pair node links both enterprises named 同名科技
    assert all(figures[(s, str(KG.sharedHonours))][0] >= 1 for s in pairs)
    assert sorted(figures[(s, str(KG.coHonourRank))][0] for s in pairs) == list(range(1, len(pairs) + 1))
    assert not [s for s in pairs if set(figures[(s, str(KG.enterpriseA))]) & {str(ID[TWIN1])}
                and set(figures[(s, str(KG.enterpriseB))]) & {str(ID[TWIN2])}]  # never paired with itself


def test_a_fact_citing_an_unknown_node_is_a_schema_error() -> None:
    pg = make_edge_case_graph()
    ghost = Edge("fact/0000000000000000", YUNFAN, "Honour/ghost", "RECEIVED_HONOUR",
                 Evidence(pg.documents[0].name, "幽灵。", 0, 3, 0, 3))
    with pytest.raises(SchemaError, match="cites node 'Honour/ghost'"):
        list(aggregate_triples(PropertyGraph(pg.nodes, (*pg.edges, ghost), pg.documents), ID_IRI))
