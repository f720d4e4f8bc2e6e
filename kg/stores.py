"""The embedded Oxigraph store built from ``graph.trig``, and how queries open it.

``write_store`` bulk-loads the TriG file into a fresh RocksDB folder beside the target
and renames it into place, so a killed build leaves either the previous store or the
new one, never a half-loaded one; when only a few of the file's units changed since the
store was made, it updates a copy of the store instead (:mod:`kg.store_update`). ``open_store`` opens it read-only, or, when a build
folder has no store, loads ``graph.trig`` into an in-memory store; ``sparql_oxigraph``
runs a query again when a build replaced the store under it.
"""

from __future__ import annotations

import functools
import gc
import logging
import queue
import re
import shutil
import tempfile
import threading
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.errors import KGError, QueryError, StoreError
from kg.rdf import PREFIXES, prefix_text, trig_path
from kg.store_update import Manifest, TrigUnits, read_manifest, update, write_manifest

if TYPE_CHECKING:
    from rdflib import Dataset

STORE_DIR = "store"


def write_store(trig: Path, store_dir: Path, units: TrigUnits | None = None, *, into: Path | None = None) -> str:
    """Build a persistent Oxigraph store from a TriG file, or update the one there.

    The store in ``store_dir`` is updated when its units (see :mod:`kg.store_update`)
    differ from the file's in a few only; otherwise the file is bulk-loaded afresh.

    Args:
        trig: the TriG file (``<out>/graph.trig``).
        store_dir: the store folder to (re)create (``<out>/store``).
        units: the file's units, taken as it was written
            (``TrigUnits.for_store(store_dir)`` fed by ``write_trig``); read back from
            the file when not given.
        into: where to leave the new store (a path that does not exist, on the file
            system of ``store_dir``) instead of replacing ``store_dir``, which is then
            only the store to update (``kg build`` commits it with its other outputs).

    Returns:
        ``"updated"`` or ``"loaded"``.

    Raises:
        KGError: ``trig`` does not exist.
        StoreError: the file does not parse or the store cannot be written.
    """
    if not trig.is_file():
        raise KGError(f"no graph found: {trig} does not exist")
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    if units is None:
        units = read_units(trig, read_manifest(store_dir))
    tmp = Path(tempfile.mkdtemp(prefix=f".{store_dir.name}.", suffix=".tmp", dir=store_dir.parent))
    try:
        delta = units.delta()  # None without a previous manifest, hence without a store
        if delta is not None and update(store_dir, tmp, delta, units):
            mode = "updated"
        else:
            _bulk_load(trig, tmp)
            write_manifest(tmp, units.manifest())
            mode = "loaded"
        _place(tmp, store_dir, into)
    except BaseException as exc:
        # The traceback's frames still hold the half-updated store (an interrupt inside
        # kg.store_update), and RocksDB, still open, wrote files while the folder was
        # being removed: drop them and close it first.
        traceback.clear_frames(exc.__traceback__)
        gc.collect()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return mode


WHOLE_BYTES = 16 * 1024 * 1024
"""A ``graph.trig`` up to this size is bulk-loaded in one go: one set of sorted files,
which needs no compaction after (Oxigraph takes about 25 times the text in memory then:
some 370 MB for 16 MB)."""
CHUNK_BYTES = 2 * 1024 * 1024
"""A larger one goes to the bulk loader in pieces of about this size (each needs some
40 MB), then the store is compacted. Measured on a 600 MB graph.trig: 2 MB pieces load
about 10% faster than 16 MB ones and take 62 MB more memory instead of 420 MB."""


def _bulk_load(trig: Path, folder: Path) -> None:
    chunks = trig_chunks(trig, CHUNK_BYTES) if trig.stat().st_size > WHOLE_BYTES else None
    if chunks is not None:
        try:
            _load(trig, folder, chunks)
            return
        except StoreError:  # not write_trig's layout after all (or a bad file): load it whole
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(mode=0o700)
    _load(trig, folder, None)


