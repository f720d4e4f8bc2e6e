"""bench/gen_graph.py: the scaled benchmark graph keeps the base's shape and stays valid."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from kg.rdf import load_graph, write_trig
from kg.validate import validate

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from gen_graph import fictional_base, generate, scale_graph, triples_per_copy


def test_scaling_replicates_the_type_mix() -> None:
    base = fictional_base(documents=3)
    big = scale_graph(base, 3)
    assert Counter(n.type for n in big.nodes) == Counter({k: 3 * v for k, v in Counter(n.type for n in base.nodes).items()})
    assert Counter(e.type for e in big.edges) == Counter({k: 3 * v for k, v in Counter(e.type for e in base.edges).items()})
    assert len({n.id for n in big.nodes}) == len(big.nodes) and len({n.name for n in big.nodes}) == len(big.nodes)


def test_generated_graph_reaches_the_size_and_conforms(tmp_path: Path) -> None:
    base = fictional_base(documents=3)
    write_trig(base, tmp_path / "base" / "graph.trig")
    path, count = generate(tmp_path / "big", 3 * triples_per_copy(base), base_dir=tmp_path / "base")
    assert count == 3 * triples_per_copy(base)
    assert len(load_graph(path).edges) == 3 * len(base.edges)
    assert validate(path).conforms
