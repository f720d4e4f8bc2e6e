"""CLI commands: build, explain."""

from __future__ import annotations

from kg.cli._app import app, expected_errors  # noqa: F401
