"""A fictional graph for the Neo4j tests: every name and sentence below is invented.

Shape (documents 甲/乙/丙 state the facts, 丁 states none):

    青岚经济开发区 (alias 青岚开发区)
      └─ 青岚智造园 ── 翠湖小微园 ── 澜星电子
           ├─ 临川重工集团 (aliases 临川重工, x临川) ── UNDERTAKES ── 年产8万台智能叉车项目
           └─ 年产8万台智能叉车项目
      └─ 松石制药
    白鹭高新区 ── 白鹭光电

The expected answers of the canned queries in ``test_queries.py`` were worked out by
hand from this list.
"""

from __future__ import annotations

from typing import Any

from kg.model import Document, Edge, Evidence, Node, PropertyGraph

JIA, YI, BING, DING = "甲.txt", "乙.txt", "丙.txt", "丁.txt"


def _node(kind: str, n: int, name: str, docs: tuple[str, ...], aliases: tuple[str, ...] = ()) -> Node:
    return Node(f"{kind}/{n:012x}", kind, name, tuple(sorted(aliases)), tuple(sorted(docs)))  # sorted, as in the model


Z1 = _node("Zone", 1, "青岚经济开发区", (JIA, YI), ("青岚开发区",))
Z2 = _node("Zone", 2, "青岚智造园", (JIA,))
Z3 = _node("Zone", 3, "翠湖小微园", (JIA,))
Z4 = _node("Zone", 4, "白鹭高新区", (BING,))
E1 = _node("Enterprise", 11, "临川重工集团", (JIA, YI), ("x临川", "临川重工"))
E2 = _node("Enterprise", 12, "澜星电子", (JIA,))
E3 = _node("Enterprise", 13, "松石制药", (YI,))
E4 = _node("Enterprise", 14, "白鹭光电", (YI, BING))
O1 = _node("Organization", 21, "青岚大学", (JIA, YI))
P1 = _node("Project", 31, "年产8万台智能叉车项目", (JIA, YI))
H1 = _node("Honour", 41, "国家级绿色工厂", (JIA, YI, BING))
H2 = _node("Honour", 42, "省级企业技术中心", (JIA, YI))
H3 = _node("Honour", 43, "省级美丽园区", (YI,))
F1 = _node("FundingSource", 51, "政府专项债券", (JIA, YI, BING))
F2 = _node("FundingSource", 52, "中央预算内资金", (YI,))
NODES = (Z1, Z2, Z3, Z4, E1, E2, E3, E4, O1, P1, H1, H2, H3, F1, F2)

# (number, source, predicate, target, document, attributes)
FACTS: tuple[tuple[int, Node, str, Node, str, dict[str, Any]], ...] = (
    (1, Z2, "LOCATED_IN", Z1, JIA, {}),
    (2, Z3, "LOCATED_IN", Z2, JIA, {}),
    (3, E1, "LOCATED_IN", Z2, JIA, {}),
    (4, E2, "LOCATED_IN", Z3, JIA, {}),
    (5, E3, "LOCATED_IN", Z1, YI, {}),
    (6, E4, "LOCATED_IN", Z4, BING, {}),
    (7, E1, "UNDERTAKES", P1, JIA, {}),
    (8, E1, "UNDERTAKES", P1, YI, {}),
    (9, P1, "LOCATED_IN", Z2, JIA, {}),
    (10, E1, "RECEIVED_HONOUR", H1, JIA, {"level": "national", "year": 2021, "batch": "第五批"}),
    (11, E1, "RECEIVED_HONOUR", H2, YI, {"level": "provincial", "year": 2020, "grade": "金奖"}),
    (12, E2, "RECEIVED_HONOUR", H1, JIA, {"level": "national", "year": 2022}),
    (13, E2, "RECEIVED_HONOUR", H2, JIA, {"level": "provincial"}),
    (14, E4, "RECEIVED_HONOUR", H1, BING, {"level": "national", "year": 2021}),
    (15, Z1, "RECEIVED_HONOUR", H3, YI, {"year": 2019}),
    (16, P1, "FUNDED_BY", F1, JIA, {"amount": "708万元", "value_yuan": 7080000.0}),
    (17, P1, "FUNDED_BY", F1, YI, {"amount": "x.x亿元"}),
    (18, Z1, "FUNDED_BY", F2, YI, {"amount": "1.2亿元", "value_yuan": 120000000.0}),
    (19, E4, "FUNDED_BY", F1, BING, {"amount": "50万元", "value_yuan": 500000.0}),
    (20, O1, "PARTNERS_WITH", Z1, JIA, {}),
    (21, Z1, "PARTNERS_WITH", E4, YI, {}),
    (22, E1, "PARTNERS_WITH", O1, YI, {}),
    (23, E1, "RECEIVED_HONOUR", H1, YI, {"level": "national", "year": 2021}),
)


def sentence(n: int) -> str:
    """The (invented) evidence sentence of fact ``n``."""
    _, s, p, o, _, _ = FACTS[n - 1]
    return f"据报告，{s.name}与{o.name}存在{p}关系（第{n}条）。"


def _edge(n: int, s: Node, p: str, o: Node, doc: str, attrs: dict[str, Any]) -> Edge:
    text = sentence(n)
    ev = Evidence(doc, text, 10 * n, 10 * n + len(text), 12 * n, 12 * n + len(text))
    return Edge(f"fact/{n:016x}", s.id, o.id, p, ev, rule=f"test-rule-{p.lower()}", **attrs)


def fixture_graph() -> PropertyGraph:
    """The fictional graph: 15 entities, 23 facts, 4 documents."""
    edges = tuple(_edge(*fact) for fact in FACTS)
    docs = (Document("doc/00000000000a", JIA, "青岚经济开发区", "a" * 64),
            Document("doc/00000000000b", YI, "青岚经济开发区", "b" * 64),
            Document("doc/00000000000c", BING, "白鹭高新区", "c" * 64),
            Document("doc/00000000000d", DING, None, "d" * 64))
    return PropertyGraph(tuple(sorted(NODES, key=lambda n: n.id)), tuple(sorted(edges, key=lambda e: e.id)), docs)
