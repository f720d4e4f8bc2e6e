"""Canned Cypher queries: ``queries/cypher/<name>.cypher``, run over Bolt by name.

They are the twins of the SPARQL queries (``queries/sparql/<name>.rq``): same names,
parameters and result columns, so an answer can be checked across engines. Each file
starts with a header::

    // title: 企业荣誉 / Honours of an enterprise
    // description: …
    // params: enterprise, limit=10

A parameter with an integer default is an integer (validated); every other one is a
name, reduced with :func:`kg.names.normalize_name` and matched by the query against the
``keys`` list of the nodes. All values are bound as Cypher parameters (``$name``).
The queries keep to the Cypher that both Neo4j 5 and FalkorDB run (no ``COUNT {}``
subqueries, no APOC; node types read from ``labels(n)``).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from kg.errors import QueryError, StoreError
from kg.names import normalize_name
from kg.neo4j_bolt import Dialect, bolt_errors, connect, detect_dialect
from kg.queries import Param, QueryResult
from kg.resources import resource_dir

_HEADER = re.compile(r"^//\s*(title|description|params)\s*:(.*)$")
_NAME = re.compile(r"[A-Za-z0-9_]+")
MAX_LIMIT = 100_000


def cypher_dir() -> Path:
    """Return the folder of the canned Cypher queries."""
    return resource_dir("queries") / "cypher"


def cypher_names() -> list[str]:
    """Return the names of every canned Cypher query, sorted."""
    return sorted(p.stem for p in cypher_dir().glob("*.cypher"))


def load_cypher(name: str) -> str:
    """Return the text of the canned Cypher query ``name``.

    Raises:
        QueryError: no such query (the message lists the known ones).
    """
    path = cypher_dir() / f"{name}.cypher"
    if not _NAME.fullmatch(name) or not path.is_file():
        raise QueryError(f"unknown query {name!r}; known queries: {', '.join(cypher_names())}")
    return path.read_text(encoding="utf-8")


@functools.cache
def cypher_header(name: str) -> dict[str, str]:
    """Return the ``title``, ``description`` and ``params`` header lines of ``name``.

    Raises:
        QueryError: unknown query, or a header without ``title`` or ``params``.
    """
    lines = load_cypher(name).splitlines()
    header = {m.group(1): m.group(2).strip() for m in map(_HEADER.match, lines) if m}
    if "title" not in header or "params" not in header:
        raise QueryError(f"query {name}: header lacks '// title:' or '// params:'")
    return header


def cypher_params(name: str) -> tuple[Param, ...]:
    """Return the declared parameters of ``name`` (``// params: a, limit=10``)."""
    specs = [s.strip() for s in cypher_header(name)["params"].split(",") if s.strip()]
    return tuple(Param(k.strip(), d.strip() if eq else None) for k, eq, d in (s.partition("=") for s in specs))


def bind_cypher(name: str, params: dict[str, str]) -> dict[str, Any]:
    """Validate ``params`` against the header of ``name`` and return the bound values.

    Names are normalised; integers are parsed and must lie in ``0..MAX_LIMIT``.

    Raises:
        QueryError: unknown query or parameter, missing parameter, bad integer.
    """
    declared = cypher_params(name)
    known = {p.name for p in declared}
    unknown = sorted(set(params) - known)
    if unknown:
        raise QueryError(f"query {name} has no parameter {unknown[0]!r} (parameters: {', '.join(sorted(known)) or 'none'})")
    return {p.name: _value(name, p, params.get(p.name, p.default)) for p in declared}


def _value(name: str, param: Param, raw: str | None) -> str | int:
    if raw is None:
        raise QueryError(f"query {name} needs parameter {param.name!r} (--param {param.name}=…)")
    if not param.numeric:
        return normalize_name(str(raw))
    try:
        number = int(str(raw).strip())
    except ValueError:
        raise QueryError(f"parameter {param.name!r} must be an integer, not {raw!r}") from None
    if not 0 <= number <= MAX_LIMIT:
        raise QueryError(f"parameter {param.name!r} must lie between 0 and {MAX_LIMIT}, not {number}")
    return number


def run_cypher(driver: Any, name: str, params: dict[str, str], database: str | None = None, *,
               uri: str = "", dialect: Dialect | None = None) -> QueryResult:
    """Run the canned Cypher query ``name`` on an open driver.

    Args:
        driver: a ``neo4j.Driver``.
        name: the query name.
        params: parameter values as the user gave them (names are normalised here).
        database: the database (None: the server's default).
        uri: the server's address, for error messages.
        dialect: the server's dialect (None: asked of the server).

    Returns:
        The query's columns and rows (dicts keyed by column).

    Raises:
        QueryError: unknown query, bad or missing parameters.
        StoreError: the server failed or rejected the query.
    """
    text, values = load_cypher(name), bind_cypher(name, params)
    with bolt_errors(uri, database, f"running query {name}"):
        if dialect is None:
            dialect = detect_dialect(driver, database)
        try:
            prepared = dialect.prepare(text, values)
        except StoreError as exc:
            raise StoreError(f"query {name}: {exc}") from None
        with driver.session(database=database) as session:
            return session.execute_read(_fetch, text, prepared)  # type: ignore[no-any-return]


def _fetch(tx: Any, text: str, values: dict[str, Any]) -> QueryResult:
    result = tx.run(text, values)
    columns = list(result.keys())
    return QueryResult(columns, [dict(zip(columns, record.values())) for record in result])


def run_cypher_query(name: str, params: dict[str, str], *, uri: str, user: str | None = "neo4j",
                     password: str | None = None, database: str | None = None) -> QueryResult:
    """Connect to ``uri``, run the canned Cypher query ``name`` and disconnect.

    Args:
        name: the query name.
        params: parameter values as the user gave them.
        uri: the Bolt URI.
        user: the user name.
        password: the password (None: no authentication).
        database: the database (None: the server's default).

    Returns:
        The query's columns and rows.

    Raises:
        QueryError: unknown query, bad or missing parameters.
        StoreError: the server is unreachable or failed.
    """
    bind_cypher(name, params)  # fail on bad parameters before connecting
    with connect(uri, user or "neo4j", password, database=database) as conn:
        return run_cypher(conn.driver, name, params, database, uri=uri, dialect=conn.dialect)


__all__ = ["bind_cypher", "cypher_dir", "cypher_header", "cypher_names", "cypher_params", "load_cypher",
           "run_cypher", "run_cypher_query"]
