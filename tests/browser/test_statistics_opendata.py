"""A journalist's statistics by period and district (switching, CSV download) and the open-data
versions index, in the real browser against the live demo site."""

from __future__ import annotations

import csv
import io
import re

from axe_playwright_python.sync_playwright import Axe

from tests.support.browser import SCREENSHOTS, screenshot

WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def test_statistics_switch_period_and_district_and_download_csv(page):
    page.goto("/statistics")
    page.get_by_label("统计周期").select_option(label="按季")
    page.get_by_role("button", name="查看").click()
    page.wait_for_url(re.compile(r"period=quarter"))
    heading = page.locator("#by-district-chart").inner_text()
    assert re.fullmatch(r"\d{4}年第[1-4]季度各区公示的行政许可和行政处罚", heading)
    rows = page.locator("section[aria-labelledby=by-period] table").first.locator("tbody tr")
    assert rows.count() == 8
    # A district chosen from its row: the series is that district's, and the URL says so.
    page.locator("section[aria-labelledby=by-period] table").nth(1).get_by_role("link", name="江岸区").click()
    page.wait_for_url(re.compile(r"period=quarter&at=\d{4}-Q[1-4]&district=420102"))
    assert page.locator("#by-period-chart").inner_text().startswith("江岸区：各季")
    assert page.get_by_label("区（功能区）").input_value() == "420102"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("section[aria-labelledby=by-period]").screenshot(path=str(SCREENSHOTS / "statistics.png"))
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("下载数据（CSV）：江岸区各季")).click()
    assert re.fullmatch(r"statistics-quarter-\d{4}-Q[1-4]-420102\.csv", download.value.suggested_filename)
    raw = download.value.path().read_bytes()
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert raw.startswith(b"\xef\xbb\xbf") and table[0] == [
        "期间",
        "行政许可（条）",
        "行政处罚（条）",
        "罚款金额（万元）",
    ]
    shown = [[c.inner_text() for c in r.locator("td").all()] for r in rows.all()]
    assert [r[:3] for r in table[1:]] == [
        [a, b.replace(",", ""), c.replace(",", "")] for a, b, c, _ in shown
    ]  # exactly what the page shows
    page.goto("/statistics?period=year&at=20x6")
    assert "格式不对" in page.get_by_role("alert").inner_text()
    page.goto("/statistics?period=year")
    assert Axe().run(page, options=WCAG_AA).violations_count == 0


def test_open_data_versions_are_listed_and_citable(page):
    page.goto("/open-data")
    page.get_by_role("link", name="全部数据版本").first.click()
    page.wait_for_url(re.compile(r"/open-data/versions$"))
    current = page.locator("tbody tr").first
    assert "（当前）" in current.inner_text() and "可下载" in current.inner_text()
    screenshot(page, "open-data-versions")
    assert Axe().run(page, options=WCAG_AA).violations_count == 0
    current.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/open-data/versions/\d{8}\.\d+$"))
    version = page.url.rsplit("/", 1)[1]
    assert f"开放数据版本 {version}" in page.locator("h1").inner_text()
    assert page.locator("code.digest").count() == 10
    manifest = page.request.get(f"/open-data/versions/{version}/manifest.json").json()
    assert manifest["version"] == version and manifest["files_available"]
    shown = {c.inner_text() for c in page.locator("code.digest").all()}
    assert shown == {f["sha256"] for f in manifest["files"]}
    page.set_viewport_size({"width": 320, "height": 700})
    for path in ("/open-data/versions", f"/open-data/versions/{version}", "/statistics?period=month"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    page.goto("/open-data/versions/" + "9" * 300)
    assert "数据版本号的格式不对" in page.locator("h1").inner_text()
