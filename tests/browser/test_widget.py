"""The counter widget embedded in a host page on another origin, with a strict CSP."""

from __future__ import annotations

import re
import sqlite3
import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests.browser.conftest import screenshot

CHUTIAN = "91420117MA4K000376"


def _serve(html_for) -> tuple[str, object, threading.Thread]:  # noqa: ANN001
    def app(environ, start_response):  # noqa: ANN001, ANN202
        html, csp = html_for()
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                  ("Content-Security-Policy", csp)])
        return [html.encode("utf-8")]

    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{server.server_port}", server, thread


@pytest.fixture(scope="module")
def host(live_server):
    """A service centre's page on its own origin: one script tag, a strict CSP."""
    portal = live_server["url"]
    state: dict[str, str] = {}

    def page():  # noqa: ANN202
        html = ('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
                "<title>江岸区政务服务中心 · 窗口受理</title></head><body><main><h1>政府采购资格审查</h1>"
                f'<script src="{portal}/widget/v1/embed.js" data-key="{state["key"]}" '
                'data-approval="gov_procurement"></script></main></body></html>')
        return html, f"default-src 'self'; script-src {portal}; frame-src {portal}"

    url, server, thread = _serve(page)
    created = live_server["app"].test_cli_runner().invoke(
        args=["widget-key", "create", "--center", "江岸区政务服务中心", "--origin", url])
    assert created.exit_code == 0, created.output
    state["key"] = created.output.splitlines()[1].strip()
    yield {"url": url, "key": state["key"]}
    server.shutdown()
    thread.join()


def _subjects(db) -> dict[str, str]:  # noqa: ANN001
    """Demo subjects for the states that need a particular record: read from the database."""
    con = sqlite3.connect(db)
    today = "2026-11-25"
    red_only = con.execute(f"""
        SELECT s.uscc FROM subjects s JOIN list_entries e ON e.subject_id = s.id
        JOIN list_types t ON t.code = e.list_type_code AND t.color = 'red'
        WHERE s.uscc IS NOT NULL AND e.entered_on <= '{today}'
          AND (e.removed_on IS NULL OR e.removed_on > '{today}')
          AND (e.expires_on IS NULL OR e.expires_on > '{today}')
          AND NOT EXISTS (SELECT 1 FROM penalties p WHERE p.subject_id = s.id)
          AND NOT EXISTS (SELECT 1 FROM list_entries x JOIN list_types y ON y.code = x.list_type_code
                          WHERE x.subject_id = s.id AND y.color != 'red') LIMIT 1""").fetchone()
    clean = con.execute("""
        SELECT uscc FROM subjects s WHERE uscc IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM penalties p WHERE p.subject_id = s.id)
          AND NOT EXISTS (SELECT 1 FROM list_entries e WHERE e.subject_id = s.id) LIMIT 1""").fetchone()
    con.close()
    assert red_only and clean, "the demo city has red-listed and clean subjects"
    return {"INCENTIVE": red_only[0], "NO_RECORD": clean[0]}


def run_check(page, query: str, approval: str = "政府采购"):  # noqa: ANN001, ANN201
    frame = page.frame_locator("iframe[title^='信用核查']")
    frame.get_by_label("申请人名称或统一社会信用代码").fill(query)
    frame.get_by_label("审批事项").select_option(label=approval)
    frame.get_by_label("经办人（选填，记入回执）").fill("窗口3")
    frame.get_by_role("button", name="核查").click()
    frame.get_by_role("status").wait_for()
    return frame


def test_each_state_in_a_host_page_on_another_origin(page, host, live_server):
    wanted = {"HIT": CHUTIAN, "CAUTION": "武汉金桥餐饮管理有限公司", "AMBIGUOUS": "恒通",
              "NOT_IDENTIFIED": "ZZQ不存在的名称QQZ", **_subjects(live_server["db"])}
    labels = {"HIT": "失信惩戒：限制办理", "CAUTION": "请审慎办理", "AMBIGUOUS": "无法确定主体",
              "NOT_IDENTIFIED": "未识别主体", "INCENTIVE": "守信激励对象", "NO_RECORD": "未发现失信记录"}
    approvals = {"INCENTIVE": "行政许可"}
    for state, query in wanted.items():
        page.goto(host["url"])
        frame = run_check(page, query, approvals.get(state, "政府采购"))
        assert labels[state] in frame.get_by_role("status").inner_text(), state
        if state == "AMBIGUOUS":  # pick a candidate: checked again by its code
            frame.get_by_role("button", name=re.compile("^核查武汉恒通商贸")).first.click()
            # expect() waits for the new page; the candidates list already shows the code
            expect(frame.get_by_role("status")).not_to_contain_text("无法确定主体")
            expect(frame.locator(".facts")).to_contain_text("91420102MA4K00010N")
        if state == "HIT":
            assert "限制参加政府采购活动" in frame.locator("main").inner_text()
            # sized by the portal's message once the result page has loaded
            expect(page.locator("iframe")).not_to_have_attribute("height", "420")
            assert int(page.locator("iframe").get_attribute("height")) > 420
            screenshot(page, "widget-hit")
    page.goto(host["url"])
    frame = page.frame_locator("iframe[title^='信用核查']")
    frame.get_by_role("link", name="本中心核查记录").click()
    log = frame.locator("table.log").inner_text()
    for state in wanted:
        assert state in log, state  # every check is in the centre's log


def test_a_receipt_prints_and_verifies_publicly(page, host, live_site):
    page.goto(host["url"])
    frame = run_check(page, CHUTIAN)
    receipt = frame.locator(".receipt").inner_text()
    number = re.search(r"XYHC-\d{8}-[0-9A-Z]{10}", receipt).group(0)
    code = re.search(r"校验码：(\w+)", receipt).group(1)
    widget = next(f for f in page.frames if "/widget/v1/" in f.url)
    widget.evaluate("window.print = () => { window.printed = (window.printed || 0) + 1; }")
    frame.get_by_role("button", name="打印回执").press("Enter")  # keyboard only
    assert widget.evaluate("window.printed") >= 1  # the button opens the print dialog
    page.goto(f"{live_site}/receipts/verify?number={number}&code={code}")
    assert "回执真实有效" in page.get_by_role("status").inner_text()
    assert "江岸区政务服务中心" in page.get_by_role("status").inner_text()


def test_unknown_origins_and_keys_are_refused(browser, live_site, host):
    stranger_url, server, thread = _serve(lambda: (
        f'<!doctype html><html lang="zh-CN"><head><title>x</title></head><body>'
        f'<script src="{live_site}/widget/v1/embed.js" data-key="{host["key"]}"></script></body></html>',
        "default-src *"))
    context = browser.new_context()
    page = context.new_page()
    page.goto(stranger_url)
    text = page.frame_locator("iframe").locator("body").inner_text()
    assert "不允许从此网站调用" in text
    page.goto(f"{live_site}/widget/v1/frame?key=xk_nothing&host={host['url']}")
    assert "API Key 无效" in page.locator("body").inner_text()
    context.close()
    server.shutdown()
    thread.join()


def test_widget_pages_pass_axe(page, host, live_site):
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.test_journalist_and_quality import WCAG_AA

    page.goto(f"{live_site}/widget/v1/frame?key={host['key']}&host={host['url']}&approval=bidding")
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()
    page.get_by_label("申请人名称或统一社会信用代码").fill(CHUTIAN)
    page.get_by_role("button", name="核查").click()
    page.get_by_role("status").wait_for()
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()
