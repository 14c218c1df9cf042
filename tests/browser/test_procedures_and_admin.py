"""Repair, objection and a department's web upload, as applicant and operator do them in Chromium.

The records here belong to subjects of their own, so the other browser tests' pages stay as
they were. The operators are the demo accounts the session's demo load created.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import create_engine, select
from sqlalchemy.orm import sessionmaker

from tests.browser.test_journalist_and_quality import WCAG_AA
from tests.support.browser import screenshot
from tests.support.files import rewrite_csv
from tests.support.minor_publication import opt_in_minor
from xinyong.records.clock import today_local
from xinyong.records.identifiers import make_uscc
from xinyong.records.models import Penalty

XINGHE = make_uscc("9", "1", "420102", "MA4KB001")  # 武汉星河文具有限公司
YUEHU = make_uscc("9", "1", "420106", "MA4KB002")  # 武汉月湖茶社有限公司
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _subjects(name: str, uscc: str, number: str, **cells) -> dict:
    return {
        "行政相对人名称": name,
        "行政相对人代码_1(统一社会信用代码)": uscc,
        "行政处罚决定书文号": number,
        **cells,
    }


@pytest.fixture(scope="module")
def own_records(live_server, tmp_path_factory):
    root = tmp_path_factory.mktemp("procedures")
    today = today_local()
    path = rewrite_csv(
        "penalties-current.csv",
        root / "p.csv",
        {
            "武汉恒通商贸有限公司": _subjects(
                "武汉星河文具有限公司",
                XINGHE,
                "武市监处罚〔2026〕901号",
                处罚类别="警告",
                **{"罚款金额（万元）": "", "处罚决定日期": (today - timedelta(days=15)).isoformat()},
            ),
            "武汉金桥餐饮管理有限公司": _subjects("武汉月湖茶社有限公司", YUEHU, "武市监处罚〔2026〕902号"),
        },
    )
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    path.write_text("\n".join(",".join(r) for r in rows[:3]) + "\n", encoding="utf-8-sig")
    engine = create_engine(f"sqlite:///{live_server['db']}")
    opt_in_minor(sessionmaker(engine))  # 令第36号: 轻微 is published only where a department opts in
    cli = live_server["app"].test_cli_runner()
    for args in (["import", str(path)], ["index", "update"]):
        assert cli.invoke(args=args).exit_code == 0
    accounts = (live_server["db"].parent / "demo-accounts.txt").read_text(encoding="utf-8")
    passwords = {u: p for u, _, p in (line.split() for line in accounts.splitlines()[1:])}
    with engine.connect() as c:
        ids = dict(c.execute(select(Penalty.subject_name, Penalty.id)).all())
    engine.dispose()
    return {
        "passwords": passwords,
        "xinghe": ids["武汉星河文具有限公司"],
        "yuehu": ids["武汉月湖茶社有限公司"],
    }


def sign_in(page, username: str, passwords: dict) -> None:
    page.goto("/admin/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(passwords[username])
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_repair_from_application_to_disappearance(page, browser, live_site, own_records, tmp_path):
    record = f"/record/penalty/{own_records['xinghe']}"
    page.goto(record)
    page.get_by_role("link", name="申请信用修复").click()
    page.get_by_label("已履行的义务和整改情况").fill("已按要求整改，并在店内公示食品经营许可证。")
    page.get_by_label("联系人").fill("赵经理")
    page.get_by_label("联系电话").fill("abc")
    evidence = tmp_path / "整改照片.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label("证明材料").set_input_files(str(evidence))
    page.get_by_label("我已阅读并作出上述承诺").check()
    page.get_by_role("button", name="提交信用修复申请").click()
    assert "请填写正确的联系电话" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("联系人").input_value() == "赵经理"  # what was typed is kept
    page.get_by_label("联系电话").fill("027-85550000")
    page.get_by_label("证明材料").set_input_files(str(evidence))
    page.get_by_role("button", name="提交信用修复申请").click()
    code = page.locator("#tracking-code").inner_text()
    assert code.startswith("XF-")
    screenshot(page, "repair-submitted")

    operator = browser.new_context(base_url=live_site, locale="zh-CN", accept_downloads=True)
    desk = operator.new_page()
    sign_in(desk, "scj", own_records["passwords"])
    desk.get_by_role("link", name=re.compile(r"^\d+$")).first.click()
    assert "武汉星河文具有限公司" in desk.locator("main").inner_text()
    with desk.expect_download() as download:
        desk.get_by_role("link", name="整改照片.pdf").click()
    assert download.value.path().read_bytes() == PDF
    desk.get_by_role("button", name="受理", exact=True).click()
    desk.get_by_label("准予修复").check()
    desk.get_by_label("理由（将告知申请人）").fill("已纠正失信行为，材料齐全")
    screenshot(desk, "repair-review")
    desk.get_by_role("button", name="办结").click()
    assert "已保存" in desk.get_by_role("status").inner_text()
    operator.close()

    page.goto("/track")
    page.get_by_label("查询码").fill(code.lower())  # read out over the phone: case does not matter
    page.get_by_role("button", name="查询").click()
    assert page.locator("#case-status").inner_text() == "已办结（准予修复）"
    screenshot(page, "repair-track")
    assert page.goto(record).status == 404
    page.goto(f"/credit/{XINGHE}")
    assert "武市监处罚〔2026〕901号" not in page.locator("main").inner_text()


def test_objection_marks_the_record_while_it_is_examined(page, browser, live_site, own_records):
    page.goto(f"/record/penalty/{own_records['yuehu']}/objection")
    page.get_by_label("信息错误").check()
    page.get_by_label("申请理由").fill("处罚决定书文号有误，应为 902-1 号，附更正通知。")
    page.get_by_label("联系人").fill("钱女士")
    page.get_by_label("联系电话").fill("13800000000")
    page.get_by_role("button", name="提交异议申请").click()
    assert page.locator("#tracking-code").inner_text().startswith("YY-")
    operator = browser.new_context(base_url=live_site, locale="zh-CN")
    desk = operator.new_page()
    sign_in(desk, "admin", own_records["passwords"])
    desk.get_by_role("row", name=re.compile("武汉月湖茶社有限公司")).get_by_role("link").click()
    desk.get_by_role("button", name="受理", exact=True).click()
    operator.close()
    page.goto(f"/credit/{YUEHU}")
    assert page.locator(".badge.objected").inner_text() == "异议中"
    screenshot(page, "objection-marked")


def test_department_uploads_a_file_and_fixes_the_rejected_row(page, own_records, tmp_path):
    bad = rewrite_csv(
        "penalties-current.csv",
        tmp_path / "十一月处罚.csv",
        {
            "武汉恒通商贸有限公司": _subjects(
                "武汉南湖书店有限公司",
                make_uscc("9", "1", "420111", "MA4KB003"),
                "武市监处罚〔2026〕903号",
                **{"处罚决定日期": "2026-02-30"},
            )
        },
    )
    rows = list(csv.reader(io.StringIO(bad.read_text(encoding="utf-8-sig"))))
    bad.write_text("\n".join(",".join(r) for r in rows[:2]) + "\n", encoding="utf-8-sig")
    sign_in(page, "scj", own_records["passwords"])
    page.get_by_role("link", name="数据报送").click()
    page.get_by_role("link", name="上传数据文件").click()
    page.get_by_label("数据文件").set_input_files(str(bad))
    page.get_by_role("button", name="上传并导入").click()
    assert page.locator("#rejected-count").inner_text() == "1"
    assert "处罚决定日期" in page.locator("main").inner_text()
    screenshot(page, "upload-rejected")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    report = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    header = report[0]
    report[1][header.index("处罚决定日期")] = "2026-02-28"
    fixed = tmp_path / "十一月处罚-更正.csv"
    with fixed.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(report)
    page.get_by_role("link", name="重新上传").click()
    page.get_by_label("数据文件").set_input_files(str(fixed))
    page.get_by_role("button", name="上传并导入").click()
    assert page.locator("#rejected-count").inner_text() == "0"


@pytest.mark.parametrize("path", ["/track", "/admin/login", "/record/penalty/1/objection"])
def test_public_forms_pass_axe(page, path):
    page.goto(path)
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/batches/",
        "/admin/batches/upload",
        "/admin/pilot/",
        "/admin/tables/periods",
        "/admin/tables/severity/new",
        "/admin/records/list_entry",
        "/admin/centre/",
        "/admin/audit",
        "/admin/delegations/",
        "/admin/password",
    ],
)
def test_administration_pages_pass_axe(page, own_records, path):
    sign_in(page, "admin", own_records["passwords"])
    page.goto(path)
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()
    if path == "/admin/pilot/":
        screenshot(page, "pilot-dashboard")
