"""A journalist's filters and downloads; accessibility (axe-core) and responsiveness."""

from __future__ import annotations

import csv
import gzip
import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.support.browser import screenshot

WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
PAGES = {
    "home": "/",
    "search": "/search?q=恒通",
    "records": "/search?q=食品&tab=records",
    "profile": "/credit/91420102MA4K00010N",
    "record": "/record/penalty/1",
    "penalties": "/disclosure/penalties",
    "lists": "/lists",
    "list": "/lists/serious_illegal",
    "cases": "/cases",
    "statistics": "/statistics",
    "open-data": "/open-data",
    "verify": "/verify",
    "report-preview": "/credit/91420102MA4K00010N/report",
    "list-record": "/record/list_entry/1",
    "case-record": "/record/joint_case/1",
    "commitment-record": "/record/commitment/1",
    "collection": "/about/data",
    "api-docs": "/api/docs",
    "receipt-verify": "/receipts/verify",
    "facts": "/search?q=食品经营&tab=records&scope=facts",
    "licences": "/disclosure/licences",
    "not-found": "/no-such-page",
}


def test_penalty_filters_and_csv_download(page):
    page.goto("/disclosure/penalties")
    total = page.locator(".result-count").inner_text()
    page.get_by_label("行业领域").select_option(label="食品药品安全")
    page.get_by_label("排序").select_option(label="罚款金额（高→低）")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"domain=.*sort=fine_desc"))
    filtered = page.locator(".result-count").inner_text()
    assert filtered != total
    screenshot(page, "penalties")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV（Excel）").click()
    text = download.value.path().read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "行政相对人名称" and len(rows) > 1
    count = int(filtered.split("共 ")[1].split(" 条")[0].replace(",", ""))
    assert len(rows) - 1 == count


def test_bad_filter_shows_why_in_chinese(page):
    page.goto("/disclosure/penalties?fine_min=十万")
    assert "最低罚款金额应为数字" in page.get_by_role("alert").inner_text()


def test_feeds_and_open_data_links_work(page):
    page.goto("/open-data")
    screenshot(page, "open-data")
    with page.expect_download() as download:
        page.get_by_role("link", name="行政处罚").first.click()
    assert download.value.suggested_filename.endswith(".csv.gz")
    text = gzip.decompress(download.value.path().read_bytes()).decode("utf-8-sig")
    assert text.startswith("行政相对人名称")
    feed = page.request.get("/feeds/latest.atom")
    assert feed.ok and b"<feed" in feed.body()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_pages_pass_axe_wcag_21_aa(page, name):
    page.goto(PAGES[name])
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("name", ["home", "profile", "penalties", "statistics"])
def test_pages_fit_a_phone_and_large_text_mode(page, name):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(PAGES[name])
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    if name == "home":
        screenshot(page, "home-phone")
        page.get_by_role("link", name="长者模式").click()
        assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "20px"
        screenshot(page, "home-large-text")