def _load(trig: Path, folder: Path, chunks: Iterator[bytes] | None) -> None:
    # lenient: Oxigraph skips validating IRIs and language tags (about 6% of the load);
    # the text is kg.rdf's, whose IRIs are made valid (tests/rdf/test_rdf.py parses them
    # strictly), and a syntax error still fails the load.
    store = None
    try:
        store = ox.Store(str(folder))
        if chunks is None:
            store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG, lenient=True)
        else:
            for chunk in chunks:
                store.bulk_load(chunk, format=ox.RdfFormat.TRIG, lenient=True)
        store.optimize()
        store.flush()
    except (OSError, SyntaxError, ValueError) as exc:
        raise StoreError(f"cannot build the Oxigraph store from {trig}: {exc}") from None
    finally:
        # pyoxigraph has no close(): dropping the last reference closes RocksDB.
        del store
        gc.collect()


def read_units(trig: Path, previous: Manifest | None) -> TrigUnits:
    """The units of a ``graph.trig`` file read back (its statements, as
    :func:`trig_chunks` cuts them), compared with ``previous``."""
    units = TrigUnits(previous)
    head = prefix_text().encode("utf-8")
    pieces = trig_chunks(trig, 1)
    if pieces is None:
        units.feed_bytes(b"")  # not kg's prefixes: no manifest
        return units
    units.feed_bytes(head)
    for piece in pieces:
        units.feed_bytes(piece[len(head):])
    return units


def trig_chunks(trig: Path, size: int) -> Iterator[bytes] | None:
    """Cut a TriG file written by :func:`kg.rdf.write_trig` into self-contained pieces.

    Each piece is the prefixes plus whole statements (a default-graph subject or a whole
    named graph) adding up to about ``size`` bytes. In ``write_trig``'s output no literal
    holds a line break, and each subject or graph starts at column 0 after a line
    ending a statement (``" .``) or a graph (``}``): a piece starts there.

    Returns:
        The pieces, or ``None`` when the file does not start with ``write_trig``'s
        prefixes (it is then loaded whole).
    """
    head = prefix_text().encode("utf-8")
    with open(trig, "rb") as fh:
        if fh.read(len(head)) != head:
            return None
    return _chunks(trig, head, size)


def _chunks(trig: Path, head: bytes, size: int) -> Iterator[bytes]:
    with open(trig, "rb") as fh:
        fh.seek(len(head))
        part: list[bytes] = []
        length, previous = 0, b""
        for line in fh:
            if (length >= size and line[:1] not in _CONTINUED
                    and (previous.endswith(b" .\n") or previous == b"}\n")):
                yield head + b"".join(part)
                part, length = [], 0
            part.append(line)
            length += len(line)
            if line != b"\n":
                previous = line
        if part:
            yield head + b"".join(part)


_CONTINUED = (b" ", b"}", b"\n", b"@")


