"""The counter widget embedded in a host page on another origin, with a strict CSP, and the
centre administrator's key page.

The host page is what a service centre serves: its back end mints a counter session with the
secret key for every page (POST /api/v1/counter-sessions) and writes it into the embed tag; the
widget gets key and session by postMessage, never in a URL."""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import urllib.request

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests.support.browser import screenshot

CHUTIAN = "91420117MA4K000376"
PASSWORD = "counter-desk-42-password"
CENTRE = "江岸区政务服务中心"


def _serve(html_for) -> tuple[str, object, threading.Thread]:
    def app(environ, start_response):
        html, csp = html_for(environ["PATH_INFO"])
        start_response(
            "200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Security-Policy", csp)]
        )
        return [html.encode("utf-8")]

    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{server.server_port}", server, thread


def mint(portal: str, secret: str, operator: str, origin: str) -> str:
    """The host's back end: a counter session for this page, with the secret key."""
    request = urllib.request.Request(  # noqa: S310 - the test portal, http://
        f"{portal}/api/v1/counter-sessions",
        method="POST",
        data=json.dumps({"operator": operator, "origin": origin}).encode("utf-8"),
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - the test portal
        return json.load(response)["token"]


def _embed(portal: str, key: str, session: str | None) -> str:
    data_session = f' data-session="{session}"' if session else ""
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        "<title>江岸区政务服务中心 · 窗口受理</title></head><body><main><h1>政府采购资格审查</h1>"
        f'<script src="{portal}/widget/v1/embed.js" data-key="{key}"{data_session} '
        'data-approval="gov_procurement"></script></main></body></html>'
    )


