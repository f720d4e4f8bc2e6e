"""The shared seed reports, built with kg.pipeline, loaded over Bolt and queried both ways.

Counts are checked against graph.trig itself (counted with SPARQL, not through the
loader's formulas), and every canned Cypher query must give exactly the rows of its
SPARQL twin on the same build, for parameters taken from the graph.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.model import PropertyGraph
from kg.neo4j_bolt import connect
from kg.neo4j_query import cypher_names, cypher_params, run_cypher
from kg.queries import QueryResult, run_query, run_sparql
from tests.neo4j.conftest import clear, counts

SHARED = Path(__file__).resolve().parents[3] / "shared"
PER_QUERY = 5

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeds_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.pipeline import build

    seeds = SHARED / "corpus" / "seeds"
    if not seeds.is_dir():
        pytest.fail(f"the shared seed corpus is missing: {seeds}")
    out = tmp_path_factory.mktemp("seeds_build")
    build([seeds], out, validate=False)
    return out


@pytest.fixture(scope="module")
def seeds_graph(seeds_build: Path) -> PropertyGraph:
    from kg.rdf import load_graph

    return load_graph(seeds_build)


@pytest.fixture(scope="module")
def seeds_loaded(falkordb: str, seeds_graph: PropertyGraph) -> Iterator[str]:
    from kg.neo4j_load import load

    clear(falkordb)
    load(seeds_graph, falkordb)
    yield falkordb
    clear(falkordb)


def _count(build: Path, where: str) -> int:
    query = ("PREFIX kg: <https://w3id.org/kg-devzone/ontology#>\n"
             f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT * WHERE {{ {where} }} }}")
    return int(run_sparql(build, query).rows[0]["n"])


def test_counts_match_graph_trig(seeds_build: Path, seeds_loaded: str) -> None:
    entity = "VALUES ?c { kg:Zone kg:Enterprise kg:Organization kg:Project kg:Honour kg:FundingSource } ?e a ?c ."
    entities = _count(seeds_build, entity)
    documents = _count(seeds_build, "?d a kg:Document .")
    facts = _count(seeds_build, "?f a kg:Fact .")
    mentions = _count(seeds_build, f"{entity} ?e kg:mentionedIn ?d .")
    assert entities > 100 and facts > 100  # the seeds are a real corpus, not an empty build
    assert counts(seeds_loaded) == (entities + documents, facts + mentions)


def test_fact_types_match_graph_trig(seeds_build: Path, seeds_graph: PropertyGraph, seeds_loaded: str) -> None:
    with connect(seeds_loaded) as conn:
        rows = conn.driver.execute_query("MATCH ()-[r]->() WHERE type(r) <> 'MENTIONED_IN' "
                                         "RETURN type(r) AS t, count(r) AS c").records
    assert {r["t"]: r["c"] for r in rows} == dict(Counter(e.type for e in seeds_graph.edges))


def _names(pg: PropertyGraph, edge_type: str, end: str, node_type: str | None = None) -> list[str]:
    """Names at one end of the facts of ``edge_type``, most frequent first."""
    ends = Counter(getattr(e, end) for e in pg.edges if e.type == edge_type)
    nodes = [pg.node(i) for i, _ in sorted(ends.items(), key=lambda kv: (-kv[1], kv[0]))]
    return [n.name for n in nodes if node_type in (None, n.type)][:PER_QUERY]


def _cases(pg: PropertyGraph) -> Iterator[tuple[str, dict[str, str]]]:
    degree = Counter(x for e in pg.edges for x in (e.source, e.target))
    busiest = [pg.node(i) for i, _ in sorted(degree.items(), key=lambda kv: (-kv[1], kv[0]))]
    aliased = [n for n in pg.nodes if n.aliases][:2]
    for n in busiest[:PER_QUERY]:
        yield "entity_lookup", {"name": n.name}
    for n in aliased:
        yield "entity_lookup", {"name": n.aliases[0]}
    zones = _names(pg, "LOCATED_IN", "target", "Zone")
    for name in _names(pg, "RECEIVED_HONOUR", "source", "Enterprise"):
        yield "enterprise_honours", {"enterprise": name}
    for name in zones:
        yield "zone_enterprises", {"zone": name}
        yield "zone_funding", {"zone": name}
    for name in _names(pg, "FUNDED_BY", "source", "Zone"):
        yield "zone_funding", {"zone": name}
    for name in _names(pg, "RECEIVED_HONOUR", "target"):
        yield "honour_holders", {"honour": name}
    for name in _names(pg, "UNDERTAKES", "source", "Enterprise"):
        yield "enterprise_projects", {"enterprise": name}
    for name in _names(pg, "PARTNERS_WITH", "source", "Zone") + _names(pg, "PARTNERS_WITH", "target", "Zone"):
        yield "zone_partners", {"zone": name}
    for e in [*pg.edges[:PER_QUERY], *[e for e in pg.edges if e.type == "PARTNERS_WITH"][:2]]:
        s, o = pg.node(e.source).name, pg.node(e.target).name
        yield "fact_evidence", {"subject": s, "object": o}
        yield "fact_evidence", {"subject": o, "object": s}
    for name in ("most_connected", "co_honoured"):
        yield name, {}
        yield name, {"limit": "3"}
    for name in ("national_honours", "funding_ranking", "facts_per_document"):
        yield name, {}


def test_every_cypher_query_answers_like_its_sparql_twin(seeds_build: Path, seeds_graph: PropertyGraph,
                                                         seeds_loaded: str) -> None:
    cases = list(dict.fromkeys((n, tuple(sorted(p.items()))) for n, p in _cases(seeds_graph)))
    assert {n for n, _ in cases} == set(cypher_names())
    answered: Counter[str] = Counter()
    with connect(seeds_loaded) as conn:
        for name, items in cases:
            params = dict(items)
            sparql, cypher = run_query(seeds_build, name, params), run_cypher(conn.driver, name, params)
            assert _rows(cypher) == _rows(sparql), (name, params)
            answered[name] += bool(sparql.rows)
    # each query was compared on at least one non-empty answer (no vacuous agreement)
    assert {n for n in cypher_names() if not cypher_params(n) or answered[n]} == set(cypher_names())
    assert all(answered[n] for n in cypher_names()), answered


def _rows(result: QueryResult) -> tuple[list[str], list[dict[str, object]]]:
    return result.columns, result.rows
