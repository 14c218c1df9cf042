"""Filtered /lists and /cases, their CSV and JSON Lines downloads and /api/v1/lists, on both
databases: the same filters give the same set on the page, in the downloads and in the API."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from sqlalchemy import select

from tests.support.files import FIXTURES
from xinyong.records.identifiers import make_resident_id
from xinyong.records.models import Department

ADULT = make_resident_id("420104", date(1980, 3, 3), 21)
MINOR = make_resident_id("420104", date(2015, 3, 3), 22)


def person_entries(path):
    """Two natural persons on a black list: an adult (published, ID masked) and a minor
    (withheld: on no surface)."""
    rows = [
        {
            "主体名称": name,
            "主体类别": "自然人",
            "证件号码": number,
            "名单类型": "失信被执行人",
            "列入日期": "2026-06-01",
            "列入原因": "有履行能力而拒不履行生效法律文书确定义务",
            "认定机关": "武汉市中级人民法院",
            "认定依据文号": doc,
        }
        for name, number, doc in (
            ("张成年", ADULT, "（2026）鄂01执1号"),
            ("李未成", MINOR, "（2026）鄂01执2号"),
        )
    ]
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def site(client, runner, tmp_path):
    for path in (
        FIXTURES / "list-entries.json",
        FIXTURES / "joint-cases.csv",
        person_entries(tmp_path / "persons.json"),
    ):
        result = runner.invoke(args=["import", str(path)])
        assert result.exit_code == 0, result.output
    return client


def _csv(response) -> tuple[list[str], list[list[str]]]:
    body = response.get_data()
    assert body.startswith("\ufeff".encode()), "Excel needs the BOM"
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    return rows[0], rows[1:]


def test_lists_filters_downloads_and_api_agree(site):
    html = site.get("/lists").get_data(as_text=True)
    assert "在列 3 条" in html and "张成年" in html and "李未成" not in html
    assert 'rel="alternate" type="application/atom+xml" title="红黑名单最新列入"' in html
    cited = {"color": "black", "from": "2026-05-01", "to": "2026-12-31"}
    page = site.get("/lists", query_string=cited).get_data(as_text=True)
    assert "在列 2 条" in page and "武汉楚天建筑工程有限公司" in page and "恒通" not in page
    assert 'value="black" selected' in page  # the filtered view is its URL: it can be cited
    assert "/lists.csv?" in page and "color=black" in page
    header, data = _csv(site.get("/lists.csv", query_string=cited))
    assert "统一社会信用代码" in header and "名单类型" in header and "名单类别" in header
    assert {r[header.index("主体名称")] for r in data} == {"武汉楚天建筑工程有限公司", "张成年"}
    assert {r[header.index("名单类别")] for r in data} == {"失信惩戒"}
    person = next(r for r in data if r[header.index("主体名称")] == "张成年")
    assert person[header.index("主体类别")] == "自然人"
    assert person[header.index("证件号码")] == ADULT[:6] + "********" + ADULT[-4:]
    lines = site.get("/lists.jsonl", query_string=cited).get_data(as_text=True).splitlines()
    assert len(lines) == 2 and json.loads(lines[0])["名单类别"] == "失信惩戒"
    api = site.get("/api/v1/lists", query_string=cited).get_json()
    assert api["total"] == 2 and {e["subject_name"] for e in api["entries"]} == {
        "武汉楚天建筑工程有限公司",
        "张成年",
    }
    counts = {t["code"]: t["in_force"] for t in api["lists"]}
    assert counts["serious_illegal"] == 1 and counts["a_taxpayer"] == 0
    keyword = site.get("/api/v1/lists", query_string={"q": "鄂01执"}).get_json()
    assert keyword["total"] == 1 and keyword["entries"][0]["uscc"] is None
    one = site.get("/api/v1/lists/serious_illegal").get_json()
    assert one["total"] == 1 and one["list"]["name"] == "严重违法失信企业"


def test_cases_filters_downloads_and_bad_filters(site):
    page = site.get("/cases", query_string={"kind": "守信激励", "q": "容缺"}).get_data(as_text=True)
    assert "共 1 个案例" in page and "A级纳税人享受容缺受理" in page
    assert "/cases.csv?" in page
    header, data = _csv(site.get("/cases.csv", query_string={"from": "2026-09-01", "to": "2026-09-30"}))
    assert header[:3] == ["案例名称", "案例类型", "主体名称"] and len(data) == 1
    assert data[0][header.index("所属区域")] == "新洲区"  # a label, not the code 420117
    lines = site.get("/cases.jsonl").get_data(as_text=True).splitlines()
    assert len(lines) == 2
    assert "共 0 个案例" in site.get("/cases", query_string={"q": "不存在的措施"}).get_data(as_text=True)
    # Bad filters say why, in Chinese (the API with a code), never a 500.
    page = site.get("/lists", query_string={"from": "2026-02-30", "type": "nope", "severity": "x"})
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    for message in ("开始日期格式应为 年-月-日", "没有这个名单类型", "失信严重程度应为"):
        assert message in html
    answer = site.get("/api/v1/lists", query_string={"from": "x"})
    assert answer.status_code == 400 and answer.get_json()["error"]["code"] == "bad_date"
    assert site.get("/cases.csv", query_string={"kind": "x"}).status_code == 400
    assert site.get("/lists", query_string={"page": "2"}).status_code == 404


def test_feeds_are_linked_where_their_records_are_listed(site, runner, session_factory):
    assert runner.invoke(args=["import", str(FIXTURES / "penalties-current.csv")]).exit_code == 0
    lists_feed = site.get("/feeds/lists.atom", query_string={"type": "dishonest_debtor"})
    assert lists_feed.headers["Content-Type"].startswith("application/atom+xml")
    text = lists_feed.get_data(as_text=True)
    assert "张成年" in text and "李未成" not in text and ADULT not in text and "楚天" not in text
    cases_feed = site.get("/feeds/cases.atom", query_string={"kind": "失信惩戒"}).get_data(as_text=True)
    assert "联合奖惩案例 严重违法失信企业被限制参与政府采购" in cases_feed and "容缺" not in cases_feed
    assert site.get("/feeds/lists.atom", query_string={"type": "nope"}).status_code == 404
    page = site.get("/lists/dishonest_debtor").get_data(as_text=True)
    assert 'href="/feeds/lists.atom?type=dishonest_debtor"' in page
    assert 'href="/cases.atom' not in page
    with session_factory() as s:
        dept_id = s.scalar(select(Department.id).where(Department.name == "武汉市市场监督管理局"))
    for path in ("/disclosure/penalties", "/lists", "/cases"):
        html = site.get(path, query_string={"department": dept_id}).get_data(as_text=True)
        feed = f'href="/feeds/department/{dept_id}.atom"'
        assert html.count(feed) == 2, path  # <link rel="alternate"> and the visible link
    assert 'href="/feeds/cases.atom"' in site.get("/cases").get_data(as_text=True)
