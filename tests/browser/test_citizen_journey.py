"""Search → profile → report → verify, as a citizen does it in Chromium."""

from __future__ import annotations

import re

from tests.support.browser import HOSTILE, screenshot

HENGTONG = "91420102MA4K00010N"


def test_search_with_keyboard_suggestions_then_profile_report_and_verify(page):
    page.goto("/")
    screenshot(page, "home")
    box = page.get_by_role("combobox", name="查询信用主体")
    box.fill("恒通商")
    options = page.get_by_role("option")
    options.first.wait_for()
    assert "武汉恒通商贸有限公司" in page.get_by_role("listbox").inner_text()
    box.press("ArrowDown")
    assert options.first.get_attribute("aria-selected") == "true"
    box.press("Enter")
    page.wait_for_url(re.compile(rf"/credit/{HENGTONG}$"))
    assert "该主体有1条有效行政处罚信息" in page.locator(".status-line").inner_text()
    screenshot(page, "profile")

    page.get_by_role("link", name=re.compile("生成信用报告")).click()
    page.get_by_role("button", name="生成信用报告").click()
    page.wait_for_url(re.compile(r"/reports/XYBG-"))
    number = page.url.rsplit("/", 1)[1]
    assert page.locator(".qr svg").count() == 1
    screenshot(page, "report")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载 PDF").click()
    assert download.value.suggested_filename == f"{number}.pdf"
    assert download.value.path().read_bytes().startswith(b"%PDF-")

    page.locator(".qr figcaption a").click()
    page.wait_for_url(re.compile(rf"/verify/{number}$"))
    assert "该报告真实有效" in page.get_by_role("status").inner_text()
    screenshot(page, "verify")


def test_search_results_without_javascript(browser, live_site):
    context = browser.new_context(base_url=live_site, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.get_by_label("查询信用主体").fill("htsm")  # initials of 恒通商贸
    page.get_by_role("button", name="查询").click()
    assert "武汉恒通商贸有限公司" in page.locator(".results").inner_text()
    screenshot(page, "search-results")
    context.close()


def test_hostile_name_is_text_everywhere(page):
    for path in ("/search?q=环保科技", "/credit/91420111MA4K00045A", "/disclosure/penalties"):
        page.goto(path)
        assert HOSTILE in page.locator("main").inner_text()
        assert page.locator("main script").count() == 0
