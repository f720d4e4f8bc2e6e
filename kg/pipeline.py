"""``kg build``: read → repair → extract → resolve → graph → stores/views, end to end.

Documents are streamed: each file is read, hashed, extracted and dropped before the
next, so memory holds extractions, never the corpus' raw texts. ``jobs > 1`` extracts
in a process pool (each worker loads jieba once); results are put back in input order,
so the outputs are byte-identical to ``jobs=1``.

Builds are incremental: each document's extraction is cached by its bytes, its name and
the extractor fingerprint (:mod:`kg.cache`); a hit skips repair and extraction.

Nothing knocks a build over: a file that cannot be read, is larger than ``max_bytes``,
makes an extractor fail or runs past ``timeout`` seconds becomes one
:class:`~kg.model.ReadFailure` naming the file and the reason, and the rest builds.
The outputs are written into a staging folder and put in place together at the end
(:mod:`kg.build_folder`): a build that stops for any reason leaves the previous
build's outputs; a lock on ``<out>/.lock`` keeps two builds out of one folder, so what
a killed build left behind is removed by the next one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import importlib
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeVar

from kg.build_folder import (
    OUTPUTS,
    check_targets,
    commit,
    locked,
    output_folder,
    raise_if_stopped,
    remove_leftovers,
    restore_signal_handlers,
    staging,
)
from kg.cache import CACHE_DIR, ExtractionCache
from kg.errors import InputError, KGError
from kg.io import atomic_open, atomic_write_text
from kg.model import BuildReport, DocExtraction, Entity, Evidence, ReadFailure, Relation

ProgressFn = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: ``"extract"`` after each document, then once per
output stage (``"resolve"``, ``"graph.trig"``, ``"graph.html"``, ``"store"``,
``"shacl"``) with ``done == total``."""

DEFAULT_MAX_BYTES = 8 * 1024 * 1024
DEFAULT_TIMEOUT = 120.0


@dataclass(frozen=True)
class ExtractOptions:
    """How each document is extracted (shipped to the worker processes).

    Attributes:
        cache_dir: the extraction cache folder, or ``None`` for no cache.
        max_bytes: larger files are reported and skipped.
        timeout: seconds one document may take; ``None`` or 0 for no limit.
    """

    cache_dir: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float | None = DEFAULT_TIMEOUT


Result = tuple["DocExtraction | ReadFailure", bool]


# ---------------------------------------------------------------------------
# One document (runs in the worker processes too)


class _Timeout(BaseException):
    """Raised by SIGALRM when a document runs past its deadline (a BaseException, so
    that no ``except Exception`` of a reader or an extractor takes it for its own)."""


def _alarm(signum: int, frame: object) -> None:
    raise _Timeout


@contextlib.contextmanager
def _deadline(seconds: float | None) -> Iterator[None]:
    """Raise :class:`_Timeout` in the block after ``seconds`` (main thread, POSIX only;
    a timer the caller already runs is left alone)."""
    usable = (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
              and signal.getitimer(signal.ITIMER_REAL)[0] == 0)
    if not seconds or not usable:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:  # (an alarm due as the block ends raises here: the handler still goes back)
            error = restore_signal_handlers({signal.SIGALRM: previous})
        if error is not None:
            raise error


_OPTIONS = ExtractOptions()


def _init_worker(options: ExtractOptions, parent: int) -> None:
    """Pool initializer: remember the options, die with the build, leave Ctrl-C to
    the build, load jieba."""
    global _OPTIONS
    _OPTIONS = options
    _die_with_parent(parent)
    _helper_signals()
    _lower_priority()  # the build's own process (results, extractions.jsonl, imports) goes first
    from kg.extract.segment import warm_up

    warm_up()


