"""Scale a property graph to benchmark size by replicating its shape.

``scale_graph(base, copies)`` makes ``copies`` disjoint renamed copies of ``base`` (new
ids, names suffixed with the copy number), so the node/edge type mix, the degrees and
the zone nesting of the base are kept while the triple count grows linearly.

The base is a built graph (``--base output/``) or :func:`fictional_base`: a seeded,
invented corpus of zones, firms, projects, honours and funds shaped like the reports
(every name below is made up).

    python bench/gen_graph.py --triples 1000000 --out /tmp/bench
"""

from __future__ import annotations

import argparse
import hashlib
import random
from dataclasses import replace
from pathlib import Path

from kg.model import Document, Edge, Evidence, Node, PropertyGraph

_SYLLABLES = "云帆临川星澜北辰青禾松石翠湖金桥银杉雁栖晨曦远航明德瑞丰华腾宏图启明鼎盛恒泰"
_FIRM_SUFFIX = ("科技", "重工", "电子", "新材料", "制药", "物流", "机械", "能源")
_HONOURS = ("国家级绿色工厂", "省级企业技术中心", "专精特新小巨人", "省长杯工业设计大赛", "省级工程研究中心",
            "两化融合贯标认证", "市级数字化车间", "国家知识产权示范企业")
_FUNDS = ("政府专项债券", "中央预算内资金", "企业上云奖补资金", "产业发展引导资金", "省级专项补助资金")
_LEVELS = ("national", "provincial", "municipal", "county", None)


def _hex(*parts: object, n: int = 12) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:n]


def _name(rng: random.Random, suffix: str) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(2)) + suffix


class _Builder:
    """Collects nodes and edges of the fictional base graph."""

    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []
        self.docs: list[Document] = []

    def node(self, etype: str, name: str, doc: str, aliases: tuple[str, ...] = ()) -> str:
        node_id = f"{etype}/{_hex(etype, name)}"
        old = self.nodes.get(node_id)
        docs = tuple(sorted({doc, *(old.docs if old else ())}))
        self.nodes[node_id] = Node(node_id, etype, name, aliases if old is None else old.aliases, docs)
        return node_id

    def edge(self, s: str, p: str, o: str, doc: str, **attrs: object) -> None:
        sentence = f"{self.nodes[s].name}与{self.nodes[o].name}相关（{p}）。"
        start = 20 * len(self.edges)
        ev = Evidence(doc, sentence, start, start + len(sentence), start, start + len(sentence))
        self.edges.append(Edge(f"fact/{_hex(s, p, o, doc, len(self.edges), n=16)}", s, o, p, ev, **attrs))  # type: ignore[arg-type]


def fictional_base(documents: int = 20, seed: int = 7) -> PropertyGraph:
    """Build an invented base graph of ``documents`` zone reports.

    The per-report mix follows the annotated dev reports (about 3 zones, 6 enterprises,
    7 projects, 3 honours and 1 funding source per report; LOCATED_IN facts dominate,
    honours are held by one to three holders): each report has a zone with two
    sub-parks, firms and projects placed in them, a few honours (some shared corpus-wide,
    most local), funding with known and masked amounts, and a partnership.
    """
    rng, b = random.Random(seed), _Builder()
    for i in range(documents):
        doc = f"{_name(rng, '')}经济开发区{2019 + i % 5}年工作总结-{i}.txt"
        zone_name = doc.split("年")[0][:-4]
        b.docs.append(Document(f"doc/{_hex(doc)}", doc, zone_name, hashlib.sha256(doc.encode()).hexdigest()))
        _report(rng, b, doc, zone_name, i)
    return PropertyGraph(tuple(sorted(b.nodes.values(), key=lambda n: n.id)),
                         tuple(sorted(b.edges, key=lambda e: e.id)), tuple(sorted(b.docs, key=lambda d: d.id)))


