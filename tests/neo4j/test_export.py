"""kg.export.neo4j: neo4j-admin CSVs and the cypher-shell script (run against FalkorDB)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from kg.export import get_exporter
from kg.export.neo4j import array_delimiter, cypher_literal, write_csv, write_cypher
from kg.model import Document, Edge, Evidence, Node, PropertyGraph
from kg.neo4j_bolt import FalkorDialect, connect
from kg.neo4j_load import load, node_count, relationship_count
from tests.neo4j.conftest import clear, counts
from tests.neo4j.graphs import E1, JIA, YI

# A name and a sentence that a careless writer would break: quotes, backslashes, newline.
TRICKY_NAME = "云帆'数科\"\\公司"
TRICKY_SENTENCE = "第一行：云帆'数科\"\\公司\n第二行\t落户 \\n 不是换行。"


def _tricky_graph() -> PropertyGraph:
    firm = Node("Enterprise/0000000000f1", "Enterprise", TRICKY_NAME, ("云帆\\数科", "O'Neil;科技"), ("戊'.txt",))
    zone = Node("Zone/0000000000f2", "Zone", "远山产业园", (), ("戊'.txt",))
    ev = Evidence("戊'.txt", TRICKY_SENTENCE, 0, len(TRICKY_SENTENCE), 3, 3 + len(TRICKY_SENTENCE))
    edge = Edge("fact/00000000000000f3", firm.id, zone.id, "LOCATED_IN", ev, year=2023, amount="1.5亿元",
                value_yuan=150000000.0, rule="rule's \\ name")
    return PropertyGraph((firm, zone), (edge,), (Document("doc/0000000000f4", "戊'.txt", "远山产业园", "f" * 64),))


def _trig(pg: PropertyGraph, folder: Path) -> Path:
    from kg.rdf import write_trig

    folder.mkdir(parents=True, exist_ok=True)
    write_trig(pg, folder / "graph.trig")
    return folder


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# ---------------------------------------------------------------------------
# CSV


def test_csv_headers_follow_neo4j_admin(tmp_path: Path, graph: PropertyGraph) -> None:
    files = write_csv(_trig(graph, tmp_path / "g"), tmp_path / "csv")
    assert [f.name for f in files] == ["nodes_entities.csv", "nodes_documents.csv", "relationships_facts.csv",
                                       "relationships_mentioned_in.csv", "README.md"]
    heads = {f.name: f.read_text(encoding="utf-8").splitlines()[0] for f in files[:4]}
    assert heads["nodes_entities.csv"] == "id:ID,name,aliases:string[],keys:string[],docs:string[],corpus,:LABEL"
    assert heads["nodes_documents.csv"] == "id:ID,name,subject,sha256,corpus,:LABEL"
    assert heads["relationships_facts.csv"] == (":START_ID,:END_ID,:TYPE,id,doc,sentence,start:int,end:int,"
                                                "raw_start:int,raw_end:int,level,year:int,batch,grade,amount,"
                                                "value_yuan:double,rule,corpus")
    assert heads["relationships_mentioned_in.csv"] == ":START_ID,:END_ID,:TYPE,corpus"


def test_csv_rows_match_the_graph(tmp_path: Path, graph: PropertyGraph) -> None:
    files = write_csv(_trig(graph, tmp_path / "g"), tmp_path / "csv")
    entities, documents, facts, mentions = (_read_csv(f) for f in files[:4])
    assert len(entities) + len(documents) == node_count(graph)
    assert len(facts) + len(mentions) == relationship_count(graph)
    firm = next(r for r in entities if r["id:ID"] == E1.id)
    assert firm[":LABEL"] == "Entity;Enterprise"
    assert firm["aliases:string[]"].split(";") == ["x临川", "临川重工"]
    assert firm["keys:string[]"].split(";") == ["临川", "临川重工", "临川重工集团"]
    assert firm["docs:string[]"].split(";") == [YI, JIA]
    fact = next(r for r in facts if r["id"] == f"fact/{16:016x}")
    assert (fact[":TYPE"], fact["value_yuan:double"], fact["amount"], fact["year:int"]) == ("FUNDED_BY", "7080000.0",
                                                                                          "708万元", "")
    assert {r[":TYPE"] for r in mentions} == {"MENTIONED_IN"}
    assert next(r for r in documents if r["name"] == "丁.txt")["subject"] == ""  # null


def test_csv_readme_has_the_import_command(tmp_path: Path, graph: PropertyGraph) -> None:
    files = write_csv(_trig(graph, tmp_path / "g"), tmp_path / "csv")
    readme = files[-1].read_text(encoding="utf-8")
    assert ("neo4j-admin database import full --overwrite-destination --nodes=nodes_entities.csv "
            "--nodes=nodes_documents.csv --relationships=relationships_facts.csv "
            "--relationships=relationships_mentioned_in.csv --array-delimiter=';' --multiline-fields=true neo4j"
            ) in readme


def test_csv_quotes_survive_and_a_semicolon_changes_the_delimiter(tmp_path: Path) -> None:
    files = write_csv(_trig(_tricky_graph(), tmp_path / "g"), tmp_path / "csv")
    entities, _, facts, _ = (_read_csv(f) for f in files[:4])
    firm = next(r for r in entities if r["name"] == TRICKY_NAME)
    assert firm["aliases:string[]"].split("|") == ["O'Neil;科技", "云帆\\数科"]  # ';' occurs in an alias
    assert facts[0]["sentence"] == TRICKY_SENTENCE
    assert "--array-delimiter='|'" in files[-1].read_text(encoding="utf-8")


def test_array_delimiter_falls_back_in_order() -> None:
    assert array_delimiter(["甲", "乙"]) == ";"
    assert array_delimiter(["a;b", "c|d"]) == "¦"


def test_exports_are_deterministic(tmp_path: Path, graph: PropertyGraph) -> None:
    g = _trig(graph, tmp_path / "g")
    first = [f.read_bytes() for f in write_csv(g, tmp_path / "a") + write_cypher(g, tmp_path / "a")]
    second = [f.read_bytes() for f in write_csv(g, tmp_path / "b") + write_cypher(g, tmp_path / "b")]
    assert first == second


def test_exports_are_registered() -> None:
    assert get_exporter("neo4j-csv") is write_csv
    assert get_exporter("cypher") is write_cypher


# ---------------------------------------------------------------------------
# Cypher script


def _run_script(uri: str, script: Path) -> int:
    """Run the script one statement per line, as cypher-shell would; schema via the FalkorDB dialect."""
    lines = [line for line in script.read_text(encoding="utf-8").split("\n") if line and not line.startswith("//")]
    assert all(line.endswith(";") for line in lines)
    schema = [line[:-1] for line in lines if line.startswith("CREATE ")]
    with connect(uri) as conn, conn.driver.session() as session:
        for statement in FalkorDialect().schema_statements(session, schema):
            session.run(statement).consume()
        for line in lines[len(schema):]:
            session.run(line[:-1]).consume()
    return len(lines)


def _snapshot(uri: str) -> tuple[list[Any], list[Any]]:
    with connect(uri) as conn, conn.driver.session() as session:
        nodes = session.run("MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS p ORDER BY id").data()
        rels = session.run("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p "
                           "ORDER BY a, t, b, p.id").data()
    for n in nodes:
        n["labels"] = sorted(n["labels"])
    return nodes, rels


def test_cypher_script_gives_the_same_graph_as_a_bolt_load(bolt_uri: str, tmp_path: Path, graph: PropertyGraph) -> None:
    (script,) = write_cypher(_trig(graph, tmp_path / "g"), tmp_path / "out")
    assert script.name == "graph.cypher"
    _run_script(bolt_uri, script)
    from_script = _snapshot(bolt_uri)
    assert counts(bolt_uri) == (node_count(graph), relationship_count(graph))
    _run_script(bolt_uri, script)  # MERGE: running it twice changes nothing
    assert _snapshot(bolt_uri) == from_script
    clear(bolt_uri)
    load(graph, bolt_uri)
    assert _snapshot(bolt_uri) == from_script


def test_cypher_script_round_trips_quotes_and_backslashes(bolt_uri: str, tmp_path: Path) -> None:
    (script,) = write_cypher(_trig(_tricky_graph(), tmp_path / "g"), tmp_path / "tricky.cypher")
    assert script == tmp_path / "tricky.cypher"
    _run_script(bolt_uri, script)
    nodes, rels = _snapshot(bolt_uri)
    firm = next(n["p"] for n in nodes if n["id"] == "Enterprise/0000000000f1")
    assert firm["name"] == TRICKY_NAME
    assert firm["aliases"] == ["O'Neil;科技", "云帆\\数科"]
    (fact,) = [r["p"] for r in rels if r["t"] == "LOCATED_IN"]
    assert fact["sentence"] == TRICKY_SENTENCE
    assert (fact["rule"], fact["doc"], fact["value_yuan"], fact["year"]) == ("rule's \\ name", "戊'.txt", 150000000.0, 2023)


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        ("a'b", "'a\\'b'"),
        ("a\\b", "'a\\\\b'"),
        ("行1\n行2\r\t", "'行1\\n行2\\r\\t'"),
        ("\x0b\u2028", "'\\u000b\\u2028'"),
        (7080000.0, "7080000.0"),
        ([1, None, True], "[1, null, true]"),
        ({"id": "x", "odd key": 1}, "{id: 'x', `odd key`: 1}"),
    ],
)
def test_cypher_literals(value: Any, literal: str) -> None:
    assert cypher_literal(value) == literal
    assert "\n" not in cypher_literal(value)


def test_cypher_literal_refuses_what_it_cannot_write() -> None:
    from kg.errors import KGError

    with pytest.raises(KGError):
        cypher_literal(float("nan"))
    with pytest.raises(KGError):
        cypher_literal(object())


def test_missing_graph_is_a_kg_error(tmp_path: Path) -> None:
    from kg.errors import KGError

    with pytest.raises(KGError, match="no graph found"):
        write_csv(tmp_path / "nope", tmp_path / "out")
    assert not (tmp_path / "out").exists()