def _helper_signals() -> None:
    """In a helper process: Ctrl-C is the build's to handle (it stops the helpers), and
    SIGTERM ends the helper at once (the build's own handler, inherited by a fork, is
    the build's)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _lower_priority() -> None:
    """Run this helper process at a lower priority than the build (where ``os.nice`` exists)."""
    with contextlib.suppress(OSError, AttributeError):
        os.nice(5)


def _die_with_parent(parent: int) -> None:
    """End this worker when its parent dies, even by SIGKILL (an orphaned worker would
    wait for work forever): Linux's parent-death signal, else a thread watching the
    parent id. ``parent`` is the build's pid when the worker was forked from it, 0 when
    it came from a fork server (which dies with the build)."""
    parent = parent or os.getppid()
    try:
        import ctypes

        if ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL) != 0:  # PR_SET_PDEATHSIG
            raise OSError(ctypes.get_errno(), "prctl")
    except (OSError, AttributeError):
        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(1.0)
            os._exit(1)

        threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()
    if os.getppid() != parent:  # the build died before the signal was armed
        os._exit(1)


def _work(path: str) -> Result:
    """Extract one file with the options of this process."""
    return extract_file(path, _OPTIONS)


def extract_file(path: str, options: ExtractOptions) -> Result:
    """Read, hash and extract one file, through the cache.

    Args:
        path: the file.
        options: cache folder, size limit and deadline.

    Returns:
        ``(extraction, True)`` from the cache, ``(extraction, False)`` freshly
        extracted, or ``(failure, False)`` naming the file and the reason.

    Raises:
        KGError: an extractor's data files are broken (every document would fail).
    """
    from kg.read import read_bytes, shown

    try:
        raw = read_bytes(Path(path), options.max_bytes)
        cache = _cache(options.cache_dir)
        if cache is not None:
            hit = cache.get(hashlib.sha256(raw).hexdigest(), shown(Path(path).name), shown(path))
            if hit is not None:
                return shared(hit), True
        held = [raw]
        del raw  # _extract drops the bytes once decoded: the text is what extraction needs
        de = _extract(path, held, options)
    except InputError as exc:
        return ReadFailure(shown(path), str(exc)), False
    if isinstance(de, DocExtraction):
        if cache is not None:
            cache.put(de)
        de = shared(de)
    return de, False


_V = TypeVar("_V")


def shared(de: DocExtraction) -> DocExtraction:
    """``de`` with equal values stored once: the evidence of facts from one sentence,
    the names at their ends, the predicates and rules.

    A build holds every document's extraction until the corpus is resolved; a
    sentence often carries several facts, and the copies cost about half of that
    memory. (A pickle sent back by a worker keeps the sharing.)
    """
    seen: dict[Any, Any] = {}

    def one(value: _V) -> _V:
        first: _V = seen.setdefault(value, value)
        return first

    relations = tuple(
        Relation(one(r.s), one(r.p), one(r.o), one(Evidence(one(r.evidence.doc), one(r.evidence.sentence),
                                                            r.evidence.start, r.evidence.end,
                                                            r.evidence.raw_start, r.evidence.raw_end)),
                 one(r.level), r.year, one(r.batch), one(r.grade), one(r.amount), r.value_yuan, one(r.rule))
        for r in de.relations)
    entities = tuple(Entity(one(e.name), one(e.type), tuple(one(a) for a in e.aliases)) for e in de.entities)
    return DocExtraction(one(de.doc), de.subject, entities, relations, de.sha256, de.path)


def _extract(path: str, held: list[bytes], options: ExtractOptions) -> DocExtraction | ReadFailure:
    """Decode and extract a file's bytes (``held``'s one item, removed once decoded); a
    crash or an overrun (of both steps: hostile markup can make decoding slow too) is a
    failure naming the file.

    Raises:
        InputError: the bytes are not a readable report.
    """
    from kg.extract import extract
    from kg.read import decode_document, shown

    try:
        with _deadline(options.timeout):
            doc = decode_document(Path(path), held.pop(), options.max_bytes)
            return extract(doc)
    except _Timeout:
        return ReadFailure(shown(path), f"{shown(path)}: extraction took longer than {options.timeout:g} s")
    except KGError as exc:
        if isinstance(exc, InputError):
            raise
        raise type(exc)(f"{exc} (while extracting {shown(path)})") from None
    except Exception as exc:  # noqa: BLE001 -- one bad document must not stop the corpus
        reason = " ".join(str(exc).split())[:200]
        return ReadFailure(shown(path), f"{shown(path)}: extraction failed ({type(exc).__name__}: {reason})")


@functools.cache
def _cache(folder: str | None) -> ExtractionCache | None:
    """The process's extraction cache in ``folder`` (made once), or ``None``."""
    return None if folder is None else ExtractionCache(folder)


# ---------------------------------------------------------------------------
# The corpus


