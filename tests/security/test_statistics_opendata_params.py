"""Hostile parameters on the statistics and open-data versions pages: huge, malformed or future
periods, unknown districts, traversal in version and file names. Each is a 4xx with a message in
Chinese (never a 500, never a file outside the open-data folder, never an echo as markup)."""

from __future__ import annotations

import pytest

from tests.support.files import FIXTURES

BAD_PERIODS = [
    ({"period": "week"}, "统计周期只能是"),
    ({"period": "m" * 5000}, "统计周期只能是"),
    ({"period": "month", "at": "2026-13"}, "格式不对"),
    ({"period": "month", "at": "2026-00"}, "格式不对"),
    ({"period": "month", "at": "9" * 5000}, "格式不对"),
    ({"period": "quarter", "at": "2026-Q5"}, "格式不对"),
    ({"period": "quarter", "at": "2026-11"}, "格式不对"),
    ({"period": "year", "at": "-2026"}, "格式不对"),
    ({"period": "year", "at": "<script>alert(1)</script>"}, "格式不对"),
    ({"period": "year", "at": "9999"}, "至今之间"),
    ({"period": "year", "at": "0001"}, "至今之间"),
    ({"period": "month", "at": "2026-01", "district": "../../etc/passwd"}, "没有这个区"),
    ({"district": "420102' OR '1'='1"}, "没有这个区"),
    ({"district": "x" * 5000}, "没有这个区"),
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


BAD_VERSIONS = [
    "..",
    "%2e%2e",
    "..%2F..%2Fetc%2Fpasswd",
    "9" * 300,
    "9" * 5000,
    "%00",
    "CURRENT",
    ".lock",
    ".building-1",
    "20261126.99999999999999999999",
    "20261126.1%2F..%2F..",
    "2026112.1",
    "20261126.-1",
    "<script>alert(1)</script>",
]


def test_version_and_file_names_cannot_reach_other_files(site, runner, settings):
    assert runner.invoke(args=["opendata", "build"]).exit_code == 0
    earlier = (settings.opendata_dir / "CURRENT").read_text().strip()
    assert runner.invoke(args=["import", str(FIXTURES / "list-entries.json")]).exit_code == 0
    assert runner.invoke(args=["opendata", "build"]).exit_code == 0
    current = (settings.opendata_dir / "CURRENT").read_text().strip()
    for version in BAD_VERSIONS:
        for path in (
            f"/open-data/versions/{version}",
            f"/open-data/versions/{version}/manifest.json",
            f"/open-data/{version}/penalty.csv.gz",
        ):
            response = site.get(path)
            body = response.get_data(as_text=True)
            response.close()
            assert response.status_code == 404, (path[:60], response.status_code)
            assert "<script>alert(1)</script>" not in body and "root:" not in body
        page = site.get(f"/open-data/versions/{version}").get_data(as_text=True)
        assert "数据版本号的格式不对" in page or "页面不存在" in page  # (a "/" leaves the route)
    # Files next to the data in a version's folder are not data files: never served.
    for name in ("manifest.json", "figures.json", "..%2FCURRENT", "..%2F..%2Fsite.sqlite3", ".lock"):
        assert site.get(f"/open-data/{current}/{name}").status_code == 404, name
    assert site.get(f"/open-data/{earlier}/penalty.csv.gz").status_code == 404
    # A damaged manifest (or one copied under another version's name) is not a version.
    (settings.opendata_dir / earlier / "manifest.json").write_text("{not json", encoding="utf-8")
    copied = settings.opendata_dir / "20000101.1"
    copied.mkdir()
    (copied / "manifest.json").write_bytes((settings.opendata_dir / current / "manifest.json").read_bytes())
    listed = [v["version"] for v in site.get("/open-data/versions.json").get_json()["versions"]]
    assert listed == [current]
    assert site.get("/open-data/versions").status_code == 200
    for version in (earlier, "20000101.1"):
        assert site.get(f"/open-data/versions/{version}").status_code == 404
        missing = site.get(f"/open-data/versions/{version}/manifest.json")
        assert missing.status_code == 404 and "没有这个数据版本" in missing.get_json()["error"]["message"]
