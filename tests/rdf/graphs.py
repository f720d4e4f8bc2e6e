"""The FICTIONAL property graph of the RDF tests, built in memory.

Every name below is invented (青禾经济开发区, 云帆科技, 临川重工 …); no corpus text.

The graph, in words:

* 青禾经济开发区 (alias 青禾开发区) hosts 云帆科技 (stated by two documents), 临川重工
  (alias 临川), the sub-park 青禾智造产业园 and the project 年产5万台智能农机项目;
  星澜电子 sits in 青禾智造产业园 and so, transitively, in the zone; 松石新材料 is in the
  zone and holds no honour.
* 临川重工 undertakes the project, which 政府专项债券 funds with 708万元; the same
  source funds the zone itself with a masked x.xx亿元; 企业上云奖补资金 gives
  云帆科技 50万元.
* Honours: 国家级绿色工厂 (云帆科技 2022 第五批, 临川重工 2023, 星澜电子 2023),
  省级企业技术中心 (云帆科技 2023 provincial, 临川重工 2021 provincial),
  省长杯工业设计大赛 (星澜电子, 金奖, provincial).
* 青禾大学 partners with the zone; 北辰物流 partners with 云帆科技 (outside the zone).
"""

from __future__ import annotations

import hashlib

from kg.model import Document, Edge, Evidence, Node, PropertyGraph

DOC_A = "青禾经济开发区2023年工作总结.txt"
DOC_B = "青禾经济开发区2022年工作报告.html"
DOC_C = "某县经信局2023年工作总结.docx"


def nid(etype: str, name: str) -> str:
    """A stable node id like the build's: type + "/" + 12 hex characters."""
    return f"{etype}/{hashlib.sha1(name.encode()).hexdigest()[:12]}"


def did(name: str) -> str:
    """A stable document id."""
    return f"doc/{hashlib.sha1(name.encode()).hexdigest()[:12]}"


ZONE = nid("Zone", "青禾经济开发区")
PARK = nid("Zone", "青禾智造产业园")
YUNFAN = nid("Enterprise", "云帆科技")
LINCHUAN = nid("Enterprise", "临川重工")
XINGLAN = nid("Enterprise", "星澜电子")
BEICHEN = nid("Enterprise", "北辰物流")
UNIV = nid("Organization", "青禾大学")
PROJECT = nid("Project", "年产5万台智能农机项目")
GREEN = nid("Honour", "国家级绿色工厂")
TECH = nid("Honour", "省级企业技术中心")
CUP = nid("Honour", "省长杯工业设计大赛")
BOND = nid("FundingSource", "政府专项债券")
CLOUD = nid("FundingSource", "企业上云奖补资金")
SONGSHI = nid("Enterprise", "松石新材料")


def _node(node_id: str, etype: str, name: str, aliases: tuple[str, ...], docs: tuple[str, ...]) -> Node:
    return Node(node_id, etype, name, tuple(sorted(aliases)), tuple(sorted(docs)))


def _nodes() -> list[Node]:
    return [
        _node(ZONE, "Zone", "青禾经济开发区", ("青禾开发区",), (DOC_A, DOC_B)),
        _node(PARK, "Zone", "青禾智造产业园", (), (DOC_A,)),
        _node(YUNFAN, "Enterprise", "云帆科技", ("云帆",), (DOC_A, DOC_B)),
        _node(LINCHUAN, "Enterprise", "临川重工", ("临川", "临川重工集团"), (DOC_A, DOC_C)),
        _node(XINGLAN, "Enterprise", "星澜电子", (), (DOC_A,)),
        _node(BEICHEN, "Enterprise", "北辰物流", (), (DOC_C,)),
        _node(SONGSHI, "Enterprise", "松石新材料", (), (DOC_B,)),
        _node(UNIV, "Organization", "青禾大学", (), (DOC_B,)),
        _node(PROJECT, "Project", "年产5万台智能农机项目", (), (DOC_A,)),
        _node(GREEN, "Honour", "国家级绿色工厂", (), (DOC_A, DOC_B, DOC_C)),
        _node(TECH, "Honour", "省级企业技术中心", (), (DOC_A,)),
        _node(CUP, "Honour", "省长杯工业设计大赛", (), (DOC_A,)),
        _node(BOND, "FundingSource", "政府专项债券", (), (DOC_A,)),
        _node(CLOUD, "FundingSource", "企业上云奖补资金", (), (DOC_B,)),
    ]


def _ev(doc: str, sentence: str, start: int) -> Evidence:
    return Evidence(doc, sentence, start, start + len(sentence), start + 3, start + 3 + len(sentence))


