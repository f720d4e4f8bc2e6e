"""CLI commands: view (registered on the shared app)."""

from __future__ import annotations

from kg.cli._app import app, expected_errors  # noqa: F401
