"""Export formats by name → implementation (lazy imports, like rdflib's plugin registry).

Each implementation is ``write(graph_dir: Path, out: Path) -> list[Path]``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from kg.errors import KGError

FORMATS: dict[str, str] = {
    "turtle": "kg.export.rdf:write_turtle",
    "nquads": "kg.export.rdf:write_nquads",
    "jsonld": "kg.export.rdf:write_jsonld",
    "graphml": "kg.export.rdf:write_graphml",
    "neo4j-csv": "kg.export.neo4j:write_csv",
    "cypher": "kg.export.neo4j:write_cypher",
}


def get_exporter(name: str) -> Callable[[Path, Path], list[Path]]:
    """Return the exporter registered under ``name``.

    Raises:
        KGError: unknown format (the message lists the valid ones).
    """
    target = FORMATS.get(name)
    if target is None:
        raise KGError(f"unknown export format {name!r}; choose one of: {', '.join(FORMATS)}")
    module, _, func = target.partition(":")
    return getattr(importlib.import_module(module), func)  # type: ignore[no-any-return]
