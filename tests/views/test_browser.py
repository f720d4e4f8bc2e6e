"""The view in a real headless Chromium: loads clean, offline, searchable, inert text.

Every test loads a page written by ``render_html`` and reads the live page state
(the vis DataSets, the selection, the side panel) through ``window.kgView``.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from kg.model import PropertyGraph
from kg.views import render_html
from tests.views.conftest import Browser
from tests.views.graphs import XSS_ALIAS, XSS_DOC, XSS_NAME, XSS_SENTENCE, big_graph

FIRM = "Enterprise/00000000000a"  # 临工集团
BAD = "Enterprise/00000000000d"  # the enterprise named <script>alert(1)</script>


def assert_offline(browser: Browser) -> None:
    urls = browser.requested_urls()
    assert urls, "the network log recorded nothing, not even the page"
    leaving = [u for u in urls if not u.startswith(("file://", "data:"))]
    assert leaving == []


def assert_no_alert(browser: Browser) -> None:
    with pytest.raises(NoAlertPresentException):
        browser.driver.switch_to.alert.text  # noqa: B018 - raises when no alert is open
    assert browser.js("return window.__kgXss === undefined")


def click_node(browser: Browser, node_id: str) -> None:
    """A real mouse click on the node's position on the canvas."""
    canvas = browser.driver.find_element(By.ID, "kg-network")
    x, y, w, h = browser.js(
        "const v = kgView.network, p = v.canvasToDOM(v.getPosition(arguments[0]));"
        "const r = document.getElementById('kg-network').getBoundingClientRect();"
        "return [p.x, p.y, r.width, r.height];",
        node_id,
    )
    ActionChains(browser.driver).move_to_element_with_offset(canvas, int(x - w / 2), int(y - h / 2)).click().perform()


@pytest.fixture
def small_page(graph: PropertyGraph, tmp_path: Path, browser: Browser) -> Path:
    path = render_html(graph, tmp_path / "graph.html").path
    browser.load(path)
    return path


def test_loads_with_no_console_errors_and_all_nodes(graph: PropertyGraph, small_page: Path, browser: Browser,
                                                     tmp_path: Path) -> None:
    assert browser.severe_logs() == []
    assert browser.js("return kgView.nodes.length") == len(graph.nodes)
    assert sorted(browser.js("return kgView.nodes.getIds()")) == [n.id for n in graph.nodes]
    assert browser.js("return Object.values(kgView.data.facts).flat().length") == len(graph.edges)
    assert browser.js("return document.querySelectorAll('#kg-legend input[type=checkbox]').length") == 6
    shot = tmp_path / "small.png"
    browser.driver.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_makes_no_request_to_any_other_host(small_page: Path, browser: Browser) -> None:
    click_node(browser, FIRM)  # interaction must not fetch anything either
    browser.js("kgView.setTypeVisible('Honour', false); kgView.setTypeVisible('Honour', true)")
    assert_offline(browser)
    assert browser.severe_logs() == []


@pytest.mark.parametrize(("typed", "expected"), [("臨工", FIRM), ("x临工", FIRM), ("青石開發區", "Zone/000000000001")])
def test_search_focuses_a_node(small_page: Path, browser: Browser, typed: str, expected: str) -> None:
    box = browser.driver.find_element(By.ID, "kg-search")
    box.send_keys(typed)
    assert browser.js("return document.getElementById('kg-results').hidden") is False
    box.send_keys(Keys.ENTER)
    assert browser.js("return kgView.network.getSelectedNodes()") == [expected]
    panel_title = browser.js("return document.querySelector('#kg-panel h2').textContent")
    assert panel_title == browser.js("return kgView.data.info[arguments[0]].name", expected)
    assert browser.js("return document.getElementById('kg-panel').hidden") is False


def test_click_opens_panel_with_evidence(small_page: Path, browser: Browser) -> None:
    click_node(browser, FIRM)
    assert browser.js("return kgView.network.getSelectedNodes()") == [FIRM]
    panel = browser.driver.find_element(By.ID, "kg-panel").text
    assert "临工集团" in panel and "x临工" in panel and "乙.txt" in panel
    assert "临工集团获评国家级绿色工厂。" in panel and "年份 2021" in panel and "级别 国家级" in panel
    browser.js("kgView.showEdge('fact/0000000000000007')")
    panel = browser.driver.find_element(By.ID, "kg-panel").text
    assert "该项目获得政府专项债券708万元。" in panel and "金额 708万元" in panel
    browser.js("kgView.showEdge('fact/0000000000000008')")
    assert browser.js("return document.querySelector('#kg-panel h2').textContent") == "青石经济开发区 — 合作 ↔ 青石大学"


