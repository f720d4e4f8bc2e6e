"""Node positions for the browser view, computed once in Python.

The page draws with physics off, so the browser never simulates 5,000 nodes. Each
connected component is laid out on its own and the components are packed in rows,
largest first, long axis horizontal. The force layouts are python-igraph's, in C (the
900-node view of the 798-document corpus: about 50 ms, against 0.8 s with networkx and
scipy):

* components up to ``kamada_kawai`` nodes: Kamada-Kawai, which draws small trees and
  stars evenly, started from a Fruchterman-Reingold layout (from igraph's default
  circle it stalls in tangled states): about 5 ms a component of 60 nodes;
* up to ``hubs`` nodes: Fruchterman-Reingold (5 ms for 178 nodes and 2,400 edges);
* larger ones: Fruchterman-Reingold is quadratic (seconds for 5,000 nodes), so only the
  ``hubs`` best-connected nodes are laid out by force, and every other node is set on
  a golden-angle spiral around the first placed neighbour it is reached from
  (breadth-first).

Same input, same positions, whatever the hash seed: components, their nodes and edges
follow the order of ``node_ids`` (never a set's), each force layout starts from
positions drawn from ``random.Random(seed)`` in that order, and igraph's own random
numbers come from a generator seeded with ``seed`` too.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import random
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import igraph

Point = tuple[float, float]
_GOLDEN = math.pi * (3 - math.sqrt(5))  # the golden angle: satellites never line up
_RNG_LOCK = threading.Lock()  # igraph's random number generator is process-wide


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
) -> dict[str, Point]:
    """Place every node; return ``{node id: (x, y)}`` in screen pixels.

    Args:
        node_ids: the nodes to place (their order breaks ties, so pass them sorted).
        pairs: the drawn edges as (source, target) node ids.
        degree: fact-edge degree of each node (hubs and spiral order follow it).
        seed: seed of the Fruchterman-Reingold start positions and of igraph's random
            numbers.
        spacing: typical distance between neighbouring nodes.
        hubs: components larger than this lay out only their hubs by force.
        iterations: Fruchterman-Reingold iterations (also of the start of Kamada-Kawai).
        satellite_gap: radial step of the spirals around hubs.
        kamada_kawai: components up to this size use Kamada-Kawai, which draws small
            trees and stars more evenly than Fruchterman-Reingold (in views of any
            size: a few ms a component).

    Returns:
        Positions rounded to 0.1 px.
    """
    adj: dict[str, dict[str, None]] = {n: {} for n in node_ids}
    for s, t in pairs:
        adj.setdefault(s, {})
        adj.setdefault(t, {})
        if s != t:
            adj[s][t] = adj[t][s] = None
    order = {n: i for i, n in enumerate(adj)}
    comps = sorted(_components(adj, order), key=lambda c: (-len(c), min(c)))
    params = _Params(seed, spacing, hubs, iterations, satellite_gap, kamada_kawai)
    with _seeded_igraph_rng(seed):
        placed = [_component(c, adj, order, degree, params) for c in comps]
    return _pack(placed, spacing)


@contextlib.contextmanager
def _seeded_igraph_rng(seed: int) -> Iterator[None]:
    """Run igraph's layouts with random numbers from ``random.Random(seed)``.

    igraph draws from Python's ``random`` module unless told otherwise, so its layouts
    would neither repeat nor leave the caller's ``random`` state alone. Afterwards igraph
    gets the ``random`` module back: that is its default, and igraph cannot report the
    generator it has (kg sets none elsewhere). A lock keeps two threads' layouts from
    sharing a generator.
    """
    with _RNG_LOCK:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            igraph.set_random_number_generator(random)


def _components(adj: Mapping[str, Mapping[str, None]], order: Mapping[str, int]) -> Iterator[list[str]]:
    """The connected components, each a list of nodes in ``order``."""
    seen: set[str] = set()
    for start in adj:
        if start in seen:
            continue
        seen.add(start)
        comp = [start]
        for node in comp:  # the list grows while we walk it: a breadth-first search
            for nb in adj[node]:
                if nb not in seen:
                    seen.add(nb)
                    comp.append(nb)
        yield sorted(comp, key=order.__getitem__)


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


def _component(nodes: list[str], adj: Mapping[str, Mapping[str, None]], order: Mapping[str, int],
               degree: Mapping[str, int], p: _Params) -> dict[str, Point]:
    """Lay out one connected component (``nodes`` in ``order``) around (0, 0)."""
    n = len(nodes)
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    if n <= max(p.hubs, p.kamada_kawai):
        local = {node: i for i, node in enumerate(nodes)}
        edges = [(i, local[nb]) for i, node in enumerate(nodes) for nb in adj[node]
                 if order[nb] > order[node]]
        g = igraph.GraphBase(n, edges)  # not igraph.Graph: its constructor imports numpy
        xy = _fruchterman_reingold(g, None, p)
        if n <= p.kamada_kawai:
            # from the force layout, not igraph's default circle: started on a circle
            # it stalls in visibly tangled states (leaves pulled across a cluster)
            xy = g.layout_kamada_kawai(seed=xy)
            return _scaled(nodes, xy, p.spacing * math.sqrt(n) * 0.75)
        return _scaled(nodes, xy, p.spacing * math.sqrt(n))
    hubs = _rank(nodes, degree)[: p.hubs]
    pos = _hub_layout(hubs, adj, p, p.spacing * math.sqrt(n) * 1.6)
    _place_satellites(adj, hubs, pos, degree, p.gap)
    return pos


def _fruchterman_reingold(g: igraph.GraphBase, weights: list[int] | None, p: _Params) -> list[list[float]]:
    """Fruchterman-Reingold from start positions drawn from ``random.Random(seed)`` in
    vertex order (spread like igraph's own random start)."""
    rng = random.Random(p.seed)
    half = math.sqrt(g.vcount()) / 2
    start = [[rng.uniform(-half, half), rng.uniform(-half, half)] for _ in range(g.vcount())]
    xy: list[list[float]] = g.layout_fruchterman_reingold(
        weights=weights, niter=p.iterations, seed=start, grid=False)
    return xy


def _scaled(nodes: list[str], xy: list[list[float]], scale: float) -> dict[str, Point]:
    """Centre the layout and scale it so its largest coordinate is ``scale``."""
    cx = sum(x for x, _ in xy) / len(xy)
    cy = sum(y for _, y in xy) / len(xy)
    big = max(max(abs(x - cx), abs(y - cy)) for x, y in xy) or 1.0
    f = scale / big
    return {node: ((x - cx) * f, (y - cy) * f) for node, (x, y) in zip(nodes, xy, strict=True)}


def _hub_layout(hubs: list[str], adj: Mapping[str, Mapping[str, None]], p: _Params,
                scale: float) -> dict[str, Point]:
    """Lay out the hubs, linked when adjacent or when they share a neighbour (weighted
    by how often)."""
    ordered = sorted(hubs)
    index = {h: i for i, h in enumerate(ordered)}
    weight: dict[tuple[int, int], int] = {}
    seen: set[str] = set()
    for hub in ordered:  # the hubs' neighbours, each once, in a fixed order
        for node in [hub, *adj[hub]]:
            if node in seen:
                continue
            seen.add(node)
            near = sorted(nb for nb in adj[node] if nb in index)
            # a hub links to its hub neighbours (counted from both ends: weight 2); any
            # other node chains the hubs it touches, which stays linear in its degree
            links = [(node, nb) for nb in near] if node in index else list(itertools.pairwise(near))
            for a, b in links:
                key = (min(index[a], index[b]), max(index[a], index[b]))
                weight[key] = weight.get(key, 0) + 1
    g = igraph.GraphBase(len(ordered), list(weight))
    return _scaled(ordered, _fruchterman_reingold(g, list(weight.values()), p), scale)


def _place_satellites(
    adj: Mapping[str, Mapping[str, None]], hubs: list[str], pos: dict[str, Point],
    degree: Mapping[str, int], gap: float
) -> None:
    """Breadth-first from the hubs: each new node joins its anchor's spiral."""
    slots: dict[str, int] = {}
    queue = list(hubs)
    for anchor in queue:  # the list grows while we walk it: a breadth-first search
        for nb in _rank((m for m in adj[anchor] if m not in pos), degree):
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
