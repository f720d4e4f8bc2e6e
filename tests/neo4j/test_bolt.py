"""kg.neo4j_bolt: driver errors become one-line StoreErrors; the FalkorDB dialect."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j.exceptions import Neo4jError, ServiceUnavailable

from kg.errors import StoreError
from kg.neo4j_bolt import Dialect, FalkorDialect, bolt_errors, connect
from kg.neo4j_load import schema_statements

URI = "bolt://db.example:7687"


def _server_error(code: str, message: str) -> Neo4jError:
    # How the driver builds the exception from a server FAILURE message.
    return Neo4jError._hydrate_neo4j(code=code, message=message)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (_server_error("Neo.ClientError.Security.Unauthorized", "The client is unauthorized."),
         f"authentication failed at {URI}: wrong user or password"),
        (ServiceUnavailable("Couldn't connect to db.example:7687:\nConnection refused"),
         f"cannot reach the Bolt server at {URI}: Couldn't connect to db.example:7687: Connection refused"),
        (_server_error("Neo.ClientError.Database.DatabaseNotFound", "Database does not exist."),
         f"database 'reports' does not exist at {URI}"),
        (_server_error("Neo.ClientError.Statement.SyntaxError", "Invalid input 'RETUR'"),
         "Cypher syntax error while loading: Invalid input 'RETUR'"),
        (_server_error("Neo.DatabaseError.General.UnknownError", "An unknown error occurred"),
         f"the server at {URI} failed while loading: An unknown error occurred"),
    ],
)
def test_driver_errors_become_one_line_store_errors(exc: Exception, expected: str) -> None:
    with pytest.raises(StoreError) as info, bolt_errors(URI, "reports", "loading"):
        raise exc
    assert str(info.value).startswith(expected)
    assert "\n" not in str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_other_exceptions_pass_through() -> None:
    with pytest.raises(KeyError), bolt_errors(URI, None, "loading"):
        raise KeyError("not a driver error")


class _FakeSession:
    """Answers ``CALL db.indexes()`` like FalkorDB, with one index already present."""

    def run(self, cypher: str) -> Any:
        assert cypher.startswith("CALL db.indexes()")
        rows = [{"label": "Entity", "properties": ["id"]}]
        return type("Result", (), {"data": lambda self: rows})()


def test_falkordb_gets_indexes_for_the_schema_it_lacks() -> None:
    statements = FalkorDialect().schema_statements(_FakeSession(), schema_statements())
    assert "CREATE INDEX FOR (n:Entity) ON (n.id)" not in statements  # already there
    assert "CREATE INDEX FOR (n:Zone) ON (n.id)" in statements
    assert "CREATE INDEX FOR (n:Document) ON (n.id)" in statements
    assert "CREATE INDEX FOR (n:Entity) ON (n.keys)" in statements
    assert all(s.startswith("CREATE INDEX FOR (n:") for s in statements)
    assert len(statements) == len(schema_statements()) - 1


def test_falkordb_rejects_a_schema_statement_it_cannot_translate() -> None:
    with pytest.raises(StoreError, match="cannot translate"):
        FalkorDialect().schema_statements(_FakeSession(), ["CREATE FULLTEXT INDEX x FOR (n:Entity) ON EACH [n.name]"])


def test_neo4j_runs_the_schema_file_as_written() -> None:
    statements = schema_statements()
    assert Dialect().schema_statements(None, statements) == statements
    assert "CREATE CONSTRAINT zone_id IF NOT EXISTS FOR (n:Zone) REQUIRE n.id IS UNIQUE" in statements
    assert not any("//" in s for s in statements)


def test_the_test_server_is_recognised_as_falkordb(falkordb: str) -> None:
    with connect(falkordb) as conn:
        assert conn.dialect.name == "falkordb"


def test_clients_after_a_closed_one_are_answered_quickly(falkordb: str) -> None:
    # FalkorDB would leave the connection after a GOODBYE hanging; connect() settles it.
    import time

    for _ in range(4):
        started = time.perf_counter()
        with connect(falkordb) as conn:
            conn.driver.execute_query("RETURN 1 AS x")
        assert time.perf_counter() - started < 3.0


def test_falkordb_parameters_are_escaped_for_its_inlined_query_text() -> None:
    values = {"rows": [["O'Neil", ["a\\b", "'"]], [3, None, 1.5]], "corpus": "corpus/ab", "m": {"k": "it's"}}
    assert FalkorDialect().prepare("RETURN $rows, $corpus, $m", values) == {
        "rows": [["O\\'Neil", ["a\\\\b", "\\'"]], [3, None, 1.5]], "corpus": "corpus/ab", "m": {"k": "it\\'s"}}
    assert Dialect().prepare("RETURN $rows, $corpus, $m", values) is values  # Neo4j binds parameters; nothing to escape


def test_falkordb_refuses_text_with_a_nul_instead_of_cutting_it() -> None:
    with pytest.raises(StoreError, match="NUL"):
        FalkorDialect().prepare("RETURN $rows", {"rows": [["临川\x00重工"]]})


def test_falkordb_refuses_a_statement_too_large_for_its_bolt_buffer() -> None:
    dialect = FalkorDialect()
    fits = "园" * ((dialect.max_query_bytes - 200) // 3)
    assert dialect.prepare("RETURN $name", {"name": fits}) == {"name": fits}
    with pytest.raises(StoreError, match="more than FalkorDB's Bolt takes"):
        dialect.prepare("RETURN $name", {"name": fits + "园" * 100})
    with pytest.raises(StoreError, match="more than FalkorDB's Bolt takes"):  # escapes count
        dialect.prepare("RETURN $name", {"name": "'" * (dialect.max_query_bytes // 2)})


def test_escape_alone_does_what_prepare_does_but_the_size_check() -> None:
    values = {"rows": [["O'Neil", "a\\b"]], "corpus": "corpus/ab"}
    dialect = FalkorDialect()
    assert dialect.escape(values) == dialect.prepare("RETURN $rows, $corpus", values)
    assert Dialect().escape(values) is values
