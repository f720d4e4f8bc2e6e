"""Benchmark ``kg build``: wall time against plain ``jieba.lcut``, --jobs speed-up, peak RSS.

Usage (from the repository root, with ``../shared`` beside it)::

    python bench/bench_build.py            # 5 MB corpus, 200 MB for the memory run
    python bench/bench_build.py --quick    # 1 MB and 20 MB: a smoke run of a minute

Every figure comes from one run of this script on one machine:

1. The shared corpus (``seeds`` + ``dev``) is written again and again under distinct
   file names into a temporary folder until it holds ``--size-mb`` MB.
2. *jieba*: a fresh Python process imports jieba, loads its dictionary and runs
   ``jieba.lcut`` over the repaired text of every document (repaired beforehand by
   ``kg.repair``, untimed) — what any Chinese pipeline pays at the least.
3. *kg build* ``--jobs 1`` and ``--jobs N`` (``--no-validate``: the SHACL check is a
   separate, optional step), each in a fresh process and a fresh output folder, so the
   extraction cache starts empty; then ``--jobs 1`` again into the first folder, where
   every document comes from the cache and the store is left as it is (an update with
   nothing to change); then, in a copy of that folder, over the corpus with one file
   changed (one document extracted, the store updated).
   With ``--repeat N`` each figure is the best of N runs (the machine may be shared).
   Then, in one warm process (jieba and kg loaded, a fictional report extracted), each of
   the first three copies of the shared corpus: ``jieba.lcut`` over its repaired text
   against kg's extraction of its files. The first copy is text kg's per-process caches
   (jieba's tags of a window, name keys) have not seen; the copies after it are what most
   of the benchmark corpus is, so the build's ratio above is flattered by them.
4. *memory*: ``kg build --jobs N`` over a ``--rss-mb`` MB corpus; the peak resident set
   of the largest process (``os.wait4`` rusage: the build, or one of its workers).

Wall times include interpreter start-up and imports on both sides. The machine's load
average is printed with the figures: another busy process skews them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "corpus"
JIEBA = """
import sys, time
from pathlib import Path
t = time.perf_counter()
import jieba
jieba.setLogLevel(60)
jieba.initialize()
init = time.perf_counter() - t
tokens = 0
for p in sorted(Path(sys.argv[1]).iterdir()):
    tokens += len(jieba.lcut(p.read_text(encoding="utf-8")))
print(tokens, round(init, 3))
"""
STAGES = """
import json, sys, time
t0 = time.perf_counter()
from kg.pipeline import build
marks = [("start", t0)]
def progress(stage, done, total):
    if stage != "extract" or done == total:
        marks.append((stage, time.perf_counter()))
build([sys.argv[1]], sys.argv[2], validate=False, cache=False, progress=progress)
marks.append(("end", time.perf_counter()))
names = {"start": "start-up, jieba, extraction", "extract": "jsonl, imports", "resolve": "resolve",
         "graph.trig": "graph.trig", "store": "store", "graph.html": "graph.html"}
print(json.dumps({names[a[0]]: round(b[1] - a[1], 2) for a, b in zip(marks, marks[1:]) if a[0] in names}))
"""
COPIES = """
import json, sys, time
from pathlib import Path
import jieba
from kg.pipeline import ExtractOptions, extract_file
from kg.extract.segment import warm_up
jieba.setLogLevel(60)
jieba.initialize()
warm_up()
corpus, repaired = Path(sys.argv[1]), Path(sys.argv[2])
extract_file(sys.argv[3], ExtractOptions())  # a fictional report: patterns compiled, tables read
figures = []
for copy in range(3):
    names = sorted(p.name for p in corpus.glob(f"copy{copy:05d}_*"))
    if not names:
        break
    texts = [(repaired / n).read_text(encoding="utf-8") for n in names]
    t = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    j = time.perf_counter() - t
    t = time.perf_counter()
    for n in names:
        extract_file(str(corpus / n), ExtractOptions())
    figures.append([round(j, 3), round(time.perf_counter() - t, 3)])
