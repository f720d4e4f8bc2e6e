"""Node positions for the browser view, computed once in Python.

The page draws with physics off, so the browser never simulates 5,000 nodes. Each
connected component is laid out on its own (seeded, so same input → same positions)
and the components are packed in rows, largest first, long axis horizontal:

* small components of small views: ``networkx.kamada_kawai_layout`` (even trees);
* up to ``hubs`` nodes: ``networkx.spring_layout``;
* larger ones: ``spring_layout`` is quadratic (≈ 1 min for 5,000 nodes), so only the
  ``hubs`` best-connected nodes are laid out by force, and every other node is set on
  a golden-angle spiral around the first placed neighbour it is reached from
  (breadth-first).
"""

from __future__ import annotations

import contextlib
import itertools
import math
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import networkx as nx

Point = tuple[float, float]
_GOLDEN = math.pi * (3 - math.sqrt(5))  # the golden angle: satellites never line up


def layout(
    node_ids: Iterable[str],
    pairs: Iterable[tuple[str, str]],
    degree: Mapping[str, int],
    *,
    seed: int = 7,
    spacing: float = 180.0,
    hubs: int = 300,
    iterations: int = 80,
    satellite_gap: float = 40.0,
    kamada_kawai: int = 60,
    kamada_kawai_graph: int = 1000,
) -> dict[str, Point]:
    """Place every node; return ``{node id: (x, y)}`` in screen pixels.

    Args:
        node_ids: the nodes to place (their order breaks ties, so pass them sorted).
        pairs: the drawn edges as (source, target) node ids.
        degree: fact-edge degree of each node (hubs and spiral order follow it).
        seed: seed of every ``spring_layout`` call.
        spacing: typical distance between neighbouring nodes.
        hubs: components larger than this lay out only their hubs by force.
        iterations: ``spring_layout`` iterations.
        satellite_gap: radial step of the spirals around hubs.
        kamada_kawai: components up to this size use ``kamada_kawai_layout``, which
            draws small trees and stars more evenly than ``spring_layout``...
        kamada_kawai_graph: ...but only in views of at most this many nodes (it costs
            about 0.1 s a component).

    Returns:
        Positions rounded to 0.1 px.
    """
    g = nx.Graph()
    g.add_nodes_from(node_ids)
    g.add_edges_from((s, t) for s, t in pairs if s != t)
    kk = kamada_kawai if g.number_of_nodes() <= kamada_kawai_graph else 0
    params = _Params(seed, spacing, hubs, iterations, satellite_gap, kk)
    comps = sorted(nx.connected_components(g), key=lambda c: (-len(c), min(c)))
    order = {n: i for i, n in enumerate(g)}
    with single_blas_thread():
        placed = [_component(_induced(g, sorted(c, key=order.__getitem__)), degree, params) for c in comps]
    return _pack(placed, spacing)


@contextlib.contextmanager
def single_blas_thread() -> Iterator[None]:
    """One OpenBLAS thread for numpy/scipy when they load in this block (a setting of
    the caller's is kept): ``kamada_kawai_layout`` makes thousands of tiny BLAS calls,
    and waking BLAS threads for them made it 2-4x slower on a busy two-core machine.
    The results are the same."""
    key = "OPENBLAS_NUM_THREADS"
    if key in os.environ:
        yield
        return
    os.environ[key] = "1"
    try:
        yield
    finally:
        os.environ.pop(key, None)


def _induced(g: nx.Graph, nodes: list[str]) -> nx.Graph:
    """The component ``nodes`` as a graph of its own, nodes and edges in ``g``'s order.

    (``g.subgraph`` would iterate a small component in the order of a Python set, which
    changes with the hash seed, and so would the layouts seeded from that order.)
    """
    sub = nx.Graph()
    sub.add_nodes_from(nodes)
    sub.add_edges_from(g.edges(nodes))
    return sub


@dataclass(frozen=True)
class _Params:
    """Layout knobs passed down the helpers."""

    seed: int
    spacing: float
    hubs: int
    iterations: int
    gap: float
    kamada_kawai: int


def _rank(nodes: Iterable[str], degree: Mapping[str, int]) -> list[str]:
    """Nodes by degree, highest first, ties by id."""
    return sorted(nodes, key=lambda n: (-degree.get(n, 0), n))


