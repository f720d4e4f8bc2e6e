"""Incremental builds: each document's extraction, cached by content and extractor.

An entry is keyed by the sha256 of the file's bytes, the file's name (it is the
document id, and its suffix picks the decoder) and the *extractor fingerprint*:
:data:`kg.extract.EXTRACTOR_VERSION`, the versions of jieba and OpenCC, and a hash of
the source of the read → repair → extract stages and of every data file they load
(``kg/data``, except the view's assets). Editing a lexicon, a pattern or the extractor
code therefore invalidates every entry; nothing else does.

Entries are JSON (never pickle: a cache folder is data, not code), one file per
document under ``<cache>/<fingerprint>/<key[:2]>/<key>.json``, each written to a
temporary file and renamed into place. An entry that is missing, damaged or written
for another key is a miss, so a killed build or a full disk costs only a re-extraction.
Folders of other fingerprints are removed by :meth:`ExtractionCache.prune`.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from kg.model import DocExtraction, Entity, Evidence, Relation

CACHE_DIR = ".cache"
_FORMAT = 1
# What an extraction depends on, relative to the kg package: the stage sources and
# their data files (kg/data/view holds the browser view's assets only).
_SOURCES = ("extract", "read.py", "repair.py", "resolve.py", "names.py", "lexicon.py", "model.py")
_DATA = "data"
_DATA_SKIP = ("view",)
_ATTRS = ("level", "year", "batch", "grade", "amount", "value_yuan")


@functools.cache
def extractor_fingerprint() -> str:
    """The fingerprint of the installed extractor (see :func:`fingerprint_of`)."""
    return fingerprint_of(Path(__file__).resolve().parent)


def fingerprint_of(package: Path) -> str:
    """A digest that changes whenever the extraction of some document could change.

    Args:
        package: the ``kg`` package folder.

    Returns:
        32 hex digits over the extractor version, the jieba and OpenCC versions, and
        the bytes and relative paths of the stage sources and data files.
    """
    import opencc

    from kg.extract import EXTRACTOR_VERSION
    from kg.extract.segment import jieba

    h = hashlib.sha256()
    for part in (f"format {_FORMAT}", f"extractor {EXTRACTOR_VERSION}", f"jieba {jieba.__version__}",
                 f"opencc {getattr(opencc, '__version__', '?')}"):
        h.update(part.encode() + b"\0")
    for path in _tracked_files(package):
        h.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:32]


def _tracked_files(package: Path) -> list[Path]:
    """The source and data files of the extraction, sorted."""
    found: list[Path] = []
    for name in _SOURCES:
        path = package / name
        found += sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.is_file() else []
    data = package / _DATA
    found += sorted(p for p in data.rglob("*") if p.is_file() and p.relative_to(data).parts[0] not in _DATA_SKIP
                    and "__pycache__" not in p.parts)
    return found


def entry_key(sha256: str, name: str) -> str:
    """The cache key of a file: its content digest and its name."""
    return hashlib.sha256(f"{sha256}\0{name}".encode()).hexdigest()


class ExtractionCache:
    """Per-document extractions kept on disk between builds.

    Args:
        root: the cache folder (``<out>/.cache`` by default in :func:`kg.pipeline.build`).
        fingerprint: the extractor fingerprint (default :func:`extractor_fingerprint`).
    """

    def __init__(self, root: str | os.PathLike[str], fingerprint: str | None = None) -> None:
        self.root = Path(root)
        self.fingerprint = fingerprint or extractor_fingerprint()
        self.folder = self.root / self.fingerprint

    def get(self, sha256: str, name: str, path: str) -> DocExtraction | None:
        """The cached extraction of the file ``name`` whose bytes hash to ``sha256``.

        Args:
            sha256: hex digest of the file's bytes.
            name: the file name (the document id).
            path: the file's path now (the entry may come from another path).

        Returns:
            The extraction, or ``None`` on a miss (absent, unreadable or damaged entry).
        """
        key = entry_key(sha256, name)
        try:
            data = json.loads(self._entry(key).read_text(encoding="utf-8"))
            if data.get("key") != key or data.get("fingerprint") != self.fingerprint:
                return None
            return from_json(data["extraction"], path=path)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, de: DocExtraction) -> None:
        """Store ``de`` (keyed by its ``sha256`` and ``doc``); errors are ignored: the
        cache only ever saves time."""
        key = entry_key(de.sha256, de.doc)
        data = {"key": key, "fingerprint": self.fingerprint, "extraction": to_json(de)}
        with contextlib.suppress(OSError):
            _write_atomic(self._entry(key), json.dumps(data, ensure_ascii=False, separators=(",", ":")))

    def prune(self) -> int:
        """Remove the folders of other fingerprints (entries no build can hit again)
        and the temporary files of interrupted writes.

        Returns:
            How many folders and files were removed.
        """
        removed = 0
        with contextlib.suppress(OSError):
            for child in self.root.iterdir():
                if child.is_dir() and child.name != self.fingerprint and len(child.name) == len(self.fingerprint):
                    shutil.rmtree(child, ignore_errors=True)
                    removed += 1
        with contextlib.suppress(OSError):
            for shard in os.scandir(self.folder):
                for entry in os.scandir(shard.path) if shard.is_dir() else ():
                    if entry.name.endswith(".tmp"):
                        with contextlib.suppress(OSError):
                            os.unlink(entry.path)
                            removed += 1
        return removed

    def unwritable(self) -> str | None:
        """Why no entry can be written into this cache (its folder cannot be made, or
        a file cannot be created in it), or ``None`` when one can. Entries are still
        read from a cache that cannot be written (one shared read-only, say)."""
        from kg.read import shown

        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, probe = tempfile.mkstemp(prefix=".probe.", suffix=".tmp", dir=self.folder)
            os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            return f"{shown(self.root)}: cannot write the extraction cache ({exc.strerror or type(exc).__name__})"
        return None

    def _entry(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"


def _write_atomic(path: Path, text: str) -> None:
    """Temporary sibling, then rename (no fsync: a torn entry after a power cut is a
    miss, and a per-document fsync would cost more than the extraction it saves)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# ---------------------------------------------------------------------------
# DocExtraction <-> JSON (lossless: the same build outputs from a hit as from a miss)


def to_json(de: DocExtraction) -> dict[str, Any]:
    """A :class:`~kg.model.DocExtraction` as JSON-able data (``path`` left out)."""
    return {
        "doc": de.doc, "subject": de.subject, "sha256": de.sha256,
        "entities": [[e.name, e.type, list(e.aliases)] for e in de.entities],
        "relations": [_relation_json(r) for r in de.relations],
    }


def _relation_json(r: Relation) -> dict[str, Any]:
    ev = r.evidence
    out: dict[str, Any] = {"s": r.s, "p": r.p, "o": r.o, "rule": r.rule,
                           "evidence": [ev.doc, ev.sentence, ev.start, ev.end, ev.raw_start, ev.raw_end]}
    out.update({a: getattr(r, a) for a in _ATTRS if getattr(r, a) is not None})
    return out


def from_json(data: dict[str, Any], *, path: str = "") -> DocExtraction:
    """The inverse of :func:`to_json`; ``path`` is the document's current path."""
    entities = tuple(Entity(name, etype, tuple(aliases)) for name, etype, aliases in data["entities"])
    relations = tuple(
        Relation(r["s"], r["p"], r["o"], Evidence(*r["evidence"]), rule=r["rule"], **{a: r[a] for a in _ATTRS if a in r})
        for r in data["relations"]
    )
    return DocExtraction(data["doc"], data["subject"], entities, relations, sha256=data["sha256"], path=path)