def extract_all(inputs: Sequence[str | Path], *, jobs: int = 1, options: ExtractOptions | None = None,
                progress: ProgressFn | None = None, skip: Sequence[str | Path] = (),
                ignored: Counter[str] | None = None) -> Iterator[Result]:
    """Yield ``(extraction or failure, from cache)`` per source file, in input order.

    Folder-walk failures come first, then one result per file in walk order.

    Args:
        inputs: files or folders (read recursively).
        jobs: worker processes (1: extract in this process).
        options: cache, size limit and deadline.
        progress: called as ``progress("extract", done, total)`` after each file.
        skip: folders not to read (the build's output folder).
        ignored: counts the files of other types the walk passes over, by suffix
            (see :func:`kg.read.iter_sources`).

    A document whose extraction kills its worker process (``jobs > 1``) is a failure
    like any other; with ``jobs=1`` it would take the build's own process with it.

    Raises:
        KGError: an extractor's data files are broken.
    """
    from kg.read import iter_sources

    options = options or ExtractOptions()
    paths: list[str] = []
    for s in iter_sources(inputs, skip=skip, ignored=ignored):
        if isinstance(s, ReadFailure):
            yield (s if s.path in s.reason else ReadFailure(s.path, f"{s.path}: {s.reason}")), False
        else:
            paths.append(str(s))
    with _results(paths, jobs, options) as results:
        for done, result in enumerate(results, 1):
            if progress:
                progress("extract", done, len(paths))
            yield result


@contextlib.contextmanager
def _results(paths: list[str], jobs: int, options: ExtractOptions) -> Iterator[Iterator[Result]]:
    """The per-file results, in order: in this process or from a process pool."""
    if jobs <= 1 or len(paths) <= 1:
        yield (extract_file(p, options) for p in paths)
        return
    results = _pooled(paths, jobs, options)
    try:
        yield results
    finally:
        results.close()  # stops the pool when the caller stops early


