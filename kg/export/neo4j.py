"""Bulk exports for Neo4j: CSV files for ``neo4j-admin database import`` and a Cypher script.

Both follow the Neo4j model of :mod:`kg.neo4j_load` (same labels, properties and
relationships), so an import, a script run and a Bolt load give the same graph.

* :func:`write_csv` writes node and relationship CSVs with typed headers (``id:ID``,
  ``:LABEL``, ``:START_ID``, ``:END_ID``, ``:TYPE``, ``year:int``, ``value_yuan:double``,
  ``aliases:string[]``) and a README.md holding the exact import command.
* :func:`write_cypher` writes ``graph.cypher``: the schema, then the loader's own
  ``UNWIND … MERGE`` batches with the rows written as Cypher literals, one statement
  per line, for ``cypher-shell -f``.

The output is deterministic: the same graph gives byte-identical files.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.io import atomic_open, atomic_write_text
from kg.model import PropertyGraph
from kg.neo4j_load import (
    corpus_id,
    document_row,
    documents_of,
    fact_row,
    node_row,
    plan,
    schema_statements,
)
from kg.outputs import output_file, output_folder

ARRAY_DELIMITERS = (";", "|", "¦", "\x1f")  # the first one no array element contains is used
SCRIPT_BATCH = 500
NODE_FILES = ("nodes_entities.csv", "nodes_documents.csv")
REL_FILES = ("relationships_facts.csv", "relationships_mentioned_in.csv")
_ENTITY_COLUMNS = ("id:ID", "name", "aliases:string[]", "keys:string[]", "docs:string[]", "corpus", ":LABEL")
_DOCUMENT_COLUMNS = ("id:ID", "name", "subject", "sha256", "corpus", ":LABEL")
_FACT_COLUMNS = (":START_ID", ":END_ID", ":TYPE", "id", "doc", "sentence", "start:int", "end:int", "raw_start:int",
                 "raw_end:int", "level", "year:int", "batch", "grade", "amount", "value_yuan:double", "rule", "corpus")
_MENTION_COLUMNS = (":START_ID", ":END_ID", ":TYPE", "corpus")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _load(graph_dir: Path) -> PropertyGraph:
    from kg.rdf import load_graph

    return load_graph(graph_dir)


# ---------------------------------------------------------------------------
# neo4j-admin CSV


def write_csv(graph_dir: Path, out: Path) -> list[Path]:
    """Write the graph of ``graph_dir`` as neo4j-admin import CSVs into the folder ``out``.

    Args:
        graph_dir: a build folder holding ``graph.trig`` (or the file itself).
        out: the folder to write (created if missing).

    Returns:
        The files written: two node CSVs, two relationship CSVs, README.md.

    Raises:
        KGError: no graph in ``graph_dir``, or ``out`` is a file (or a pipe, a device).
        SchemaError: the graph file is malformed.
    """
    output_folder(Path(out))
    return write_csv_graph(_load(graph_dir), Path(out))


def write_csv_graph(pg: PropertyGraph, out: Path) -> list[Path]:
    """Write ``pg`` as neo4j-admin import CSVs into ``out`` (see :func:`write_csv`)."""
    for name in (*NODE_FILES, *REL_FILES, "README.md"):
        output_file(Path(out) / name)
    corpus, docs = corpus_id(pg), documents_of(pg)
    doc_id = {d.name: d.id for d in docs}
    entities = [node_row(n) for n in pg.nodes]
    delimiter = array_delimiter(v for row in entities for key in ("aliases", "keys", "docs") for v in row[key])
    tables = {
        NODE_FILES[0]: (_ENTITY_COLUMNS, [_entity_record(r, n.type, delimiter, corpus) for r, n in
                                          zip(entities, pg.nodes)]),
        NODE_FILES[1]: (_DOCUMENT_COLUMNS, [_document_record(document_row(d), corpus) for d in docs]),
        REL_FILES[0]: (_FACT_COLUMNS, [_fact_record(fact_row(e), e.type, corpus) for e in pg.edges]),
        REL_FILES[1]: (_MENTION_COLUMNS, [[n.id, doc_id[name], "MENTIONED_IN", corpus] for n in pg.nodes
                                          for name in n.docs]),
    }
    written = []
    for name, (columns, records) in tables.items():
        written.append(_write_table(out / name, columns, records))
    readme = out / "README.md"
    atomic_write_text(readme, import_readme(delimiter))
    return [*written, readme]


def array_delimiter(values: Iterable[str]) -> str:
    """Return the first of :data:`ARRAY_DELIMITERS` that no array element contains.

    Raises:
        KGError: every candidate occurs in some element.
    """
    seen = set("".join(values))
    for candidate in ARRAY_DELIMITERS:
        if candidate not in seen:
            return candidate
    raise KGError("no usable array delimiter: every candidate occurs in a name or alias")


def _entity_record(row: dict[str, Any], etype: str, delimiter: str, corpus: str) -> list[Any]:
    arrays = [delimiter.join(row[k]) if row[k] else None for k in ("aliases", "keys", "docs")]
    return [row["id"], row["name"], *arrays, corpus, f"Entity;{etype}"]


def _document_record(row: dict[str, Any], corpus: str) -> list[Any]:
    return [row["id"], row["name"], row.get("subject"), row.get("sha256"), corpus, "Document"]


def _fact_record(row: dict[str, Any], rel: str, corpus: str) -> list[Any]:
    names = [c.split(":")[0] for c in _FACT_COLUMNS[3:-1]]  # the properties between :TYPE and corpus
    return [row["source"], row["target"], rel, *(_csv_value(row.get(k)) for k in names), corpus]


def _csv_value(value: Any) -> Any:
    return repr(value) if isinstance(value, float) else value


def _write_table(path: Path, columns: Sequence[str], records: list[list[Any]]) -> Path:
    with atomic_open(path) as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(records)
    return path


def import_readme(delimiter: str) -> str:
    """The README.md of a CSV export: the files and the exact neo4j-admin command."""
    nodes = " ".join(f"--nodes={name}" for name in NODE_FILES)
    rels = " ".join(f"--relationships={name}" for name in REL_FILES)
    return (
        "# kg graph: neo4j-admin import files\n\n"
        "Written by `kg export --to neo4j-csv`. Nodes: `nodes_entities.csv` (labels `Entity` and the\n"
        "entity type), `nodes_documents.csv` (`Document`). Relationships: `relationships_facts.csv`\n"
        "(one per fact, with its evidence and attributes) and `relationships_mentioned_in.csv`.\n"
        f"List properties (`aliases`, `keys`, `docs`) are separated by `{delimiter}`.\n\n"
        "Stop the database, then run from this folder (it replaces the database `neo4j`):\n\n"
        "```sh\n"
        f"neo4j-admin database import full --overwrite-destination {nodes} {rels} "
        f"--array-delimiter='{delimiter}' --multiline-fields=true neo4j\n"
        "```\n\n"
        "Start the database and create the constraints and indexes:\n"
        "`cypher-shell -f schema/neo4j.cypher` (from the kg repository).\n"
    )


# ---------------------------------------------------------------------------
# cypher-shell script


def write_cypher(graph_dir: Path, out: Path) -> list[Path]:
    """Write the graph of ``graph_dir`` as a Cypher script for ``cypher-shell -f``.

    Args:
        graph_dir: a build folder holding ``graph.trig`` (or the file itself).
        out: a ``.cypher`` file, or a folder to write ``graph.cypher`` into.

    Returns:
        The script written.

    Raises:
        KGError: no graph in ``graph_dir``, or ``out`` cannot be written (a file not
            named ``.cypher``, a folder named ``.cypher``, a pipe or a device).
        SchemaError: the graph file is malformed.
    """
    out = Path(out)
    if out.suffix == ".cypher":
        path = output_file(out)
    else:
        if out.is_file():
            raise KGError(f"{_shown(out)}: is a file; give a .cypher file or a folder to write graph.cypher into")
        path = output_file(output_folder(out) / "graph.cypher")
    pg = _load(graph_dir)  # read (and checked) before any folder is made
    with atomic_open(path) as fh:
        for line in cypher_lines(pg):
            fh.write(line + "\n")
    return [path]


def _shown(path: Path) -> str:
    from kg.read import shown

    return shown(path)


def cypher_lines(pg: PropertyGraph, batch_size: int = SCRIPT_BATCH) -> Iterable[str]:
    """Yield the script: comments, the schema, then one ``UNWIND [...] … MERGE`` per batch."""
    yield "// kg graph for cypher-shell -f: schema first, then MERGE batches (safe to run twice)."
    yield f"// corpus: {corpus_id(pg)}"
    for statement in schema_statements():
        yield " ".join(statement.split()) + ";"
    corpus = cypher_literal(corpus_id(pg))
    for batch in plan(pg, batch_size):
        head, rest = batch.statement.split("$rows", 1)
        yield f"{head}{cypher_literal(batch.rows)}{rest.replace('$corpus', corpus)};"


def cypher_literal(value: Any) -> str:
    """Write ``value`` (str, int, float, bool, None, list, dict) as a Cypher literal.

    Strings are single-quoted with ``\\``, ``'``, newline, carriage return and tab
    escaped, other control characters as ``\\uXXXX``; the result never spans lines.

    Raises:
        KGError: a value Cypher cannot write (NaN, infinity, other types).
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise KGError(f"cannot write {value} as a Cypher literal")
        return repr(value)
    if isinstance(value, str):
        return "'" + "".join(_escape_char(c) for c in value) + "'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {cypher_literal(v)}" for k, v in value.items()) + "}"
    raise KGError(f"cannot write a {type(value).__name__} as a Cypher literal")


def _escape_char(c: str) -> str:
    if c in _ESCAPES:
        return _ESCAPES[c]
    if ord(c) < 0x20 or c in "\x7f\x85\u2028\u2029":
        return f"\\u{ord(c):04x}"
    return c


def _key(name: str) -> str:
    return name if _IDENTIFIER.fullmatch(name) else "`" + name.replace("`", "``") + "`"
