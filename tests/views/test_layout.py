"""Node positions: every node placed, none on top of another, components apart."""

from __future__ import annotations

import itertools
import math

from kg.view_layout import layout


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
    for leaf in ("A-0007", "A-0150"):
        assert math.dist(pos[leaf], pos["A"]) < math.dist(pos[leaf], pos["B"])


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
