"""The HTML report in a real headless browser (Debian's chromium driven by playwright).

CI installs ``chromium`` (apt) and ``playwright`` (pip; its own browser download is never
used). The committed example ``examples/report-folder.html`` must equal a fresh report of
the same folder; ``PERFRULES_REGEN_GOLDEN=1`` rewrites it and its screenshots
(``examples/report-folder.png``, ``examples/report-scorecard.png``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _documents import ROOT
from _report_docs import batch_folder

from perfrules.report import build_report, render_html

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
REGEN = os.environ.get("PERFRULES_REGEN_GOLDEN") == "1"
EXAMPLE_HTML = ROOT / "examples" / "report-folder.html"

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install playwright)"
)
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="Debian's chromium is not installed (apt-get install -y chromium)",
)

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def page_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("browser")
    batch_folder(root)
    cwd = Path.cwd()
    os.chdir(root)  # the report names documents relative to where it was run
    try:
        return render_html(build_report("batch"))
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def _open(browser: Any, html_text: str, tmp_path: Path, *, javascript: bool = True) -> Any:
    path = tmp_path / "report.html"
    path.write_text(html_text, encoding="utf-8")
    context = browser.new_context(
        viewport={"width": 1360, "height": 1500}, java_script_enabled=javascript
    )
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    page.requests, page.errors = requests, errors
    return page


def _totals(page: Any) -> list[str]:
    cells = page.locator("#summary tbody tr td:nth-child(5)")
    return [c.strip() for c in cells.all_inner_texts()]


def test_example_report_is_current(page_html: str) -> None:
    if REGEN:
        EXAMPLE_HTML.write_text(page_html, encoding="utf-8")
    assert page_html == EXAMPLE_HTML.read_text(encoding="utf-8"), (
        "rerun with PERFRULES_REGEN_GOLDEN=1"
    )


def test_charts_findings_and_summary_render(browser: Any, page_html: str, tmp_path: Path) -> None:
    page = _open(browser, page_html, tmp_path)
    assert page.title() == "绩效评审报告 Performance review report — batch"
    # the grade distribution chart, drawn: five columns with their counts
    grades = page.locator("svg#grades, svg[aria-labelledby='grades-t grades-d']")
    assert grades.count() == 1
    assert grades.locator("rect").count() == 5
    box = grades.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 100
    assert page.locator("#grades-d").text_content() == "优 4; 良 1; 中 1; 差 1; 未评分 4"
    # a score card of a self-assessed project: tiles and its two charts
    page.locator("#d2 > summary").click()
    card = page.locator("#d2-p1")
    assert card.locator(".kpi .value").first.inner_text().startswith("99.35")
    assert card.locator("svg.chart").count() == 2
    assert card.locator("svg.chart").first.bounding_box()["height"] > 100
    # findings, with the flagged rows highlighted in the indicator table
    findings = card.locator("table.findings tbody tr")
    assert findings.count() == 8
    assert "duplicate-indicator" in findings.nth(4).inner_text()
    assert card.locator("table.indicators tr.sev-error").count() == 4
    assert card.locator("table.indicators tr.sev-warning").count() == 3
    red = card.locator("table.indicators tr.sev-error td").first.evaluate(
        "td => getComputedStyle(td).backgroundColor"
    )
    assert red == "rgb(253, 236, 235)"
    # the summary: one row per project plus the unreadable document
    assert page.locator("#summary tbody tr").count() == 12
    assert page.requests == [(tmp_path / "report.html").as_uri()]
    assert page.errors == []


def test_clicking_a_header_sorts_the_summary(browser: Any, page_html: str, tmp_path: Path) -> None:
    page = _open(browser, page_html, tmp_path)
    before = _totals(page)
    assert before[4:11] == ["99.35", "99.60", "99.44", "99.67", "85.23", "69.99", "49.46"]
    header = page.locator("#summary thead th").nth(4)
    assert header.inner_text().startswith("总分 Total")
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    ascending = _totals(page)
    assert ascending[:7] == ["49.46", "69.99", "85.23", "99.35", "99.44", "99.60", "99.67"]
    assert ascending[7:] == ["—"] * 5  # unscored rows last
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    assert _totals(page)[:3] == ["99.67", "99.60", "99.44"]
    names = page.locator("#summary thead th").nth(2)
    names.locator("button").click()
    projects = page.locator("#summary tbody tr td:nth-child(3)").all_inner_texts()
    assert projects[0] == "劳务派遣人员工资保险"


def test_everything_but_sorting_works_without_javascript(
    browser: Any, page_html: str, tmp_path: Path
) -> None:
    page = _open(browser, page_html, tmp_path, javascript=False)
    assert page.locator("#summary thead th button").count() == 0
    assert page.locator("#summary tbody tr").count() == 12
    assert page.locator("svg.chart").count() == 15  # grades + two per scored project (7)
    page.locator("#d3 > summary").click()  # <details> opens without script
    assert page.locator("#d3-p1 table.indicators").is_visible()


def test_screenshots(browser: Any, page_html: str, tmp_path: Path) -> None:
    page = _open(browser, page_html, tmp_path)
    top = tmp_path / "top.png"
    card = tmp_path / "card.png"
    page.screenshot(path=str(top))
    page.locator("#d3 > summary").click()  # the variant graded 良: many rows lost points
    page.evaluate("window.scrollTo(0, 0)")  # so that the box is in page coordinates
    box = page.locator("#d3-p1").bounding_box()
    assert box is not None
    clip = {"x": box["x"], "y": box["y"], "width": box["width"], "height": min(box["height"], 1300)}
    page.screenshot(path=str(card), clip=clip, full_page=True)
    assert top.stat().st_size > 50_000 and card.stat().st_size > 50_000
    if REGEN:
        shutil.copy(top, ROOT / "examples" / "report-folder.png")
        shutil.copy(card, ROOT / "examples" / "report-scorecard.png")
    assert (ROOT / "examples" / "report-folder.png").exists()
    assert (ROOT / "examples" / "report-scorecard.png").exists()
