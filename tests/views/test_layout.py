"""Node positions: every node placed, none on top of another, components apart."""

from __future__ import annotations

import itertools
import json
import math
import os
import random
import subprocess
import sys
from pathlib import Path

import igraph

from kg.view_layout import layout

ROOT = Path(__file__).resolve().parents[2]  # the checkout whose kg the tests import


def star(hub: str, leaves: int) -> list[tuple[str, str]]:
    return [(f"{hub}-{i:04d}", hub) for i in range(leaves)]


def test_every_node_gets_a_distinct_position() -> None:
    pairs = star("A", 400) + star("B", 30) + [("A-0001", "B")]
    nodes = sorted({n for p in pairs for n in p} | {"lonely"})
    degree = {n: sum(n in p for p in pairs) for n in nodes}
    pos = layout(nodes, pairs, degree, hubs=50)  # 433 > 50 nodes: the hub + spiral path
    assert set(pos) == set(nodes)
    assert len(set(pos.values())) == len(nodes)
    closest = min(math.dist(pos[a], pos[b]) for a, b in itertools.combinations(nodes, 2))
    assert closest > 1.0


def test_satellites_sit_near_their_hub() -> None:
    pairs = star("A", 200) + star("B", 200) + [("A", "B")]
    nodes = sorted({n for p in pairs for n in p})
    degree = {n: sum(n in p for p in pairs) for n in nodes}
    pos = layout(nodes, pairs, degree, hubs=10)
    # the 10 hubs: A, B and (ties by id) A-0000 to A-0007, placed by force like B, so
    # any of them may sit nearer B; every other leaf is a satellite of its star's hub
    satellites = [n for n in nodes if "-" in n and n not in {f"A-{i:04d}" for i in range(8)}]
    assert len(satellites) == 392
    for leaf in satellites:
        own, other = ("A", "B") if leaf.startswith("A") else ("B", "A")
        assert math.dist(pos[leaf], pos[own]) < math.dist(pos[leaf], pos[other]), leaf


def test_components_do_not_overlap_and_layout_is_repeatable() -> None:
    pairs = star("A", 20) + star("B", 20) + star("C", 3)
    nodes = sorted({n for p in pairs for n in p})
    degree = {n: sum(n in p for p in pairs) for n in nodes}
    pos = layout(nodes, pairs, degree)

    def box(hub: str) -> tuple[float, float, float, float]:
        xs = [pos[n][0] for n in nodes if n.startswith(hub)]
        ys = [pos[n][1] for n in nodes if n.startswith(hub)]
        return min(xs), min(ys), max(xs), max(ys)

    boxes = [box(h) for h in "ABC"]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1]
    assert layout(nodes, pairs, degree) == pos


def test_empty() -> None:
    assert layout([], [], {}) == {}


def small_tree() -> list[tuple[str, str]]:
    """A root with four children of four leaves each, and a two-node tail: 23 nodes."""
    pairs = [(f"c{i}", "root") for i in range(4)] + [(f"c{i}-{j}", f"c{i}") for i in range(4) for j in range(4)]
    return pairs + [("tail1", "c0-0"), ("tail2", "tail1")]


def test_small_tree_is_laid_out_evenly() -> None:
    pairs = small_tree()
    nodes = sorted({n for p in pairs for n in p})
    spacing = 180.0
    pos = layout(nodes, pairs, {}, spacing=spacing)
    lengths = [math.dist(pos[a], pos[b]) for a, b in pairs]
    # Kamada-Kawai: every edge about as long as the others (Fruchterman-Reingold alone
    # draws this tree with edges 2.4 times longer than others), none cramped
    assert max(lengths) / min(lengths) < 1.6
    assert 0.5 * spacing < min(lengths) and max(lengths) < 2 * spacing
    closest = min(math.dist(pos[a], pos[b]) for a, b in itertools.combinations(nodes, 2))
    assert closest > 0.4 * spacing


MIXED_LAYOUT = """
import json, random, sys
from kg.view_layout import layout

random.seed(int(sys.argv[1]))  # igraph must not draw from the caller's generator
tree = [(f"t{i}", f"t{(i - 1) // 3}") for i in range(1, 40)]          # Kamada-Kawai
mesh = [(f"m{i}", f"m{(i * 7 + 3) % 90}") for i in range(90)] + [(f"m{i}", f"m{i + 1}") for i in range(89)]
big = [(f"s{i:03d}", f"h{i % 12}") for i in range(300)] + [(f"h{i}", f"h{(i + 5) % 12}") for i in range(12)]
pairs = tree + mesh + big + [("x", "y")]
nodes = sorted({n for p in pairs for n in p} | {"alone"})
degree = {n: sum(n in p for p in pairs) for n in nodes}
pos = layout(nodes, pairs, degree, hubs=100)                            # mesh: FR; big: hubs
print(json.dumps([[n, *pos[n]] for n in nodes]))
"""


def _run(code: str, *args: str, hash_seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True,
                          check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_same_positions_across_processes_hash_seeds_and_random_states() -> None:
    first = _run(MIXED_LAYOUT, "1", hash_seed="1")
    second = _run(MIXED_LAYOUT, "2", hash_seed="2")
    assert first == second
    assert len(json.loads(first)) == 40 + 90 + 312 + 2 + 1


def test_caller_random_state_is_left_alone() -> None:
    pairs = small_tree()
    nodes = sorted({n for p in pairs for n in p})
    random.seed(11)
    expected = [random.random() for _ in range(3)]
    random.seed(11)
    layout(nodes, pairs, {})
    assert [random.random() for _ in range(3)] == expected
    # and igraph draws from the random module again afterwards, as it did before
    random.seed(5)
    before = igraph.Graph.Ring(6).layout_random().coords
    random.seed(5)
    assert igraph.Graph.Ring(6).layout_random().coords == before


def test_view_imports_neither_scipy_nor_numpy(tmp_path: Path) -> None:
    """igraph's layouts need neither (scipy's import alone cost 0.35-0.6 s a view)."""
    code = f"""
import sys
from pathlib import Path
from kg.views import render_html
from tests.views.graphs import big_graph, small_graph
render_html(small_graph(), Path({str(tmp_path / "small.html")!r}))    # Kamada-Kawai
render_html(big_graph(1500), Path({str(tmp_path / "big.html")!r}))    # hubs and spirals
print(sorted(m for m in ("igraph", "networkx", "numpy", "scipy") if m in sys.modules))
"""
    assert _run(code, hash_seed="0").strip() == "['igraph']"
