"""Open data files, Atom feeds and the statistics page."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from datetime import timedelta

import pytest
from defusedxml import ElementTree as ET

from tests.support.files import FIXTURES, rewrite_csv
from xinyong.records.clock import today_local

ATOM = "{http://www.w3.org/2005/Atom}"
HENGTONG = "91420102MA4K00010N"


@pytest.fixture
def site(client, import_files):
    import_files(
        "penalties-current.csv", "licences.xlsx", "list-entries.json", "commitments.csv", "joint-cases.csv"
    )
    return client


def test_open_data_is_built_once_per_data_version(site, runner, settings):
    assert "开放数据文件正在生成" in site.get("/open-data").get_data(as_text=True)
    first = runner.invoke(args=["opendata", "build", "--if-changed"])
    assert "开放数据已生成" in first.output
    again = runner.invoke(args=["opendata", "build", "--if-changed"])
    assert "无需重新生成" in again.output
    html = site.get("/open-data").get_data(as_text=True)
    version = html.split("数据版本 <strong>")[1].split("<")[0]
    manifest = json.loads((settings.opendata_dir / version / "manifest.json").read_text("utf-8"))
    counts = {f["name"]: f["rows"] for f in manifest["files"]}
    assert counts["penalty.csv.gz"] == 6 and counts["penalty.jsonl.gz"] == 6
    assert counts["list_entry.csv.gz"] == 2  # the abnormal-operation entry was removed in February
    download = site.get(f"/open-data/{version}/penalty.csv.gz")
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    assert f"penalty-{version}.csv.gz" in download.headers["Content-Disposition"]
    body = gzip.decompress(download.get_data())
    assert hashlib.sha256(download.get_data()).hexdigest() == next(
        f["sha256"] for f in manifest["files"] if f["name"] == "penalty.csv.gz"
    )
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    download.close()  # a file response: the server closes its file when the response is closed
    assert len(rows) == 7 and "行政处罚决定书文号" in rows[0]
    assert not any(len(cell) == 18 and cell[:17].isdigit() for row in rows for cell in row)
    assert site.get(f"/open-data/{version}/../../etc/passwd").status_code == 404
    assert site.get(f"/open-data/{version}/nothing.csv").status_code == 404


def test_a_new_import_changes_the_data_version(site, runner):
    runner.invoke(args=["opendata", "build"])
    before = site.get("/open-data").get_data(as_text=True)
    assert runner.invoke(args=["import", str(FIXTURES / "penalties-legacy.csv")]).exit_code == 0
    assert "开放数据已生成" in runner.invoke(args=["opendata", "build", "--if-changed"]).output
    assert site.get("/open-data").get_data(as_text=True) != before


def test_atom_feeds(site):
    response = site.get("/feeds/latest.atom")
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.get_data())
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 9  # 6 penalties + 3 licences in force
    assert all(e.find(f"{ATOM}link").get("href").startswith("http://localhost/record/") for e in entries)
    subject = ET.fromstring(site.get(f"/feeds/subject/{HENGTONG}.atom").get_data())
    titles = [e.find(f"{ATOM}title").text for e in subject.findall(f"{ATOM}entry")]
    assert any("A级纳税人" in t for t in titles) and all("武汉恒通商贸有限公司" in t for t in titles)
    department = ET.fromstring(site.get("/feeds/department/1.atom").get_data())
    assert "武汉市市场监督管理局" in department.find(f"{ATOM}title").text
    assert department.findall(f"{ATOM}entry")
    assert site.get("/feeds/domain/NOPE.atom").status_code == 404
    assert site.get("/feeds/department/99999.atom").status_code == 404
    assert site.get("/feeds/subject/91420100MA4K99999X.atom").status_code == 404


def test_statistics_page_draws_svg_charts_with_csv_numbers(site):
    html = site.get("/statistics").get_data(as_text=True)
    assert html.count('<svg role="img"') == 7  # five charts + period and district
    assert "各部门7个工作日内上网公示的比例" in html
    body = site.get("/statistics/by-domain.csv").get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["项目", "数值（条）"] and sum(float(r[1]) for r in rows[1:]) == 9
    assert site.get("/statistics/nope.csv").status_code == 404


def test_home_and_statistics_read_the_figures_counted_with_the_open_data(site, runner, tmp_path):
    assert runner.invoke(args=["opendata", "build"]).exit_code == 0
    assert "<dt>有效行政处罚</dt><dd>6</dd>" in site.get("/").get_data(as_text=True)
    # A new import shows on the home page once the background build has counted it. (The
    # legacy file's penalties of 2016 are long past their publication period: date one anew.)
    recent = (today_local() - timedelta(days=10)).isoformat()
    fresh = rewrite_csv(
        "penalties-legacy.csv", tmp_path / "fresh.csv", {"武环罚〔2016〕12号": {"处罚决定日期": recent}}
    )
    assert runner.invoke(args=["import", str(fresh)]).exit_code == 0
    assert "<dt>有效行政处罚</dt><dd>6</dd>" in site.get("/").get_data(as_text=True)
    assert runner.invoke(args=["opendata", "build", "--if-changed"]).exit_code == 0
    assert "<dt>有效行政处罚</dt><dd>6</dd>" not in site.get("/").get_data(as_text=True)
    assert site.get("/statistics").get_data(as_text=True).count('<svg role="img"') == 7


def test_streams_read_in_chunks_see_every_row(site, session_factory):
    from datetime import date

    from xinyong.records.display.browse import BrowseFilters, browse_all
    from xinyong.records.opendata.build import published

    with session_factory() as session:
        streamed = [r.id for r in published(session, "penalty", date(2026, 11, 25), chunk=2)]
        browsed = [r.id for r in browse_all(session, "penalty", BrowseFilters(), date(2026, 11, 25), chunk=2)]
    assert len(streamed) == len(set(streamed)) == 6 and sorted(browsed) == sorted(streamed)


def test_maintain_applies_index_changes_and_builds_open_data(client, runner, settings):
    assert runner.invoke(args=["index", "rebuild"]).exit_code == 0
    assert runner.invoke(args=["import", str(FIXTURES / "penalties-current.csv")]).exit_code == 0
    result = runner.invoke(args=["maintain", "--once"])
    assert result.exit_code == 0, result.output
    assert "开放数据已重新生成" in result.output
    assert (settings.opendata_dir / "CURRENT").exists()
    found = client.get("/api/v1/search", query_string={"q": "恒通商贸"}).get_json()
    assert found["total"] >= 1
    again = runner.invoke(args=["maintain", "--once"])
    assert "开放数据已重新生成" not in again.output  # unchanged data: nothing rebuilt
