"""Updating the persistent store instead of loading it again.

``graph.trig`` is a sequence of *units*: the statements of one default-graph subject (a
document, an entity, an aggregate) or one document's named graph, which
:func:`kg.rdf.iter_trig` writes one at a time. The store folder keeps a digest of each
unit of the text it holds (:data:`MANIFEST`). When the next build's text differs in a
few units only (a report added or changed, a few entities' ranks moved), the store is
copied (a RocksDB checkpoint: hard links), the quads of the changed and vanished units
are removed and the new text of the changed and new ones is loaded: milliseconds
where loading every quad takes seconds, minutes at ten million. The copy is renamed
into place as a fresh store is, and holds exactly the quads a fresh load would (tests
compare the two).

When more than :data:`UPDATE_SHARE` of the text changed, or the store has no usable
manifest (another format, another Oxigraph version, a file not written by
``iter_trig``), the store is loaded afresh. Every :data:`COMPACT_EVERY` updates the copy
is compacted, so the sorted files the updates add do not slow queries down.
"""

from __future__ import annotations

import gc
import hashlib
import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.io import atomic_write_text
from kg.rdf import prefix_text

MANIFEST = "kg-units.json"
"""The digests of the store's units, a file in the store folder (RocksDB ignores it)."""
FORMAT = 1
UPDATE_SHARE = 0.2
"""Update the store when the changed units' text is at most this share of the text it
was loaded from; load it afresh otherwise."""
COMPACT_EVERY = 4
"""Compact the store after this many updates in a row (the canned queries took 1.3× as
long on the bench store updated three times: the removed quads' tombstones and the
added small files)."""
ADD_IN_ONE = 2 * 1024 * 1024
"""Added text up to this size goes in one transaction; more is bulk-loaded in pieces of
about this size (a transaction holds all its quads in memory)."""


@dataclass(frozen=True)
class Manifest:
    """What a store folder's :data:`MANIFEST` says: its units' digests, the size of the
    text they came from, and how many updates were made since the last compaction."""

    units: dict[str, str]
    size: int
    updates: int = 0

    def text(self) -> str:
        return json.dumps({"format": FORMAT, "oxigraph": ox.__version__, "prefixes": _HEAD_DIGEST, "bytes": self.size,
                           "updates": self.updates, "units": self.units}, ensure_ascii=False,
                          separators=(",", ":")) + "\n"