class StoreLoader:
    """Builds the persistent store from TriG text as it is written, on another core.

    :meth:`feed` takes the text of :func:`kg.rdf.iter_trig` piece by piece (the
    prefixes first, then whole statements); pieces are grouped into chunks of about
    ``chunk_bytes`` and bulk-loaded by ``threads`` background threads, into the same
    store at once (each bulk load writes its own sorted files, which RocksDB takes in).
    Oxigraph releases the GIL while it parses and writes, so the load runs on other
    cores beside the thread writing ``graph.trig`` instead of after it. At most
    ``threads`` chunks wait while as many load.

    :meth:`commit` waits for the thread, compacts the store and renames it into place,
    or to ``into`` (as :func:`write_store` does); leaving a ``with`` block without committing, or on
    an exception, removes the half-built store and leaves the previous one.

    Raises:
        StoreError: (from :meth:`commit`) a chunk does not parse or the store cannot be
            written.
    """

    def __init__(self, store_dir: Path, chunk_bytes: int = CHUNK_BYTES, threads: int = 1,
                 units: TrigUnits | None = None, *, into: Path | None = None) -> None:
        store_dir.parent.mkdir(parents=True, exist_ok=True)
        self._target = store_dir
        self._into = into
        self._units = units  # fed too; their manifest goes into the store
        self._tmp = Path(tempfile.mkdtemp(prefix=f".{store_dir.name}.", suffix=".tmp", dir=store_dir.parent))
        self._chunk_bytes = chunk_bytes
        self._head: bytes | None = None
        self._part: list[bytes] = []
        self._size = 0
        self._error: BaseException | None = None
        self._cancelled = False
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=max(1, threads))
        try:
            self._store: ox.Store | None = ox.Store(str(self._tmp))
        except OSError as exc:
            shutil.rmtree(self._tmp, ignore_errors=True)
            raise StoreError(f"cannot create the Oxigraph store in {self._tmp}: {exc}") from None
        self._threads = [threading.Thread(target=self._run, name=f"kg-store-load-{i}", daemon=True)
                         for i in range(max(1, threads))]
        for thread in self._threads:
            thread.start()

    def __enter__(self) -> StoreLoader:  # noqa: PYI034 -- typing.Self needs Python 3.11
        return self

    def __exit__(self, *exc: object) -> None:
        if self._threads or self._store is not None:
            self.abort()

    def feed(self, text: str) -> None:
        """Add the next piece of TriG text (the first piece is the prefixes)."""
        data = text.encode("utf-8")
        if self._units is not None:
            self._units.feed_bytes(data)
        if self._head is None:
            self._head = data
            return
        self._part.append(data)
        self._size += len(data)
        if self._size >= self._chunk_bytes:
            self._send()

    def commit(self) -> None:
        """Load what is left, compact the store and rename it to the target folder."""
        self._send()
        self._stop()
        try:
            if self._error is not None:
                raise StoreError(f"cannot build the Oxigraph store {self._target}: {self._error}")
            assert self._store is not None
            try:
                self._store.optimize()
                self._store.flush()
            except OSError as exc:
                raise StoreError(f"cannot build the Oxigraph store {self._target}: {exc}") from None
            self._close()
            write_manifest(self._tmp, self._units.manifest() if self._units is not None else None)
            _place(self._tmp, self._target, self._into)
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        """Stop loading and remove the half-built store (the target is left as it was)."""
        self._part, self._size = [], 0
        self._cancelled = True
        self._stop()
        self._close()
        shutil.rmtree(self._tmp, ignore_errors=True)

    def _send(self) -> None:
        if self._part:
            self._queue.put((self._head or b"") + b"".join(self._part))
            self._part, self._size = [], 0

    def _stop(self) -> None:
        for _ in self._threads:
            self._queue.put(None)  # one stop sign a thread
        for thread in self._threads:
            thread.join()
        self._threads = []

    def _close(self) -> None:
        # pyoxigraph has no close(): dropping the last reference closes RocksDB.
        self._store = None
        gc.collect()

    def _run(self) -> None:
        while (chunk := self._queue.get()) is not None:
            if self._error is None and not self._cancelled and self._store is not None:
                try:
                    self._store.bulk_load(chunk, format=ox.RdfFormat.TRIG, lenient=True)
                except Exception as exc:  # noqa: BLE001 -- reported by commit(); the rest is drained unread
                    self._error = exc


def _place(new: Path, target: Path, into: Path | None) -> None:
    if into is None:
        _swap(new, target)
    else:
        new.rename(into)


def _swap(new: Path, target: Path) -> None:
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def open_store(graph_dir: Path) -> ox.Store:
    """Open the store of a build folder for querying.

    Args:
        graph_dir: the build folder (holding ``store/`` and/or ``graph.trig``).

    Returns:
        The persistent store opened read-only, or an in-memory store loaded from
        ``graph.trig`` when the folder has no store.

    Raises:
        KGError: the folder has neither a store nor ``graph.trig``.
        StoreError: the store or the file cannot be read: a store folder that is empty,
            damaged (RocksDB reports corruption) or from another Oxigraph version.
    """
    folder = graph_dir / STORE_DIR
    if folder.is_dir():
        try:
            return ox.Store.read_only(str(folder))
        except (OSError, RuntimeError, ValueError) as exc:  # pyoxigraph: RuntimeError on corruption
            from kg.read import shown

            raise StoreError(f"{shown(folder)}: cannot open the Oxigraph store ({_one_line(exc, 240)}); "
                             "run `kg build` again, or delete the folder to query graph.trig") from None
    return memory_store(trig_path(graph_dir))


