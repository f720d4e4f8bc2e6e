"""CLI commands: ``kg load neo4j`` (registered on the shared app)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import typer

from kg.cli._app import app, expected_errors

PASSWORD_ENV = "KG_NEO4J_PASSWORD"

load_app = typer.Typer(help="Load a built graph into a graph database.", no_args_is_help=True)
app.add_typer(load_app, name="load")


def _password() -> str:
    """The password from KG_NEO4J_PASSWORD, else a hidden prompt (never echoed or logged).

    Raises:
        KGError: no variable, and the prompt got no answer (standard input ended, or
            Ctrl-C): a bare "Aborted!" said nothing of the password.
    """
    from kg.errors import KGError

    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        try:
            password = typer.prompt("Neo4j password", default="", hide_input=True, show_default=False, err=True)
        except typer.Abort:  # (click's Abort before typer 0.26 vendored click)
            raise KGError(f"no Neo4j password: set {PASSWORD_ENV}, or type it at the prompt") from None
    return password


@contextlib.contextmanager
def _progress_bar() -> Iterator[Callable[[int, int], None]]:
    """Yield ``advance(done, total)``: a rich bar with rows/s on a terminal, else a no-op."""
    if not sys.stderr.isatty():
        yield lambda done, total: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (TextColumn("load"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]} rows/s"),
               TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("load", total=None, rate="-")

        def advance(done: int, total: int) -> None:
            elapsed = bar.tasks[0].elapsed or 1e-9
            bar.update(task, completed=done, total=total, rate=f"{done / elapsed:,.0f}")

        yield advance


@load_app.command("neo4j")
def neo4j_cmd(
    graph: Path = typer.Option(Path("output"), "--graph", "-g", help="Build folder holding graph.trig (or the file)."),
    uri: str = typer.Option("bolt://localhost:7687", "--uri", help="Bolt URI of the server."),
    user: str = typer.Option("neo4j", "--user", "-u", help="User name."),
    database: str | None = typer.Option(None, "--database", "-d", help="Database [default: the server's]."),
    batch_size: int | None = typer.Option(None, "--batch-size", min=1, help="Rows per write transaction."),
    replace: bool = typer.Option(False, "--replace", help="First delete the earlier load of the same documents."),
) -> None:
    """Load a built graph into Neo4j (or another Bolt server such as FalkorDB).

    Entities become (:Entity:Type) nodes, documents (:Document) nodes, every fact a
    relationship with its evidence, plus MENTIONED_IN links; loading twice changes
    nothing. The password is read from KG_NEO4J_PASSWORD, else prompted for (hidden).

    Example: KG_NEO4J_PASSWORD=secret kg load neo4j --graph output/ --uri bolt://localhost:7687 --replace
    """
    from kg.neo4j_load import DEFAULT_BATCH_SIZE, load
    from kg.rdf import load_graph

    with expected_errors():
        pg = load_graph(graph)
        password = _password()
        with _progress_bar() as advance:
            report = load(pg, uri, user=user, password=password, database=database,
                          batch_size=batch_size or DEFAULT_BATCH_SIZE, replace=replace, progress=advance)
    typer.echo(f"loaded {report.nodes} nodes and {report.relationships} relationships into {uri} "
               f"in {report.seconds:.2f} s (corpus {report.corpus})")