def test_xss_payloads_show_as_text_and_run_nothing(small_page: Path, browser: Browser) -> None:
    assert_no_alert(browser)
    click_node(browser, BAD)
    assert browser.js("return kgView.network.getSelectedNodes()") == [BAD]
    text = browser.js("return document.getElementById('kg-panel').textContent")
    for payload in (XSS_NAME, XSS_ALIAS, XSS_SENTENCE, XSS_DOC):
        assert payload in text
    assert browser.js("return document.querySelectorAll('#kg-panel img, #kg-panel script').length") == 0
    box = browser.driver.find_element(By.ID, "kg-search")
    box.send_keys("<img")
    assert browser.js("return document.getElementById('kg-results').textContent").startswith(XSS_NAME)
    assert browser.js("return document.querySelectorAll('#kg-results img, #kg-results script').length") == 0
    time.sleep(0.3)  # give any injected onerror handler the chance to fire
    assert_no_alert(browser)
    assert browser.severe_logs() == []
    assert_offline(browser)


def test_type_filter_hides_nodes(graph: PropertyGraph, small_page: Path, browser: Browser) -> None:
    visible = "return kgView.nodes.get({filter: n => !n.hidden}).map(n => n.id).sort()"
    box = browser.driver.find_element(By.CSS_SELECTOR, '#kg-legend input[data-type="Enterprise"]')
    box.click()
    assert browser.js(visible) == [n.id for n in graph.nodes if n.type != "Enterprise"]
    box.click()
    assert browser.js(visible) == [n.id for n in graph.nodes]


def test_focus_page_opens_on_the_focus(graph: PropertyGraph, tmp_path: Path, browser: Browser) -> None:
    browser.load(render_html(graph, tmp_path / "f.html", focus="臨工集團", depth=1).path)
    assert browser.js("return kgView.nodes.length") == 4
    assert browser.js("return kgView.network.getSelectedNodes()") == [FIRM]
    assert browser.severe_logs() == []


def test_empty_graph_page_loads(tmp_path: Path, browser: Browser) -> None:
    browser.load(render_html(PropertyGraph((), ()), tmp_path / "e.html").path)
    assert browser.js("return kgView.nodes.length") == 0
    assert browser.severe_logs() == []


def test_banner_says_what_was_left_out(graph: PropertyGraph, tmp_path: Path, browser: Browser) -> None:
    browser.load(render_html(graph, tmp_path / "b.html", max_nodes=3).path)
    banner = browser.driver.find_element(By.ID, "kg-banner")
    assert banner.is_displayed()
    assert "省略了 8 个节点和 9 条关系" in banner.text and "kg view --focus 名称" in banner.text
    assert browser.js("return kgView.nodes.length") == 3


def test_5000_nodes_load_and_stay_usable(tmp_path: Path, browser: Browser, record_property) -> None:  # type: ignore[no-untyped-def]
    pg = big_graph(5000)
    t0 = time.perf_counter()
    report = render_html(pg, tmp_path / "big.html")
    render_s = time.perf_counter() - t0
    load_s = browser.load(report.path, timeout=120)  # generous: the test is that it loads, not how fast
    ready_ms = browser.js("return kgView.readyMs")
    record_property("render_s", round(render_s, 2))
    record_property("load_s", round(load_s, 2))
    print(f"\n5,000 nodes / {len(pg.edges)} facts: render_html {render_s:.2f} s, "
          f"page load {load_s:.2f} s (script to first draw {ready_ms:.0f} ms)")
    assert browser.js("return kgView.nodes.length") == 5000 == report.nodes
    assert browser.js("return Object.values(kgView.data.facts).flat().length") == len(pg.edges)
    assert browser.severe_logs() == []
    browser.driver.find_element(By.ID, "kg-search").send_keys("企业01234", Keys.ENTER)
    assert browser.js("return kgView.network.getSelectedNodes()") == ["Enterprise/0000000004d2"]
    assert_offline(browser)
    browser.driver.save_screenshot(str(tmp_path / "big.png"))
    assert (tmp_path / "big.png").stat().st_size > 10_000
