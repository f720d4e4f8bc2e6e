"""kg: knowledge graphs from Chinese development-zone work reports.

The public surface: :func:`build` (the whole pipeline), :class:`KGError` (the root of
every expected failure) and :func:`load_lexicon` (the language data). Everything else is
reached through its stage module (``kg.read``, ``kg.repair``, ``kg.extract``,
``kg.resolve``, ``kg.rdf``, ``kg.stores``, ``kg.queries``, ``kg.views``, ``kg.neo4j_load``).
"""

from __future__ import annotations

from typing import Any

from kg.errors import KGError
from kg.lexicon import load_lexicon

__all__ = ["KGError", "build", "load_lexicon"]
__version__ = "0.1.0"


def build(*args: Any, **kwargs: Any) -> Any:
    """Run the whole pipeline; see :func:`kg.pipeline.build`."""
    from kg.pipeline import build as _build

    return _build(*args, **kwargs)
