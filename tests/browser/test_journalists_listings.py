"""A journalist filters /lists and /cases, downloads exactly the filtered set, and a mistyped
code on /credit/ leads to the right profile through "您是不是要找"."""

from __future__ import annotations

import csv
import io
import json
import re

from tests.support.browser import screenshot

HENGTONG = "91420102MA4K00010N"
SWAPPED = HENGTONG[:3] + HENGTONG[4] + HENGTONG[3] + HENGTONG[5:]  # 914012…: two digits swapped


def _count(text: str) -> int:
    return int(re.search(r"(?:在列|共) ([\d,]+)", text).group(1).replace(",", ""))


def test_lists_filtered_by_url_with_downloads_of_that_set(page):
    page.goto("/lists")
    everything = _count(page.locator(".result-count").inner_text())
    page.get_by_label("名单类别").select_option(label="失信惩戒")
    page.get_by_label("列入日期自").fill("2025-01-01")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"color=black.*from=2025-01-01"))
    count = _count(page.locator(".result-count").inner_text())
    assert 0 < count < everything
    assert page.locator('link[rel="alternate"][href^="/feeds/lists.atom"]').count() == 1
    screenshot(page, "lists-filtered")
    cited = page.url
    page.goto(cited)  # the URL is the citation: the same view again
    assert _count(page.locator(".result-count").inner_text()) == count
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV（Excel）").click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_bytes().decode("utf-8-sig"))))
    assert rows[0][0] == "主体名称" and len(rows) - 1 == min(count, 10_000)
    assert {r[rows[0].index("名单类别")] for r in rows[1:]} == {"失信惩戒"}
    with page.expect_download() as download:
        page.get_by_role("link", name="JSON Lines").click()
    lines = download.value.path().read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(rows) - 1 and json.loads(lines[0])["主体名称"] == rows[1][0]


def test_cases_filter_and_download(page):
    page.goto("/cases")
    page.locator("#f-kind").select_option(label="失信惩戒")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"kind="))
    count = _count(page.locator(".result-count").inner_text())
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV（Excel）").click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_bytes().decode("utf-8-sig"))))
    assert len(rows) - 1 == count and {r[rows[0].index("案例类型")] for r in rows[1:]} == {"失信惩戒"}
    page.goto("/cases?from=2026-13-01")
    assert "开始日期格式应为" in page.get_by_role("alert").inner_text()


def test_a_mistyped_code_offers_the_subject(page):
    page.goto(f"/credit/{SWAPPED}")
    assert "校验位不正确" in page.locator("main").inner_text()
    suggestion = page.locator(".did-you-mean a").first
    assert suggestion.inner_text() == "武汉恒通商贸有限公司"
    screenshot(page, "did-you-mean")
    suggestion.click()
    page.wait_for_url(f"**/credit/{HENGTONG}")
    assert "武汉恒通商贸有限公司" in page.locator("h1").inner_text()
