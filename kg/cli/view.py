"""CLI commands: view (registered on the shared app)."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import typer

from kg.cli._app import app, expected_errors


def _split_types(types: str | None) -> list[str] | None:
    """``"Enterprise, Honour"`` → ``["Enterprise", "Honour"]``; empty → every type."""
    if not types:
        return None
    return [t.strip() for t in types.split(",") if t.strip()]


@app.command("view")
def view_cmd(
    graph: Path = typer.Option(Path("output"), "--graph", "-g", help="Build folder holding graph.trig (or the file)."),
    focus: str | None = typer.Option(None, "--focus", "-f", help="Show this entity's neighbourhood (name or alias)."),
    depth: int = typer.Option(2, "--depth", "-d", min=0, help="Hops around --focus."),
    types: str | None = typer.Option(None, "--types", "-t", help="Entity types to show, comma-separated."),
    zone: str | None = typer.Option(None, "--zone", "-z", help="Show this zone, what lies in it, and their neighbours."),
    max_nodes: int = typer.Option(5000, "--max-nodes", min=1, help="Keep at most this many (highest-degree) nodes."),
    out: Path | None = typer.Option(None, "--out", "-o", help="HTML file to write [default: GRAPH/view.html]."),
    open_page: bool = typer.Option(False, "--open", help="Open the page in the default browser."),
) -> None:
    """Write an offline HTML view of the graph, or of one entity's neighbourhood.

    Click a node or an edge for its aliases, documents and evidence; search by name or
    alias (traditional characters work too); tick types on and off in the legend.

    Example: kg view --graph build/ --focus 临工集团 --depth 2 --types Enterprise,Honour --open
    """
    from kg.rdf import load_graph
    from kg.views import render_html

    with expected_errors():
        pg = load_graph(graph)
        target = out or (graph if graph.is_dir() else graph.parent) / "view.html"
        report = render_html(pg, target, focus=focus, depth=depth, types=_split_types(types), zone=zone,
                             max_nodes=max_nodes)
    typer.echo(f"view: {report.nodes} nodes, {report.edges} facts → {report.path}")
    if report.omitted_nodes:
        typer.echo(f"left out {report.omitted_nodes} nodes and {report.omitted_edges} facts "
                   f"(--max-nodes {max_nodes}); narrow the view with --focus NAME, --zone or --types")
    if open_page:
        webbrowser.open(report.path.resolve().as_uri())