print(json.dumps(figures))
"""
WARM_UP = "青禾经济开发区新引进星河微电子有限公司，星河微电子获评国家级绿色工厂。总投资5亿元的智能制造项目开工。\n"


@dataclass
class Run:
    """One measured process."""

    what: str
    seconds: float
    cpu_seconds: float
    max_rss_mb: float
    detail: str = ""


def make_corpus(folder: Path, target_bytes: int) -> tuple[int, int]:
    """Write copies of the shared corpus under distinct names; returns (files, bytes)."""
    sources = sorted(p for sub in ("seeds", "dev") for p in (SHARED / sub).iterdir() if p.is_file())
    if not sources:
        raise SystemExit(f"no shared corpus at {SHARED}")
    folder.mkdir(parents=True, exist_ok=True)
    files = written = copy = 0
    while written < target_bytes:
        for p in sources:
            data = p.read_bytes()
            (folder / f"copy{copy:05d}_{p.name}").write_bytes(data)
            files, written = files + 1, written + len(data)
        copy += 1
    return files, written


def repaired_texts(corpus: Path, folder: Path) -> int:
    """Write the repaired text of each document (one at a time); returns characters."""
    sys.path.insert(0, str(REPO))
    from kg.read import read_document
    from kg.repair import repair

    folder.mkdir(parents=True, exist_ok=True)
    chars = 0
    for p in sorted(corpus.iterdir()):
        text = repair(read_document(p).text).text
        (folder / p.name).write_text(text, encoding="utf-8")
        chars += len(text)
    return chars


def one_file_changed(corpus: Path, folder: Path) -> Path:
    """The corpus again (hard links), its first UTF-8 text file with one more fictional
    sentence."""
    shutil.copytree(corpus, folder, copy_function=os.link)
    for path in sorted(folder.glob("*.txt")):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        path.unlink()  # a new file, not the hard-linked original
        path.write_text(text + "\n青禾经济开发区新引进星河微电子有限公司，星河微电子获评国家级绿色工厂。\n", encoding="utf-8")
        return folder
    raise SystemExit(f"no UTF-8 .txt file in {corpus}")


def measure(what: str, cmd: list[str]) -> Run:
    """Run ``cmd`` to completion; its wall time, CPU time and the peak RSS of its
    largest process (``os.wait4``: the process itself or a descendant it waited for)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text, errors = out.read().strip(), err.read()
    if proc.returncode != 0:
        raise SystemExit(f"{what} failed ({proc.returncode}):\n{errors[-2000:]}")
    return Run(what, round(seconds, 2), round(usage.ru_utime + usage.ru_stime, 2), round(usage.ru_maxrss / 1024, 1),
               text.splitlines()[0] if text else "")


def kg_build(what: str, corpus: Path, out: Path, *args: str) -> Run:
    return measure(what, [sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), "--no-validate", *args])


def speed(args: argparse.Namespace, work: Path) -> dict[str, object]:
    """Parts 1-3: jieba, --jobs 1, --jobs N, all cached, one file changed; each the best of
    ``--repeat`` runs."""
    corpus = work / "corpus"
    files, size = make_corpus(corpus, int(args.size_mb * 2**20))
    chars = repaired_texts(corpus, work / "repaired")
    changed = one_file_changed(corpus, work / "changed")
    runs: dict[str, list[Run]] = {}
    for i in range(args.repeat):
        for run in (measure("jieba.lcut (fresh process)", [sys.executable, "-c", JIEBA, str(work / "repaired")]),
                    kg_build("kg build --jobs 1", corpus, work / f"o1_{i}"),
                    kg_build(f"kg build --jobs {args.jobs}", corpus, work / f"oN_{i}", "--jobs", str(args.jobs)),
                    kg_build("kg build --jobs 1, all cached", corpus, work / "o1_0")):
            runs.setdefault(run.what, []).append(run)
        shutil.copytree(work / "o1_0", work / f"oC_{i}")  # its cache and store
        run = kg_build("kg build --jobs 1, one file changed", changed, work / f"oC_{i}")
        runs.setdefault(run.what, []).append(run)
    jieba, one, many, cached, incremental = (min(r, key=lambda x: x.seconds) for r in runs.values())
    stages = measure("stages", [sys.executable, "-c", STAGES, str(corpus), str(work / "stages")])
    warm = work / "warm-up.txt"
    warm.write_text(WARM_UP, encoding="utf-8")
    copies = json.loads(measure("copies", [sys.executable, "-c", COPIES, str(corpus), str(work / "repaired"),
                                           str(warm)]).detail)
    same = all((work / "o1_0" / name).read_bytes() == (work / "oN_0" / name).read_bytes()
               for name in ("extractions.jsonl", "graph.trig", "graph.html"))
    return {
        "corpus": {"files": files, "mb": round(size / 2**20, 2), "repaired_chars": chars},
        "repeat": args.repeat,
        "runs": [asdict(r) for r in (jieba, one, many, cached, incremental)],
        "all_seconds": {what: [r.seconds for r in rs] for what, rs in runs.items()},
        "stages_jobs_1": json.loads(stages.detail),
        "copies_jieba_kg_seconds": copies,
        "first_copy_over_jieba": round(copies[0][1] / copies[0][0], 2),
        "repeated_copy_over_jieba": round(sum(k for _, k in copies[1:]) / sum(j for j, _ in copies[1:]), 2)
        if len(copies) > 1 else None,
        "build_over_jieba": round(one.seconds / jieba.seconds, 2),
        "jobs_speedup": round(one.seconds / many.seconds, 2),
        "cached_over_cold": round(cached.seconds / one.seconds, 2),
        "one_changed_over_cold": round(incremental.seconds / one.seconds, 2),
        "jobs_outputs_identical": same,
    }


