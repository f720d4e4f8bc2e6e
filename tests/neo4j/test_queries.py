"""The canned Cypher queries on the fictional fixture graph, loaded into FalkorDB.

The expected answers were worked out by hand from tests/neo4j/graphs.py; the SPARQL
twins are run on the same graph (written as graph.trig) and must answer the same.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kg.errors import QueryError, StoreError
from kg.model import PropertyGraph
from kg.neo4j_bolt import connect
from kg.neo4j_query import bind_cypher, cypher_header, cypher_names, cypher_params, run_cypher, run_cypher_query
from kg.queries import query_info, run_query
from tests.neo4j.falkordb import free_port
from tests.neo4j.graphs import BING, E1, JIA, YI, sentence

FIRM, PARK_FIRM, PHARMA, OPTO = "临川重工集团", "澜星电子", "松石制药", "白鹭光电"
GREEN, TECH = "国家级绿色工厂", "省级企业技术中心"
PROJECT = "年产8万台智能叉车项目"

# (query, params, expected rows as tuples in column order)
# fmt: off
CASES: list[tuple[str, dict[str, str], list[tuple[Any, ...]]]] = [
    # a traditional form of an alias finds the canonical node
    ("entity_lookup", {"name": "臨川重工"}, [(E1.id, FIRM, "Enterprise", "x临川、临川重工")]),
    ("entity_lookup", {"name": "X临川"}, [(E1.id, FIRM, "Enterprise", "x临川、临川重工")]),
    ("entity_lookup", {"name": "松石制药"}, [("Enterprise/00000000000d", PHARMA, "Enterprise", "")]),
    ("entity_lookup", {"name": "无此企业"}, []),
    ("enterprise_honours", {"enterprise": "临川重工"}, [
        (GREEN, "national", 2021, "第五批", None, JIA),
        (GREEN, "national", 2021, None, None, YI),
        (TECH, "provincial", 2020, None, "金奖", YI),
    ]),
    ("zone_enterprises", {"zone": "青岚开发区"}, [
        (FIRM, GREEN), (FIRM, TECH), (PHARMA, None), (PARK_FIRM, GREEN), (PARK_FIRM, TECH),
    ]),
    ("zone_enterprises", {"zone": "青岚智造园"}, [(FIRM, GREEN), (FIRM, TECH), (PARK_FIRM, GREEN), (PARK_FIRM, TECH)]),
    ("zone_funding", {"zone": "青岚经济开发区"}, [
        (PROJECT, "政府专项债券", 7080000.0, 1, 1),
        ("青岚经济开发区", "中央预算内资金", 120000000.0, 1, 0),
    ]),
    ("zone_funding", {"zone": "白鹭高新区"}, [(OPTO, "政府专项债券", 500000.0, 1, 0)]),
    ("honour_holders", {"honour": GREEN}, [
        (FIRM, "Enterprise", "national", 2021, YI),
        (FIRM, "Enterprise", "national", 2021, JIA),
        (PARK_FIRM, "Enterprise", "national", 2022, JIA),
        (OPTO, "Enterprise", "national", 2021, BING),
    ]),
    ("honour_holders", {"honour": "省级美丽园区"}, [("青岚经济开发区", "Zone", None, 2019, YI)]),
    ("national_honours", {}, [
        (FIRM, "Enterprise", GREEN, 2021), (PARK_FIRM, "Enterprise", GREEN, 2022), (OPTO, "Enterprise", GREEN, 2021),
    ]),
    ("enterprise_projects", {"enterprise": FIRM}, [(PROJECT, YI), (PROJECT, JIA)]),
    ("zone_partners", {"zone": "青岚经济开发区"}, [(OPTO, "Enterprise", YI), ("青岚大学", "Organization", JIA)]),
    ("most_connected", {"limit": "5"}, [
        (FIRM, "Enterprise", 7), ("青岚经济开发区", "Zone", 6), (PROJECT, "Project", 5),
        (GREEN, "Honour", 4), (OPTO, "Enterprise", 4),
    ]),
    # PARTNERS_WITH is symmetric: stored 青岚大学 → 开发区, asked the other way round
    ("fact_evidence", {"subject": "青岚开发区", "object": "青岚大学"}, [
        ("PARTNERS_WITH", sentence(20), JIA, 200, 200 + len(sentence(20))),
    ]),
    ("fact_evidence", {"subject": "临川重工", "object": PROJECT}, [
        ("UNDERTAKES", sentence(7), JIA, 70, 70 + len(sentence(7))),
        ("UNDERTAKES", sentence(8), YI, 80, 80 + len(sentence(8))),
    ]),
    ("fact_evidence", {"subject": PROJECT, "object": "临川重工"}, []),  # UNDERTAKES is directed
    ("co_honoured", {"limit": "20"}, [(FIRM, PARK_FIRM, 2), (FIRM, OPTO, 1), (PARK_FIRM, OPTO, 1)]),
    ("co_honoured", {"limit": "1"}, [(FIRM, PARK_FIRM, 2)]),
    ("funding_ranking", {}, [("中央预算内资金", 120000000.0, 1, 0, 1), ("政府专项债券", 7580000.0, 2, 1, 2)]),
    ("facts_per_document", {}, [
        (JIA, "青岚经济开发区", 11), (YI, "青岚经济开发区", 9), (BING, "白鹭高新区", 3), ("丁.txt", None, 0),
    ]),
]
# fmt: on


def _tuples(columns: list[str], rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [tuple(row[c] for c in columns) for row in rows]


@pytest.mark.parametrize(("name", "params", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_canned_query_answers(loaded: str, name: str, params: dict[str, str], expected: list[tuple[Any, ...]]) -> None:
    result = run_cypher_query(name, params, uri=loaded)
    assert result.columns == list(query_info(name).columns)
    assert _tuples(result.columns, result.rows) == expected


def test_every_query_has_a_case_and_a_sparql_twin() -> None:
    assert sorted({c[0] for c in CASES}) == cypher_names()
    assert len(cypher_names()) == 13
    for name in cypher_names():
        header = cypher_header(name)
        assert " / " in header["title"] and header["description"]
        assert cypher_params(name) == query_info(name).params


@pytest.fixture(scope="module")
def trig_dir(tmp_path_factory: pytest.TempPathFactory, graph: PropertyGraph) -> Path:
    from kg.rdf import write_trig

    out = tmp_path_factory.mktemp("fixture_trig")
    write_trig(graph, out / "graph.trig")
    return out


@pytest.mark.parametrize(("name", "params"), [(c[0], c[1]) for c in CASES], ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_cypher_answers_equal_their_sparql_twin(loaded: str, trig_dir: Path, name: str, params: dict[str, str]) -> None:
    sparql = run_query(trig_dir, name, params)
    cypher = run_cypher_query(name, params, uri=loaded)
    assert (cypher.columns, cypher.rows) == (sparql.columns, sparql.rows)


def test_run_query_reaches_neo4j_through_kg_queries(loaded: str, trig_dir: Path) -> None:
    via_queries = run_query(trig_dir, "enterprise_projects", {"enterprise": "臨川重工"}, engine="neo4j", uri=loaded,
                            user="neo4j", password=None)
    assert _tuples(via_queries.columns, via_queries.rows) == [(PROJECT, YI), (PROJECT, JIA)]


def test_run_cypher_on_an_open_driver(loaded: str) -> None:
    with connect(loaded) as conn:
        result = run_cypher(conn.driver, "entity_lookup", {"name": "青岚开发区"})
    assert _tuples(result.columns, result.rows) == [("Zone/000000000001", "青岚经济开发区", "Zone", "青岚开发区")]


def test_a_hostile_name_is_a_value_not_cypher(loaded: str) -> None:
    hostile = "x' OR 1=1 WITH n MATCH (m) DETACH DELETE m //"
    assert run_cypher_query("entity_lookup", {"name": hostile}, uri=loaded).rows == []
    assert run_cypher_query("entity_lookup", {"name": "松石制药"}, uri=loaded).rows  # nothing was deleted


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("no_such_query", {}, "unknown query 'no_such_query'; known queries: co_honoured, "),
        ("../../etc/passwd", {}, "unknown query"),
        ("entity_lookup", {}, "query entity_lookup needs parameter 'name'"),
        ("entity_lookup", {"name": "甲", "zone": "乙"}, "query entity_lookup has no parameter 'zone' (parameters: name)"),
        ("most_connected", {"limit": "ten"}, "parameter 'limit' must be an integer, not 'ten'"),
        ("most_connected", {"limit": "-1"}, "parameter 'limit' must lie between 0 and 100000, not -1"),
        ("co_honoured", {"limit": "1000001"}, "parameter 'limit' must lie between 0 and 100000"),
    ],
)
def test_bad_query_names_and_parameters(name: str, params: dict[str, str], message: str) -> None:
    with pytest.raises(QueryError) as info:
        run_cypher_query(name, params, uri=f"bolt://127.0.0.1:{free_port()}")  # fails before connecting
    assert str(info.value).startswith(message)


def test_parameters_are_normalised_and_defaulted() -> None:
    assert bind_cypher("entity_lookup", {"name": " 《臨川重工》 "}) == {"name": "临川重工"}
    assert bind_cypher("most_connected", {}) == {"limit": 10}
    assert bind_cypher("fact_evidence", {"subject": "Ａ公司", "object": "ｂ"}) == {"subject": "a公司", "object": "b"}


def test_an_unreachable_server_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="cannot reach the Bolt server"):
        run_cypher_query("national_honours", {}, uri=f"bolt://127.0.0.1:{free_port()}")


def test_a_key_naming_two_zones_counts_each_funding_fact_once(bolt_uri: str, tmp_path: Path) -> None:
    """青岚开发区 is an alias of two zones (two reports' names); the project inside both
    has one funding fact, which zone_funding must count once in both engines."""
    from kg.model import Document, Edge, Evidence, Node, PropertyGraph
    from kg.neo4j_load import load
    from kg.rdf import write_trig

    z1 = Node("Zone/0000000000a1", "Zone", "青岚经济开发区", ("青岚开发区",), (JIA,))
    z2 = Node("Zone/0000000000a2", "Zone", "青岚高新技术开发区", ("青岚开发区",), (JIA,))
    p1 = Node("Project/0000000000b1", "Project", "青岚二期厂房项目", (), (JIA,))
    f1 = Node("FundingSource/0000000000c1", "FundingSource", "政府专项债券", (), (JIA,))
    text = "青岚二期厂房项目获得政府专项债券708万元。"

    def edge(n: int, s: Node, p: str, o: Node, **attrs: Any) -> Edge:
        return Edge(f"fact/{n:016x}", s.id, o.id, p, Evidence(JIA, text, 0, len(text), 0, len(text)), rule="test", **attrs)

    edges = (edge(1, p1, "LOCATED_IN", z1), edge(2, p1, "LOCATED_IN", z2),
             edge(3, p1, "FUNDED_BY", f1, amount="708万元", value_yuan=7080000.0))
    pg = PropertyGraph(tuple(sorted((z1, z2, p1, f1), key=lambda n: n.id)), edges,
                       (Document("doc/0000000000d1", JIA, "青岚经济开发区", "e" * 64),))
    load(pg, bolt_uri)
    write_trig(pg, tmp_path / "graph.trig")
    cypher = run_cypher_query("zone_funding", {"zone": "青岚开发区"}, uri=bolt_uri)
    sparql = run_query(tmp_path, "zone_funding", {"zone": "青岚开发区"})
    assert _tuples(cypher.columns, cypher.rows) == [("青岚二期厂房项目", "政府专项债券", 7080000.0, 1, 0)]
    assert (cypher.columns, cypher.rows) == (sparql.columns, sparql.rows)


def test_a_parameter_too_long_for_falkordb_is_refused_and_the_server_lives(tmp_path: Path, graph: PropertyGraph) -> None:
    # FalkorDB's Bolt front end dies on query text over ~4 KiB: a 1,500-character name
    # given to a canned query used to crash the server (and lose its in-memory graph).
    from kg.neo4j_load import load
    from tests.neo4j.falkordb import falkordb_server

    with falkordb_server(tmp_path) as uri:
        load(graph, uri)
        with pytest.raises(StoreError, match="^query entity_lookup: .* more than FalkorDB's Bolt takes"):
            run_cypher_query("entity_lookup", {"name": "园" * 1500}, uri=uri)
        assert run_cypher_query("entity_lookup", {"name": "园" * 500}, uri=uri).rows == []
        assert run_cypher_query("entity_lookup", {"name": PHARMA}, uri=uri).rows
