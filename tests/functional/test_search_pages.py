"""The search page and the JSON API as a browser or a client sees them."""

from __future__ import annotations

import pytest

from tests.support.files import FIXTURES


@pytest.fixture
def indexed_client(client, runner):
    for name in ("penalties-current.csv", "penalties-alt-order-gb18030.csv", "list-entries.json"):
        assert runner.invoke(args=["import", str(FIXTURES / name)]).exit_code == 0
    result = runner.invoke(args=["index", "rebuild"])
    assert result.exit_code == 0, result.output
    return client


def test_api_search_shape(indexed_client):
    data = indexed_client.get("/api/v1/search", query_string={"q": "恒通商贸"}).get_json()
    assert data["total"] >= 1
    first = data["results"][0]
    assert first["name"] == "武汉恒通商贸有限公司" and len(first["uscc"]) == 18
    assert {"district", "domain", "lists", "penalties_in_force"} <= first.keys()


def test_api_errors_are_json_with_codes(indexed_client):
    long = indexed_client.get("/api/v1/search", query_string={"q": "恒" * 500})
    assert long.status_code == 400 and long.get_json()["error"]["code"] == "query_too_long"
    page = indexed_client.get("/api/v1/search", query_string={"q": "恒通", "page": "abc"})
    assert page.status_code == 404 and page.get_json()["error"]["code"] == "page_out_of_range"


def test_search_page_highlights_and_escapes(indexed_client):
    html = indexed_client.get("/search", query_string={"q": "恒通"}).get_data(as_text=True)
    assert "<mark>恒通</mark>" in html and "武汉" in html


def test_search_page_says_nothing_was_found(indexed_client):
    page = indexed_client.get("/search", query_string={"q": "完全不存在的名字"})
    assert page.status_code == 200
    assert "没有找到与“完全不存在的名字”相符的信用主体" in page.get_data(as_text=True)


def test_search_page_bad_input_is_a_chinese_400(indexed_client):
    page = indexed_client.get("/search", query_string={"q": "<script>" * 30})
    assert page.status_code == 400 and "查询内容过长" in page.get_data(as_text=True)
    assert "<script><script>" not in page.get_data(as_text=True)


def test_records_tab_lists_records(indexed_client):
    html = indexed_client.get("/search", query_string={"q": "恒通", "tab": "records"}).get_data(as_text=True)
    assert "武市监处罚〔2026〕101号" in html


def test_search_without_an_index_is_a_503_in_chinese(client):
    page = client.get("/search", query_string={"q": "恒通"})
    assert page.status_code == 503 and "搜索服务暂时不可用" in page.get_data(as_text=True)
    api = client.get("/api/v1/search", query_string={"q": "恒通"})
    assert api.status_code == 503 and api.get_json()["error"]["code"] == "search_unavailable"


def test_suggest_endpoint(indexed_client):
    data = indexed_client.get("/api/v1/suggest", query_string={"q": "恒通"}).get_json()
    assert data["suggestions"][0]["name"] == "武汉恒通商贸有限公司"
    assert len(data["suggestions"]) <= 10


def test_import_makes_records_searchable_at_once(indexed_client, runner):
    runner.invoke(args=["import", str(FIXTURES / "licences.xlsx")])
    html = indexed_client.get("/search", query_string={"q": "建筑业企业资质证书", "tab": "records"}).get_data(
        as_text=True
    )
    assert "楚天" in html


def test_short_latin_query_page_says_results_are_partial(indexed_client):
    html = indexed_client.get("/search", query_string={"q": "sh"}).get_data(as_text=True)
    assert "只显示部分结果" in html


def test_suggest_endpoint_for_a_district(indexed_client):
    data = indexed_client.get("/api/v1/suggest", query_string={"q": "武汉市江岸区"}).get_json()
    assert data["suggestions"][0]["name"] == "武汉恒通商贸有限公司"  # a penalty in force
