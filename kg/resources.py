"""Locate the data folders kept at the repository root: ``schema/`` and ``queries/``.

The ontology, the SHACL shapes and the canned queries are files that analysts edit, so
they live beside the code rather than inside it (STYLE.md §3, §8). A source checkout
finds them at the repository root; an installed package finds them in ``kg/schema`` and
``kg/queries`` when the wheel ships them there as package data.
"""

from __future__ import annotations

import functools
from pathlib import Path

from kg.errors import KGError

_PACKAGE_DIR = Path(__file__).resolve().parent
_SEARCH = (_PACKAGE_DIR.parent, _PACKAGE_DIR)


@functools.cache
def resource_dir(name: str) -> Path:
    """Return the folder ``name`` (``"schema"`` or ``"queries"``).

    Args:
        name: the folder name, relative to the repository root.

    Returns:
        The first existing folder among ``<repo>/name`` and ``<package>/name``.

    Raises:
        KGError: neither exists (a broken install).
    """
    for base in _SEARCH:
        candidate = base / name
        if candidate.is_dir():
            return candidate
    tried = ", ".join(str(base / name) for base in _SEARCH)
    raise KGError(f"data folder {name!r} not found (looked in {tried}); reinstall kg or run from a source checkout")


def resource_file(*parts: str) -> Path:
    """Return the file ``parts`` below a resource folder, e.g. ``("schema", "kg.ttl")``.

    Raises:
        KGError: the folder or the file is missing.
    """
    path = resource_dir(parts[0]).joinpath(*parts[1:])
    if not path.is_file():
        raise KGError(f"data file not found: {path}")
    return path
