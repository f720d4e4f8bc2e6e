"""kg.neo4j_load against a real Bolt server (FalkorDB): counts, properties, idempotency, --replace."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from kg.errors import StoreError
from kg.model import Document, Node, PropertyGraph
from kg.neo4j_bolt import connect
from kg.neo4j_load import corpus_id, load, node_count, plan, relationship_count
from tests.neo4j.conftest import counts
from tests.neo4j.falkordb import free_port
from tests.neo4j.graphs import E1, FACTS, JIA, YI, fixture_graph, sentence


def _rows(uri: str, cypher: str, **params: Any) -> list[dict[str, Any]]:
    with connect(uri) as conn, conn.driver.session() as session:
        return session.run(cypher, params).data()


def test_counts_follow_the_contract_formulas(bolt_uri: str, graph: PropertyGraph) -> None:
    report = load(graph, bolt_uri)
    # node count = len(nodes) + len(documents); relationship count = len(edges) + Σ len(node.docs)
    nodes = len(graph.nodes) + len(graph.documents)
    rels = len(graph.edges) + sum(len(n.docs) for n in graph.nodes)
    assert (nodes, rels) == (15 + 4, 23 + 25)
    assert (report.nodes, report.relationships) == (nodes, rels)
    assert counts(bolt_uri) == (nodes, rels)
    by_type = _rows(bolt_uri, "MATCH ()-[r]->() RETURN type(r) AS t, count(r) AS c ORDER BY t")
    assert {r["t"]: r["c"] for r in by_type} == {
        "FUNDED_BY": 4, "LOCATED_IN": 7, "MENTIONED_IN": 25, "PARTNERS_WITH": 3, "RECEIVED_HONOUR": 7, "UNDERTAKES": 2}


def test_entity_node_properties(bolt_uri: str, graph: PropertyGraph) -> None:
    load(graph, bolt_uri)
    (row,) = _rows(bolt_uri, "MATCH (n:Entity {id: $id}) RETURN n AS n, labels(n) AS labels", id=E1.id)
    assert set(row["labels"]) == {"Entity", "Enterprise"}
    props = row["n"]
    assert props["name"] == "临川重工集团"
    assert props["aliases"] == ["x临川", "临川重工"]
    # keys: normalize_name of the name and of each alias ("x临川" loses its mask)
    assert props["keys"] == ["临川", "临川重工", "临川重工集团"]
    assert props["docs"] == [YI, JIA]  # sorted: 乙 (U+4E59) before 甲 (U+7532)
    assert props["corpus"] == corpus_id(graph)


def test_document_nodes_omit_a_missing_subject(bolt_uri: str, graph: PropertyGraph) -> None:
    load(graph, bolt_uri)
    rows = _rows(bolt_uri, "MATCH (d:Document) RETURN d.id AS id, d.name AS name, d.subject AS subject, "
                           "d.sha256 AS sha ORDER BY id")
    assert [(r["name"], r["subject"]) for r in rows] == [
        ("甲.txt", "青岚经济开发区"), ("乙.txt", "青岚经济开发区"), ("丙.txt", "白鹭高新区"), ("丁.txt", None)]
    assert rows[0]["sha"] == "a" * 64


def test_fact_relationship_properties(bolt_uri: str, graph: PropertyGraph) -> None:
    load(graph, bolt_uri)
    (honour,) = _rows(bolt_uri, "MATCH ()-[r:RECEIVED_HONOUR {id: $id}]->() RETURN properties(r) AS r", id=f"fact/{10:016x}")
    r = honour["r"]
    assert (r["level"], r["year"], r["batch"], r["doc"]) == ("national", 2021, "第五批", JIA)
    assert r["sentence"] == sentence(10)
    assert (r["start"], r["end"], r["raw_start"], r["raw_end"]) == (100, 100 + len(sentence(10)), 120,
                                                                   120 + len(sentence(10)))
    assert r["rule"] == "test-rule-received_honour"
    assert "grade" not in r and "amount" not in r and "value_yuan" not in r  # nulls are omitted
    (known,) = _rows(bolt_uri, "MATCH ()-[r:FUNDED_BY {id: $id}]->() RETURN properties(r) AS r", id=f"fact/{16:016x}")
    assert known["r"]["value_yuan"] == 7080000.0 and known["r"]["amount"] == "708万元"
    (masked,) = _rows(bolt_uri, "MATCH ()-[r:FUNDED_BY {id: $id}]->() RETURN properties(r) AS r", id=f"fact/{17:016x}")
    assert masked["r"]["amount"] == "x.x亿元" and "value_yuan" not in masked["r"]


def test_every_fact_joins_its_source_and_target(bolt_uri: str, graph: PropertyGraph) -> None:
    load(graph, bolt_uri)
    rows = _rows(bolt_uri, "MATCH (a)-[r]->(b) WHERE type(r) <> 'MENTIONED_IN' "
                           "RETURN r.id AS id, a.name AS s, type(r) AS p, b.name AS o ORDER BY id")
    assert [(r["s"], r["p"], r["o"]) for r in rows] == [(s.name, p, o.name) for _, s, p, o, _, _ in FACTS]


def test_mentioned_in_links_entities_to_their_documents(bolt_uri: str, graph: PropertyGraph) -> None:
    load(graph, bolt_uri)
    rows = _rows(bolt_uri, "MATCH (n:Entity {id: $id})-[:MENTIONED_IN]->(d:Document) RETURN d.name AS d ORDER BY d",
                 id=E1.id)
    assert [r["d"] for r in rows] == sorted([JIA, YI])


def test_loading_twice_leaves_the_same_counts(bolt_uri: str, graph: PropertyGraph) -> None:
    first = load(graph, bolt_uri)
    after_first = counts(bolt_uri)
    second = load(graph, bolt_uri, batch_size=3)
    assert counts(bolt_uri) == after_first == (first.nodes, first.relationships)
    assert (second.nodes, second.relationships) == (first.nodes, first.relationships)


def _re_extracted(graph: PropertyGraph) -> PropertyGraph:
    """Same documents, different extraction: fact 23 and entity 松石制药 gone, one new entity."""
    kept = tuple(n for n in graph.nodes if n.name != "松石制药")
    new = Node("Enterprise/0000000000ff", "Enterprise", "翠湖新材", (), (YI,))
    edges = tuple(e for e in graph.edges if e.id not in (f"fact/{23:016x}", f"fact/{5:016x}"))
    return PropertyGraph(tuple(sorted((*kept, new), key=lambda n: n.id)), edges, graph.documents)


def test_replace_removes_what_the_earlier_load_left(bolt_uri: str, graph: PropertyGraph) -> None:
    load(graph, bolt_uri)
    newer = _re_extracted(graph)
    assert corpus_id(newer) == corpus_id(graph)  # same documents → same corpus tag
    load(newer, bolt_uri)
    # without --replace the stale entity and facts stay
    assert counts(bolt_uri) == (node_count(newer) + 1, relationship_count(newer) + 2 + 1)
    load(newer, bolt_uri, replace=True)
    assert counts(bolt_uri) == (node_count(newer), relationship_count(newer))
    assert _rows(bolt_uri, "MATCH (n:Entity {name: '松石制药'}) RETURN n.id AS id") == []


def test_replace_leaves_other_corpora_alone(bolt_uri: str, graph: PropertyGraph) -> None:
    other = PropertyGraph(
        (Node("Zone/0000000000aa", "Zone", "远山产业园", (), ("戊.txt",)),),
        (),
        (Document("doc/0000000000ee", "戊.txt", "远山产业园", "e" * 64),),
    )
    assert corpus_id(other) != corpus_id(graph)
    load(other, bolt_uri)
    load(graph, bolt_uri)
    load(graph, bolt_uri, replace=True)
    assert counts(bolt_uri) == (node_count(graph) + 2, relationship_count(graph) + 1)


def test_progress_reports_every_batch_up_to_the_total(bolt_uri: str, graph: PropertyGraph) -> None:
    calls: list[tuple[int, int]] = []
    load(graph, bolt_uri, batch_size=4, progress=lambda done, total: calls.append((done, total)))
    total = node_count(graph) + relationship_count(graph)
    assert calls[-1] == (total, total)
    assert [d for d, _ in calls] == sorted({d for d, _ in calls})  # strictly increasing
    assert len(calls) == len(list(plan(graph, 4)))
    assert counts(bolt_uri) == (node_count(graph), relationship_count(graph))


def test_load_through_an_open_driver(bolt_uri: str, graph: PropertyGraph) -> None:
    with connect(bolt_uri) as conn:
        report = load(graph, conn.driver)
        assert conn.driver.execute_query("RETURN 1 AS x").records[0]["x"] == 1  # still open
    assert counts(bolt_uri) == (report.nodes, report.relationships)


def test_schema_indexes_exist_after_a_load(bolt_uri: str, graph: PropertyGraph) -> None:
    load(graph, bolt_uri)
    rows = _rows(bolt_uri, "CALL db.indexes() YIELD label, properties RETURN label, properties")
    indexed = {(r["label"], p) for r in rows for p in r["properties"]}
    expected = {(label, "id") for label in ("Entity", "Zone", "Enterprise", "Organization", "Project", "Honour",
                                            "FundingSource", "Document")}
    assert expected | {("Entity", "keys"), ("Entity", "name"), ("Entity", "corpus")} <= indexed


def test_a_document_named_only_by_a_node_still_gets_a_node(bolt_uri: str) -> None:
    g = PropertyGraph((Node("Zone/000000000077", "Zone", "远山产业园", (), ("无档.txt",)),), (), ())
    report = load(g, bolt_uri)
    assert (report.nodes, report.relationships) == counts(bolt_uri) == (2, 1)


def test_unknown_types_are_refused_before_connecting() -> None:
    bad_node = PropertyGraph((Node("Person/000000000001", "Person", "某人"),), ())
    with pytest.raises(StoreError, match="unknown node label 'Person'"):
        load(bad_node, "bolt://127.0.0.1:1")
    g = fixture_graph()
    bad_edge = replace(g, edges=(replace(g.edges[0], type="OWNS`]->(x) DETACH DELETE x //"),))
    with pytest.raises(StoreError, match="unknown relationship type"):
        load(bad_edge, "bolt://127.0.0.1:1")


def test_bad_batch_size(graph: PropertyGraph) -> None:
    with pytest.raises(StoreError, match="batch size"):
        load(graph, "bolt://127.0.0.1:1", batch_size=0)


def test_unreachable_server_is_one_store_error(graph: PropertyGraph) -> None:
    port = free_port()
    with pytest.raises(StoreError, match=r"cannot reach the Bolt server at bolt://127\.0\.0\.1") as info:
        load(graph, f"bolt://127.0.0.1:{port}")
    assert "\n" not in str(info.value)


def test_not_a_bolt_uri(graph: PropertyGraph) -> None:
    with pytest.raises(StoreError, match="not a Bolt URI"):
        load(graph, "http://localhost:7474")


def test_credentials_the_server_refuses(falkordb: str, graph: PropertyGraph) -> None:
    # FalkorDB's Bolt takes no credentials: any non-empty password is refused.
    with pytest.raises(StoreError, match="check the user and password") as info:
        load(graph, falkordb, user="neo4j", password="not-the-password")
    assert "\n" not in str(info.value)
    assert "not-the-password" not in str(info.value)


def test_corpus_id_depends_on_the_documents_only(graph: PropertyGraph) -> None:
    shuffled = PropertyGraph(graph.nodes[::-1], graph.edges[:3], graph.documents[::-1])
    assert corpus_id(shuffled) == corpus_id(graph)
    changed = replace(graph, documents=graph.documents[:3] + (replace(graph.documents[3], sha256="f" * 64),))
    assert corpus_id(changed) != corpus_id(graph)


def _with_sentence(graph: PropertyGraph, text: str) -> PropertyGraph:
    first = graph.edges[0]
    ev = replace(first.evidence, sentence=text, end=first.evidence.start + len(text))
    return replace(graph, edges=(replace(first, evidence=ev), *graph.edges[1:]))


def test_a_row_filling_the_whole_budget_does_not_crash_falkordb(bolt_uri: str, graph: PropertyGraph) -> None:
    # FalkorDB dies on statements over ~4 KiB (see FalkorDialect): find the longest sentence
    # whose row the split still accepts, and load it.
    from kg.neo4j_bolt import FalkorDialect
    from kg.neo4j_load import FACT_FIELDS, fact_row, fact_statement

    statement = fact_statement(graph.edges[0].type)

    def fits(n: int) -> bool:
        row = [fact_row(_with_sentence(graph, "园" * n).edges[0]).get(f) for f in FACT_FIELDS]
        try:
            list(FalkorDialect().split(statement, [row]))
        except StoreError:
            return False
        return True

    lo, hi = 1, 4000  # fits(lo), not fits(hi)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid)
    full = _with_sentence(graph, "园" * lo)
    assert lo * 3 > 2500  # the budget is most of the 4 KiB, not a timid fraction
    load(full, bolt_uri, batch_size=100)
    assert counts(bolt_uri) == (node_count(full), relationship_count(full))
    (got,) = _rows(bolt_uri, "MATCH ()-[r {id: $id}]->() RETURN r.sentence AS s", id=full.edges[0].id)
    assert got["s"] == "园" * lo


def test_a_row_too_large_for_falkordb_is_refused_not_sent(bolt_uri: str, graph: PropertyGraph) -> None:
    with pytest.raises(StoreError, match="too large for FalkorDB"):
        load(_with_sentence(graph, "园区" * 1000), bolt_uri)
    assert _rows(bolt_uri, "RETURN 1 AS ok") == [{"ok": 1}]  # the server is still up


# FalkorDB's Bolt front end writes parameters into the query text unescaped: a quote used
# to fail the load and a backslash to start an escape ("\b" arrived as a backspace).
QUOTED, BACKSLASHED, PATH, TAIL = "O'Neil科技", "云帆\\b数科", "C:\\new\\table'1'", "末尾\\"


def test_quotes_and_backslashes_come_back_exactly_as_sent(bolt_uri: str, graph: PropertyGraph) -> None:
    from kg.neo4j_query import run_cypher, run_cypher_query

    awkward = replace(graph, nodes=tuple(replace(n, name=QUOTED, aliases=(BACKSLASHED, TAIL)) if n.id == E1.id else n
                                         for n in graph.nodes))
    awkward = _with_sentence(awkward, f"{PATH}与“{QUOTED}”和\"直引号\"")
    load(awkward, bolt_uri)
    assert counts(bolt_uri) == (node_count(awkward), relationship_count(awkward))
    (node,) = _rows(bolt_uri, "MATCH (n:Entity {id: $id}) RETURN n.name AS name, n.aliases AS aliases", id=E1.id)
    assert (node["name"], node["aliases"]) == (QUOTED, [BACKSLASHED, TAIL])
    (fact,) = _rows(bolt_uri, "MATCH ()-[r {id: $id}]->() RETURN r.sentence AS s", id=awkward.edges[0].id)
    assert fact["s"] == awkward.edges[0].evidence.sentence
    # the canned queries' parameters are escaped the same way (a driver's dialect is asked for)
    expected = [{"id": E1.id, "name": QUOTED, "type": "Enterprise", "aliases": f"{BACKSLASHED}、{TAIL}"}]
    assert run_cypher_query("entity_lookup", {"name": BACKSLASHED}, uri=bolt_uri).rows == expected
    with connect(bolt_uri) as conn:
        assert run_cypher(conn.driver, "entity_lookup", {"name": TAIL}).rows == expected
    load(awkward, bolt_uri, replace=True)
    assert counts(bolt_uri) == (node_count(awkward), relationship_count(awkward))
