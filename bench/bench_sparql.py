"""Benchmark every canned SPARQL query on Oxigraph and on rdflib's in-memory store.

Generates (or reuses) a scaled graph of at least ``--triples`` quads (bench/gen_graph.py),
builds the persistent Oxigraph store ``kg query`` uses (opened read-only, as there) and
an rdflib Dataset (rdflib's default in-memory store), picks the parameters of
each query from the data (the zone with most members, the enterprise with most honours
…), and prints the median time per query on each engine and their ratio. Target: every
Oxigraph median ≤ 100 ms on the store ``kg query`` opens (``--store disk``, the default).

    python bench/bench_sparql.py --triples 1000000 --reps 20 --rdflib-reps 3 --store both

Oxigraph is timed first, before rdflib's dataset is loaded, so its figures are those of a
process holding only the store, as ``kg query`` does. ``--store memory`` times graph.trig
loaded into an in-memory Oxigraph store instead (and reports the load, which a CLI call
would pay every time); ``both`` prints both. rdflib runs each query ``--rdflib-reps``
times (once only when the first run takes more than a quarter of ``--rdflib-timeout``),
gives up after ``--rdflib-timeout`` seconds, and is compared with the first Oxigraph
column.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_graph import generate

from kg.model import PropertyGraph
from kg.queries import bind_query, list_queries
from kg.rdf import load_graph
from kg.stores import memory_store, open_store, rdflib_dataset, select_oxigraph, select_rdflib, write_store

TARGET_MS = 100.0
Timings = dict[str, tuple[float, list[dict[str, object]]]]


def pick_params(pg: PropertyGraph) -> dict[str, dict[str, str]]:
    """Choose a parameter value from the data for every name parameter.

    The busiest entities are chosen, so each parameterised query has work to do.
    """
    def busiest(etype: str, role: str, predicate: str) -> str:
        counts = Counter(getattr(e, role) for e in pg.edges if e.type == predicate)
        best = max((nid for nid in counts if pg.node(nid).type == etype), key=lambda n: (counts[n], n))
        return pg.node(best).name

    zone = busiest("Zone", "target", "LOCATED_IN")
    enterprise = busiest("Enterprise", "source", "RECEIVED_HONOUR")
    # the evidence between the name stating most facts (a generic 开发区 is the name of
    # many zones) and one of its honours: the worst case of a look-up by name
    stated = Counter(pg.node(e.source).name for e in pg.edges)
    fact = max((e for e in pg.edges if e.type == "RECEIVED_HONOUR"), key=lambda e: (stated[pg.node(e.source).name], e.id))
    return {
        "entity_lookup": {"name": enterprise}, "enterprise_honours": {"enterprise": enterprise},
        "zone_enterprises": {"zone": zone}, "zone_funding": {"zone": zone}, "zone_partners": {"zone": zone},
        "honour_holders": {"honour": busiest("Honour", "target", "RECEIVED_HONOUR")},
        "enterprise_projects": {"enterprise": busiest("Enterprise", "source", "UNDERTAKES")},
        "fact_evidence": {"subject": pg.node(fact.source).name, "object": pg.node(fact.target).name},
    }


def median_ms(run: Callable[[], object], reps: int) -> tuple[float, object]:
    """Run ``run`` ``reps`` times; return the median wall time in ms and the last result."""
    times, result = [], None
    for _ in range(reps):
        t0 = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def time_oxigraph(store: ox.Store, params: dict[str, dict[str, str]], reps: int) -> Timings:
    """Median time and rows of every canned query on ``store``."""
    timings: Timings = {}
    for info in list_queries():
        text, _ = bind_query(info.name, params.get(info.name, {}))
        ms, (_, rows) = median_ms(lambda text=text: select_oxigraph(store, text), reps)  # type: ignore[misc]
        timings[info.name] = (ms, rows)
    return timings


def main() -> int:
    """Run the benchmark; exit 1 when a query misses the target on the first Oxigraph store."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--graph", type=Path, default=None, help="reuse this graph folder instead of generating")
    parser.add_argument("--base", type=Path, default=None, help="build folder giving the shape (default: fictional)")
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--rdflib-reps", type=int, default=3)
    parser.add_argument("--rdflib-timeout", type=float, default=60.0,
                        help="give up on an rdflib query after this many seconds (reported as '>N')")
    parser.add_argument("--no-rdflib", action="store_true")
    parser.add_argument("--store", choices=("disk", "memory", "both"), default="disk",
                        help="disk: the persistent store `kg query` opens (default); memory: graph.trig loaded in "
                             "RAM; both: disk then memory")
    args = parser.parse_args()

    folder = args.graph or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    trig = folder / "graph.trig"
    t0 = time.perf_counter()
    if not trig.exists():
        generate(folder, args.triples, args.base)
    if not (folder / "store").exists():
        write_store(trig, folder / "store")
    pg = load_graph(folder)
    params = pick_params(pg)
    print(f"graph: {len(pg.nodes)} nodes, {len(pg.edges)} facts, {len(pg.documents)} documents "
          f"({time.perf_counter() - t0:.1f} s to generate/load)")
    columns = {}
    for kind in ("disk", "memory") if args.store == "both" else (args.store,):
        t0 = time.perf_counter()
        store = open_store(folder) if kind == "disk" else memory_store(trig)
        opened_ms = (time.perf_counter() - t0) * 1000
        print(f"oxigraph {kind}: {len(store)} quads, opened in {opened_ms:.0f} ms", flush=True)
        columns[kind] = time_oxigraph(store, params, args.reps)
        del store
    dataset = None
    if not args.no_rdflib:
        t0 = time.perf_counter()
        dataset = rdflib_dataset(trig)
        print(f"rdflib load: {time.perf_counter() - t0:.1f} s")
    return _report(params, columns, dataset, args.rdflib_reps, args.rdflib_timeout)


