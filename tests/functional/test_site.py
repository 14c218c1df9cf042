"""The public pages around search: home, collection overview, reading preferences, errors."""

from __future__ import annotations

from tests.support.files import FIXTURES


def import_all(runner, *names: str) -> None:
    for name in names:
        result = runner.invoke(args=["import", str(FIXTURES / name)])
        assert result.exit_code == 0, result.output


def test_home_shows_figures_latest_publications_and_lists(client, runner):
    import_all(runner, "penalties-current.csv", "licences.xlsx", "list-entries.json")
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<html lang="zh-CN">' in html
    assert "<dt>有效行政处罚</dt><dd>6</dd>" in html and "<dt>有效行政许可</dt><dd>3</dd>" in html
    assert "最新“双公示”信息" in html and "/record/penalty/" in html
    assert "武汉楚天建筑工程有限公司" in html and "严重违法失信企业" in html  # black list
    assert "A级纳税人" in html  # red list
    assert "金桥餐饮" not in html.split("失信惩戒名单（最新列入）")[1].split("守信激励名单（最新列入）")[0]


def test_empty_database_says_so(client):
    html = client.get("/").get_data(as_text=True)
    assert "暂无公示信息。" in html and "当前没有在列的失信惩戒名单信息。" in html
    assert "尚未归集任何数据。" in client.get("/about/data").get_data(as_text=True)


def test_collection_page_lists_batches_and_escapes_file_names(client, runner, tmp_path):
    evil = tmp_path / "<script>alert(1)<script>.csv"
    evil.write_bytes((FIXTURES / "penalties-current.csv").read_bytes())
    runner.invoke(args=["import", str(evil)])
    html = client.get("/about/data").get_data(as_text=True)
    assert "<dt>行政处罚</dt><dd>6</dd>" in html
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)" in html


def test_large_text_mode_is_a_cookie_and_never_an_open_redirect(client):
    on = client.get("/preferences/large-text", query_string={"on": "1", "next": "/search?q=x"})
    assert on.status_code == 302 and on.headers["Location"].endswith("/search?q=x")
    assert 'class="large-text"' in client.get("/").get_data(as_text=True)
    off = client.get("/preferences/large-text", query_string={"on": "0"})
    assert off.status_code == 302
    assert 'class="large-text"' not in client.get("/").get_data(as_text=True)
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        away = client.get("/preferences/large-text", query_string={"on": "1", "next": target})
        assert away.headers["Location"] in ("/", "http://localhost/")


def test_unknown_page_is_a_chinese_404(client):
    page = client.get("/no-such-page")
    assert page.status_code == 404 and "页面不存在" in page.get_data(as_text=True)


def test_health_endpoint(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