def memory(args: argparse.Namespace, work: Path) -> dict[str, object]:
    """Part 4: peak RSS over a large corpus."""
    corpus = work / "big"
    files, size = make_corpus(corpus, int(args.rss_mb * 2**20))
    run = kg_build(f"kg build --jobs {args.jobs} ({args.rss_mb:g} MB)", corpus, work / "big_out",
                   "--jobs", str(args.jobs), "--no-cache")
    report = json.loads((work / "big_out" / "report.json").read_text(encoding="utf-8"))
    shutil.rmtree(corpus, ignore_errors=True)
    return {"corpus": {"files": files, "mb": round(size / 2**20, 2)}, "run": asdict(run),
            "graph": {k: report[k] for k in ("nodes", "edges", "triples")}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=5.0, help="corpus size of the speed runs")
    parser.add_argument("--rss-mb", type=float, default=200.0, help="corpus size of the memory run (0: skip)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1, help="best of this many runs of each speed measurement")
    parser.add_argument("--quick", action="store_true", help="1 MB and 20 MB")
    parser.add_argument("--memory-only", action="store_true", help="skip the speed runs")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--work", type=Path, help="work folder (default: a temporary one, removed)")
    args = parser.parse_args()
    if args.quick:
        args.size_mb, args.rss_mb = 1.0, min(args.rss_mb, 20.0)
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        result: dict[str, object] = {"cpus": os.cpu_count(), "load_before": os.getloadavg()}
        if not args.memory_only:
            result["speed"] = speed(args, work)
        if args.rss_mb:
            result["memory"] = memory(args, work)
        result["load_after"] = os.getloadavg()
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(render(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


def render(result: dict) -> str:  # type: ignore[type-arg]
    """The figures as Markdown."""
    lines = [f"{result['cpus']} CPUs, load {result['load_before'][0]:.2f} before / {result['load_after'][0]:.2f} after"]
    if "speed" in result:
        s = result["speed"]
        c = s["corpus"]
        lines.append(f"corpus: {c['files']} files, {c['mb']} MB ({c['repaired_chars']:,} repaired characters)")
        lines += ["", "| run | wall s | CPU s | peak RSS MB | |", "|---|---|---|---|---|"]
        lines += [f"| {r['what']} | {r['seconds']} | {r['cpu_seconds']} | {r['max_rss_mb']} | {r['detail']} |"
                  for r in s["runs"]]
        lines += ["", f"best of {s['repeat']}; every run's wall seconds: {s['all_seconds']}",
                  f"stages of one --jobs 1 build (s): {s['stages_jobs_1']}",
                  f"extraction alone / jieba.lcut, one copy of the shared corpus at a time (warm process): "
                  f"first copy {s['first_copy_over_jieba']}x, copies seen before {s['repeated_copy_over_jieba']}x "
                  f"(seconds [jieba, kg] per copy: {s['copies_jieba_kg_seconds']})", ""]
        lines.append(f"kg build / jieba.lcut: {s['build_over_jieba']}x; --jobs speed-up: {s['jobs_speedup']}x; "
                     f"cached rebuild / cold: {s['cached_over_cold']}x; "
                     f"one file changed / cold: {s['one_changed_over_cold']}x; "
                     f"--jobs outputs identical: {s['jobs_outputs_identical']}")
    if "memory" in result:
        m = result["memory"]
        lines.append(f"memory: {m['corpus']['files']} files, {m['corpus']['mb']} MB: {m['run']['seconds']} s, "
                     f"peak RSS {m['run']['max_rss_mb']} MB; graph {m['graph']}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