def _report(rng: random.Random, b: _Builder, doc: str, zone_name: str, i: int) -> None:
    zone = b.node("Zone", zone_name, doc, (zone_name[:2] + "开发区",))
    places = [zone] + [b.node("Zone", _name(rng, "产业园"), doc) for _ in range(2)]
    for park in places[1:]:
        b.edge(park, "LOCATED_IN", zone, doc)
    honours = [b.node("Honour", rng.choice(_HONOURS), doc)] + [b.node("Honour", f"{_name(rng, '')}{i}示范单位", doc)
                                                              for _ in range(2)]
    for _ in range(6):
        _firm(rng, b, doc, rng.choice(places), honours)
    for _ in range(4):
        project = b.node("Project", f"{_name(rng, '')}基础设施项目{rng.randint(1, 99)}", doc)
        b.edge(project, "LOCATED_IN", rng.choice(places), doc)
    if rng.random() < 0.6:
        org = b.node("Organization", _name(rng, "大学"), doc)
        b.edge(org, "PARTNERS_WITH", zone, doc)
    b.edge(zone, "FUNDED_BY", b.node("FundingSource", rng.choice(_FUNDS), doc), doc,
           amount="x.xx亿元", rule="bench")
    b.edge(zone, "RECEIVED_HONOUR", honours[2], doc, level="provincial", year=2021)


def _firm(rng: random.Random, b: _Builder, doc: str, zone: str, honours: list[str]) -> None:
    name = _name(rng, rng.choice(_FIRM_SUFFIX))
    firm = b.node("Enterprise", name, doc, (name[:2],))
    b.edge(firm, "LOCATED_IN", zone, doc)
    if rng.random() < 0.5:
        b.edge(firm, "RECEIVED_HONOUR", rng.choice(honours), doc, level=rng.choice(_LEVELS),
               year=rng.randint(2018, 2023), batch=rng.choice(("第五批", None)))
    if rng.random() < 0.5:
        project = b.node("Project", f"年产{rng.randint(1, 90)}万台{name[:2]}设备项目", doc)
        b.edge(firm, "UNDERTAKES", project, doc)
        b.edge(project, "LOCATED_IN", zone, doc)
        if rng.random() < 0.5:
            amount = rng.randint(50, 5000)
            b.edge(project, "FUNDED_BY", b.node("FundingSource", rng.choice(_FUNDS), doc), doc,
                   amount=f"{amount}万元", value_yuan=amount * 10000.0, rule="bench")


def scale_graph(base: PropertyGraph, copies: int) -> PropertyGraph:
    """Return ``copies`` disjoint renamed copies of ``base`` as one graph."""
    nodes, edges, docs = [], [], []
    for c in range(copies):
        ren = {n.id: f"{n.type}/{_hex(c, n.id)}" for n in base.nodes}
        dname = {d.name: f"{c}-{d.name}" for d in base.documents}
        nodes += [replace(n, id=ren[n.id], name=f"{n.name}{c}", aliases=tuple(f"{a}{c}" for a in n.aliases),
                          docs=tuple(sorted(dname[d] for d in n.docs))) for n in base.nodes]
        edges += [replace(e, id=f"fact/{_hex(c, e.id, n=16)}", source=ren[e.source], target=ren[e.target],
                          evidence=replace(e.evidence, doc=dname[e.evidence.doc])) for e in base.edges]
        docs += [replace(d, id=f"doc/{_hex(c, d.id)}", name=dname[d.name]) for d in base.documents]
    return PropertyGraph(tuple(sorted(nodes, key=lambda n: n.id)), tuple(sorted(edges, key=lambda e: e.id)),
                         tuple(sorted(docs, key=lambda d: d.id)))


def triples_per_copy(base: PropertyGraph) -> int:
    """Count the quads ``base`` gives in RDF."""
    from kg.rdf import serialize_trig, to_quads

    return serialize_trig(to_quads(base))[1]


def generate(out: Path, triples: int, base_dir: Path | None = None) -> tuple[Path, int]:
    """Write a scaled graph of at least ``triples`` quads to ``out/graph.trig``.

    Returns:
        The TriG path and its quad count.
    """
    from kg.rdf import load_graph, write_trig

    base = load_graph(base_dir) if base_dir else fictional_base()
    copies = -(-triples // triples_per_copy(base))
    path = out / "graph.trig"
    return path, write_trig(scale_graph(base, copies), path)


def main() -> None:
    """Command line: write the scaled graph."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--base", type=Path, default=None, help="a build folder whose graph.trig gives the shape")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    path, count = generate(args.out, args.triples, args.base)
    print(f"{path}: {count} triples")


if __name__ == "__main__":
    main()
