"""CLI commands: query, sparql, validate, export (registered on the shared app)."""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from kg.cli._app import app, expected_errors

if TYPE_CHECKING:
    from kg.queries import QueryResult

PASSWORD_ENV = "KG_NEO4J_PASSWORD"
GRAPH_HELP = "Build folder holding graph.trig and store/."


class Format(str, Enum):
    """Output formats of query results."""

    table = "table"
    csv = "csv"
    json = "json"


class Engine(str, Enum):
    """Query engines."""

    oxigraph = "oxigraph"
    rdflib = "rdflib"
    neo4j = "neo4j"


def _print(result: QueryResult, fmt: Format, title: str = "") -> None:
    from kg.queries import to_csv, to_json

    if fmt is Format.csv:
        typer.echo(to_csv(result), nl=False)
    elif fmt is Format.json:
        typer.echo(to_json(result))
    else:
        _table(result, title)


def _table(result: QueryResult, title: str) -> None:
    from rich.console import Console
    from rich.table import Column, Table
    from rich.text import Text

    from kg.queries import cell_text

    # Text, not str: rich would read "[/x]" or "[bold]" in report text as markup.
    table = Table(*(Column(header=Text(cell_text(c))) for c in result.columns), title=title or None)
    for row in result.rows:
        table.add_row(*(Text(cell_text(row[c])) for c in result.columns))
    Console(soft_wrap=True).print(table)
    typer.echo(f"{len(result.rows)} row{'' if len(result.rows) == 1 else 's'}")


def _list_queries() -> None:
    from rich.console import Console
    from rich.table import Table

    from kg.queries import list_queries

    table = Table("name", "title", "params", title="canned queries")
    for info in list_queries():
        params = ", ".join(p.name if p.default is None else f"{p.name}={p.default}" for p in info.params)
        table.add_row(info.name, info.title, params)
    Console(soft_wrap=True).print(table)


@app.command("query")
def query_cmd(
    name: str = typer.Argument(None, help="Canned query name (see --list)."),
    list_: bool = typer.Option(False, "--list", help="List the canned queries and exit."),
    param: list[str] = typer.Option([], "--param", "-p", help="Parameter as NAME=VALUE (repeatable)."),
    graph: Path = typer.Option(Path("output"), "--graph", "-g", help=GRAPH_HELP),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    engine: Engine = typer.Option(Engine.oxigraph, "--engine", "-e", help="Query engine."),
    uri: str = typer.Option("bolt://localhost:7687", "--uri", help="Bolt URI (neo4j engine)."),
    user: str = typer.Option("neo4j", "--user", help="Neo4j user (neo4j engine)."),
    database: str = typer.Option(None, "--database", help="Neo4j database (neo4j engine)."),
) -> None:
    """Run a canned query by name; names are matched after normalisation (臨工 finds 临工).

    The Neo4j password comes from the KG_NEO4J_PASSWORD environment variable.

    Example: kg query enterprise_honours --param enterprise=临工 --graph output/
    """
    from kg.errors import QueryError
    from kg.queries import parse_params, query_info, run_query

    with expected_errors():
        if list_:
            _list_queries()
            return
        if not name:
            raise QueryError("give a query name, or --list to see them")
        result = run_query(graph, name, parse_params(param), engine=engine.value, uri=uri, user=user,
                           password=os.environ.get(PASSWORD_ENV), database=database)
        _print(result, fmt, query_info(name).title)


@app.command("sparql")
def sparql_cmd(
    text: str = typer.Argument(..., help="A SPARQL SELECT/ASK/CONSTRUCT query, or @FILE to read one."),
    graph: Path = typer.Option(Path("output"), "--graph", "-g", help=GRAPH_HELP),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    engine: Engine = typer.Option(Engine.oxigraph, "--engine", "-e", help="oxigraph or rdflib."),
) -> None:
    """Run a SPARQL query over the union of all graphs (no GRAPH clause needed).

    The prefixes kg, prov, rdf, rdfs, skos and xsd are predeclared.

    Example: kg sparql 'SELECT ?n WHERE { ?e a kg:Zone ; skos:prefLabel ?n }' --graph output/
    """
    from kg.queries import read_query_file, run_sparql

    with expected_errors():
        query = read_query_file(Path(text[1:])) if text.startswith("@") else text
        _print(run_sparql(graph, query, engine=engine.value), fmt)


@app.command("validate")
def validate_cmd(
    graph: Path = typer.Option(Path("output"), "--graph", "-g", help=GRAPH_HELP),
) -> None:
    """Check graph.trig against the SHACL shapes (schema/shapes.ttl); exit 1 on violations.

    Example: kg validate --graph output/
    """
    from kg.errors import SchemaError
    from kg.validate import validate

    with expected_errors():
        report = validate(graph)
        for v in report.violations:
            typer.echo(f"{v.focus_node}\t{v.path or '-'}\t{v.message}\t[{v.shape} {v.component}]")
        if not report.conforms:
            raise SchemaError(f"the graph does not conform to the SHACL shapes: {len(report.violations)} violations")
        typer.echo(f"conforms: {report.triples} triples checked")


@app.command("export")
def export_cmd(
    fmt: str = typer.Option(..., "--format", "-f",
                            help="turtle, nquads, jsonld, graphml, neo4j-csv or cypher."),
    graph: Path = typer.Option(Path("output"), "--graph", "-g", help=GRAPH_HELP),
    out: Path = typer.Option(..., "--out", "-o", help="Output file (a folder for neo4j-csv)."),
) -> None:
    """Export the built graph in another format.

    Example: kg export --format graphml --graph output/ --out graph.graphml
    """
    from kg.export import get_exporter

    with expected_errors():
        for path in get_exporter(fmt)(graph, out):
            typer.echo(str(path))
