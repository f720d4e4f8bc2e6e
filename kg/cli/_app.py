"""The typer application and the one place where errors become ``Error: …``."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import typer

from kg.errors import KGError

app = typer.Typer(
    name="kg",
    help="Knowledge graphs from Chinese development-zone work reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@contextlib.contextmanager
def expected_errors() -> Iterator[None]:
    """Turn a :class:`KGError` into ``Error: …`` on stderr and exit code 1."""
    try:
        yield
    except KGError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(1) from None


def main() -> None:
    """Console-script entry point."""
    app()
