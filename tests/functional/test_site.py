"""The pages that exist with the records foundation: the collection overview and errors."""

from __future__ import annotations

from tests.conftest import FIXTURES


def test_home_shows_figures_and_recent_batches(client, runner):
    runner.invoke(args=["import", str(FIXTURES / "penalties-current.csv")])
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<html lang="zh-CN">' in html
    assert "公共信用信息归集概况" in html and "penalties-current.csv" in html
    assert "<dt>行政处罚</dt><dd>6</dd>" in html


def test_empty_database_says_so(client):
    assert "尚未归集任何数据。" in client.get("/").get_data(as_text=True)


def test_hostile_file_names_are_escaped(client, runner, tmp_path):
    evil = tmp_path / "<script>alert(1)<script>.csv"
    evil.write_bytes((FIXTURES / "penalties-current.csv").read_bytes())
    runner.invoke(args=["import", str(evil)])
    html = client.get("/").get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)" in html


def test_unknown_page_is_a_chinese_404(client):
    page = client.get("/no-such-page")
    assert page.status_code == 404 and "页面不存在" in page.get_data(as_text=True)


def test_health_endpoint(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