def read_manifest(store_dir: Path) -> Manifest | None:
    """The manifest of ``store_dir``, or ``None`` when it has none that this version of kg
    and of Oxigraph can trust."""
    try:
        data = json.loads((store_dir / MANIFEST).read_text(encoding="utf-8"))
        if data["format"] != FORMAT or data["oxigraph"] != ox.__version__ or data["prefixes"] != _HEAD_DIGEST:
            return None  # (units' prefixed names mean other IRIs under other prefixes)
        units, size, updates = data["units"], int(data["bytes"]), int(data["updates"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(units, dict) or not all(isinstance(v, str) for v in units.values()):
        return None
    return Manifest(units, size, updates)


@dataclass(frozen=True)
class Delta:
    """The units to remove (changed or gone) and the text to add (changed or new)."""

    removed: list[str]
    added: list[bytes]
    previous: Manifest


class TrigUnits:
    """Digests of a ``graph.trig``'s units, taken piece by piece as the text is written
    (``write_trig(..., also=units.feed)``) or read back (:func:`kg.stores.read_units`).

    Given the manifest of the store being replaced, it also keeps the text of the units
    that differ from it, until they add up to more than :data:`UPDATE_SHARE` of that
    store's text (the store is then loaded afresh and the texts are dropped).
    """

    def __init__(self, previous: Manifest | None = None) -> None:
        self._previous = previous
        self._limit = int(previous.size * UPDATE_SHARE) if previous is not None else -1
        self._digests: dict[str, str] = {}
        self._changed: list[bytes] | None = [] if previous is not None else None
        self._changed_size = 0
        self._size = 0
        self._head: bool | None = None  # the prefixes seen, and were they kg's?

    @classmethod
    def for_store(cls, store_dir: Path) -> TrigUnits:
        """Units to be compared with the store in ``store_dir`` (if it has a manifest)."""
        return cls(read_manifest(store_dir))

    @property
    def delta_possible(self) -> bool:
        """Whether there is a previous store's manifest to compare with."""
        return self._previous is not None

    @property
    def usable(self) -> bool:
        """Whether the text so far had kg's prefixes and units only."""
        return self._head is True

    def feed(self, text: str) -> None:
        """Take the next piece of ``iter_trig``'s text (the prefixes first)."""
        self.feed_bytes(text.encode("utf-8"))

    def feed_bytes(self, data: bytes) -> None:
        self._size += len(data)
        if self._head is None:
            self._head = data == _HEAD
            return
        if not self._head:
            return
        unit = data.strip(b"\n") + b"\n"  # the same bytes however the text was cut
        if unit == b"\n":
            return
        key = _key(unit)
        if key is None or key in self._digests or b'"""' in unit or b"'''" in unit:
            self._head = False  # not write_trig's layout: no manifest, a fresh load
            return
        digest = hashlib.blake2b(unit, digest_size=16).hexdigest()
        self._digests[key] = digest
        if self._changed is not None and self._previous is not None and self._previous.units.get(key) != digest:
            self._changed.append(unit)
            self._changed_size += len(unit)
            if self._changed_size > self._limit:
                self._changed = None  # too much changed: the store will be loaded afresh

    def manifest(self, updates: int = 0) -> Manifest | None:
        """The manifest of a store holding this text, or ``None`` if it is not kg's."""
        return Manifest(self._digests, self._size, updates) if self.usable else None

    def delta(self) -> Delta | None:
        """What turns the previous store into one holding this text, or ``None`` when it
        must be loaded afresh (no previous manifest, too much changed, not kg's text)."""
        if not self.usable or self._changed is None or self._previous is None:
            return None
        old = self._previous.units
        removed = [k for k, d in old.items() if self._digests.get(k) != d]
        return Delta(removed, self._changed, self._previous)


_HEAD = prefix_text().encode("utf-8")
_HEAD_DIGEST = hashlib.blake2b(_HEAD, digest_size=16).hexdigest()


def _key(unit: bytes) -> str | None:
    """``"s <iri>"`` for a default-graph subject's statements, ``"g <iri>"`` for a named
    graph; ``None`` for anything else."""
    line = unit[: unit.find(b"\n")]
    if not line.startswith(b"<") or b"\\" in line:
        return None
    iri = line[: line.find(b">") + 1]
    if not iri:
        return None
    return ("g " if line.endswith(b" {") else "s ") + iri.decode("utf-8")


def update(store_dir: Path, tmp: Path, delta: Delta, units: TrigUnits) -> bool:
    """Make ``tmp`` (an empty folder) a copy of ``store_dir`` with ``delta`` applied and
    the new manifest written.

    Returns:
        ``False`` when the old store cannot be copied or changed (``tmp`` is then an
        empty folder again, for a fresh load).
    """
    manifest = units.manifest(delta.previous.updates + 1)
    if manifest is None:
        return False
    failed = False
    try:
        _apply(store_dir, tmp, delta, manifest.updates >= COMPACT_EVERY)
    except (OSError, RuntimeError, SyntaxError, ValueError):  # RuntimeError: RocksDB's own
        failed = True
    # Out of the except clause: its traceback, which holds the store, is gone.
    gc.collect()  # pyoxigraph has no close(): dropping the last reference closes RocksDB
    if failed:
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(mode=0o700)
        return False
    if manifest.updates >= COMPACT_EVERY:
        manifest = Manifest(manifest.units, manifest.size, 0)
    write_manifest(tmp, manifest)
    return True


def _apply(store_dir: Path, tmp: Path, delta: Delta, compact: bool) -> None:
    old = ox.Store.read_only(str(store_dir))
    tmp.rmdir()  # the checkpoint makes the folder
    old.backup(str(tmp))
    del old
    store = ox.Store(str(tmp))
    _remove(store, delta.removed)
    _add(store, delta.added)
    if compact:
        _compact(store)
    store.flush()


def write_manifest(store_dir: Path, manifest: Manifest | None) -> None:
    """Write (or, for ``None``, remove) the manifest of a store folder."""
    if manifest is None:
        (store_dir / MANIFEST).unlink(missing_ok=True)
    else:
        atomic_write_text(store_dir / MANIFEST, manifest.text())


def _compact(store: ox.Store) -> None:
    store.optimize()


def _remove(store: ox.Store, keys: Iterable[str]) -> None:
    default = ox.DefaultGraph()
    for key in keys:
        kind, iri = key.split(" ", 1)
        node = ox.NamedNode(iri[1:-1])
        if kind == "g":
            store.remove_graph(node)
        else:
            for quad in list(store.quads_for_pattern(node, None, None, default)):
                store.remove(quad)


def _add(store: ox.Store, units: list[bytes]) -> None:
    if sum(map(len, units)) <= ADD_IN_ONE:
        if units:
            store.load(_HEAD + b"".join(units), format=ox.RdfFormat.TRIG)
        return
    part: list[bytes] = []
    size = 0
    for unit in units:
        part.append(unit)
        size += len(unit)
        if size >= ADD_IN_ONE:
            store.bulk_load(_HEAD + b"".join(part), format=ox.RdfFormat.TRIG)
            part, size = [], 0
    if part:
        store.bulk_load(_HEAD + b"".join(part), format=ox.RdfFormat.TRIG)
