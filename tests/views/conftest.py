"""Fixtures of the view tests: small fictional graphs and a real headless Chromium.

The browser fixture FAILS (never skips) when Chromium or chromedriver is missing:
the view's promises (offline, no script injection, search works) can only be checked
in a browser.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from kg.model import Edge, Evidence, Node, PropertyGraph

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
XSS_NAME = "<script>alert(1)</script>"
XSS_ALIAS = "<img src=x onerror=alert(1)>"
XSS_SENTENCE = '</script><script>window.__kgXss = 1</script><img src=x onerror="window.__kgXss = 2">'


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
    bad = node("Enterprise", 13, XSS_NAME, (XSS_ALIAS,))
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
        edge(9, bad, "LOCATED_IN", z, XSS_SENTENCE),
        edge(10, firm3, "LOCATED_IN", z2, "白沙光电位于白沙高新区。", doc="乙.txt"),
        edge(11, firm3, "RECEIVED_HONOUR", hon, "白沙光电获评国家级绿色工厂。", doc="乙.txt", level="national", year=2020),
    )
    return PropertyGraph(tuple(sorted(nodes, key=lambda n: n.id)), tuple(sorted(edges, key=lambda e: e.id)))


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
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html_path.read_text("utf-8"), re.S)
    assert m, "no data block in the page"
    return json.loads(m.group(1))


@pytest.fixture
def graph() -> PropertyGraph:
    return small_graph()


@dataclass
class Browser:
    """A Chromium session plus helpers to load a page and read its logs."""

    driver: Any
    loads: list[float] = field(default_factory=list)

    def load(self, path: Path, timeout: float = 60.0) -> float:
        """Open ``path``; wait until the view has drawn; return the seconds it took."""
        self.driver.get_log("browser")  # drain what earlier pages logged
        self.driver.get_log("performance")
        t0 = time.perf_counter()
        self.driver.get(path.resolve().as_uri())
        deadline = t0 + timeout
        while not self.driver.execute_script("return !!(window.kgView && window.kgView.ready)"):
            assert time.perf_counter() < deadline, "the view did not draw in time"
            time.sleep(0.05)
        return time.perf_counter() - t0

    def js(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def requested_urls(self) -> list[str]:
        """Every URL the page asked for (Chrome's performance log + resource timing)."""
        urls = [e["name"] for e in self.js("return performance.getEntriesByType('resource').map(e => ({name: e.name}))")]
        for entry in self.driver.get_log("performance"):
            msg = json.loads(entry["message"])["message"]
            if msg["method"] == "Network.requestWillBeSent":
                urls.append(msg["params"]["request"]["url"])
        return urls


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """One headless Chromium for the session; fails if the browser is missing."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not (p.exists() or shutil.which(p.name))]
    if missing:
        pytest.fail(f"the view tests need {' and '.join(missing)} (apt-get install chromium chromium-driver)")
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                "--disable-component-update", "--disable-sync", "--disable-quic", "--disable-dev-shm-usage",
                "--window-size=1400,900", f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    opts.set_capability("unhandledPromptBehavior", "ignore")
    driver = webdriver.Chrome(options=opts, service=Service(str(CHROMEDRIVER)))
    try:
        yield Browser(driver)
    finally:
        driver.quit()
