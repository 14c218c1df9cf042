"""The demo city: pilot districts with figures on the dashboard and in the quarterly report;
no collection time after now."""

from __future__ import annotations

import io
from datetime import timedelta

from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.support.admin import PASSWORD, create_operator, sign_in
from xinyong.records.clock import today_local
from xinyong.records.db import utcnow
from xinyong.records.models import Licence, Penalty
from xinyong.records.pilot.figures import pilot_report, quarter_of

PILOTS = ("江岸区", "新洲区", "东湖新技术开发区")


def test_the_demo_city_fills_the_pilot_dashboard(runner, client, session_factory, tmp_path):
    result = runner.invoke(
        args=["demo", "--subjects", "400", "--seed", "3", "--out", str(tmp_path / "files")]
    )
    assert result.exit_code == 0, result.output
    today = today_local()
    with session_factory() as s:
        for model in (Licence, Penalty):
            assert s.scalar(select(func.max(model.collected_at))) <= utcnow()
        # the quarter's first weeks have few decisions yet: judge the quarter before then
        year, quarter = quarter_of(today - timedelta(days=20))
        report = pilot_report(s, year, quarter, today)
    figures = {r.name: r.decided for r in report.districts}
    assert all(figures[name] > 0 for name in PILOTS), figures
    create_operator(runner, "rules-admin", name="市信用办")
    sign_in(client, "rules-admin", PASSWORD)
    report_file = client.get(f"/admin/pilot/report.xlsx?year={year}&quarter={quarter}")
    assert report_file.status_code == 200
    sheet = load_workbook(io.BytesIO(report_file.data))["试点区"]
    rows = {row[0]: row[1] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert all(rows[name] > 0 for name in PILOTS), rows
