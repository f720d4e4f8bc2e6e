"""The view library without a browser: selection, page data, escaping, determinism."""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kg.errors import QueryError
from kg.model import PropertyGraph
from kg.views import find_node, render_html, select_view
from tests.views.graphs import XSS_ALIAS, XSS_DOC, XSS_NAME, XSS_SENTENCE, page_data

REPO = Path(__file__).resolve().parents[2]


def names(pg: PropertyGraph, ids: object) -> set[str]:
    return {pg.node(i).name for i in ids}  # type: ignore[attr-defined]


def shown(pg: PropertyGraph, **kw: object) -> set[str]:
    return {n.name for n in select_view(pg, **kw).nodes}  # type: ignore[arg-type]


def test_whole_graph_page_lists_every_node_and_fact(graph: PropertyGraph, tmp_path: Path) -> None:
    report = render_html(graph, tmp_path / "g.html")
    assert (report.nodes, report.edges, report.omitted_nodes) == (11, 11, 0)
    assert report.path == tmp_path / "g.html"
    data = page_data(report.path)
    assert [n["id"] for n in data["nodes"]] == [n.id for n in graph.nodes]
    facts = [f["id"] for fs in data["facts"].values() for f in fs]
    assert sorted(facts) == [e.id for e in graph.edges]
    assert {n["id"]: n["label"] for n in data["nodes"]}[graph.nodes[0].id] == graph.nodes[0].name
    assert 'id="kg-banner"' not in report.path.read_text("utf-8")


def test_parallel_facts_share_one_labelled_line(graph: PropertyGraph, tmp_path: Path) -> None:
    data = page_data(render_html(graph, tmp_path / "g.html").path)
    labels = {e["id"]: e["label"] for e in data["edges"]}
    honour = data["facts"]["fact/0000000000000005"]
    assert [f["year"] for f in honour] == [2021, 2022] and [f["doc"] for f in honour] == ["甲.txt", "乙.txt"]
    assert labels["fact/0000000000000005"] == "获得荣誉 · 国家级 · 2021/2022"
    assert labels["fact/0000000000000007"] == "资金来源 · 708万元"
    assert labels["fact/0000000000000001"] == "位于"
    assert labels["fact/0000000000000004"] == "承建"
    assert labels["fact/0000000000000008"] == "合作"
    assert len(data["edges"]) == 10  # 11 facts, two of them on one line
    arrows = {e["id"]: e["arrows"] for e in data["edges"]}
    assert arrows["fact/0000000000000008"] == {"to": {"enabled": False}}  # symmetric
    assert arrows["fact/0000000000000001"] == "to"


def test_type_style_legend_and_degree_size(graph: PropertyGraph, tmp_path: Path) -> None:
    data = page_data(render_html(graph, tmp_path / "g.html").path)
    legend = {t["type"]: t for t in data["types"]}
    assert legend["Zone"]["label"] == "园区" and legend["Zone"]["count"] == 3
    assert len({t["color"] for t in data["types"]}) == 6 and len({t["shape"] for t in data["types"]}) == 6
    size = {n["label"]: n["size"] for n in data["nodes"]}
    assert size["临工集团"] > size["青石智造园"] > size["澜川电子"]  # degree 4 > 2 > 1
    group = {n["label"]: (n["group"], n["shape"]) for n in data["nodes"]}
    assert group["国家级绿色工厂"] == ("Honour", "star")
    assert set(data["options"]["groups"]) == set(legend)
    assert data["options"]["physics"]["enabled"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])


def test_panel_data_carries_aliases_docs_keys(graph: PropertyGraph, tmp_path: Path) -> None:
    data = page_data(render_html(graph, tmp_path / "g.html").path)
    firm = data["info"]["Enterprise/00000000000a"]
    assert firm["aliases"] == ["临工", "x临工"] and firm["docs"] == ["甲.txt", "乙.txt"]
    assert firm["keys"] == ["临工", "临工集团"]  # x临工 normalises to 临工
    assert data["t2s"]["臨"] == "临" and data["t2s"]["團"] == "团"
    fact = data["facts"]["fact/0000000000000007"][0]
    assert fact["sentence"] == "该项目获得政府专项债券708万元。" and fact["value_yuan"] == 7080000.0
    assert "level" not in fact  # absent attributes are left out


@pytest.mark.parametrize("typed", ["临工集团", "臨工集團", "臨工", "x临工", " 临工 "])
def test_find_node_by_name_alias_or_traditional(graph: PropertyGraph, typed: str) -> None:
    assert find_node(graph, typed).name == "临工集团"


