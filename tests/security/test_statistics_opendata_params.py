"""Hostile parameters on the statistics and open-data versions pages: huge, malformed or future
periods, unknown districts, traversal in version and file names. Each is a 4xx with a message in
Chinese (never a 500, never a file outside the open-data folder, never an echo as markup)."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES

BAD_PERIODS = [
    ({"period": "week"}, "统计周期只能是"), ({"period": "m" * 5000}, "统计周期只能是"),
    ({"period": "month", "at": "2026-13"}, "格式不对"), ({"period": "month", "at": "2026-00"}, "格式不对"),
    ({"period": "month", "at": "9" * 5000}, "格式不对"), ({"period": "quarter", "at": "2026-Q5"}, "格式不对"),
    ({"period": "quarter", "at": "2026-11"}, "格式不对"), ({"period": "year", "at": "-2026"}, "格式不对"),
    ({"period": "year", "at": "<script>alert(1)</script>"}, "格式不对"),
    ({"period": "year", "at": "9999"}, "至今之间"), ({"period": "year", "at": "0001"}, "至今之间"),
    ({"period": "month", "at": "2026-01", "district": "../../etc/passwd"}, "没有这个区"),
    ({"district": "420102' OR '1'='1"}, "没有这个区"), ({"district": "x" * 5000}, "没有这个区"),
]


@pytest.fixture
def site(client, runner):
    assert runner.invoke(args=["import", str(FIXTURES / "penalties-current.csv")]).exit_code == 0
    return client


def test_bad_statistics_parameters_answer_400_in_chinese(site):
    for args, message in BAD_PERIODS:
        for path in ("/statistics", "/statistics/periods.csv", "/statistics/districts.csv"):
            response = site.get(path, query_string=args)
            body = response.get_data(as_text=True)
            assert response.status_code == 400, (path, args, response.status_code)
            assert response.mimetype == "text/html" and message in body, (path, args)
            assert "<script>alert(1)</script>" not in body
    assert site.get("/statistics", query_string={"period": "year", "at": "2026"}).status_code == 200
