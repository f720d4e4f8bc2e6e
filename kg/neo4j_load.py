"""Load a :class:`~kg.model.PropertyGraph` into Neo4j (or FalkorDB) over Bolt.

The Neo4j model (see the graph contract):

* entity nodes ``(:Entity:{type} {id, name, aliases, keys, docs, corpus})`` where ``keys``
  holds :func:`kg.names.normalize_name` of the name and of every alias (the canned
  queries match ``$name IN n.keys``);
* ``(:Document {id, name, subject, sha256, corpus})``;
* one relationship per fact edge, typed by the predicate, carrying ``id``, the evidence
  (``doc``, ``sentence``, ``start``, ``end``, ``raw_start``, ``raw_end``), the attributes
  (``level``, ``year``, ``batch``, ``grade``, ``amount``, ``value_yuan``, ``rule``; nulls
  omitted) and ``corpus``;
* ``(:Entity)-[:MENTIONED_IN {corpus}]->(:Document)`` per document of a node.

So a load writes ``len(nodes) + len(documents)`` nodes and ``len(edges) + Σ len(node.docs)``
relationships. Every write is ``UNWIND $rows AS row MERGE …`` in a managed write
transaction, ``batch_size`` rows at a time, so loading twice changes nothing; an entity
row also merges the entity's MENTIONED_IN links (its ``docs``), and rows are positional
lists named by the ``*_FIELDS`` tuples (FalkorDB cuts them into small statements). Labels
and relationship types cannot be Cypher parameters: they are formatted into the
statements only from the fixed whitelists below; every value is a bound parameter.

``corpus`` is a stable id of the graph's documents (:func:`corpus_id`); ``replace=True``
first deletes everything an earlier load of the same documents left behind.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from kg.errors import StoreError
from kg.model import ENTITY_TYPES, PREDICATES, Document, Edge, Node, PropertyGraph
from kg.names import normalize_name
from kg.neo4j_bolt import Connection, Dialect, bolt_errors, connect, detect_dialect
from kg.neo4j_query import run_cypher, run_cypher_query
from kg.resources import resource_file

# Rows per write transaction, from bench/bench_neo4j.py (1000/5000/20000 over 50k relationships
# into FalkorDB: 6,270 / 5,458 / 6,827 rel/s in one run, 2,661 / 2,799 / 2,525 in an earlier one:
# the order changes between runs; the server, not the batch, limits). 5,000 sits in the range
# Neo4j's import guidance gives for UNWIND batches.
DEFAULT_BATCH_SIZE = 5000
NODE_LABELS: frozenset[str] = frozenset(ENTITY_TYPES) | {"Document"}
FACT_TYPES: frozenset[str] = frozenset(PREDICATES)
REL_TYPES: frozenset[str] = FACT_TYPES | {"MENTIONED_IN"}
ProgressFn = Callable[[int, int], None]
Row = dict[str, Any]

# Rows travel as positional lists (no repeated map keys: FalkorDB takes ~4 KiB of
# parameters per statement, see kg.neo4j_bolt.FalkorDialect); these name the positions.
DOCUMENT_FIELDS = ("id", "name", "subject", "sha256")
ENTITY_FIELDS = ("id", "name", "aliases", "keys", "docs")
FACT_FIELDS = ("source", "target", "id", "doc", "sentence", "start", "end", "raw_start", "raw_end", "level", "year",
               "batch", "grade", "amount", "value_yuan", "rule")
_DELETE_RELS = "MATCH ()-[r:{rel} {{corpus: $corpus}}]->() WITH r LIMIT $limit DELETE r RETURN count(*) AS n"
_DELETE_NODES = "MATCH (n:{label} {{corpus: $corpus}}) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS n"


@dataclass(frozen=True)
class LoadReport:
    """What a load wrote: node and relationship rows merged, and the time it took."""

    nodes: int
    relationships: int
    seconds: float
    corpus: str = ""


@dataclass(frozen=True)
class Batch:
    """One write transaction: a statement over ``$rows``, its rows, and how many nodes and
    relationships they make (an entity row also makes its MENTIONED_IN links)."""

    statement: str
    rows: list[Any]
    items: int


def load(pg: PropertyGraph, driver_or_uri: Any, *, user: str = "neo4j", password: str | None = None,
         database: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE, replace: bool = False,
         progress: ProgressFn | None = None) -> LoadReport:
    """Merge ``pg`` into the graph database behind ``driver_or_uri``.

    Args:
        pg: the graph (``kg.rdf.load_graph(build_dir)``).
        driver_or_uri: an open ``neo4j.Driver`` (left open) or a Bolt URI (opened and
            closed here, with ``user``/``password``).
        user: the user name when a URI is given.
        password: the password when a URI is given (None: no authentication).
        database: the database (None: the server's default).
        batch_size: rows per write transaction.
        replace: first delete what an earlier load of the same corpus left.
        progress: called with (nodes and relationships written, their total) after every batch.

    Returns:
        The counts written and the seconds taken.

    Raises:
        StoreError: the server is unreachable, refuses the credentials or a statement;
            the database is missing; the graph holds an unknown type.
    """
    if batch_size < 1:
        raise StoreError(f"batch size must be at least 1, not {batch_size}")
    batches = list(plan(pg, batch_size))
    if isinstance(driver_or_uri, str):
        with connect(driver_or_uri, user, password, database=database) as conn:
            return _load(conn, pg, batches, replace, progress)
    uri = ""  # a caller's driver: its address is not ours to report
    with bolt_errors(uri, database, "connecting"):
        dialect = detect_dialect(driver_or_uri, database)
    return _load(Connection(driver_or_uri, uri, database, dialect), pg, batches, replace, progress)


def _load(conn: Connection, pg: PropertyGraph, batches: list[Batch], replace: bool,
          progress: ProgressFn | None) -> LoadReport:
    started = time.perf_counter()
    corpus = corpus_id(pg)
    total, done = sum(b.items for b in batches), 0
    with bolt_errors(conn.uri, conn.database, "loading"), conn.driver.session(database=conn.database) as session:
        apply_schema(conn, session)
        if replace:
            delete_corpus(session, corpus, dialect=conn.dialect)
        for batch in batches:
            # split() has sized each statement's rows: escaping is all that is left to do
            params = [conn.dialect.escape({"rows": rows, "corpus": corpus})
                      for rows in conn.dialect.split(batch.statement, batch.rows)]
            session.execute_write(_write, batch.statement, params)
            done += batch.items
            if progress is not None:
                progress(done, total)
    return LoadReport(nodes=node_count(pg), relationships=relationship_count(pg),
                      seconds=round(time.perf_counter() - started, 3), corpus=corpus)


def _write(tx: Any, statement: str, params: list[dict[str, Any]]) -> None:
    for values in params:
        tx.run(statement, values).consume()


def node_count(pg: PropertyGraph) -> int:
    """Nodes a load writes: entities plus documents (including ones only named by nodes)."""
    return len(pg.nodes) + len(documents_of(pg))


def relationship_count(pg: PropertyGraph) -> int:
    """Relationships a load writes: one per fact edge plus one per (node, document)."""
    return len(pg.edges) + sum(len(n.docs) for n in pg.nodes)


# ---------------------------------------------------------------------------
# Schema and --replace


def schema_statements() -> list[str]:
    """Return the statements of ``schema/neo4j.cypher`` (comments dropped)."""
    text = resource_file("schema", "neo4j.cypher").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("//")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def apply_schema(conn: Connection, session: Any) -> list[str]:
    """Create the constraints and indexes of the schema, in the server's dialect.

    Returns:
        The statements that were run.
    """
    statements = conn.dialect.schema_statements(session, schema_statements())
    for statement in statements:
        session.run(statement).consume()
    return statements


def delete_corpus(session: Any, corpus: str, limit: int = 10_000, *, dialect: Dialect | None = None) -> int:
    """Delete every relationship and node tagged with ``corpus``, ``limit`` at a time.

    ``dialect`` is the server's (default: Neo4j's), which prepares the parameters.

    Returns:
        How many relationships and nodes were deleted.
    """
    statements = [_DELETE_RELS.format(rel=_rel(t)) for t in sorted(REL_TYPES)]
    statements += [_DELETE_NODES.format(label=_label(label)) for label in ("Entity", "Document")]
    dialect = dialect or Dialect()
    deleted = 0
    for statement in statements:
        values = dialect.prepare(statement, {"corpus": corpus, "limit": limit})
        while True:
            n = session.execute_write(_delete, statement, values)
            deleted += n
            if n < limit:
                break
    return deleted


def _delete(tx: Any, statement: str, values: dict[str, Any]) -> int:
    return int(tx.run(statement, values).single()["n"])


def corpus_id(pg: PropertyGraph) -> str:
    """A stable id of the graph's documents: the same documents give the same id.

    The id hashes the sorted (file name, sha256) pairs, so re-extracting the same reports
    (new ids, new facts) keeps it, and ``--replace`` can find the earlier load.
    """
    lines = sorted(f"{d.name}\t{d.sha256}" for d in documents_of(pg))
    return "corpus/" + hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------------------
# Rows: PropertyGraph → parameter lists (labels and types from the whitelists only)


def _label(name: str) -> str:
    if name not in NODE_LABELS and name != "Entity":
        raise StoreError(f"unknown node label {name!r}; expected one of {sorted(NODE_LABELS)}")
    return name


def _rel(name: str, allowed: frozenset[str] = REL_TYPES) -> str:
    if name not in allowed:
        raise StoreError(f"unknown relationship type {name!r}; expected one of {sorted(allowed)}")
    return name


def plan(pg: PropertyGraph, batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[Batch]:
    """Yield the write batches of ``pg``: documents, entities by type (with their
    MENTIONED_IN links), facts by type.

    Raises:
        StoreError: a node or edge has a type outside the whitelists.
    """
    docs = ENTITY_FIELDS.index("docs")
    documents = [_positional(document_row(d), DOCUMENT_FIELDS) for d in documents_of(pg)]
    yield from _chunks(document_statement(), documents, batch_size)
    for label, nodes in _grouped(pg.nodes, lambda n: n.type).items():
        rows = [_positional(node_row(n), ENTITY_FIELDS) for n in nodes]
        yield from _chunks(entity_statement(label), rows, batch_size, lambda row: 1 + len(row[docs]))
    for rel, edges in _grouped(pg.edges, lambda e: e.type).items():
        rows = [_positional(fact_row(e), FACT_FIELDS) for e in edges]
        yield from _chunks(fact_statement(rel), rows, batch_size)


def _set(var: str, fields: Sequence[str], first: int) -> str:
    """``n.name = row[1], …``: the SET items of ``fields[first:]`` (a null removes the property)."""
    return ", ".join(f"{var}.{field} = row[{i}]" for i, field in enumerate(fields) if i >= first)


def document_statement() -> str:
    """MERGE documents by id."""
    return f"UNWIND $rows AS row MERGE (n:Document {{id: row[0]}}) SET {_set('n', DOCUMENT_FIELDS, 1)}, n.corpus = $corpus"


def entity_statement(label: str) -> str:
    """MERGE entities of one type by id, and their MENTIONED_IN links to documents (by name)."""
    docs = ENTITY_FIELDS.index("docs")
    return (f"UNWIND $rows AS row MERGE (n:Entity:{_label(label)} {{id: row[0]}}) "
            f"SET {_set('n', ENTITY_FIELDS, 1)}, n.corpus = $corpus "
            f"WITH n, row UNWIND row[{docs}] AS doc MATCH (d:Document {{name: doc}}) "
            "MERGE (n)-[m:MENTIONED_IN]->(d) SET m.corpus = $corpus")


def fact_statement(rel: str) -> str:
    """MERGE facts of one type by id between their (already merged) end nodes."""
    return (f"UNWIND $rows AS row MATCH (a:Entity {{id: row[0]}}) MATCH (b:Entity {{id: row[1]}}) "
            f"MERGE (a)-[r:{_rel(rel, FACT_TYPES)} {{id: row[2]}}]->(b) SET {_set('r', FACT_FIELDS, 3)}, r.corpus = $corpus")


def _positional(row: Row, fields: Sequence[str]) -> list[Any]:
    return [row.get(f) for f in fields]


def _grouped(items: Sequence[Any], key: Callable[[Any], str]) -> dict[str, list[Any]]:
    groups: dict[str, list[Any]] = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return dict(sorted(groups.items()))


def _chunks(statement: str, rows: list[Any], size: int, weight: Callable[[Any], int] = lambda row: 1) -> Iterator[Batch]:
    for i in range(0, len(rows), size):
        part = rows[i:i + size]
        yield Batch(statement, part, sum(map(weight, part)))


def documents_of(pg: PropertyGraph) -> list[Document]:
    """The graph's documents, plus a bare one for any name a node cites but none records."""
    known = {d.name for d in pg.documents}
    cited = sorted({name for n in pg.nodes for name in n.docs} - known)
    extra = [Document("doc/" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:12], name) for name in cited]
    return [*pg.documents, *extra]