def test_unknown_focus_names_it_and_suggests(graph: PropertyGraph) -> None:
    with pytest.raises(QueryError, match=r"No entity named '临工机械' in the graph\. Did you mean: 临工集团"):
        select_view(graph, focus="临工机械")
    with pytest.raises(QueryError, match=r"^No entity named '完全无关' in the graph\.$"):
        select_view(graph, focus="完全无关")


@pytest.mark.parametrize(
    ("depth", "expected"),
    [
        (0, {"临工集团"}),
        (1, {"临工集团", "青石智造园", "年产5万台智能装载机项目", "国家级绿色工厂"}),
        (2, {"临工集团", "青石智造园", "年产5万台智能装载机项目", "国家级绿色工厂",
             "青石经济开发区", "政府专项债券", "白沙光电"}),
    ],
)
def test_focus_depth(graph: PropertyGraph, depth: int, expected: set[str]) -> None:
    sel = select_view(graph, focus="臨工", depth=depth)
    assert {n.name for n in sel.nodes} == expected
    assert sel.focus == "Enterprise/00000000000a"
    assert all(e.source in {n.id for n in sel.nodes} and e.target in {n.id for n in sel.nodes} for e in sel.edges)


def test_types_filter(graph: PropertyGraph) -> None:
    assert shown(graph, types=["Enterprise", "Honour"]) == {
        "临工集团", "澜川电子", "白沙光电", XSS_NAME, "国家级绿色工厂"}
    sel = select_view(graph, types=["Enterprise", "Honour"])
    assert {e.type for e in sel.edges} == {"RECEIVED_HONOUR"}
    # hops walk only through shown types; the focus stays whatever its type
    assert shown(graph, focus="青石大学", types=["Zone"], depth=2) == {"青石大学", "青石经济开发区", "青石智造园"}
    with pytest.raises(QueryError, match="Unknown entity type Firm; choose from Zone, Enterprise"):
        select_view(graph, types=["Enterprise", "Firm"])


def test_zone_is_transitive_members_and_their_neighbours(graph: PropertyGraph) -> None:
    # 临工集团 is LOCATED_IN 青石智造园, which is LOCATED_IN the zone: it belongs;
    # its project and honour are neighbours; the project's fund (two hops) is not.
    assert shown(graph, zone="青石开发区") == {
        "青石经济开发区", "青石智造园", "临工集团", "澜川电子", XSS_NAME,
        "青石大学", "年产5万台智能装载机项目", "国家级绿色工厂"}
    assert shown(graph, zone="白沙高新区") == {"白沙高新区", "白沙光电", "国家级绿色工厂"}
    assert shown(graph, zone="青石智造园", types=["Enterprise"]) == {"临工集团"}
    with pytest.raises(QueryError, match="No Zone named '临工集团'"):
        select_view(graph, zone="临工集团")
    with pytest.raises(QueryError, match="'白沙光电' is not in the zone '青石经济开发区'"):
        select_view(graph, zone="青石经济开发区", focus="白沙光电")
    assert shown(graph, zone="青石经济开发区", focus="澜川电子", depth=1) == {"澜川电子", "青石经济开发区"}


def test_max_nodes_keeps_highest_degree_and_says_what_it_left_out(graph: PropertyGraph, tmp_path: Path) -> None:
    report = render_html(graph, tmp_path / "g.html", max_nodes=3)
    # degrees: 临工集团 4, 青石经济开发区 4, 国家级绿色工厂 3, then 2 and 1
    assert (report.nodes, report.omitted_nodes) == (3, 8)
    assert (report.edges, report.omitted_edges) == (2, 9)  # only the two honour facts remain
    data = page_data(report.path)
    assert {n["label"] for n in data["nodes"]} == {"临工集团", "青石经济开发区", "国家级绿色工厂"}
    assert data["total"] == {"nodes": 11, "edges": 11}
    html = report.path.read_text("utf-8")
    assert re.search(r'省略了 <b id="kg-omitted-nodes">8</b> 个节点和 <b id="kg-omitted-edges">9</b> 条关系', html)
    assert "kg view --focus 名称" in html


def test_max_nodes_always_keeps_the_focus(graph: PropertyGraph) -> None:
    sel = select_view(graph, focus="澜川电子", depth=2, max_nodes=2)
    assert {n.name for n in sel.nodes} == {"澜川电子", "青石经济开发区"}
    assert sel.omitted_nodes == 3  # depth 2 reached 5: the zone, its park, partner and firms