# (source, type, target, doc, sentence, start, attributes)
# fmt: off
_FACTS = [
    (YUNFAN, "LOCATED_IN", ZONE, DOC_A, "云帆科技落户青禾经济开发区。", 10, {}),
    (YUNFAN, "LOCATED_IN", ZONE, DOC_B, "开发区内云帆科技完成技改。", 40, {}),
    (LINCHUAN, "LOCATED_IN", ZONE, DOC_A, "临川重工入园投产。", 60, {}),
    (PARK, "LOCATED_IN", ZONE, DOC_A, "青禾智造产业园是开发区的子园区。", 80, {}),
    (XINGLAN, "LOCATED_IN", PARK, DOC_A, "星澜电子入驻青禾智造产业园。", 100, {}),
    (SONGSHI, "LOCATED_IN", ZONE, DOC_B, "松石新材料签约落户开发区。", 380, {}),
    (PROJECT, "LOCATED_IN", ZONE, DOC_A, "年产5万台智能农机项目在开发区开工。", 120, {}),
    (LINCHUAN, "UNDERTAKES", PROJECT, DOC_A, "临川重工投资建设年产5万台智能农机项目。", 140, {}),
    (PROJECT, "FUNDED_BY", BOND, DOC_A, "该项目获政府专项债券708万元。", 160,
     {"amount": "708万元", "value_yuan": 7080000.0, "rule": "funding:获…资金"}),
    (ZONE, "FUNDED_BY", BOND, DOC_A, "开发区争取政府专项债券x.xx亿元。", 180,
     {"amount": "x.xx亿元", "rule": "funding:争取…债券"}),
    (YUNFAN, "FUNDED_BY", CLOUD, DOC_B, "云帆科技获企业上云奖补资金50万元。", 200,
     {"amount": "50万元", "value_yuan": 500000.0}),
    (YUNFAN, "RECEIVED_HONOUR", GREEN, DOC_A, "云帆科技入选第五批国家级绿色工厂。", 220,
     {"level": "national", "year": 2022, "batch": "第五批", "rule": 'honour:入选"…"\\名单'}),
    (LINCHUAN, "RECEIVED_HONOUR", GREEN, DOC_C, "临川重工获评国家级绿色工厂。", 240,
     {"level": "national", "year": 2023}),
    (XINGLAN, "RECEIVED_HONOUR", GREEN, DOC_B, "星澜电子获评国家级绿色工厂。", 260,
     {"level": "national", "year": 2023}),
    (YUNFAN, "RECEIVED_HONOUR", TECH, DOC_A, "云帆科技获批省级企业技术中心。", 280,
     {"level": "provincial", "year": 2023}),
    (LINCHUAN, "RECEIVED_HONOUR", TECH, DOC_A, "临川重工为省级企业技术中心。", 300,
     {"level": "provincial", "year": 2021}),
    (XINGLAN, "RECEIVED_HONOUR", CUP, DOC_A, "星澜电子荣获省长杯工业设计大赛金奖。", 320,
     {"level": "provincial", "grade": "金奖"}),
    (UNIV, "PARTNERS_WITH", ZONE, DOC_B, "青禾大学与开发区签订战略合作协议。", 340, {}),
    (BEICHEN, "PARTNERS_WITH", YUNFAN, DOC_C, "北辰物流与云帆科技签约。", 360, {}),
]
# fmt: on


def make_graph() -> PropertyGraph:
    """Build the fixture graph (sorted by id, as the build produces it)."""
    docs = [Document(did(DOC_A), DOC_A, "青禾经济开发区", hashlib.sha256(b"a").hexdigest()),
            Document(did(DOC_B), DOC_B, "青禾经济开发区", hashlib.sha256(b"b").hexdigest()),
            Document(did(DOC_C), DOC_C, None, hashlib.sha256(b"c").hexdigest())]
    edges = [
        Edge(f"fact/{hashlib.sha1(f'{i}{s}{p}{o}'.encode()).hexdigest()[:16]}", s, o, p, _ev(doc, sent, start), **attrs)
        for i, (s, p, o, doc, sent, start, attrs) in enumerate(_FACTS)
    ]
    return PropertyGraph(
        nodes=tuple(sorted(_nodes(), key=lambda n: n.id)),
        edges=tuple(sorted(edges, key=lambda e: e.id)),
        documents=tuple(sorted(docs, key=lambda d: d.id)),
    )


# ---------------------------------------------------------------------------
# Edge cases of the materialised aggregates (kg/aggregates.py), added to the graph above:
# two enterprises and two funding sources sharing a name, a national FUNDED_BY fact, a
# national honour stated twice and one without a year, a zone holding an honour, a
# member reachable two ways (星澜电子: in the park and in the zone), amounts whose float
# sum is inexact, equal degrees under one name and two types, two zones answering to one
# key with a member in both, an entity in no fact and a document stating none.

