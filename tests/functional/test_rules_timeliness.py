"""One definition of timeliness (7 working days from the decision to collection), counted by
records/publication/timeliness.py for /statistics, /about/data and the pilot dashboard, labelled, and drawn
against its 100% target."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from tests.support.files import rewrite_csv
from xinyong.records.clock import today_local
from xinyong.records.display.statistics import timeliness_by_department
from xinyong.records.models import Department
from xinyong.records.pilot.figures import pilot_report, quarter_of
from xinyong.records.publication.timeliness import DEFINITION, default_window, timeliness

JIANGAN = "武汉市江岸区市场监督管理局"


@pytest.fixture
def office(admin_client, import_files, tmp_path, session_factory):
    with session_factory() as s:
        s.add(Department(name=JIANGAN, domain_code="industry_commerce", district_code="420102"))
        s.commit()
    today = today_local()
    source = {"数据来源单位": JIANGAN}
    path = rewrite_csv(
        "penalties-current.csv",
        tmp_path / "p.csv",
        {
            "武汉恒通商贸有限公司": {**source, "处罚决定日期": today.isoformat()},  # on time
            "武汉金桥餐饮管理有限公司": {**source, "处罚决定日期": (today - timedelta(days=30)).isoformat()},
            # the backfill of an old record, years late: outside the 12-month window
            "武汉楚天建筑工程有限公司": {**source, "处罚决定日期": "2019-03-01"},
        },
    )
    import_files(path)
    return admin_client


def test_every_page_shows_the_same_labelled_figure(office, session_factory):
    today = today_local()
    start, end = default_window(today)
    with session_factory() as s:
        overall = timeliness(s, start, end)[None]
        dept = timeliness(s, start, end, by="department")[JIANGAN]
        chart = timeliness_by_department(s, today)
        report = pilot_report(s, *quarter_of(today), today)
        quarter = timeliness(s, report.start, report.end, by="district")["420102"]
    assert dept.decided == 2 and dept.share == 50.0  # the 2019 backfill is not counted
    assert dict(chart.rows)[JIANGAN] == dept.share and DEFINITION in chart.note
    about = office.get("/about/data").get_data(as_text=True)
    assert f"{100 * overall.in_time / overall.decided:.1f}%" in about and DEFINITION in about
    assert "未达标" in about
    jiangan = next(r for r in report.districts if r.name == "江岸区")
    assert jiangan.timely_share == quarter.share
    page = office.get("/admin/pilot/").get_data(as_text=True)
    assert DEFINITION in page


def test_the_chart_is_scaled_to_the_100_percent_target(office):
    page = office.get("/statistics").get_data(as_text=True)
    section = page[page.index('id="chart-timeliness"') :]
    widths = [float(w) for w in re.findall(r'<rect x="230" y="[\d.]+" width="([\d.]+)"', section)]
    assert widths and max(widths) <= 420 * 0.5 + 0.1  # 50% is half the bar, not the full width
    assert "目标 100%" in section


def test_a_zero_push_rate_is_flagged(office):
    page = office.get("/admin/pilot/").get_data(as_text=True)
    row = page[page.index(">江岸区<") :].split("</tr>")[0]
    assert "0.0%" in row and row.count("未达标") >= 2  # timeliness 50%, push 0%


def test_backfill_dates_are_real_dates():
    assert default_window(date(2026, 3, 1)) == (date(2025, 3, 2), date(2026, 3, 1))