@pytest.fixture(scope="module")
def host(live_server):
    """A service centre's page on its own origin: one script tag, a strict CSP, a back end."""
    portal = live_server["url"]
    state: dict[str, str] = {}
    strict = f"default-src 'self'; script-src {portal}; frame-src {portal}"

    def page(path: str):
        if path == "/no-back-end":  # a counter without a back end: staff sign in in the widget
            return _embed(portal, state["key"], None), strict
        token = mint(portal, state["secret"], "窗口3-张", state["url"])
        return _embed(portal, state["key"], token), strict

    url, server, thread = _serve(page)
    state["url"] = url
    cli = live_server["app"].test_cli_runner()
    created = cli.invoke(args=["widget-key", "create", "--center", CENTRE, "--origin", url])
    assert created.exit_code == 0, created.output
    lines = created.output.splitlines()
    state["secret"], state["key"] = lines[1].strip(), lines[3].strip()
    made = cli.invoke(
        args=[
            "operator",
            "create",
            "--username",
            "jiangan-desk",
            "--name",
            "窗口5-李",
            "--role",
            "centre",
            "--centre",
            CENTRE,
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
    )
    assert made.exit_code == 0, made.output
    yield {**state, "portal": portal}
    server.shutdown()
    thread.join()


def _subjects(db) -> dict[str, str]:
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


def run_check(page, query: str, approval: str = "政府采购"):
    frame = page.frame_locator("iframe[title^='信用核查']")
    frame.get_by_label("申请人名称、统一社会信用代码或自然人姓名").fill(query)
    frame.get_by_label("审批事项").select_option(label=approval)
    frame.get_by_role("button", name="核查", exact=True).click()
    frame.get_by_role("status").wait_for()
    return frame


def _no_credentials_in_urls(page) -> list[str]:
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


def test_each_state_in_a_host_page_on_another_origin(page, host, live_server):
    urls = _no_credentials_in_urls(page)
    wanted = {
        "HIT": CHUTIAN,
        "CAUTION": "武汉金桥餐饮管理有限公司",
        "AMBIGUOUS": "恒通",
        "NOT_IDENTIFIED": "ZZQ不存在的名称QQZ",
        **_subjects(live_server["db"]),
    }
    labels = {
        "HIT": "失信惩戒：限制办理",
        "CAUTION": "请审慎办理",
        "AMBIGUOUS": "无法确定主体",
        "NOT_IDENTIFIED": "未识别主体",
        "INCENTIVE": "守信激励对象",
        "NO_RECORD": "未发现失信记录",
    }
    approvals = {"INCENTIVE": "行政许可"}
    for state, query in wanted.items():
        page.goto(host["url"])
        frame = run_check(page, query, approvals.get(state, "政府采购"))
        assert labels[state] in frame.get_by_role("status").inner_text(), state
        if state == "AMBIGUOUS":  # pick a candidate: checked again by its code, same operator
            frame.get_by_role("button", name=re.compile("^核查武汉恒通商贸")).first.click()
            expect(frame.get_by_role("status")).not_to_contain_text("无法确定主体")
            expect(frame.locator(".facts")).to_contain_text("91420102MA4K00010N")
            expect(frame.locator(".facts")).to_contain_text("窗口3-张")
        if state == "HIT":
            assert "限制参加政府采购活动" in frame.locator("main").inner_text()
            assert "窗口3-张" in frame.locator(".receipt").inner_text()
            expect(page.locator("iframe")).not_to_have_attribute("height", "420")
            assert int(page.locator("iframe").get_attribute("height")) > 420
            screenshot(page, "widget-hit")
    assert urls and not [u for u in urls if re.search(r"x[kst]_", u)], urls  # never in a URL
    page.goto(host["url"])
    frame = page.frame_locator("iframe[title^='信用核查']")
    link = frame.get_by_role("link", name="登录后查看")
    assert link.get_attribute("href").endswith("/admin/centre/")  # the log: administrators only


def test_a_receipt_prints_and_verifies_publicly(page, host, live_site):
    page.goto(host["url"])
    frame = run_check(page, CHUTIAN)
    receipt = frame.locator(".receipt").inner_text()
    number = re.search(r"XYHC-\d{8}-[0-9A-Z]{10}", receipt).group(0)
    code = re.search(r"校验码：(\w+)", receipt).group(1)
    widget = next(f for f in page.frames if "/widget/v1/" in f.url)
    widget.evaluate("window.print = () => { window.printed = (window.printed || 0) + 1; }")
    frame.get_by_role("button", name="打印回执").press("Enter")  # keyboard only
    assert widget.evaluate("window.printed") >= 1
    page.goto(f"{live_site}/receipts/verify?number={number}&code={code}")
    assert "回执真实有效" in page.get_by_role("status").inner_text()
    assert CENTRE in page.get_by_role("status").inner_text()


def test_a_session_works_only_in_its_own_origins_frame(browser, host):
    """A page on another origin that got hold of a session (and the publishable key) gets no
    check form: the frame may be framed only by the session's origin."""
    token = mint(host["portal"], host["secret"], "窗口3-张", host["url"])
    stranger_url, server, thread = _serve(
        lambda _: (_embed(host["portal"], host["key"], token), "default-src *")
    )
    context = browser.new_context()
    page = context.new_page()
    page.goto(stranger_url)
    page.wait_for_timeout(300)  # the frame has loaded its shell and asked for the session
    frame = page.frame_locator("iframe")
    expect(frame.get_by_label("审批事项")).to_have_count(0)
    forged_url, forged, forged_thread = _serve(
        lambda _: (_embed(host["portal"], "xk_nothing", None), "default-src *")
    )
    page.goto(forged_url)
    expect(page.frame_locator("iframe").locator("body")).to_contain_text("密钥无效")
    context.close()
    for s, t in ((server, thread), (forged, forged_thread)):
        s.shutdown()
        t.join()


def test_counter_staff_without_a_back_end_sign_in_inside_the_widget(page, host):
    urls = _no_credentials_in_urls(page)
    page.goto(host["url"] + "/no-back-end")
    frame = page.frame_locator("iframe[title^='信用核查']")
    frame.get_by_label("用户名").fill("jiangan-desk")
    frame.get_by_label("密码").fill("wrong-password-123")
    frame.get_by_role("button", name="登录").click()
    expect(frame.get_by_role("alert")).to_contain_text("用户名或密码不正确")
    frame.get_by_label("密码").fill(PASSWORD)
    frame.get_by_role("button", name="登录").click()
    expect(frame.locator(".operator")).to_have_text("窗口5-李")  # the account's name is the operator
    frame = run_check(page, CHUTIAN)
    assert "失信惩戒：限制办理" in frame.get_by_role("status").inner_text()
    assert "窗口5-李" in frame.locator(".receipt").inner_text()
    assert not [u for u in urls if re.search(r"x[kst]_|password", u)], urls


def test_widget_pages_pass_axe(page, host, live_site):
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.test_journalist_and_quality import WCAG_AA

    token = mint(host["portal"], host["secret"], "窗口3-张", host["url"])
    page.goto(f"{live_site}/widget/v1/frame")
    page.evaluate(
        """(token) => { const form = document.getElementById('connect');
                     form.elements.token.value = token; form.elements.approval.value = 'bidding';
                     form.submit(); }""",
        token,
    )
    page.get_by_label("审批事项").wait_for()
    assert page.url.removeprefix(live_site) == "/widget/v1/frame"  # posted: nothing in the URL
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()
    page.get_by_label("申请人名称、统一社会信用代码或自然人姓名").fill(CHUTIAN)
    page.get_by_role("button", name="核查", exact=True).click()
    page.get_by_role("status").wait_for()
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()


def test_the_centre_administrator_manages_keys(page, host):
    page.goto("/admin/login")
    page.get_by_label("用户名").fill("jiangan-desk")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto("/admin/centre/")
    page.get_by_label("嵌入核查组件的网站来源").fill("https://zwfw.jiangan.example")
    page.get_by_role("button", name="创建密钥").click()
    secret = page.locator("code.secret-key").inner_text()
    publishable = page.locator("code.publishable-key").inner_text()
    assert secret.startswith("xs_") and publishable.startswith("xk_")
    screenshot(page, "admin-centre-keys")
    page.goto("/admin/centre/")  # the secret was shown once
    expect(page.locator("code.secret-key")).to_have_count(0)
    page.get_by_role("button", name=f"更换 {publishable[:11]} 的私密密钥").click()
    rotated = page.locator("code.secret-key").inner_text()
    assert rotated.startswith("xs_") and rotated != secret
    expect(page.get_by_role("status")).to_contain_text("即刻失效")
    page.get_by_role("button", name=f"停用 {publishable[:11]}").click()
    expect(page.locator("table.data").first).to_contain_text("已停用")
