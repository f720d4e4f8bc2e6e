"""Benchmark every canned SPARQL query on Oxigraph and on rdflib's in-memory store.

Generates (or reuses) a scaled graph of at least ``--triples`` quads (bench/gen_graph.py),
builds the persistent Oxigraph store ``kg query`` uses (opened read-only, as there) and
an rdflib Dataset (rdflib's default in-memory store), picks the parameters of
each query from the data (the zone with most members, the enterprise with most honours
…), and prints the median time per query on each engine and their ratio. Target: every
Oxigraph median ≤ 100 ms.

    python bench/bench_sparql.py --triples 1000000 --reps 20 --rdflib-reps 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_graph import generate  # noqa: E402

from kg.model import PropertyGraph  # noqa: E402
from kg.queries import bind_query, list_queries  # noqa: E402
from kg.rdf import load_graph  # noqa: E402
from kg.stores import memory_store, open_store, rdflib_dataset, select_oxigraph, select_rdflib, write_store  # noqa: E402

TARGET_MS = 100.0


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
    fact = next(e for e in pg.edges if e.type == "RECEIVED_HONOUR")
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


def main() -> int:
    """Run the benchmark; exit 1 when a query misses the Oxigraph target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--graph", type=Path, default=None, help="reuse this graph folder instead of generating")
    parser.add_argument("--base", type=Path, default=None, help="build folder giving the shape (default: fictional)")
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--rdflib-reps", type=int, default=3)
    parser.add_argument("--no-rdflib", action="store_true")
    parser.add_argument("--store", choices=("disk", "memory"), default="disk",
                        help="disk: the persistent store `kg query` opens (default); memory: graph.trig loaded in RAM")
    args = parser.parse_args()

    folder = args.graph or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    trig = folder / "graph.trig"
    t0 = time.perf_counter()
    if not trig.exists():
        generate(folder, args.triples, args.base)
    if not (folder / "store").exists():
        write_store(trig, folder / "store")
    pg = load_graph(folder)
    store = open_store(folder) if args.store == "disk" else memory_store(trig)
    print(f"oxigraph store: {args.store}; graph: {len(store)} quads, {len(pg.nodes)} nodes, {len(pg.edges)} facts "
          f"({time.perf_counter() - t0:.1f} s to generate/load)")
    dataset = None
    if not args.no_rdflib:
        t0 = time.perf_counter()
        dataset = rdflib_dataset(trig)
        print(f"rdflib load: {time.perf_counter() - t0:.1f} s")
    return _report(pick_params(pg), store, dataset, args.reps, args.rdflib_reps)


def _report(params: dict[str, dict[str, str]], store: ox.Store, dataset: object, reps: int, rdflib_reps: int) -> int:
    print(f"\n{'query':22} {'rows':>6} {'oxigraph ms':>12} {'rdflib ms':>11} {'ratio':>8}")
    slow = 0
    for info in list_queries():
        text, _ = bind_query(info.name, params.get(info.name, {}))
        ox_ms, (_, rows) = median_ms(lambda: select_oxigraph(store, text), reps)  # type: ignore[misc]
        line = f"{info.name:22} {len(rows):>6} {ox_ms:>12.1f}"
        if dataset is not None:
            rd_ms, (_, rd_rows) = median_ms(lambda: select_rdflib(dataset, text), rdflib_reps)  # type: ignore[misc, arg-type]
            same = "" if rd_rows == rows else "  (rows differ!)"
            line += f" {rd_ms:>11.1f} {rd_ms / ox_ms:>7.1f}x{same}"
        slow += ox_ms > TARGET_MS
        print(line + ("  SLOW" if ox_ms > TARGET_MS else ""), flush=True)
    print(f"\n{slow} of {len(list_queries())} queries above {TARGET_MS:.0f} ms on Oxigraph")
    return 1 if slow else 0


if __name__ == "__main__":
    raise SystemExit(main())