def timed_out(run: Callable[[], object], seconds: float) -> tuple[float, object] | None:
    """Run ``run`` once under a wall-clock cap (SIGALRM: rdflib is pure Python, so it stops)."""
    def alarm(signum: int, frame: object) -> None:
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return median_ms(run, 1)
    except TimeoutError:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _rdflib_cell(dataset: object, name: str, params: dict[str, str], rows: object, reps: int, timeout: float,
                 ox_ms: float) -> str:
    # rdflib gets the parameters written as terms, as kg.queries.run_query does.
    text, _ = bind_query(name, params, style="terms")
    first = timed_out(lambda: select_rdflib(dataset, text), timeout)  # type: ignore[arg-type]
    if first is None:
        return f" {'>' + str(int(timeout * 1000)):>11} {'>' + str(int(timeout * 1000 / ox_ms)) + 'x':>8}"
    times = [first[0]] + [median_ms(lambda: select_rdflib(dataset, text), 1)[0]  # type: ignore[arg-type]
                          for _ in range(max(0, reps - 1)) if first[0] < timeout * 1000 / 4]
    rd_ms = statistics.median(times)
    same = "" if first[1][1] == rows else "  (rows differ!)"  # type: ignore[index]
    return f" {rd_ms:>11.1f} {rd_ms / ox_ms:>7.1f}x{same}"


def _report(params: dict[str, dict[str, str]], columns: dict[str, Timings], dataset: object, rdflib_reps: int,
            rdflib_timeout: float) -> int:
    kinds = list(columns)
    head = "".join(f" {'ox ' + k + ' ms':>13}" for k in kinds)
    print(f"\n{'query':22} {'rows':>6}{head}" + (f" {'rdflib ms':>11} {'ratio':>8}" if dataset is not None else ""))
    slow = 0
    for info in list_queries():
        ms, rows = columns[kinds[0]][info.name]
        line = f"{info.name:22} {len(rows):>6}" + "".join(f" {columns[k][info.name][0]:>13.1f}" for k in kinds)
        if any(columns[k][info.name][1] != rows for k in kinds):
            line += "  (stores differ!)"
        if dataset is not None:
            line += _rdflib_cell(dataset, info.name, params.get(info.name, {}), rows, rdflib_reps, rdflib_timeout, ms)
        slow += ms > TARGET_MS
        print(line + ("  SLOW" if ms > TARGET_MS else ""), flush=True)
    print(f"\n{slow} of {len(list_queries())} queries above {TARGET_MS:.0f} ms on the Oxigraph {kinds[0]} store")
    return 1 if slow else 0


if __name__ == "__main__":
    raise SystemExit(main())
