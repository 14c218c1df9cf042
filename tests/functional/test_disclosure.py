"""Disclosure pages and downloads as a journalist uses them."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.support.files import rewrite_csv


@pytest.fixture
def site(client, import_files, tmp_path):
    penalties = rewrite_csv(
        "penalties-current.csv",
        tmp_path / "penalties.csv",
        {
            "武汉恒通商贸有限公司": {"罚款金额（万元）": "12.5", "违法事实": '=HYPERLINK("http://evil")'},
            "武汉金桥餐饮管理有限公司": {"处罚决定日期": "2026-01-05", "处罚有效期": "2027-01-04"},
        },
    )
    import_files(penalties, "licences.xlsx", "list-entries.json", "joint-cases.csv")
    return client


def test_penalties_browse_filters_and_sorts(site):
    html = site.get("/disclosure/penalties").get_data(as_text=True)
    assert "共 6 条" in html and "行政处罚信息公示" in html
    html = site.get("/disclosure/penalties", query_string={"sort": "fine_desc"}).get_data(as_text=True)
    assert html.index("武汉恒通商贸有限公司") < html.index("武汉楚天建筑工程有限公司")
    assert ">12.5<" in html
    html = site.get("/disclosure/penalties", query_string={"fine_min": "12.4"}).get_data(as_text=True)
    assert "共 1 条" in html
    html = site.get(
        "/disclosure/penalties", query_string={"from": "2026-01-01", "to": "2026-01-31"}
    ).get_data(as_text=True)
    assert "共 1 条" in html and "武汉金桥餐饮管理有限公司" in html
    html = site.get("/disclosure/penalties", query_string={"category": "没收违法所得"}).get_data(as_text=True)
    assert "共 1 条" in html


def test_bad_filters_are_a_chinese_400_that_says_why(site):
    page = site.get(
        "/disclosure/penalties", query_string={"from": "2026-13-01", "fine_min": "abc", "sort": "name"}
    )
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    for message in ("开始日期格式应为 年-月-日", "最低罚款金额应为数字", "排序方式无效"):
        assert message in html
    assert site.get("/disclosure/licences", query_string={"sort": "fine_desc"}).status_code == 400
    assert site.get("/disclosure/penalties", query_string={"page": "999"}).status_code == 404
    assert site.get("/disclosure/penalties", query_string={"page": "x"}).status_code == 404


def test_downloads_follow_the_filters_and_neutralise_formulas(site):
    response = site.get("/disclosure/penalties.csv", query_string={"fine_min": "12.4"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    header, data = rows[0], rows[1:]
    assert "行政处罚决定书文号" in header and "法定代表人证件号码" not in header
    assert len(data) == 1
    assert data[0][header.index("违法事实")] == '\'=HYPERLINK("http://evil")'
    lines = site.get("/disclosure/penalties.jsonl").get_data(as_text=True).splitlines()
    assert len(lines) == 6
    first = json.loads(lines[0])
    assert first["信息编号"].startswith("penalty:")
    assert site.get("/disclosure/penalties.xml").status_code == 404
    assert site.get("/disclosure/penalties.csv", query_string={"to": "yesterday"}).status_code == 400


def test_list_pages_and_cases(site):
    html = site.get("/lists").get_data(as_text=True)
    assert "严重违法失信企业" in html and "在列 1 条" in html
    html = site.get("/lists/serious_illegal").get_data(as_text=True)
    assert "武汉楚天建筑工程有限公司" in html and "武市监严〔2026〕3号" in html
    assert site.get("/lists/no_such_list").status_code == 404
    html = site.get("/lists/abnormal_operation").get_data(as_text=True)
    assert "当前没有在列的经营异常名录信息" in html  # the only entry was removed in February
    cases = site.get("/cases", query_string={"kind": "失信惩戒"}).get_data(as_text=True)
    assert "共 1 个案例" in cases and "限制参与政府采购活动" in cases
    bad = site.get("/cases", query_string={"kind": "x"})
    assert bad.status_code == 400 and "案例类型应为" in bad.get_data(as_text=True)
