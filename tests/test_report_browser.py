"""The report in a real browser: Debian's headless chromium, driven by its own chromedriver.

The page must load with no console error and no request beyond itself, draw every chart with a
mark per row of its table, and pass an axe-core scan (bundled in axe-selenium-python, read from
disk) with no serious or critical violation. A screenshot of each page is kept in tests/artifacts/.
In CI (CI=true) a missing browser fails the test rather than skipping it; Selenium never downloads
one (SE_OFFLINE=true, and the driver's path is given).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from optimiser.cli import main

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
TINY = Path(__file__).resolve().parents[1] / "instances" / "tiny"
DERBYSHIRE = Path(__file__).resolve().parents[1] / "instances" / "derbyshire-stp-2016"
TORNADO = """method = "one-at-a-time"

[[parameter]]
name = "step_up_cost"
table = "effects"
where = { intervention = "step_up", effect = "revenue_cost" }
field = "value"
multiply = { low = 0.5, high = 1.5 }
"""
#: axe-core impacts that fail the page.
FAILING_IMPACTS = {"serious", "critical"}
#: How long the accessibility scan may take.
AXE_SECONDS = 600


def _browser_present() -> bool:
    return CHROMIUM.exists() and CHROMEDRIVER.exists()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not _browser_present():
        message = f"{CHROMIUM} and {CHROMEDRIVER} are needed (apt-get install chromium chromium-driver)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    os.environ["SE_OFFLINE"] = "true"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,2000",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Reports of a real compare on Derbyshire and a real one-at-a-time sweep on tiny."""
    root = tmp_path_factory.mktemp("browser")
    spec = root / "tornado.toml"
    spec.write_text(TORNADO)
    runs = {
        "compare-derbyshire": ["compare", str(DERBYSHIRE), "--out", str(root / "compare-derbyshire")],
        "tornado": ["sweep", str(TINY), "--spec", str(spec), "--out", str(root / "tornado")],
    }
    made = {}
    for name, arguments in runs.items():
        assert main(arguments) == 0
        made[name] = root / f"{name}.html"
        assert main(["report", arguments[-1], "-o", str(made[name])]) == 0
    return made


def _requests(driver: object) -> list[str]:
    """Every URL the page asked the network for, from Chrome's performance log."""
    urls = []
    for entry in driver.get_log("performance"):  # type: ignore[attr-defined]
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


@pytest.mark.parametrize("name", ["compare-derbyshire", "tornado"])
def test_the_page_in_chromium(browser: object, pages: dict[str, Path], name: str) -> None:
    from axe_selenium_python import Axe

    driver = browser
    driver.get_log("browser")  # type: ignore[attr-defined]
    driver.get_log("performance")  # type: ignore[attr-defined]
    driver.get(pages[name].as_uri())  # type: ignore[attr-defined]
    assert driver.execute_script("return document.readyState") == "complete"  # type: ignore[attr-defined]
    errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]  # type: ignore[attr-defined]
    assert errors == []
    assert [url for url in _requests(driver) if not url.startswith("file://")] == []
    counts = driver.execute_script(  # type: ignore[attr-defined]
        """return Array.from(document.querySelectorAll('figure.chart')).map(figure => [
            figure.id,
            figure.querySelectorAll('svg [id^="' + figure.id + '-mark-"]').length,
            figure.querySelectorAll('tbody tr').length,
            figure.querySelector('svg').getBoundingClientRect().height])"""
    )
    assert counts
    for identifier, marks, rows, height in counts:
        assert marks == rows > 0, identifier
        assert height > 100, identifier  # drawn, not collapsed
    ARTIFACTS.mkdir(exist_ok=True)
    height = driver.execute_script("return document.body.scrollHeight")  # type: ignore[attr-defined]
    driver.set_window_size(1280, min(int(height) + 100, 16000))  # type: ignore[attr-defined]
    assert driver.save_screenshot(str(ARTIFACTS / f"report-{name}.png"))  # type: ignore[attr-defined]
    # axe-core walks every cell of every table; a large page on a busy machine needs minutes.
    driver.set_script_timeout(AXE_SECONDS)  # type: ignore[attr-defined]
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    failing = [violation for violation in results["violations"] if violation["impact"] in FAILING_IMPACTS]
    assert failing == [], axe.report(failing)
