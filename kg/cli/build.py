"""CLI commands: build, explain."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli._app import app, expected_errors
from kg.pipeline import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT


def _folder(value: str | None, option: str) -> str | None:
    """A folder option as given; an empty one (``--out "$UNSET"``) would be the current
    folder, whose files a build would replace: refused."""
    if value is not None and not value.strip():
        raise typer.BadParameter("is empty; give a folder (. for the current one)", param_hint=f"'{option}'")
    return value


@app.command("build")
def build_cmd(
    inputs: list[Path] = typer.Argument(..., help="Report files or folders (read recursively)."),
    out: str = typer.Option("output", "--out", "-o", help="Output folder.", callback=lambda v: _folder(v, "--out")),
    jobs: int = typer.Option(1, "--jobs", "-j", min=0, help="CPU cores to use: worker processes for extraction, then the three outputs written at once (0: one per CPU)."),
    strict: bool = typer.Option(False, "--strict", help="Exit 2 when any file was skipped."),
    no_validate: bool = typer.Option(False, "--no-validate", help="Skip the SHACL check."),
    cache: str | None = typer.Option(None, "--cache", help="Extraction cache folder (default: OUT/.cache).",
                                     callback=lambda v: _folder(v, "--cache")),
    no_cache: bool = typer.Option(False, "--no-cache", help="Extract every file again; read and write no cache."),
    max_mb: float = typer.Option(DEFAULT_MAX_BYTES / 2**20, "--max-mb", min=0.001, help="Skip files larger than this many MB."),
    timeout: float = typer.Option(DEFAULT_TIMEOUT, "--timeout", min=0, help="Skip a file whose decoding and extraction take longer than this many seconds (0: no limit)."),
) -> None:
    """Build the knowledge graph of a corpus of reports.

    Writes extractions.jsonl, graph.trig, store/ (Oxigraph), graph.html and
    report.json. Builds are incremental: a file whose bytes did not change is
    taken from the extraction cache instead of being extracted again.

    A file that cannot be read or decoded, is larger than --max-mb, or whose
    extraction fails or runs past --timeout is skipped with one line
    "Warning: <file>: <reason>" on stderr, and the rest of the corpus builds.

    Exit codes: 0 built, with or without warnings; 1 error (nothing could be
    read, another build is writing OUT); 2 built, but --strict was given and
    some file was skipped; 130 stopped by Ctrl-C, 143 by SIGTERM. A build that
    does not finish leaves OUT's previous outputs as they were.

    Example: kg build corpus/ --out build/ --jobs 2
    """
    from kg.cli._progress import progress_bar
    from kg.pipeline import build

    with expected_errors(), progress_bar("extract") as advance:
        report = build(inputs, out, jobs=jobs, progress=advance, validate=not no_validate, cache=not no_cache,
                       cache_dir=cache, max_bytes=int(max_mb * 2**20), timeout=timeout or None)
    for warning in [*report.warnings, *(f.reason for f in report.failures)]:
        typer.echo(f"Warning: {_one_line(warning)}", err=True)
    typer.echo(f"documents: {report.documents_read} read, {report.documents_failed} failed"
               f" ({report.extracted} extracted, {report.cached} from the cache)")
    if report.ignored:
        from kg.read import SUFFIXES

        kinds = ", ".join(f"{v} {k or '(no suffix)'}" for k, v in report.ignored.items())
        typer.echo(_one_line(f"not read:  {kinds} (kg reads {' '.join(sorted(SUFFIXES))})"))
    typer.echo("entities:  " + (", ".join(f"{k} {v}" for k, v in report.entities.items()) or "none found"))
    typer.echo("relations: " + (", ".join(f"{k} {v}" for k, v in report.relations.items()) or "none found"))
    typer.echo(f"graph:     {report.nodes} nodes, {report.edges} facts, {report.triples} triples"
               + (f"; store {report.store}" if report.store else ""))
    if "shacl_conforms" in report.__dict__:
        typer.echo(f"shacl:     {'conforms' if report.__dict__['shacl_conforms'] else str(report.__dict__['shacl_violations']) + ' violations (kg validate)'}")
    typer.echo(f"output:    {out} ({report.seconds:.2f} s)")
    if strict and report.failures:
        raise typer.Exit(2)


def _one_line(text: str) -> str:
    """``text`` with control characters (a newline in a file name) shown escaped."""
    return "".join(ch if ch.isprintable() or ch == " " else ascii(ch)[1:-1] for ch in text)


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