def _pooled(paths: list[str], jobs: int, options: ExtractOptions) -> Generator[Result, None, None]:
    """The per-file results of a process pool, in order.

    A worker that dies (a crash in native code, the out-of-memory killer) breaks the
    pool: the first document without a result is then extracted alone in a process of
    its own, and becomes a failure if that process dies too; a new pool takes the rest.
    Each break settles one document at least, so a document that kills its process is
    skipped like any other bad file and the corpus still builds.
    """
    done, prefetch = 0, None
    while done < len(paths):
        if prefetch is not None:
            prefetch.join()  # no thread running: the next pool forks (see _context)
        context = _context()
        forked = context is not None and context.get_start_method() == "fork"
        if forked and prefetch is None:
            # Load jieba once here: forked workers share it instead of each loading it
            # (about 1.3 s CPU a worker; the same wall time on idle cores, less on busy ones).
            from kg.extract.segment import warm_up

            warm_up()
        pool = ProcessPoolExecutor(max_workers=min(jobs, len(paths) - done), mp_context=context,
                                   initializer=_init_worker, initargs=(options, os.getpid() if forked else 0))
        broken = False
        try:
            chunk = max(1, min(8, (len(paths) - done) // (jobs * 4)))
            # (map submits every chunk before it returns: a worker that dies meanwhile
            # breaks the pool inside map itself, not only while its results are read)
            results = pool.map(_work, paths[done:], chunksize=chunk)  # the workers are started now
            if prefetch is None:
                prefetch = threading.Thread(target=_prefetch_imports, name="kg-prefetch", daemon=True)
                prefetch.start()
            for result in results:
                yield result
                done += 1
        except BrokenProcessPool:
            broken = True
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        if broken:
            if prefetch is not None:
                prefetch.join()  # the process that extracts the document alone is forked too
            yield _alone(paths[done], options, _context())
            done += 1


def _alone(path: str, options: ExtractOptions, context: multiprocessing.context.BaseContext | None) -> Result:
    """Extract one file in a process of its own: its result, or a failure if it dies.

    Raises:
        KGError: an extractor's data files are broken.
    """
    from kg.read import shown

    ctx = context or multiprocessing.get_context()
    forked = ctx.get_start_method() == "fork"
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_alone_child, args=(send, os.getpid() if forked else 0, path, options),  # type: ignore[attr-defined]
                        name="kg-extract-alone", daemon=True)
    child.start()
    send.close()
    try:
        answer = receive.recv()
    except EOFError:  # it died
        answer = None
    finally:
        child.join()
        receive.close()
    if answer is None:
        code = child.exitcode or 0
        how = f"killed by {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"
        return ReadFailure(shown(path), f"{shown(path)}: the process extracting it died ({how})"), False
    if isinstance(answer, BaseException):
        raise answer
    return answer  # type: ignore[no-any-return]


def _alone_child(send: Any, parent: int, path: str, options: ExtractOptions) -> None:
    """The body of :func:`_alone`'s process: send the result, or the KGError raised."""
    _die_with_parent(parent)
    _helper_signals()
    try:
        answer: object = extract_file(path, options)
    except KGError as exc:
        answer = exc
    send.send(answer)


def _prefetch_imports() -> None:
    """Import what the graph stages need while the workers extract (this process is
    idle then): about a second off the build's critical path. ``kg.extract`` comes
    before ``kg.resolve`` (see :func:`_write_graph`); igraph is the view's layout's."""
    with contextlib.suppress(Exception):
        for name in ("kg.extract", "kg.rdf", "kg.resolve", "kg.stores", "kg.views", "igraph"):
            importlib.import_module(name)


def _context() -> multiprocessing.context.BaseContext | None:
    """How to start workers: on Linux fork (fast, no re-import; the pool forks before
    starting threads and the CLI's progress bar has none), or the fork server when the
    caller runs threads a fork would copy mid-operation; elsewhere the default."""
    if not sys.platform.startswith("linux"):
        return None
    return multiprocessing.get_context("fork" if threading.active_count() == 1 else "forkserver")


def record(de: DocExtraction) -> dict[str, object]:
    """One ``extractions.jsonl`` line (FORMAT.md), with evidence offsets and the rule."""
    return {
        "doc": de.doc,
        "subject": de.subject,
        "entities": [{"name": e.name, "type": e.type, "aliases": list(e.aliases)} for e in de.entities],
        "relations": [
            {
                "s": r.s, "p": r.p, "o": r.o,
                "level": r.level, "year": r.year, "batch": r.batch, "grade": r.grade,
                "amount": r.amount, "value_yuan": r.value_yuan,
                "evidence": r.evidence.sentence,
                "offsets": {"start": r.evidence.start, "end": r.evidence.end,
                            "raw_start": r.evidence.raw_start, "raw_end": r.evidence.raw_end},
                "rule": r.rule,
            }
            for r in de.relations
        ],
    }


# ---------------------------------------------------------------------------
# Build


def build(inputs: Sequence[str | Path], out: str | Path = "output", *, jobs: int = 1,
          progress: ProgressFn | None = None, validate: bool = True, cache: bool = True,
          cache_dir: str | Path | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
          timeout: float | None = DEFAULT_TIMEOUT) -> BuildReport:
    """Build the graph of every report under ``inputs`` into the folder ``out``.

    Args:
        inputs: files or folders (read recursively).
        out: the output folder (created if missing).
        jobs: CPU cores to use (0: one per CPU): worker processes for extraction, then
            graph.html, graph.trig and the store made at once (1: one after the other).
        progress: see :data:`ProgressFn`.
        validate: run the SHACL shapes over the result.
        cache: reuse and store per-document extractions (see :mod:`kg.cache`).
        cache_dir: the cache folder (default ``<out>/.cache``).
        max_bytes: files larger than this are reported and skipped.
        timeout: seconds one document may take to extract (``None``: no limit); a
            document that runs past it is reported and skipped.

    Returns:
        What was read, failed, extracted, taken from the cache and produced; also
        written to ``out/report.json``.

    Raises:
        KGError: no input path exists, nothing could be read, another build is
            writing ``out``, or an extractor's data files are broken.
    """
    started = time.perf_counter()
    out = output_folder(Path(out))
    with locked(out) as has_lock:
        if has_lock:
            remove_leftovers(out)
        check_targets(out)
        report = BuildReport()
        options = ExtractOptions(_cache_folder(out, cache, cache_dir, report), max_bytes, timeout)
        with staging(out) as stage:
            docs = _extract_corpus(inputs, out, stage, jobs or os.cpu_count() or 1, options, progress, report)
            raise_if_stopped()
            if not docs:
                raise KGError(_nothing_read(inputs, report))
            _write_graph(docs, out, stage, report, validate, progress, jobs=jobs or os.cpu_count() or 1)
            report.seconds = round(time.perf_counter() - started, 3)
            atomic_write_text(stage / "report.json", json.dumps(_report_json(report), ensure_ascii=False, indent=1) + "\n")
            commit(stage, out)
    return report


def _cache_folder(out: Path, cache: bool, cache_dir: str | Path | None, report: BuildReport) -> str | None:
    """The cache folder of this build (its stale fingerprints pruned), or ``None``; a
    warning in ``report`` when no entry can be written into it."""
    if not cache:
        return None
    folder = Path(cache_dir) if cache_dir is not None else out / CACHE_DIR
    store = ExtractionCache(folder)
    store.prune()
    if (reason := store.unwritable()) is not None:
        report.warnings.append(f"{reason}: the documents extracted now will be extracted again by the next build")
    return str(folder)


def _extract_corpus(inputs: Sequence[str | Path], out: Path, stage: Path, jobs: int, options: ExtractOptions,
                    progress: ProgressFn | None, report: BuildReport) -> list[DocExtraction]:
    """Extract every document (never from ``out``), writing ``extractions.jsonl`` into
    ``stage`` as results arrive."""
    docs: list[DocExtraction] = []
    taken: set[str] = set()
    ignored: Counter[str] = Counter()
    with atomic_open(stage / "extractions.jsonl") as fh:
        for r, cached in extract_all(inputs, jobs=jobs, options=options, progress=progress, skip=[out],
                                     ignored=ignored):
            if isinstance(r, ReadFailure):
                report.failures.append(r)
                continue
            r = _unique(r, taken)
            taken.add(r.doc)
            docs.append(r)
            report.cached += cached
            report.extracted += not cached
            fh.write(json.dumps(record(r), ensure_ascii=False, sort_keys=False) + "\n")
    report.documents_read = len(docs)
    report.documents_failed = len(report.failures)
    report.ignored = dict(sorted(ignored.items(), key=lambda kv: (-kv[1], kv[0])))
    return docs


def _unique(de: DocExtraction, taken: set[str]) -> DocExtraction:
    """``de`` under a document name no earlier document of the build has.

    A document is named by its file name (FORMAT.md), and scraped corpora repeat file
    names across folders (``青禾/2023年工作总结.txt``, ``白云/2023年工作总结.txt``): one
    name would make them one document of the graph, the facts of one lost. A name met
    again is given as many of its parent folders as make it unique (``白云/2023年工作总结.txt``),
    else a number (``…txt~2``); its evidence follows.
    """
    if de.doc not in taken:
        return de
    parts = Path(de.path).parts if de.path else ()
    names = ["/".join(parts[-k:]) for k in range(2, len(parts) + 1)] + [f"{de.doc}~{i}" for i in range(2, len(taken) + 3)]
    name = next(n for n in names if n not in taken)
    renamed: dict[int, Evidence] = {}  # one Evidence a sentence, as extracted
    relations = tuple(dataclasses.replace(r, evidence=renamed.setdefault(id(r.evidence), dataclasses.replace(r.evidence, doc=name)))
                      for r in de.relations)
    return dataclasses.replace(de, doc=name, relations=relations)


def _nothing_read(inputs: Sequence[str | Path], report: BuildReport) -> str:
    if report.failures:
        first = report.failures[0]
        return f"no document could be read ({len(report.failures)} failed; first: {first.reason})"
    return f"no report files (.txt .md .html .htm .docx) under {', '.join(map(str, inputs))}"


def _write_graph(docs: list[DocExtraction], out: Path, stage: Path, report: BuildReport, validate: bool,
                 progress: ProgressFn | None, jobs: int = 1) -> None:
    """Resolve ``docs`` (emptied then, to free memory) and write the graph outputs into
    ``stage`` (the store made from ``out``'s when only a few documents changed)."""
    import kg.extract  # noqa: F401 -- first: a bare ``import kg.resolve`` is circular
    from kg.extract.segment import release
    from kg.rdf import write_trig
    from kg.resolve import resolve
    from kg.store_update import UPDATE_SHARE, TrigUnits
    from kg.stores import StoreLoader, write_store
    from kg.views import render_html

    step = progress or (lambda stage, done, total: None)
    release()  # jieba's tables and caches: extraction is over
    _release_memory()
    step("resolve", 0, 0)
    pg = resolve(docs)
    report.entities = dict(sorted(Counter(n.type for n in pg.nodes).items()))
    report.relations = dict(sorted(Counter(e.type for e in pg.edges).items()))
    report.nodes, report.edges = len(pg.nodes), len(pg.edges)
    docs.clear()  # the graph holds what later stages need
    # With one job, the stages run one after the other on one core, and the graph is
    # dropped before the store is loaded from graph.trig, so the loader gets its memory.
    # With more, the three outputs are made at once: graph.html is laid out in a forked
    # process (sharing the graph copy-on-write) while this one writes graph.trig and two
    # threads load its text into the store as it comes (Oxigraph releases the GIL), in
    # small pieces, as the graph is still in memory. The bytes are the same. A store that
    # is likely to need an update only (it has a manifest, and most documents came from
    # the cache) is updated after graph.trig is written, with any number of jobs.
    trig, store, new_store = stage / "graph.trig", out / "store", stage / "store"
    units = TrigUnits.for_store(store)
    update = units.delta_possible and report.extracted <= UPDATE_SHARE * max(1, report.documents_read)
    parallel = jobs > 1 and _can_fork()
    with _in_process(render_html, pg, stage / "graph.html") if parallel else contextlib.nullcontext():
        if parallel and not update:
            with StoreLoader(store, threads=min(jobs, 2), units=TrigUnits(), into=new_store) as loader:
                step("graph.trig", 0, 0)
                report.triples = write_trig(pg, trig, also=loader.feed)
                del pg
                _release_memory()
                step("store", 0, 0)
                loader.commit()
                report.store = "loaded"
        else:
            step("graph.trig", 0, 0)
            report.triples = write_trig(pg, trig, also=units.feed)
            if not parallel:
                step("graph.html", 0, 0)
                render_html(pg, stage / "graph.html")
            del pg
            _release_memory()
            step("store", 0, 0)
            report.store = write_store(trig, store, units=units, into=new_store)
        if parallel:
            step("graph.html", 0, 0)
    report.outputs = {k: str(out / v) for k, v in zip(("extractions", "graph", "store", "view", "report"), OUTPUTS)}
    if validate:
        from kg.validate import validate as shacl

        step("shacl", 0, 0)
        result = shacl(stage)
        report.__dict__["shacl_conforms"] = result.conforms
        report.__dict__["shacl_violations"] = len(result.violations)


def _release_memory() -> None:
    """Collect garbage and hand freed heap pages back to the system (glibc), so a
    native library allocating next does not add to what the graph's objects left."""
    import gc

    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _can_fork() -> bool:
    """Whether this process can fork a copy of itself safely (Linux, no other thread)."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


@contextlib.contextmanager
def _in_process(fn: Callable[..., object], *args: object) -> Iterator[None]:
    """Run ``fn(*args)`` in a forked child while the block runs; wait for it at the end
    of the block, then raise what ``fn`` raised. When the block raises, the child is
    stopped (its atomic writes leave only a temporary file, removed by the next build)."""
    receive, send = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_child, args=(send, os.getpid(), fn, *args),
                                                         name="kg-graph-stage", daemon=True)
    child.start()
    send.close()
    try:
        yield
        try:
            error = receive.recv()  # None, or what fn raised
        except EOFError:  # the child died without a word
            error = None
        except Exception as exc:  # noqa: BLE001 -- an error that does not unpickle
            error = KGError(f"the process writing the graph view failed ({exc})")
    except BaseException:
        child.kill()
        raise
    finally:
        child.join()
        receive.close()
    if error is None and child.exitcode != 0:
        error = KGError(f"the process writing the graph view died (exit code {child.exitcode})")
    if error is not None:
        raise error


def _child(send: Any, parent: int, fn: Callable[..., object], *args: object) -> None:
    """The body of :func:`_in_process`'s child: run ``fn``, send ``None`` or the error."""
    _die_with_parent(parent)
    _helper_signals()
    _lower_priority()  # the store's load, in the parent, is the longer path: it goes first
    try:
        fn(*args)
        error: BaseException | None = None
    except BaseException as exc:  # noqa: BLE001 -- re-raised in the parent
        error = exc
    try:
        send.send(error)
    except Exception:  # noqa: BLE001 -- an error that does not pickle
        send.send(KGError(f"{type(error).__name__}: {error}"))


def _report_json(report: BuildReport) -> dict[str, object]:
    data = asdict(report)
    data["failures"] = [{"path": f.path, "reason": f.reason} for f in report.failures]
    data.update({k: v for k, v in report.__dict__.items() if k.startswith("shacl_")})
    return data
