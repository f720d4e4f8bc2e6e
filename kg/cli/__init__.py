"""The ``kg`` command line: a thin typer layer over the library.

Each command group lives in its own module and registers itself on :data:`app`;
every command calls one library function and prints its result. Expected failures
(:class:`kg.errors.KGError`) become ``Error: …`` on stderr and exit code 1.
"""

from __future__ import annotations

from kg.cli._app import app, main

# Importing the modules registers their commands on ``app``, in the order of ``kg --help``.
# isort: off
from kg.cli import build as _build  # noqa: F401
from kg.cli import query as _query  # noqa: F401
from kg.cli import load as _load  # noqa: F401
from kg.cli import view as _view  # noqa: F401
# isort: on

__all__ = ["app", "main"]
