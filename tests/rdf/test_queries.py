"""kg.queries: every canned .rq file parses, runs on Oxigraph and rdflib, and gives its exact answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib.plugins.sparql import prepareQuery

from kg.errors import KGError, QueryError
from kg.queries import (
    bind_query,
    list_queries,
    load_query,
    query_dir,
    query_info,
    run_query,
    run_sparql,
    to_csv,
    to_json,
)

A = "青禾经济开发区2023年工作总结.txt"
B = "青禾经济开发区2022年工作报告.html"
C = "某县经信局2023年工作总结.docx"

# name → (params, columns, rows); the rows follow from tests/rdf/graphs.py by hand.
# fmt: off
EXPECTED: dict[str, tuple[dict[str, str], tuple[str, ...], list[tuple[object, ...]]]] = {
    "entity_lookup": ({"name": "臨川"}, ("id", "name", "type", "aliases"),
                      [("Enterprise/9bf8cd8fce59", "临川重工", "Enterprise", "临川、临川重工集团")]),
    "enterprise_honours": ({"enterprise": "云帆"}, ("honour", "level", "year", "batch", "grade", "doc"),
                           [("国家级绿色工厂", "national", 2022, "第五批", None, A),
                            ("省级企业技术中心", "provincial", 2023, None, None, A)]),
    "zone_enterprises": ({"zone": "青禾开发区"}, ("enterprise", "honour"),
                         [("临川重工", "国家级绿色工厂"), ("临川重工", "省级企业技术中心"),
                          ("云帆科技", "国家级绿色工厂"), ("云帆科技", "省级企业技术中心"),
                          ("星澜电子", "国家级绿色工厂"), ("星澜电子", "省长杯工业设计大赛"),
                          ("松石新材料", None)]),
    "zone_funding": ({"zone": "青禾经济开发区"}, ("recipient", "source", "total_yuan", "known", "masked"),
                     [("云帆科技", "企业上云奖补资金", 500000.0, 1, 0),
                      ("年产5万台智能农机项目", "政府专项债券", 7080000.0, 1, 0),
                      ("青禾经济开发区", "政府专项债券", 0.0, 0, 1)]),
    "honour_holders": ({"honour": "国家级绿色工厂"}, ("holder", "type", "level", "year", "doc"),
                       [("临川重工", "Enterprise", "national", 2023, C),
                        ("云帆科技", "Enterprise", "national", 2022, A),
                        ("星澜电子", "Enterprise", "national", 2023, B)]),
    "national_honours": ({}, ("holder", "type", "honour", "year"),
                         [("临川重工", "Enterprise", "国家级绿色工厂", 2023),
                          ("云帆科技", "Enterprise", "国家级绿色工厂", 2022),
                          ("星澜电子", "Enterprise", "国家级绿色工厂", 2023)]),
    "enterprise_projects": ({"enterprise": "临川重工集团"}, ("project", "doc"), [("年产5万台智能农机项目", A)]),
    "zone_partners": ({"zone": "青禾经济开发区"}, ("partner", "type", "doc"), [("青禾大学", "Organization", B)]),
    "most_connected": ({"limit": "4"}, ("name", "type", "degree"),
                       [("青禾经济开发区", "Zone", 8), ("云帆科技", "Enterprise", 6), ("临川重工", "Enterprise", 4),
                        ("国家级绿色工厂", "Honour", 3)]),
    "fact_evidence": ({"subject": "云帆科技", "object": "北辰物流"}, ("predicate", "sentence", "doc", "start", "end"),
                      [("PARTNERS_WITH", "北辰物流与云帆科技签约。", C, 360, 372)]),
    "co_honoured": ({}, ("enterprise_a", "enterprise_b", "shared"),
                    [("临川重工", "云帆科技", 2), ("临川重工", "星澜电子", 1), ("云帆科技", "星澜电子", 1)]),
    "funding_ranking": ({}, ("source", "total_yuan", "known", "masked", "recipients"),
                        [("政府专项债券", 7080000.0, 1, 1, 2), ("企业上云奖补资金", 500000.0, 1, 0, 1)]),
    "facts_per_document": ({}, ("doc", "subject", "facts"),
                           [(A, "青禾经济开发区", 12), (B, "青禾经济开发区", 5), (C, None, 2)]),
}
# fmt: on
NAMES = sorted(p.stem for p in query_dir().glob("*.rq"))
INJECTION = '临川\\" } UNION { ?e ?p ?o } #\n\'}{'


def test_the_thirteen_canned_queries_exist() -> None:
    assert NAMES == sorted(EXPECTED)
    assert [q.name for q in list_queries()] == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_query_file_parses_and_has_a_header(name: str) -> None:
    text = load_query(name)
    prepareQuery(text)  # rdflib parses the raw file
    info = query_info(name)
    zh, _, en = info.title.partition(" / ")
    assert zh and en and info.description
    assert info.columns == EXPECTED[name][1]
    assert {p.name for p in info.params} == set(EXPECTED[name][0]) | ({"limit"} if "limit" in text else set())


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("name", NAMES)
def test_query_gives_its_exact_answer(graph_dir: Path, name: str, engine: str) -> None:
    params, columns, rows = EXPECTED[name]
    result = run_query(graph_dir, name, params, engine=engine)
    assert result.columns == list(columns)
    assert [tuple(r[c] for c in columns) for r in result.rows] == rows


def test_trig_only_folder_uses_an_in_memory_store(trig_only_dir: Path) -> None:
    params, _, rows = EXPECTED["zone_funding"]
    assert [tuple(r.values()) for r in run_query(trig_only_dir, "zone_funding", params).rows] == rows


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_injection_matches_nothing_and_breaks_nothing(graph_dir: Path, engine: str) -> None:
    text, values = bind_query("enterprise_honours", {"enterprise": INJECTION})
    assert values["enterprise"] == '临川\\}union{?e?p?o}#}{'  # normalised: no quotes, no white space, lower case
    assert 'VALUES ?enterprise_key { "临川\\\\}union{?e?p?o}#}{" }' in text  # one escaped literal
    for name, param in [("enterprise_honours", "enterprise"), ("entity_lookup", "name"), ("zone_funding", "zone")]:
        assert run_query(graph_dir, name, {param: INJECTION}, engine=engine).rows == []
    assert len(run_query(graph_dir, "entity_lookup", {"name": "临川"}, engine=engine).rows) == 1


@pytest.mark.parametrize("style", ["values", "terms"])
def test_quotes_cannot_break_out_of_the_literal(style: str) -> None:
    """Even a value normalisation left untouched is bound as one literal (escaped by pyoxigraph)."""
    from kg.queries import Param, _bind

    evil = 'a" } UNION { ?s ?p ?o } # \\ \n \''
    text = _bind(load_query("enterprise_honours"), Param("enterprise"), evil, style)
    found = [str(v) for v in _literals(prepareQuery(text).algebra)]
    assert evil in found and "UNION" not in text.replace(_escaped(evil), "")
    assert ("?enterprise_key" in text) == (style == "values")


def _literals(node: object) -> list[object]:
    from rdflib import Literal

    if isinstance(node, Literal):
        return [node]
    children = node.values() if isinstance(node, dict) else node if isinstance(node, (list, tuple)) else []
    return [lit for child in children for lit in _literals(child)]


def _escaped(value: str) -> str:
    import pyoxigraph as ox

    return str(ox.Literal(value))


def test_names_are_normalised(graph_dir: Path) -> None:
    for given in ("臨川重工", " 临川重工 ", "《临川重工》", "ＸＸ临川重工", "临川", "臨川重工集團"):
        rows = run_query(graph_dir, "entity_lookup", {"name": given}).rows
        assert [r["name"] for r in rows] == ["临川重工"], given


@pytest.mark.parametrize("style", ["values", "terms"])
def test_limit_is_written_in_as_an_integer(style: str) -> None:
    text, values = bind_query("co_honoured", {"limit": "03"}, style=style)
    assert values == {"limit": "3"}
    assert "?limit" not in text and "FILTER(?rank <= 3)" in text and text.rstrip().endswith("LIMIT 3")


def test_limit_default_and_override(graph_dir: Path) -> None:
    assert len(run_query(graph_dir, "most_connected", {}).rows) == 10
    assert len(run_query(graph_dir, "most_connected", {"limit": "2"}).rows) == 2
    assert run_query(graph_dir, "co_honoured", {"limit": "0"}).rows == []


@pytest.mark.parametrize(("name", "params", "message"), [
    ("nope", {}, "unknown query 'nope'; known queries: co_honoured, enterprise_honours"),
    ("../schema/kg", {}, "unknown query '../schema/kg'"),
    ("enterprise_honours", {}, "query enterprise_honours needs parameter 'enterprise' (--param enterprise=…)"),
    ("fact_evidence", {"subject": "云帆科技"}, "query fact_evidence needs parameter 'object'"),
    ("enterprise_honours", {"enterprise": "x", "zone": "y"},
     "query enterprise_honours has no parameter 'zone' (parameters: enterprise)"),
    ("national_honours", {"limit": "3"}, "query national_honours has no parameter 'limit' (parameters: none)"),
    ("most_connected", {"limit": "ten"}, "parameter 'limit' must be an integer, not 'ten'"),
    ("most_connected", {"limit": "3; DROP"}, "parameter 'limit' must be an integer, not '3; DROP'"),
    ("most_connected", {"limit": "-1"}, "parameter 'limit' must not be negative, not -1"),
])
def test_query_errors(graph_dir: Path, name: str, params: dict[str, str], message: str) -> None:
    with pytest.raises(QueryError) as info:
        run_query(graph_dir, name, params)
    assert str(info.value).startswith(message)


def test_missing_graph_and_unknown_engine(tmp_path: Path, graph_dir: Path) -> None:
    with pytest.raises(KGError, match="no graph found"):
        run_query(tmp_path, "national_honours", {})
    with pytest.raises(KGError, match="no graph found"):
        run_query(tmp_path, "national_honours", {}, engine="rdflib")
    with pytest.raises(QueryError, match="unknown engine 'jena'; choose one of: oxigraph, rdflib, neo4j"):
        run_query(graph_dir, "national_honours", {}, engine="jena")


def test_neo4j_engine_checks_parameters_before_connecting(tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="needs parameter 'zone'"):
        run_query(tmp_path, "zone_partners", {}, engine="neo4j", uri="bolt://127.0.0.1:9")


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_run_sparql_select_ask_construct(graph_dir: Path, engine: str) -> None:
    zones = run_sparql(graph_dir, "SELECT ?n WHERE { ?z a kg:Zone ; skos:prefLabel ?l BIND(STR(?l) AS ?n) } ORDER BY ?n",
                       engine=engine)
    assert zones.columns == ["n"] and [r["n"] for r in zones.rows] == ["青禾智造产业园", "青禾经济开发区"]
    assert run_sparql(graph_dir, "ASK { ?x kg:valueYuan 7080000.0 }", engine=engine).rows == [{"ask": True}]
    built = run_sparql(graph_dir, "CONSTRUCT { ?z a kg:Zone } WHERE { ?z a kg:Zone }", engine=engine)
    assert built.columns == ["subject", "predicate", "object"] and len(built.rows) == 2
    with pytest.raises(QueryError):
        run_sparql(graph_dir, "SELECT ?x WHERE {", engine=engine)


def test_csv_and_json_rendering(graph_dir: Path) -> None:
    result = run_query(graph_dir, "enterprise_honours", {"enterprise": "云帆科技"})
    assert to_csv(result).splitlines() == [
        "honour,level,year,batch,grade,doc",
        f"国家级绿色工厂,national,2022,第五批,,{A}",
        f"省级企业技术中心,provincial,2023,,,{A}",
    ]
    assert '"batch": null' in to_json(result) and '"honour": "国家级绿色工厂"' in to_json(result)