def test_bad_depth_or_limit(graph: PropertyGraph) -> None:
    with pytest.raises(QueryError):
        select_view(graph, depth=-1)
    with pytest.raises(QueryError):
        select_view(graph, max_nodes=0)


def test_report_text_is_json_data_never_markup(graph: PropertyGraph, tmp_path: Path) -> None:
    path = render_html(graph, tmp_path / "g.html", title="<b>标题</b>").path
    html = path.read_text("utf-8")
    for payload in (XSS_NAME, XSS_ALIAS, XSS_SENTENCE, XSS_DOC, "<b>标题</b>"):
        assert payload not in html
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in html
    assert "<title>&lt;b&gt;标题&lt;/b&gt;</title>" in html
    data = page_data(path)  # the data block ends at its own </script>: the JSON parses whole
    bad = data["info"]["Enterprise/00000000000d"]
    assert (bad["name"], bad["aliases"], bad["docs"]) == (XSS_NAME, [XSS_ALIAS], [XSS_DOC])
    assert data["facts"]["fact/0000000000000009"][0]["sentence"] == XSS_SENTENCE
    assert not any("title" in n for n in data["nodes"]) and not any("title" in e for e in data["edges"])


def test_page_is_offline_and_locked_by_csp(graph: PropertyGraph, tmp_path: Path) -> None:
    html = render_html(graph, tmp_path / "g.html").path.read_text("utf-8")
    assert not re.search(r"<(script|link|img|iframe|embed|object|source)\b[^>]*\b(src|href)\s*=", html, re.IGNORECASE)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", html, re.IGNORECASE)
    assert "sourceMappingURL" not in html
    csp = html_lib.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1))  # type: ignore[union-attr]
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    scripts = re.findall(r"<script>(.*?)</script>\n", html, re.DOTALL)
    assert len(scripts) == 2  # vis-network and the page script; both allowed by hash
    for body in scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_written_atomically_and_deterministic(graph: PropertyGraph, tmp_path: Path) -> None:
    a = render_html(graph, tmp_path / "a.html").path.read_bytes()
    b = render_html(graph, tmp_path / "b.html").path.read_bytes()
    assert a == b
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "b.html"]  # no temp files left


def test_byte_identical_across_processes_and_hash_seeds(tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; from kg.views import render_html;"
        "from tests.views.graphs import small_graph, big_graph;"
        "render_html(small_graph(), Path(sys.argv[1]) / 'small.html');"
        "render_html(big_graph(1500), Path(sys.argv[1]) / 'big.html', focus='Zone0001号', depth=3)"
    )
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        out.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(out)], check=True, cwd=REPO, env=env)
        outs.append(out)
    for name in ("small.html", "big.html"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_empty_graph_still_writes_a_page(tmp_path: Path) -> None:
    report = render_html(PropertyGraph((), ()), tmp_path / "empty.html")
    assert (report.nodes, report.edges, report.omitted_nodes) == (0, 0, 0)
    assert page_data(report.path)["nodes"] == []


def test_page_data_is_streamed_as_the_one_shot_json(graph: PropertyGraph) -> None:
    # The facts (with their evidence sentences: most of a large page) are written line
    # by line; the text is exactly the JSON of the whole data at once.
    from kg.views import _fact, _Facts, _json_parts, _page_data, load_style, script_json

    data = _page_data(select_view(graph), load_style(), (11, 11))
    assert isinstance(data["facts"], _Facts)
    whole = {k: ({g: [_fact(e) for e in fs] for g, fs in v.groups.items()} if isinstance(v, _Facts) else v)
             for k, v in data.items()}
    assert "".join(_json_parts(data)) == script_json(whole)
    assert "".join(_Facts({}).json_parts()) == "{}"


def test_fact_pieces_are_bounded_by_facts_not_lines(graph: PropertyGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    # A line can carry thousands of facts (one firm in one zone, said by many reports):
    # pieces hold about CHUNK facts, a longer line alone, and join to the one-shot JSON.
    from kg.views import _fact, _Facts, script_json

    edges = sorted(graph.edges, key=lambda e: e.id)
    groups = {"a": edges[:1], "b": edges[:5], "c": edges[:2], "d": edges[:1], "e": edges[:3]}
    monkeypatch.setattr(_Facts, "CHUNK", 3)
    facts = _Facts(groups)
    assert [[gid for gid, _ in chunk] for chunk in facts._chunks()] == [["a"], ["b"], ["c", "d"], ["e"]]
    assert "".join(facts.json_parts()) == script_json({g: [_fact(e) for e in fs] for g, fs in groups.items()})
