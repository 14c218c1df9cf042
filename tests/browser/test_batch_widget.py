"""The widget's 批量核查 tab in a service centre's page on another origin: a list uploaded, the
result table, the printable table (print CSS), the XLSX, the batch receipt verified publicly,
and pasted lines."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.browser.test_widget import _embed, _serve, mint
from tests.support.browser import screenshot

CHUTIAN = "91420117MA4K000376"
CENTRE = "汉阳区政务服务中心"


@pytest.fixture(scope="module")
def batch_host(live_server):
    portal = live_server["url"]
    state: dict[str, str] = {}

    def page(_path: str):
        token = mint(portal, state["secret"], "窗口7-王", state["url"])
        return _embed(
            portal, state["key"], token
        ), f"default-src 'self'; script-src {portal}; frame-src {portal}"

    url, server, thread = _serve(page)
    state["url"] = url
    created = (
        live_server["app"]
        .test_cli_runner()
        .invoke(args=["widget-key", "create", "--center", CENTRE, "--origin", url])
    )
    assert created.exit_code == 0, created.output
    lines = created.output.splitlines()
    state["secret"], state["key"] = lines[1].strip(), lines[3].strip()
    yield state
    server.shutdown()
    thread.join()


def test_a_bidders_list_is_checked_printed_downloaded_and_verified(page, batch_host, live_site):
    page.goto(batch_host["url"])
    frame = page.frame_locator("iframe[title^='信用核查']")
    frame.get_by_role("button", name="批量核查").click()
    listing = (
        f"名称,统一社会信用代码\n武汉楚天建筑工程有限公司,{CHUTIAN}\n武汉金桥餐饮管理有限公司,\n"
        "某公司,91420117MA4K00037X\n"
    )
    frame.get_by_label("或上传名单文件").set_input_files(
        {"name": "bidders.csv", "mimeType": "text/csv", "buffer": listing.encode("gb18030")}
    )
    frame.get_by_label("项目名称").fill("汉阳区某道路工程施工招标")
    frame.get_by_label("审批事项").select_option(label="政府采购")
    frame.get_by_role("button", name="批量核查", exact=True).click()
    summary = frame.get_by_role("status")
    assert "共 3 个主体" in summary.inner_text()
    states = frame.locator("tbody tr").evaluate_all("rows => rows.map(r => r.dataset.state)")
    assert states[0] == "HIT" and states[2] == "NOT_IDENTIFIED" and len(states) == 3
    assert "限制参加政府采购活动" in frame.locator("tbody tr").first.inner_text()
    receipt = frame.locator(".receipt").inner_text()
    number = re.search(r"XYPL-\d{8}-[0-9A-Z]{10}", receipt).group(0)
    screenshot(page, "batch-result")

    with page.context.expect_page() as opened:
        frame.get_by_role("button", name="打印结果表").click()
    printable = opened.value
    printable.wait_for_load_state()
    assert number in printable.locator("main").inner_text()
    assert printable.locator("tbody tr").count() == 3
    printable.emulate_media(media="print")
    assert not printable.locator(".site-header").is_visible()
    assert not printable.get_by_role("button", name="打印").is_visible()
    printable.emulate_media(media="screen")
    printable.close()

    with page.expect_download() as downloaded:
        frame.get_by_role("button", name="下载 XLSX").click()
    workbook = load_workbook(io.BytesIO(Path(downloaded.value.path()).read_bytes()))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[2][4] == CHUTIAN and rows[2][5] == "失信惩戒：限制办理"

    with page.context.expect_page() as opened:
        frame.get_by_role("link", name="公开验证回执").click()
    public = opened.value
    public.wait_for_load_state()
    assert "回执真实有效" in public.get_by_role("status").inner_text()
    assert (
        CHUTIAN in public.locator("table").inner_text() and "窗口7" not in public.locator("main").inner_text()
    )
    public.close()
    assert page.url.startswith(batch_host["url"])
    assert not [u for u in [page.url, live_site] if re.search(r"x[kst]_", u)]


def test_pasted_lines_are_checked_too(page, batch_host):
    page.goto(batch_host["url"])
    frame = page.frame_locator("iframe[title^='信用核查']")
    frame.get_by_role("button", name="批量核查").click()
    frame.get_by_label("名单（粘贴）").fill(f"{CHUTIAN}\n武汉金桥餐饮管理有限公司\n")
    frame.get_by_role("button", name="批量核查", exact=True).click()
    assert "共 2 个主体" in frame.get_by_role("status").inner_text()
    frame.get_by_role("button", name="单个核查").click()
    frame.get_by_label("申请人名称、统一社会信用代码或自然人姓名").wait_for()
