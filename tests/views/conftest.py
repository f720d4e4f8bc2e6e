"""Fixtures of the view tests: a small fictional graph and a real headless Chromium.

The browser fixture FAILS (never skips) when Chromium or chromedriver is missing:
the view's promises (offline, no script injection, search works) can only be checked
in a browser.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kg.model import PropertyGraph
from tests.views.graphs import small_graph

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


@pytest.fixture
def graph() -> PropertyGraph:
    return small_graph()


@dataclass
class Browser:
    """A Chromium session plus helpers to load a page and read its logs."""

    driver: Any

    def load(self, path: Path, timeout: float = 60.0) -> float:
        """Open ``path``; wait until the view has drawn; return the seconds it took."""
        self.driver.get_log("browser")  # drain what earlier pages logged
        self.driver.get_log("performance")
        t0 = time.perf_counter()
        self.driver.get(path.resolve().as_uri())
        while not self.js("return !!(window.kgView && window.kgView.ready)"):
            assert time.perf_counter() - t0 < timeout, f"the view did not draw within {timeout} s"
            time.sleep(0.05)
        return time.perf_counter() - t0

    def js(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def severe_logs(self) -> list[dict[str, Any]]:
        """Console errors (and failed loads) since the last call."""
        return [e for e in self.driver.get_log("browser") if e["level"] == "SEVERE"]

    def requested_urls(self) -> list[str]:
        """Every URL the page asked for: resource timing plus Chrome's network log."""
        urls = list(self.js("return performance.getEntriesByType('resource').map(e => e.name)"))
        for entry in self.driver.get_log("performance"):
            msg = json.loads(entry["message"])["message"]
            if msg["method"] in ("Network.requestWillBeSent", "Network.webSocketCreated"):
                urls.append(msg["params"].get("request", {}).get("url") or msg["params"].get("url", ""))
        return urls


def _find(path: str) -> str | None:
    return path if Path(path).exists() else shutil.which(Path(path).name)


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """One headless Chromium for the session; FAILS if the browser is missing."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver_bin = _find(CHROMIUM), _find(CHROMEDRIVER)
    if not chromium or not driver_bin:
        pytest.fail("the view tests need chromium and chromedriver (apt-get install chromium chromium-driver)")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    profile = tmp_path_factory.mktemp("chromium-profile")
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                "--disable-component-update", "--disable-sync", "--disable-quic", "--disable-dev-shm-usage",
                "--window-size=1400,900", f"--user-data-dir={profile}"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    opts.set_capability("unhandledPromptBehavior", "ignore")
    driver = webdriver.Chrome(options=opts, service=Service(driver_bin))
    try:
        yield Browser(driver)
    finally:
        driver.quit()
