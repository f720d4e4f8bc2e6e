"""Fictional graphs for the view tests (names invented; no corpus text)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from kg.model import Document, Edge, Evidence, Node, PropertyGraph

XSS_NAME = "<script>alert(1)</script>"
XSS_ALIAS = "<img src=x onerror=alert(1)>"
XSS_SENTENCE = '</script><script>window.__kgXss = 1</script><img src=x onerror="window.__kgXss = 2">'
XSS_DOC = '<img src=x onerror="window.__kgXss = 3">.txt'


def _ev(doc: str, sentence: str) -> Evidence:
    return Evidence(doc, sentence, 0, len(sentence), 0, len(sentence))


def node(kind: str, n: int, name: str, aliases: tuple[str, ...] = (), docs: tuple[str, ...] = ("甲.txt",)) -> Node:
    """A node with a stable id like ``Zone/000000000001``."""
    return Node(f"{kind}/{n:012x}", kind, name, aliases, docs)


def edge(n: int, s: Node, p: str, o: Node, sentence: str, doc: str = "甲.txt", **attrs: Any) -> Edge:
    """A fact edge with a stable id like ``fact/0000000000000001``."""
    return Edge(f"fact/{n:016x}", s.id, o.id, p, _ev(doc, sentence), **attrs)


def small_graph() -> PropertyGraph:
    """Two fictional zones, a sub-park, firms, honours, funding and a partner."""
    z = node("Zone", 1, "青石经济开发区", ("青石开发区",), ("甲.txt", "乙.txt"))
    park = node("Zone", 2, "青石智造园")
    z2 = node("Zone", 3, "白沙高新区", docs=("乙.txt",))
    firm = node("Enterprise", 10, "临工集团", ("临工", "x临工"), ("甲.txt", "乙.txt"))
    firm2 = node("Enterprise", 11, "澜川电子")
    firm3 = node("Enterprise", 12, "白沙光电", docs=("乙.txt",))
    bad = node("Enterprise", 13, XSS_NAME, (XSS_ALIAS,), (XSS_DOC,))
    org = node("Organization", 20, "青石大学")
    proj = node("Project", 30, "年产5万台智能装载机项目")
    hon = node("Honour", 40, "国家级绿色工厂", docs=("甲.txt", "乙.txt"))
    fund = node("FundingSource", 50, "政府专项债券")
    nodes = (z, park, z2, firm, firm2, firm3, bad, org, proj, hon, fund)
    edges = (
        edge(1, park, "LOCATED_IN", z, "青石智造园是青石经济开发区的核心园区。"),
        edge(2, firm, "LOCATED_IN", park, "临工集团落户青石智造园。"),
        edge(3, firm2, "LOCATED_IN", z, "澜川电子在青石经济开发区投产。"),
        edge(4, firm, "UNDERTAKES", proj, "临工集团投资年产5万台智能装载机项目。"),
        edge(5, firm, "RECEIVED_HONOUR", hon, "临工集团获评国家级绿色工厂。", level="national", year=2021),
        edge(6, firm, "RECEIVED_HONOUR", hon, "临工集团再获国家级绿色工厂。", doc="乙.txt", level="national", year=2022),
        edge(7, proj, "FUNDED_BY", fund, "该项目获得政府专项债券708万元。", amount="708万元", value_yuan=7080000.0),
        edge(8, z, "PARTNERS_WITH", org, "开发区与青石大学签订战略合作协议。"),
        edge(9, bad, "LOCATED_IN", z, XSS_SENTENCE, doc=XSS_DOC),
        edge(10, firm3, "LOCATED_IN", z2, "白沙光电位于白沙高新区。", doc="乙.txt"),
        edge(11, firm3, "RECEIVED_HONOUR", hon, "白沙光电获评国家级绿色工厂。", doc="乙.txt", level="national", year=2020),
    )
    docs = tuple(Document(f"doc/{i:012x}", name, "青石经济开发区") for i, name in enumerate(("甲.txt", "乙.txt", XSS_DOC)))
    return PropertyGraph(tuple(sorted(nodes, key=lambda n: n.id)), tuple(sorted(edges, key=lambda e: e.id)), docs)


def big_graph(n_nodes: int = 5000) -> PropertyGraph:
    """A generated graph: 40 zones, firms in zones, shared honours, projects, funds."""
    kinds = [("Zone", 40), ("Honour", 120), ("FundingSource", 40), ("Organization", 100), ("Project", 700)]
    nodes: list[Node] = []
    for kind, count in kinds:
        nodes += [node(kind, i, f"{kind}{i:04d}号") for i in range(count)]
    nodes += [node("Enterprise", i, f"企业{i:05d}") for i in range(n_nodes - len(nodes))]
    by_kind: dict[str, list[Node]] = {}
    for n in nodes:
        by_kind.setdefault(n.type, []).append(n)
    edges: list[Edge] = []

    def add(s: Node, p: str, o: Node) -> None:
        edges.append(edge(len(edges) + 1, s, p, o, f"{s.name}与{o.name}的事实。"))

    zones, firms, projects = by_kind["Zone"], by_kind["Enterprise"], by_kind["Project"]
    for i, z in enumerate(zones[1:], 1):
        add(z, "LOCATED_IN", zones[i % 5])
    for i, f in enumerate(firms):
        add(f, "LOCATED_IN", zones[(i * 7) % len(zones)])
        if i % 3 == 0:
            add(f, "RECEIVED_HONOUR", by_kind["Honour"][(i * 13) % 120])
        if i % 5 == 0:
            add(f, "UNDERTAKES", projects[i % len(projects)])
    for i, pr in enumerate(projects):
        add(pr, "FUNDED_BY", by_kind["FundingSource"][i % 40])
    for i, o in enumerate(by_kind["Organization"]):
        add(zones[i % len(zones)], "PARTNERS_WITH", o)
    return PropertyGraph(tuple(sorted(nodes, key=lambda n: n.id)), tuple(sorted(edges, key=lambda e: e.id)))


def page_data(html_path: Path) -> dict[str, Any]:
    """The JSON data block embedded in a written page."""
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html_path.read_text("utf-8"), re.DOTALL)
    assert m, "no data block in the page"
    return json.loads(m.group(1))