DOC_D = "星澜产业园2021年工作简报.txt"
DOC_E = "空白报告.txt"
TWIN1 = nid("Enterprise", "同名科技#1")
TWIN2 = nid("Enterprise", "同名科技#2")
BOND2 = nid("FundingSource", "政府专项债券#2")
LONELY = nid("Enterprise", "孤立企业")
JINGHU_ORG = nid("Organization", "镜湖")
JINGHU_ENT = nid("Enterprise", "镜湖")
ZONE2 = nid("Zone", "青禾开发区")  # its name is the alias of 青禾经济开发区: one key, two zones

# fmt: off
_EDGE_FACTS = [
    (TWIN1, "RECEIVED_HONOUR", GREEN, DOC_D, "同名科技获评国家级绿色工厂。", 10, {"level": "national"}),
    (TWIN1, "RECEIVED_HONOUR", TECH, DOC_D, "同名科技获批省级企业技术中心。", 40, {"level": "provincial", "year": 2021}),
    (TWIN2, "RECEIVED_HONOUR", CUP, DOC_D, "同名科技荣获省长杯工业设计大赛。", 70, {}),
    (TWIN2, "RECEIVED_HONOUR", TECH, DOC_D, "同名科技为省级企业技术中心。", 100, {}),
    (LINCHUAN, "RECEIVED_HONOUR", GREEN, DOC_D, "临川重工获评国家级绿色工厂。", 130, {"level": "national", "year": 2023}),
    (ZONE, "RECEIVED_HONOUR", GREEN, DOC_D, "开发区获评国家级绿色园区。", 160, {"level": "national", "year": 2022}),
    (XINGLAN, "LOCATED_IN", ZONE, DOC_D, "星澜电子位于开发区。", 190, {}),
    (XINGLAN, "FUNDED_BY", CLOUD, DOC_D, "星澜电子获企业上云奖补资金。", 220, {"amount": "0.1元", "value_yuan": 0.1}),
    (XINGLAN, "FUNDED_BY", CLOUD, DOC_D, "星澜电子再获企业上云奖补资金。", 250, {"amount": "0.2元", "value_yuan": 0.2}),
    (PROJECT, "FUNDED_BY", BOND2, DOC_D, "项目获国家专项债券。", 280, {"level": "national", "amount": "x.xx亿元"}),
    (SONGSHI, "FUNDED_BY", BOND2, DOC_D, "松石新材料获政府专项债券100万元。", 310, {"amount": "100万元", "value_yuan": 1000000.0}),
    (YUNFAN, "FUNDED_BY", BOND2, DOC_D, "云帆科技获政府专项债券。", 340, {"amount": "x.xx万元"}),
    (YUNFAN, "PARTNERS_WITH", BEICHEN, DOC_D, "云帆科技与北辰物流续签协议。", 370, {}),
    (JINGHU_ORG, "LOCATED_IN", PARK, DOC_D, "镜湖研究院入驻产业园。", 400, {}),
    (JINGHU_ENT, "LOCATED_IN", PARK, DOC_D, "镜湖公司入驻产业园。", 430, {}),
    (SONGSHI, "LOCATED_IN", ZONE2, DOC_D, "松石新材料位于青禾开发区。", 460, {}),
]
# fmt: on


def make_edge_case_graph() -> PropertyGraph:
    """The fixture graph plus the edge cases above (two more documents)."""
    base = make_graph()
    extra_nodes = [
        _node(TWIN1, "Enterprise", "同名科技", (), (DOC_D,)),
        _node(TWIN2, "Enterprise", "同名科技", ("同名",), (DOC_D,)),
        _node(BOND2, "FundingSource", "政府专项债券", (), (DOC_D,)),
        _node(LONELY, "Enterprise", "孤立企业", (), (DOC_E,)),
        _node(JINGHU_ORG, "Organization", "镜湖", (), (DOC_D,)),
        _node(JINGHU_ENT, "Enterprise", "镜湖", (), (DOC_D,)),
        _node(ZONE2, "Zone", "青禾开发区", (), (DOC_D,)),
    ]
    edges = [
        Edge(f"fact/{hashlib.sha1(f'edge{i}{s}{p}{o}'.encode()).hexdigest()[:16]}", s, o, p, _ev(doc, sent, start), **attrs)
        for i, (s, p, o, doc, sent, start, attrs) in enumerate(_EDGE_FACTS)
    ]
    docs = [Document(did(DOC_D), DOC_D, "星澜产业园", hashlib.sha256(b"d").hexdigest()),
            Document(did(DOC_E), DOC_E, None, hashlib.sha256(b"e").hexdigest())]
    return PropertyGraph(
        nodes=tuple(sorted([*base.nodes, *extra_nodes], key=lambda n: n.id)),
        edges=tuple(sorted([*base.edges, *edges], key=lambda e: e.id)),
        documents=tuple(sorted([*base.documents, *docs], key=lambda d: d.id)),
    )
