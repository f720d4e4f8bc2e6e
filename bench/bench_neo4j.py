"""Bolt load benchmark: kg.neo4j_load into a FalkorDB started here, for a few batch sizes.

Generates a fictional graph of at least ``1,000,000 × --scale`` relationships (facts plus
MENTIONED_IN links) with bench/gen_graph.py, then

1. loads a slice of it (``--sweep`` of the relationships) into a fresh server once per
   batch size and prints relationships/s; the fastest size is the one to make
   ``kg.neo4j_load.DEFAULT_BATCH_SIZE``;
2. loads the whole graph at that size into a fresh server;
3. measures the server's ceiling: how many no-op statements per second it answers with
   a full-size parameter list (FalkorDB caps each statement at ~4 KiB of parameters,
   see kg.neo4j_bolt.FalkorDialect), i.e. the most rows/s any Bolt loader can reach.

    python bench/bench_neo4j.py                 # 1M relationships, ~10 min on 2 busy cores
    python bench/bench_neo4j.py --scale 0.1     # 100k relationships, ~1 min
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from gen_graph import fictional_base, scale_graph

from kg.model import PropertyGraph
from kg.neo4j_bolt import FalkorDialect, connect
from kg.neo4j_load import FACT_FIELDS, LoadReport, fact_row, load, relationship_count
from tests.neo4j.falkordb import falkordb_server

TARGET = 20_000


def generate(relationships: int) -> PropertyGraph:
    """A fictional graph with at least ``relationships`` relationships (copies of one base)."""
    base = fictional_base()
    return scale_graph(base, -(-relationships // relationship_count(base)))


def timed_load(pg: PropertyGraph, batch_size: int, workdir: Path) -> LoadReport:
    """Load ``pg`` into a fresh FalkorDB in ``workdir``; return the loader's report."""
    with falkordb_server(workdir) as uri:
        return load(pg, uri, batch_size=batch_size)


def ceiling(pg: PropertyGraph, workdir: Path, statements: int = 300) -> tuple[float, float]:
    """Statements/s and fact rows/s of a no-op UNWIND over full-size parameter lists."""
    rows = [[fact_row(e).get(f) for f in FACT_FIELDS] for e in pg.edges[:5000]]
    noop = "UNWIND $rows AS row RETURN count(*) AS n"
    chunks = list(FalkorDialect().split(noop, rows))
    with falkordb_server(workdir) as uri, connect(uri) as conn, conn.driver.session() as session:
        started, sent = time.perf_counter(), 0
        for i in range(statements):
            chunk = chunks[i % len(chunks)]
            session.run(noop, rows=chunk, corpus="").consume()
            sent += len(chunk)
        seconds = time.perf_counter() - started
    return statements / seconds, sent / seconds


def _row(label: str, report: LoadReport) -> str:
    rate = report.relationships / report.seconds
    items = (report.nodes + report.relationships) / report.seconds
    return f"{label:>12} | {report.relationships:>13,} | {report.seconds:>8.1f} | {rate:>8,.0f} | {items:>10,.0f}"


def main() -> None:
    """Command line: generate, sweep batch sizes, load the whole graph, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="relationships = 1,000,000 × scale")
    parser.add_argument("--batch-sizes", default="1000,5000,20000", help="rows per transaction to compare")
    parser.add_argument("--sweep", type=float, default=0.05, help="share of the graph loaded per batch size")
    args = parser.parse_args()
    sizes = [int(s) for s in args.batch_sizes.split(",")]

    started = time.perf_counter()
    pg = generate(int(1_000_000 * args.scale))
    print(f"graph: {len(pg.nodes):,} entities, {len(pg.documents):,} documents, {len(pg.edges):,} facts, "
          f"{relationship_count(pg):,} relationships (generated in {time.perf_counter() - started:.1f} s)")
    part = generate(int(1_000_000 * args.scale * args.sweep))
    header = f"{'batch size':>12} | {'relationships':>13} | {'seconds':>8} | {'rel/s':>8} | {'nodes+rel/s':>10}"
    print(f"\nsweep over {relationship_count(part):,} relationships (fresh server each):\n{header}\n{'-' * len(header)}")
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for size in sizes:
            results[size] = timed_load(part, size, Path(tmp) / f"sweep{size}")
            print(_row(str(size), results[size]), flush=True)
        best = max(sizes, key=lambda s: results[s].relationships / results[s].seconds)
        print(f"\nchosen batch size: {best}")
        full = timed_load(pg, best, Path(tmp) / "full")
        print(f"\nwhole graph at batch size {best}:\n{header}\n{_row(str(best), full)}")
        per_second, rows_per_second = ceiling(pg, Path(tmp) / "ceiling")
    rate = full.relationships / full.seconds
    print(f"\nserver ceiling: {per_second:,.0f} no-op statements/s with ~4 KiB parameter lists "
          f"= {rows_per_second:,.0f} fact rows/s before any write")
    print(f"target {TARGET:,} rel/s: {'met' if rate >= TARGET else 'NOT met'} ({rate:,.0f} rel/s)")


if __name__ == "__main__":
    main()
