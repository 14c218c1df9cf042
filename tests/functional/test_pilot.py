"""The pilot dashboard: timeliness, push and joint cases per pilot district and domain."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.support.files import rewrite_csv
from xinyong.records.clock import today_local
from xinyong.records.models import Department
from xinyong.records.pilot.figures import pilot_report, quarter_bounds, quarter_of
from xinyong.records.workdays import calendar_without_overrides

JIANGAN = "武汉市江岸区市场监督管理局"


@pytest.fixture
def office(admin_client, import_files, tmp_path, session_factory):
    with session_factory() as s:
        s.add(Department(name=JIANGAN, domain_code="industry_commerce", district_code="420102"))
        s.commit()
    today = today_local()
    recent = calendar_without_overrides().add_working_days(today, 0)
    source = {"数据来源单位": JIANGAN}
    path = rewrite_csv(
        "penalties-current.csv",
        tmp_path / "p.csv",
        {
            "武汉恒通商贸有限公司": {**source, "处罚决定日期": recent.isoformat()},  # on time
            "武汉金桥餐饮管理有限公司": {
                **source,  # the quarter's first day: late unless it is young
                "处罚决定日期": quarter_bounds(*quarter_of(today))[0].isoformat(),
            },
        },
    )
    cases = rewrite_csv(
        "joint-cases.csv",
        tmp_path / "c.csv",
        {
            "严重违法失信企业被限制参与政府采购": {"实施日期": today.isoformat(), "所属区域": "江岸区"},
            "A级纳税人享受容缺受理": {"实施日期": today.isoformat()},
        },
    )
    import_files(path, cases)
    return admin_client


def test_quarters():
    assert quarter_bounds(2026, 4) == (date(2026, 10, 1), date(2026, 12, 31))
    assert quarter_bounds(2024, 1) == (date(2024, 1, 1), date(2024, 3, 31))
    assert quarter_of(date(2026, 7, 1)) == (2026, 3)
    with pytest.raises(ValueError):
        quarter_bounds(2026, 5)


def test_figures_per_pilot_district_and_domain(office, runner, session_factory, tmp_path):
    today = today_local()
    month = today.strftime("%Y-%m")
    with session_factory() as s:
        report = pilot_report(s, *quarter_of(today), today)
    jiangan = next(r for r in report.districts if r.name == "江岸区")
    assert [r.name for r in report.districts] == ["江岸区", "新洲区", "东湖新技术开发区"]
    assert len(report.domains) == 11 and report.domains[0].name == "工商"
    first_day = quarter_bounds(*quarter_of(today))[0]
    late = 1 if calendar_without_overrides().working_days_between(first_day, today) > 7 else 0
    assert (jiangan.decided, jiangan.in_time, jiangan.pushed) == (2, 2 - late, 0)
    assert jiangan.cases_per_month == {month: 2} and jiangan.cases_met(month)
    xinzhou = next(r for r in report.districts if r.name == "新洲区")
    assert xinzhou.decided == 0 and xinzhou.timely_share is None and not xinzhou.cases_met(month)
    assert (
        runner.invoke(args=["push", "export", "--target", "city", "--out", str(tmp_path / "push")]).exit_code
        == 0
    )
    with session_factory() as s:
        report = pilot_report(s, *quarter_of(today), today)
    assert next(r for r in report.districts if r.name == "江岸区").pushed_share == 100.0


def test_dashboard_and_quarterly_exports(office):
    page = office.get("/admin/pilot/")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "试点工作看板" in text and "东湖新技术开发区" in text
    assert "互联网金融" in text and "本月进行中" in text
    year, quarter = quarter_of(today_local())
    xlsx = office.get(f"/admin/pilot/report.xlsx?year={year}&quarter={quarter}")
    book = load_workbook(io.BytesIO(xlsx.get_data()))
    assert book.sheetnames == ["试点区", "试点领域", "说明"]
    rows = list(book["试点区"].iter_rows(values_only=True))
    assert rows[1][:2] == ("名称", "许可和处罚（条）") and rows[2][0] == "江岸区" and rows[2][1] == 2
    pdf = office.get(f"/admin/pilot/report.pdf?year={year}&quarter={quarter}")
    assert pdf.headers["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.get_data())).pages)
    assert f"{year}年第{quarter}季度" in text and "江岸区" in text and "互联网金融" in text
    assert office.get("/admin/pilot/?year=abc").status_code == 400
    assert office.get("/admin/pilot/?quarter=9").status_code == 400


def test_only_months_that_are_over_are_judged(session_factory):
    with session_factory() as s:
        report = pilot_report(s, 2026, 4, date(2026, 11, 25))
    row = report.districts[0]
    assert [report.month_state(m) for m in report.months] == ["past", "current", "future"]
    assert [report.case_text(row, m) for m in report.months] == ["0（未达标）", "0（本月进行中）", "—"]
