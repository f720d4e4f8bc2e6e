"""``kg build``: read → repair → extract → resolve → graph → stores/views, end to end.

Documents are streamed: each file is read, extracted and dropped before the next, so
memory holds extractions, never the corpus' raw texts. ``jobs > 1`` extracts in a process
pool; results are put back in input order, so the outputs are byte-identical to
``jobs=1``. Every output is written atomically (``kg.io``).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path

from kg.errors import InputError, KGError
from kg.io import atomic_open, atomic_write_text
from kg.model import BuildReport, DocExtraction, ReadFailure

ProgressFn = Callable[[int, str], None]


def _extract_path(path: str) -> DocExtraction | ReadFailure:
    """Read and extract one file (runs in worker processes too)."""
    from kg.extract import extract
    from kg.read import read_document

    try:
        return extract(read_document(Path(path)))
    except InputError as exc:
        return ReadFailure(path, str(exc))


def extract_all(inputs: Sequence[str | Path], *, jobs: int = 1, progress: ProgressFn | None = None) -> Iterator[DocExtraction | ReadFailure]:
    """Yield one extraction (or read failure) per source file, in input order."""
    from kg.read import iter_sources

    sources = list(iter_sources(inputs))
    paths = [str(s) for s in sources if not isinstance(s, ReadFailure)]
    for s in sources:
        if isinstance(s, ReadFailure):
            yield s if s.path in s.reason else ReadFailure(s.path, f"{s.path}: {s.reason}")
    results: Iterator[DocExtraction | ReadFailure]
    if jobs > 1 and len(paths) > 1:
        pool = ProcessPoolExecutor(max_workers=jobs)
        results = pool.map(_extract_path, paths, chunksize=max(1, min(16, len(paths) // (jobs * 4) or 1)))
    else:
        pool = None
        results = map(_extract_path, paths)
    try:
        for i, r in enumerate(results, 1):
            if progress:
                progress(i, paths[i - 1])
            yield r
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


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


def build(inputs: Sequence[str | Path], out: str | Path = "output", *, jobs: int = 1,
          progress: ProgressFn | None = None, validate: bool = True) -> BuildReport:
    """Build the graph of every report under ``inputs`` into the folder ``out``.

    Args:
        inputs: files or folders (read recursively).
        out: the output folder (created if missing).
        jobs: worker processes for extraction.
        progress: called with (documents done, path) after each document.
        validate: run the SHACL shapes over the result.

    Returns:
        What was read, failed and produced; also written to ``out/report.json``.

    Raises:
        KGError: no input path exists or nothing could be read.
    """
    started = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    report = BuildReport()
    docs: list[DocExtraction] = []
    with atomic_open(out / "extractions.jsonl") as fh:
        for r in extract_all(inputs, jobs=jobs, progress=progress):
            if isinstance(r, ReadFailure):
                report.failures.append(r)
                continue
            docs.append(r)
            fh.write(json.dumps(record(r), ensure_ascii=False, sort_keys=False) + "\n")
    report.documents_read = len(docs)
    report.documents_failed = len(report.failures)
    if not docs:
        raise KGError(_nothing_read(inputs, report))
    _write_graph(docs, out, report, validate)
    report.seconds = round(time.perf_counter() - started, 3)
    atomic_write_text(out / "report.json", json.dumps(_report_json(report), ensure_ascii=False, indent=1) + "\n")
    return report


def _nothing_read(inputs: Sequence[str | Path], report: BuildReport) -> str:
    if report.failures:
        first = report.failures[0]
        return f"no document could be read ({len(report.failures)} failed; first: {first.reason})"
    return f"no report files (.txt .md .html .htm .docx) under {', '.join(map(str, inputs))}"


def _write_graph(docs: list[DocExtraction], out: Path, report: BuildReport, validate: bool) -> None:
    from kg.rdf import write_trig
    from kg.resolve import resolve
    from kg.stores import write_store
    from kg.views import render_html

    pg = resolve(docs)
    report.entities = dict(sorted(Counter(n.type for n in pg.nodes).items()))
    report.relations = dict(sorted(Counter(e.type for e in pg.edges).items()))
    report.nodes, report.edges = len(pg.nodes), len(pg.edges)
    report.triples = write_trig(pg, out / "graph.trig")
    write_store(out / "graph.trig", out / "store")
    render_html(pg, out / "graph.html")
    report.outputs = {k: str(out / v) for k, v in
                      (("extractions", "extractions.jsonl"), ("graph", "graph.trig"), ("store", "store"),
                       ("view", "graph.html"), ("report", "report.json"))}
    if validate:
        from kg.validate import validate as shacl

        result = shacl(out)
        report.__dict__["shacl_conforms"] = result.conforms
        report.__dict__["shacl_violations"] = len(result.violations)


def _report_json(report: BuildReport) -> dict[str, object]:
    data = asdict(report)
    data["failures"] = [{"path": f.path, "reason": f.reason} for f in report.failures]
    data.update({k: v for k, v in report.__dict__.items() if k.startswith("shacl_")})
    return data