def _present(props: dict[str, Any]) -> Row:
    return {k: v for k, v in props.items() if v is not None and v != ""}


def document_row(doc: Document) -> Row:
    """The properties of a ``:Document`` node, nulls omitted (``corpus`` comes from ``$corpus``)."""
    return _present({"id": doc.id, "name": doc.name, "subject": doc.subject, "sha256": doc.sha256})


def node_keys(node: Node) -> list[str]:
    """The normalised look-up keys of a node: its name and aliases, deduplicated, sorted."""
    return sorted({normalize_name(s) for s in (node.name, *node.aliases)} - {""})


def node_row(node: Node) -> Row:
    """The properties of an entity node (lists stay lists, even when empty)."""
    return {"id": node.id, "name": node.name, "aliases": sorted(node.aliases), "keys": node_keys(node),
            "docs": sorted(node.docs)}


def fact_row(edge: Edge) -> Row:
    """The end node ids and the properties of a fact relationship, nulls omitted."""
    ev = edge.evidence
    return _present({
        "source": edge.source, "target": edge.target, "id": edge.id, "doc": ev.doc, "sentence": ev.sentence,
        "start": ev.start, "end": ev.end, "raw_start": ev.raw_start, "raw_end": ev.raw_end, "level": edge.level,
        "year": edge.year, "batch": edge.batch, "grade": edge.grade, "amount": edge.amount,
        "value_yuan": edge.value_yuan, "rule": edge.rule,
    })


__all__ = ["DEFAULT_BATCH_SIZE", "Batch", "LoadReport", "corpus_id", "documents_of", "load", "node_count", "plan",
           "relationship_count", "run_cypher", "run_cypher_query"]
