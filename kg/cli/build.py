"""CLI commands: build, explain."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli._app import app, expected_errors


@app.command("build")
def build_cmd(
    inputs: list[Path] = typer.Argument(..., help="Report files or folders (read recursively)."),
    out: Path = typer.Option(Path("output"), "--out", "-o", help="Output folder."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes for extraction."),
    strict: bool = typer.Option(False, "--strict", help="Exit 2 when any file could not be read."),
    no_validate: bool = typer.Option(False, "--no-validate", help="Skip the SHACL check."),
) -> None:
    """Build the knowledge graph of a corpus of reports.

    Writes extractions.jsonl, graph.trig, store/ (Oxigraph), graph.html and report.json.
    Unreadable files are reported one line each and skipped (exit 0; with --strict, 2).

    Example: kg build corpus/ --out build/
    """
    from kg.cli._progress import progress_bar
    from kg.pipeline import build

    with expected_errors(), progress_bar("extract") as advance:
        report = build(inputs, out, jobs=jobs, progress=advance, validate=not no_validate)
    for f in report.failures:
        typer.echo(f"Warning: {f.reason}", err=True)
    typer.echo(f"documents: {report.documents_read} read, {report.documents_failed} failed")
    typer.echo("entities:  " + ", ".join(f"{k} {v}" for k, v in report.entities.items()))
    typer.echo("relations: " + ", ".join(f"{k} {v}" for k, v in report.relations.items()))
    typer.echo(f"graph:     {report.nodes} nodes, {report.edges} facts, {report.triples} triples")
    if "shacl_conforms" in report.__dict__:
        typer.echo(f"shacl:     {'conforms' if report.__dict__['shacl_conforms'] else str(report.__dict__['shacl_violations']) + ' violations (kg validate)'}")
    typer.echo(f"output:    {out} ({report.seconds:.2f} s)")
    if strict and report.failures:
        raise typer.Exit(2)


@app.command("explain")
def explain_cmd(
    file: Path = typer.Argument(..., help="One report file."),
) -> None:
    """Print each fact extracted from one report with its evidence and the rule behind it.

    Example: kg explain examples/qinghe_2023.txt
    """
    from kg.explain import explain

    with expected_errors():
        text = explain(file)
    typer.echo(text)