def memory_store(trig: Path) -> ox.Store:
    """Load a TriG file into an in-memory Oxigraph store.

    Raises:
        StoreError: the file does not parse.
    """
    store = ox.Store()
    try:
        store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    except (OSError, SyntaxError, ValueError) as exc:
        raise StoreError(f"cannot load {trig} into Oxigraph: {_one_line(exc, 300)}") from None
    return store


# ---------------------------------------------------------------------------
# Running SPARQL (over the union of the default and all named graphs)

Row = dict[str, Any]
_NUMERIC = {
    **dict.fromkeys(("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                     "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong"), int),
    **dict.fromkeys(("decimal", "double", "float"), float),
}
_XSD = "http://www.w3.org/2001/XMLSchema#"


def _boolean(value: str) -> bool:
    return value in ("true", "1")


_OX_CONVERT: dict[str, Any] = {**{_XSD + local: kind for local, kind in _NUMERIC.items()}, _XSD + "boolean": _boolean}


def _ox_python(term: Any) -> Any:
    """:func:`_python` for pyoxigraph terms, faster: a listing can return thousands of rows."""
    if type(term) is ox.Literal:
        convert = _OX_CONVERT.get(term.datatype.value)
        return term.value if convert is None else convert(term.value)
    if term is None:
        return None
    return term.value if isinstance(term, (ox.NamedNode, ox.BlankNode)) else str(term)


def _python(term: Any) -> Any:
    """Convert an Oxigraph or rdflib term to a plain Python value (None stays None)."""
    if term is None:
        return None
    datatype = getattr(term, "datatype", None)
    value = term.value if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode)) else str(term)
    if datatype is not None and str(getattr(datatype, "value", datatype)).startswith(_XSD):
        local = str(getattr(datatype, "value", datatype))[len(_XSD):]
        if local in _NUMERIC:
            return _NUMERIC[local](value)
        if local == "boolean":
            return value in ("true", "1")
    return value


_SWAPS = 5  # queries run again, at most, on a store a build replaced meanwhile


def sparql_oxigraph(graph_dir: Path, text: str) -> tuple[list[str], list[Row]]:
    """Run ``text`` on the build's Oxigraph store (or graph.trig loaded in memory).

    A build running meanwhile may replace the store (:func:`kg.build_folder.commit`
    renames the old folder away and deletes it): opening it or reading it then fails on
    files that are gone. When the store folder is another one after a failure than
    before it, the query is run again on the store now in place, so a query during a
    rebuild answers from the old store or the new one, never with an error. A failure on
    a store that stayed in place (damaged, a malformed query) is reported at once.

    Raises:
        QueryError: the query is malformed or fails.
        StoreError: the store cannot be read.
        KGError: no graph in ``graph_dir``.
    """
    folder = graph_dir / STORE_DIR
    for attempt in range(1, _SWAPS + 1):
        before = _identity(folder)
        try:
            return select_oxigraph(open_store(graph_dir), text)
        except (QueryError, StoreError):
            if attempt == _SWAPS or _identity(folder) == before:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _identity(folder: Path) -> tuple[int, int, int] | None:
    """Which folder stands at ``folder`` (device, inode and change time: a folder made
    after another was deleted may get its inode), or ``None``."""
    try:
        st = folder.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_ctime_ns


def select_oxigraph(store: ox.Store, text: str) -> tuple[list[str], list[Row]]:
    """Run ``text`` on an open Oxigraph store over the union graph; return columns and rows.

    Raises:
        QueryError: the query is malformed or fails.
    """
    try:
        return _oxigraph_rows(store.query(text, use_default_graph_as_union=True, prefixes=dict(PREFIXES)))
    except SyntaxError as exc:
        raise QueryError(f"malformed SPARQL: {_one_line(exc)}") from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"SPARQL query failed: {_one_line(exc)}") from None


