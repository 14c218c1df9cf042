"""Attacks on the filtered /lists and /cases, their downloads, /api/v1/lists and the
did-you-mean pages: filter injection, huge page numbers, over-long parameters, and leaks of
unpublished entries or natural persons' ID numbers."""

from __future__ import annotations

import pytest

from tests.functional.test_listings import ADULT, MINOR, person_entries
from tests.support.files import FIXTURES

SURFACES = (
    "/lists",
    "/lists.csv",
    "/lists.jsonl",
    "/api/v1/lists",
    "/cases",
    "/cases.csv",
    "/cases.jsonl",
    "/feeds/lists.atom",
    "/lists/dishonest_debtor",
    "/api/v1/lists/dishonest_debtor",
)


@pytest.fixture
def site(client, runner, tmp_path):
    for path in (
        FIXTURES / "list-entries.json",
        FIXTURES / "joint-cases.csv",
        person_entries(tmp_path / "persons.json"),
    ):
        assert runner.invoke(args=["import", str(path)]).exit_code == 0
    return client


def test_unpublished_entries_and_id_numbers_reach_no_surface(site):
    for path in SURFACES:
        response = site.get(path)
        assert response.status_code == 200, path
        text = response.get_data(as_text=True)
        assert "李未成" not in text, path  # a minor's entry is withheld
        assert "武汉金桥餐饮管理有限公司" not in text, path  # removed from its list in February
        for number in (ADULT, MINOR, MINOR[:6] + "********" + MINOR[-4:]):
            assert number not in text, path
    # Typing a full ID number as the keyword finds nothing (no ID is stored with an entry, so
    # the filter is no oracle) and is never echoed in full.
    for path in ("/lists", "/api/v1/lists", "/lists.csv"):
        text = site.get(path, query_string={"q": ADULT}).get_data(as_text=True)
        assert ADULT not in text and "张成年" not in text, path


def test_hostile_filters_are_text_or_a_400_and_pages_past_the_end_a_404(site):
    for value in ("' OR 1=1 --", "%", "_", "\\", "%' UNION SELECT 1 --"):
        for path in ("/lists", "/cases", "/lists.csv"):
            assert site.get(path, query_string={"q": value}).status_code == 200, path
        assert site.get("/api/v1/lists", query_string={"q": value}).get_json()["total"] == 0
    assert site.get("/lists", query_string={"department": "1 OR 1=1"}).status_code == 400
    assert (
        site.get("/api/v1/lists", query_string={"department": "1;DROP TABLE list_entries"}).get_json()[
            "error"
        ]["code"]
        == "bad_department"
    )
    for page in ("99999999999999999999999", "251", "0", "-1", "1e9"):
        for path in ("/lists", "/cases", "/lists/serious_illegal"):
            assert site.get(path, query_string={"page": page}).status_code == 404, (path, page)
        assert site.get("/api/v1/lists", query_string={"page": page}).status_code in (400, 404)
    # Over-long and control-character values are refused, not truncated or passed on.
    long = "恒" * 5000
    lists = ("q", "type", "color", "severity", "district", "department", "from", "to")
    cases = ("q", "kind", "domain", "district", "department", "from", "to")
    for path, names in (("/lists", lists), ("/cases", cases)):
        for name in names:
            assert site.get(path, query_string={name: long}).status_code == 400, (path, name)
    for path, name in (("/lists.csv", "q"), ("/cases.jsonl", "q"), ("/feeds/lists.atom", "type")):
        assert site.get(path, query_string={name: long}).status_code in (400, 404), path
    html = site.get("/lists", query_string={"q": long}).get_data(as_text=True)
    assert "关键词过长：最多100个字符" in html
    answer = site.get("/api/v1/lists", query_string={"q": "a\x00b"}).get_json()
    assert answer["error"]["code"] == "bad_param"


def test_did_you_mean_never_offers_or_echoes_an_id_number(site, runner):
    for typed in (ADULT, ADULT[:-1] + ("0" if ADULT[-1] != "0" else "1"), ADULT[:16] + ADULT[17] + ADULT[16]):
        page = site.get(f"/credit/{typed}")
        assert page.status_code == 404
        text = page.get_data(as_text=True)
        main = text.split("<main", 1)[1]  # (the 长者模式 link in the header repeats the URL)
        assert ADULT not in text and typed not in main and "您输入的代码" in main
        assert "张成年" not in text  # a person has no USCC and is never a suggestion
    assert runner.invoke(args=["index", "rebuild"]).exit_code == 0
    from tests.security.counter_support import check, create_keys, session_token

    token = session_token(site, create_keys(runner).secret)
    body = check(site, token, ADULT[:16] + ADULT[17] + ADULT[16]).get_json()
    assert body["state"] == "NOT_IDENTIFIED" and body.get("suggestions") == []
    assert ADULT not in str(body)