def _component(sub: nx.Graph, degree: Mapping[str, int], p: _Params) -> dict[str, Point]:
    """Lay out one connected component around (0, 0)."""
    n = sub.number_of_nodes()
    if n == 1:
        return {next(iter(sub)): (0.0, 0.0)}
    if n <= p.kamada_kawai:
        # Hop counts by breadth-first search: the layout would run Dijkstra from every node.
        hops = dict(nx.all_pairs_shortest_path_length(sub))
        raw = nx.kamada_kawai_layout(sub, dist=hops, scale=p.spacing * math.sqrt(n) * 0.75)
        return {node: (float(x), float(y)) for node, (x, y) in raw.items()}
    if n <= p.hubs:
        return _spring(sub, p, scale=p.spacing * math.sqrt(n))
    hubs = _rank(sub, degree)[: p.hubs]
    pos = _spring(_hub_graph(sub, set(hubs)), p, scale=p.spacing * math.sqrt(n) * 1.6)
    _place_satellites(sub, hubs, pos, degree, p.gap)
    return pos


def _spring(g: nx.Graph, p: _Params, *, scale: float) -> dict[str, Point]:
    """Seeded spring layout scaled to ``scale`` pixels."""
    raw = nx.spring_layout(g, seed=p.seed, iterations=p.iterations, scale=scale, weight="weight")
    return {n: (float(x), float(y)) for n, (x, y) in raw.items()}


def _hub_graph(sub: nx.Graph, hubs: set[str]) -> nx.Graph:
    """Hubs, linked when adjacent or when they share a neighbour (weight = how often)."""
    h = nx.Graph()
    h.add_nodes_from(sorted(hubs))
    for node in sub:
        near = sorted(nb for nb in sub[node] if nb in hubs)
        # a hub links to its hub neighbours (counted from both ends: weight 2); any
        # other node chains the hubs it touches, which stays linear in its degree
        links = [(node, nb) for nb in near] if node in hubs else list(itertools.pairwise(near))
        for a, b in links:
            w = h.get_edge_data(a, b, {"weight": 0})["weight"]
            h.add_edge(a, b, weight=w + 1)
    return h


def _place_satellites(
    sub: nx.Graph, hubs: list[str], pos: dict[str, Point], degree: Mapping[str, int], gap: float
) -> None:
    """Breadth-first from the hubs: each new node joins its anchor's spiral."""
    slots: dict[str, int] = {}
    queue = list(hubs)
    for anchor in queue:  # the list grows while we walk it: a breadth-first search
        for nb in _rank((m for m in sub[anchor] if m not in pos), degree):
            k = slots.get(anchor, 0)
            slots[anchor] = k + 1
            ax, ay = pos[anchor]
            r = gap * (2.0 + math.sqrt(k))  # clear of the hub, then even density
            pos[nb] = (ax + r * math.cos(k * _GOLDEN), ay + r * math.sin(k * _GOLDEN))
            queue.append(nb)


def _pack(parts: list[dict[str, Point]], spacing: float) -> dict[str, Point]:
    """Shelf-pack the components (largest first) in rows; round to 0.1 px."""
    boxes = [_centred(part, spacing) for part in parts]
    area = sum((2 * r) ** 2 for _, r in boxes)
    width = max(math.sqrt(area) * 1.2, max((2 * r for _, r in boxes), default=0.0))
    out: dict[str, Point] = {}
    x = y = row_h = 0.0
    for part, r in boxes:
        if x > 0 and x + 2 * r > width:
            x, y, row_h = 0.0, y + row_h, 0.0
        for node, (px, py) in part.items():
            out[node] = (round(x + r + px, 1), round(y + r + py, 1))
        x, row_h = x + 2 * r, max(row_h, 2 * r)
    return out


def _centred(part: dict[str, Point], spacing: float) -> tuple[dict[str, Point], float]:
    """Centre a component on (0, 0) with its long axis horizontal (screens are wide).

    Returns:
        The moved positions and the component's radius plus a margin.
    """
    cx = sum(x for x, _ in part.values()) / len(part)
    cy = sum(y for _, y in part.values()) / len(part)
    moved = {n: (x - cx, y - cy) for n, (x, y) in part.items()}
    sxx = sum(x * x for x, _ in moved.values())
    syy = sum(y * y for _, y in moved.values())
    sxy = sum(x * y for x, y in moved.values())
    turn = -0.5 * math.atan2(2 * sxy, sxx - syy)  # principal axis → x axis
    c, s = math.cos(turn), math.sin(turn)
    moved = {n: (x * c - y * s, x * s + y * c) for n, (x, y) in moved.items()}
    radius = max(math.hypot(x, y) for x, y in moved.values())
    return moved, radius + spacing * 0.75