def _one_line(exc: Exception, limit: int = 200) -> str:
    """The first line of an error message, shortened: parsers list every expected token.
    Control characters (from the text that failed to parse) are escaped."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    text = escape_controls(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def escape_controls(text: str) -> str:
    """``text`` with control characters (a terminal's escape sequences, line breaks)
    written as ``\\x..`` escapes: report text shown on a terminal stays inert."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)

# rdflib logs an ill-typed literal ("abc"^^xsd:integer) of graph.trig with a traceback
# on stderr, whatever the query; the query still runs.
logging.getLogger("rdflib.term").addHandler(logging.NullHandler())


def _oxigraph_rows(result: Any) -> tuple[list[str], list[Row]]:
    if isinstance(result, ox.QueryBoolean):
        return ["ask"], [{"ask": bool(result)}]
    if isinstance(result, ox.QuerySolutions):
        columns = [v.value for v in result.variables]
        return columns, [dict(zip(columns, map(_ox_python, s))) for s in result]
    columns = ["subject", "predicate", "object"]
    return columns, [dict(zip(columns, map(_python, (t.subject, t.predicate, t.object)))) for t in result]


def sparql_rdflib(graph_dir: Path, text: str) -> tuple[list[str], list[Row]]:
    """Run ``text`` with rdflib's in-memory store over graph.trig (``default_union``).

    Raises:
        QueryError: the query is malformed or fails.
        KGError: no graph in ``graph_dir``.
    """
    return select_rdflib(rdflib_dataset(trig_path(graph_dir)), text)


def select_rdflib(dataset: Dataset, text: str) -> tuple[list[str], list[Row]]:
    """Run ``text`` on an rdflib Dataset (built with ``default_union=True``).

    Raises:
        QueryError: the query is malformed or fails.
    """
    # rdflib's SPARQL engine is imported here, not with the module: a build, which
    # loads the Oxigraph store only, saves its 80 ms import.
    from pyparsing import ParseException
    from rdflib.plugins.sparql.sparql import SPARQLError

    known = (ParseException, SPARQLError, ValueError, TypeError, KeyError, NotImplementedError, OSError)
    try:
        result = dataset.query(text, initNs=dict(PREFIXES))
        if result.type == "ASK":
            return ["ask"], [{"ask": bool(result.askAnswer)}]
        if result.type == "SELECT":
            columns = [str(v) for v in result.vars or []]
            return columns, [{c: _python(row[i]) for i, c in enumerate(columns)} for row in result]  # type: ignore[index]
        columns = ["subject", "predicate", "object"]
        return columns, [dict(zip(columns, map(_python, triple))) for triple in result]  # type: ignore[arg-type]
    except Exception as exc:
        # rdflib raises a bare Exception for an unknown prefix; a SERVICE call, OSError.
        if not isinstance(exc, known) and type(exc) is not Exception:
            raise
        raise QueryError(f"SPARQL query failed: {_one_line(exc)}") from None


def rdflib_dataset(trig: Path) -> Dataset:
    """Return graph.trig as an rdflib Dataset whose default graph is the union.

    Cached by file, modification time and size, so repeated queries parse once.
    """
    stat = trig.stat()
    return _rdflib_dataset(str(trig), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=2)
def _rdflib_dataset(path: str, mtime_ns: int, size: int) -> Dataset:
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    try:
        dataset.parse(path, format="trig")
    except (SyntaxError, ValueError, OSError) as exc:  # BadSyntax is a SyntaxError
        raise StoreError(f"cannot load {path} into rdflib: {_parse_error(exc)}") from None
    return dataset


def _parse_error(exc: Exception) -> str:
    """One line for a parser's error: rdflib's BadSyntax spans three lines and quotes
    the text around the error, bytes and all."""
    why, line = getattr(exc, "_why", None), getattr(exc, "lines", None)
    if isinstance(why, str) and isinstance(line, int):
        return f"bad syntax at line {line + 1}: {why}"
    return _one_line(exc, 300)
