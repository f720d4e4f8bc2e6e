"""Language data (word lists, patterns) kept in ``kg/data`` and loaded once.

Each list is a UTF-8 text file, one entry per line; ``#`` starts a comment and a tab
separates an entry from its tag (``经济开发区\tpeer``).
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from kg.errors import ExtractionError


@functools.cache
def load_table(name: str) -> tuple[tuple[str, str], ...]:
    """Return ``(entry, tag)`` rows of ``kg/data/<name>`` (tag ``""`` when absent).

    Raises:
        ExtractionError: the data file is missing.
    """
    try:
        text = resources.files("kg").joinpath("data", *name.split("/")).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise ExtractionError(f"data file kg/data/{name} is missing: {exc}") from None
    rows = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].rstrip() if not line.startswith("#") else ""
        if not line.strip():
            continue
        entry, _, tag = line.partition("\t")
        rows.append((entry.strip(), tag.strip()))
    return tuple(rows)


@functools.cache
def load_lexicon(name: str) -> frozenset[str]:
    """Return the entries of ``kg/data/<name>`` as a set."""
    return frozenset(entry for entry, _ in load_table(name))


@functools.cache
def load_union(*names: str) -> frozenset[str]:
    """Return the entries of several ``kg/data`` lists as one set (built once)."""
    return functools.reduce(frozenset.union, (load_lexicon(name) for name in names))


@functools.cache
def load_regex(name: str) -> re.Pattern[str]:
    """Compile the entries of ``kg/data/<name>`` into one alternation, longest first."""
    entries = sorted(load_lexicon(name), key=lambda s: (-len(s), s))
    return re.compile("|".join(re.escape(e) for e in entries))
