"""Canned queries: ``queries/sparql/<name>.rq`` files, listed, loaded and run by name.

Each file starts with a header::

    # title: 企业荣誉 / Honours of an enterprise
    # description: …
    # params: enterprise, limit=10

A parameter with an integer default is numeric (validated as ``int``); every other one
is a name, reduced with :func:`kg.names.normalize_name` and matched against the
``kg:key`` literals of the entities. Parameters are never spliced into the query text as
given. On Oxigraph a name parameter ``p`` is bound by rewriting the file's own
placeholder line ``VALUES ?p_key { UNDEF }`` into ``VALUES ?p_key { "<literal>" }``, the
literal serialized by pyoxigraph (N-Triples escaping); Oxigraph's ``substitutions=`` only
binds projected variables, and a trailing ``VALUES`` joins after the projection, so
neither could bind a key that is not a result column. On rdflib the placeholder is
dropped and the same escaped literal stands in place of the variable (rdflib joins a
``VALUES`` block, and ``initBindings`` too, only after scanning the patterns beside it,
which takes seconds on a large graph). A numeric parameter is validated as an integer
and written, as that integer, in place of its variable on both engines (a joined
``VALUES`` number leads Oxigraph to evaluate the patterns around it unfiltered):
``limit`` becomes the number of the trailing ``LIMIT`` clause and of every ``?limit``
(``FILTER(?rank <= ?limit)`` reads the top N of a materialised ranking).
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import stores
from kg.errors import QueryError
from kg.names import normalize_name, typed_text
from kg.resources import resource_dir

ENGINES = ("oxigraph", "rdflib", "neo4j")
SPARQL_ENGINES = ("oxigraph", "rdflib")
MAX_INTEGER = 2**63 - 1
"""The largest integer parameter: SPARQL engines hold integers in 64 bits (a larger
``limit`` made Oxigraph's ``FILTER(?rank <= ?limit)`` false for every row, silently)."""
MAX_QUERY_FILE_BYTES = 1024 * 1024
DEFAULT_BOLT_URI = "bolt://localhost:7687"
_HEADER = re.compile(r"^#\s*(title|description|params)\s*:(.*)$")
_LIMIT = re.compile(r"\bLIMIT\s+\d+\s*$")


@dataclass(frozen=True)
class Param:
    """A parameter of a canned query: its name, default (None = required) and kind."""

    name: str
    default: str | None = None

    @property
    def numeric(self) -> bool:
        """True for integer parameters (their default is an integer)."""
        return self.default is not None and re.fullmatch(r"-?\d+", self.default) is not None


@dataclass(frozen=True)
class QueryInfo:
    """What ``kg query --list`` shows about one canned query."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    path: Path


@dataclass
class QueryResult:
    """Result columns, and rows as dicts keyed by column (``None`` = unbound)."""

    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)


def query_dir() -> Path:
    """Return the folder of the canned SPARQL queries."""
    return resource_dir("queries") / "sparql"


def list_queries() -> list[QueryInfo]:
    """Return every canned query, sorted by name.

    Raises:
        QueryError: a query file has a malformed header or placeholder.
    """
    return [query_info(p.stem) for p in sorted(query_dir().glob("*.rq"))]


def load_query(name: str) -> str:
    """Return the text of the canned query ``name``.

    Raises:
        QueryError: no such query (the message lists the known ones).
    """
    path = query_dir() / f"{name}.rq"
    if not re.fullmatch(r"[A-Za-z0-9_]+", name) or not path.is_file():
        known = ", ".join(p.stem for p in sorted(query_dir().glob("*.rq")))
        raise QueryError(f"unknown query {name!r}; known queries: {known}")
    return path.read_text(encoding="utf-8")


@functools.cache
def query_info(name: str) -> QueryInfo:
    """Parse the header, parameters and result columns of the canned query ``name``.

    Raises:
        QueryError: unknown query, or a header/placeholder that does not fit the file.
    """
    text = load_query(name)
    header = {m.group(1): m.group(2).strip() for m in map(_HEADER.match, text.splitlines()) if m}
    if "title" not in header or "params" not in header:
        raise QueryError(f"query {name}: header lacks '# title:' or '# params:'")
    params = tuple(_param(p) for p in header["params"].split(",") if p.strip())
    for p in params:
        _check_placeholder(name, text, p)
    return QueryInfo(name, header["title"], header.get("description", ""), params, _columns(name, text),
                     query_dir() / f"{name}.rq")


def _param(spec: str) -> Param:
    key, eq, default = spec.strip().partition("=")
    return Param(key.strip(), default.strip() if eq else None)


def _check_placeholder(name: str, text: str, param: Param) -> None:
    if param.name == "limit" and param.numeric:
        ok = _LIMIT.search(text) is not None
    else:
        ok = _placeholder(param) in text  # (each one is bound: a UNION may repeat it per branch)
    if not ok:
        raise QueryError(f"query {name}: parameter {param.name!r} has no binding placeholder in the file")


def _placeholder(param: Param) -> str:
    return f"VALUES ?{_variable(param)} {{ UNDEF }}"


def _columns(name: str, text: str) -> tuple[str, ...]:
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        return tuple(str(v) for v in prepareQuery(text).algebra["PV"])
    except (ParseException, ValueError, TypeError, KeyError) as exc:
        raise QueryError(f"query {name} does not parse: {exc}") from None


def bind_query(name: str, params: dict[str, str], style: str = "values") -> tuple[str, dict[str, str]]:
    """Return the query text with its parameters bound, and the bound values.

    Args:
        name: a canned query name.
        params: parameter values as given by the user (names un-normalised).
        style: for name parameters, ``"values"`` fills each ``VALUES ?p_key { UNDEF }``
            placeholder with the escaped literal (best for Oxigraph, which starts from
            small VALUES blocks); ``"terms"`` drops the placeholder and writes the
            escaped literal in place of every ``?p_key`` (best for rdflib, which joins
            VALUES blocks and ``initBindings`` only after scanning the patterns beside
            them). Numeric parameters are always written in place.

    Returns:
        The executable SPARQL and the normalised/validated values by parameter.

    Raises:
        QueryError: unknown query or parameter, missing parameter, non-integer limit.
    """
    info = query_info(name)
    known = {p.name for p in info.params}
    unknown = sorted(set(params) - known)
    if unknown:
        expected = ", ".join(sorted(known)) or "none"
        raise QueryError(f"query {name} has no parameter {unknown[0]!r} (parameters: {expected})")
    text, values = load_query(name), {}
    for p in info.params:
        values[p.name] = _value(name, p, params)
        text = _bind(text, p, values[p.name], style)
    return text, values


def _variable(param: Param) -> str:
    return param.name if param.numeric else f"{param.name}_key"


def _value(name: str, param: Param, params: dict[str, str]) -> str:
    raw = params.get(param.name, param.default)
    if raw is None:
        raise QueryError(f"query {name} needs parameter {param.name!r} (--param {param.name}=…)")
    typed_text(raw, f"parameter {param.name!r}")
    if not param.numeric:
        key = normalize_name(raw)
        if not key:  # it would match no entity: an empty answer that looks like a real one
            raise QueryError(f"parameter {param.name!r} is empty (after dropping white space, quotes, "
                             f"brackets and masks: {raw!r})")
        return key
    try:
        number = int(raw)
    except ValueError:
        raise QueryError(f"parameter {param.name!r} must be an integer, not {raw!r}") from None
    if number < 0:
        raise QueryError(f"parameter {param.name!r} must not be negative, not {number}")
    if number > MAX_INTEGER:
        raise QueryError(f"parameter {param.name!r} must be at most {MAX_INTEGER}, not {raw.strip()}")
    return str(number)


def _bind(text: str, param: Param, value: str, style: str = "values") -> str:
    if param.numeric:
        number = str(int(value))  # validated: digits only
        if param.name == "limit":
            text = _LIMIT.sub(f"LIMIT {number}", text)
        return _in_place(text.replace(_placeholder(param), ""), param, number)
    # str(term) is the N-Triples form: quotes, backslashes and newlines are escaped, so
    # the value stays one literal whatever it holds.
    term = str(ox.Literal(value))
    if style == "terms":
        return _in_place(text.replace(_placeholder(param), ""), param, term)
    return text.replace(_placeholder(param), f"VALUES ?{_variable(param)} {{ {term} }}")


def _in_place(text: str, param: Param, term: str) -> str:
    """Write ``term`` in place of every ``?variable`` of ``param``."""
    return re.sub(rf"\?{_variable(param)}(?![A-Za-z0-9_])", lambda _: term, text)


def run_query(graph_dir: Path, name: str, params: dict[str, str], engine: str = "oxigraph", *,
              uri: str | None = None, user: str | None = None, password: str | None = None,
              database: str | None = None) -> QueryResult:
    """Run the canned query ``name`` with ``params``.

    Args:
        graph_dir: the build folder (``store/`` or ``graph.trig``); unused by ``neo4j``.
        name: the query name (``kg query --list``).
        params: parameter values, e.g. ``{"enterprise": "临工"}``.
        engine: ``oxigraph`` (default), ``rdflib`` or ``neo4j``.
        uri: Bolt URI (neo4j only; default ``bolt://localhost:7687``).
        user: Neo4j user (neo4j only).
        password: Neo4j password (neo4j only).
        database: Neo4j database (neo4j only).

    Returns:
        The columns of the query and its rows.

    Raises:
        QueryError: unknown query or engine, bad or missing parameters.
        KGError: no graph in ``graph_dir``.
        StoreError: the store cannot be opened or queried.
    """
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
    text, values = bind_query(name, params, style="terms" if engine == "rdflib" else "values")
    if engine == "neo4j":
        from kg.neo4j_load import run_cypher_query

        return run_cypher_query(name, values, uri=uri or DEFAULT_BOLT_URI, user=user, password=password,
                                database=database)
    return _with_columns(run_sparql(graph_dir, text, engine=engine), query_info(name).columns)


def _with_columns(result: QueryResult, columns: tuple[str, ...]) -> QueryResult:
    return QueryResult(list(columns), [{c: row.get(c) for c in columns} for row in result.rows])


def to_csv(result: QueryResult) -> str:
    """Render ``result`` as CSV with a header row (unbound values are empty)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows([["" if row[c] is None else row[c] for c in result.columns] for row in result.rows])
    return buffer.getvalue()


def to_json(result: QueryResult) -> str:
    """Render ``result`` as a JSON list of objects (unbound values are null)."""
    return json.dumps([{c: row[c] for c in result.columns} for row in result.rows], ensure_ascii=False, indent=2)


def run_sparql(graph_dir: Path, text: str, engine: str = "oxigraph") -> QueryResult:
    """Run a SPARQL SELECT, ASK or CONSTRUCT query over the union of all graphs.

    Args:
        graph_dir: the build folder.
        text: the query.
        engine: ``oxigraph`` (the store, or graph.trig loaded in memory) or ``rdflib``.

    Returns:
        SELECT: its variables and rows; ASK: one column ``ask``; CONSTRUCT/DESCRIBE:
        columns ``subject``, ``predicate``, ``object``.

    Raises:
        QueryError: unknown engine, an empty or malformed query, text that is not UTF-8.
        KGError: no graph in ``graph_dir``.
    """
    if engine not in SPARQL_ENGINES:
        only = " (neo4j runs the canned queries only: kg query NAME --engine neo4j)" if engine == "neo4j" else ""
        raise QueryError(f"unknown SPARQL engine {engine!r}; choose one of: {', '.join(SPARQL_ENGINES)}{only}")
    typed_text(text, "the query")
    if not text.strip():
        raise QueryError("the query is empty")
    if engine == "oxigraph":
        columns, rows = stores.sparql_oxigraph(graph_dir, text)
    else:
        columns, rows = stores.sparql_rdflib(graph_dir, text)
    return QueryResult(columns, rows)


def parse_params(pairs: list[str]) -> dict[str, str]:
    """Parse ``NAME=VALUE`` strings (``kg query --param``) into a dict.

    Raises:
        QueryError: a pair without ``=`` or a name, or the same name given twice (which
            value was meant is not known).
    """
    params: dict[str, str] = {}
    for pair in pairs:
        key, eq, value = pair.partition("=")
        if not eq or not key.strip():
            raise QueryError(f"--param expects NAME=VALUE, got {pair!r}")
        key = key.strip()
        if key in params:
            raise QueryError(f"--param {key} is given twice ({params[key]!r} and {value!r}); give it once")
        params[key] = value
    return params


def read_query_file(path: Path) -> str:
    """Read a SPARQL query from a file (``kg sparql @FILE``), UTF-8 with or without BOM.

    Raises:
        KGError: ``"<path>: <reason>"``: missing, a folder, a named pipe or device (not
            waited on), empty, over :data:`MAX_QUERY_FILE_BYTES`, or not UTF-8.
    """
    from kg.read import read_bytes, shown

    raw = read_bytes(Path(path), max_bytes=MAX_QUERY_FILE_BYTES)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise QueryError(f"{shown(path)}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})") from None


def cell_text(value: Any) -> str:
    """A result value as the text of one table cell: ``""`` for unbound, and control
    characters (a terminal's escape sequences, line breaks) written as ``\\x..``
    escapes, so that report text cannot move the cursor or recolour the terminal.
    The caller shows it as plain text, not as markup."""
    if value is None:
        return ""
    text = str(value)
    return stores.escape_controls(text)


__all__ = ["Param", "QueryInfo", "QueryResult", "bind_query", "cell_text", "list_queries", "load_query",
           "parse_params", "query_info", "read_query_file", "run_query", "run_sparql", "to_csv", "to_json"]
