"""Statistics by month, quarter, year and district: the tables, their CSVs (exactly what the page
shows), citable URLs, published records only, and the figures counted with the open data."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from tests.support.files import FIXTURES
from xinyong.records.clock import today_local
from xinyong.records.models import Penalty
from xinyong.records.publication.refresh import set_state

HEADER = ["期间", "行政许可（条）", "行政处罚（条）", "罚款金额（万元）"]


@pytest.fixture
def site(client, runner):
    for path in (FIXTURES / "penalties-current.csv", FIXTURES / "licences.xlsx"):
        assert runner.invoke(args=["import", str(path)]).exit_code == 0
    return client


def _csv(client, path: str, **args: str) -> list[list[str]]:
    response = client.get(path, query_string=args)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    body = response.get_data()
    assert body.startswith("\ufeff".encode())  # UTF-8 with BOM, for Excel
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_period_and_district_tables_and_their_csvs(site, runner, session_factory):
    months = _csv(site, "/statistics/periods.csv", period="month", at="2026-11")
    assert months[0] == HEADER and len(months) == 13
    assert months[-1][0] == "2026年11月" and months[-1][2] == "5" and months[-2][2] == "1"
    quarters = _csv(site, "/statistics/periods.csv", period="quarter", at="2026-Q4")
    assert len(quarters) == 9 and quarters[-1][:1] + quarters[-1][2:] == ["2026年第4季度", "6", "13.67"]
    jiangan = _csv(site, "/statistics/periods.csv", period="year", at="2026", district="420102")
    assert len(jiangan) == 7 and jiangan[-1][1:] == ["1", "1", "0.50"]  # 江岸区 (420102) only
    districts = _csv(site, "/statistics/districts.csv", period="year", at="2026")
    assert districts[0] == ["区（功能区）", *HEADER[1:]]
    by_name = {row[0]: row for row in districts[1:]}
    assert by_name["江岸区"][1:] == jiangan[-1][1:] and by_name["新洲区"][2:] == ["1", "12.35"]
    assert by_name["未分区"][2:] == ["2", "0.12"]  # natural persons: no district
    assert by_name["江汉区"][1:] == ["0", "0", "0.00"]  # every district listed, zeros too
    assert sum(int(r[2]) for r in districts[1:]) == 6
    assert sum(int(r[1]) for r in districts[1:]) == int(quarters[-1][1])
    # The page shows the same numbers, under a URL that names every condition.
    html = site.get("/statistics?period=quarter&at=2026-Q4").get_data(as_text=True)
    assert "2026年第4季度各区公示的行政许可和行政处罚" in html
    assert "/statistics/periods.csv?period=quarter&amp;at=2026-Q4" in html
    assert "/statistics/districts.csv?period=quarter&amp;at=2026-Q4" in html
    # Only published records count: a withdrawn penalty leaves the figures.
    with session_factory() as s:
        penalty = s.scalar(select(Penalty).where(Penalty.subject_name == "武汉华信环保科技有限公司"))
        penalty.withdrawn_on = today_local()
        set_state(s, penalty, today_local(), "withdrawn")
        s.commit()
    months = _csv(site, "/statistics/periods.csv", period="month", at="2026-11")
    assert months[-2][2] == "0"
    # The all-time monthly chart counts by the same rule: its bars are the table's sums.
    chart, mine = _csv(site, "/statistics/per-month.csv"), _csv(site, "/statistics/periods.csv")
    assert [float(r[1]) for r in chart[1:]] == [int(r[1]) + int(r[2]) for r in mine[1:]]
    # Counted with the open data, the figures are the same as counted live.
    live = _csv(site, "/statistics/districts.csv", period="month", at="2026-10")
    assert runner.invoke(args=["opendata", "build"]).exit_code == 0
    assert _csv(site, "/statistics/districts.csv", period="month", at="2026-10") == live
