"""Security headers, caching headers and per-IP rate limits (this module turns limits on)."""

from __future__ import annotations

import pytest

from tests.support.apps import extra_app
from xinyong.web.extensions import limiter


@pytest.fixture
def settings(settings):
    return settings.with_overrides(rate_limits=True)


@pytest.fixture
def fresh_limits(app):
    with app.app_context():
        limiter.reset()
    yield
    with app.app_context():
        limiter.reset()


def test_every_page_has_a_strict_csp_and_no_inline_script(client):
    for path in ("/", "/about/data", "/search?q=恒通", "/no-such-page"):
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        html = response.get_data(as_text=True)
        assert "<script>" not in html and " on" + "click=" not in html  # no inline handlers
        assert '<script src="/static/js/suggest.js" defer></script>' in html


def test_public_pages_cache_briefly_and_errors_never(client):
    home = client.get("/")
    assert home.headers["Cache-Control"] == "public, max-age=60"
    assert "Cookie" in home.headers["Vary"]
    assert client.get("/no-such-page").headers["Cache-Control"] == "no-store"
    static = client.get("/static/css/site.css")
    assert static.headers["Cache-Control"].startswith("public")
    static.close()


def test_api_over_its_limit_gets_a_json_429(client, fresh_limits):
    statuses = [client.get("/api/v1/search", query_string={"q": "恒通"}).status_code for _ in range(61)]
    assert 429 not in statuses[:60]
    limited = client.get("/api/v1/search", query_string={"q": "恒通"})
    assert limited.status_code == 429
    assert limited.get_json()["error"]["code"] == "too_many_requests"
    assert "Retry-After" in limited.headers


def test_pages_over_their_limit_get_a_chinese_429(client, fresh_limits):
    for _ in range(300):
        client.get("/healthz")
    page = client.get("/")
    assert page.status_code == 429
    assert "访问过于频繁，请稍后再试" in page.get_data(as_text=True)


def test_a_key_over_its_check_limit_gets_429(client, runner, fresh_limits):
    created = runner.invoke(
        args=["widget-key", "create", "--center", "测试中心", "--origin", "http://counter.example"]
    )
    key = created.output.splitlines()[1].strip()  # the secret key (xs_…): server to server
    assert runner.invoke(args=["index", "rebuild"]).exit_code == 0  # without an index: ERROR
    body = {"query": "91420102MA4K00010N", "approval_type": "gov_procurement", "operator": "窗口1"}
    statuses = [
        client.post("/api/v1/checks", json=body, headers={"X-API-Key": key}).status_code for _ in range(31)
    ]
    assert statuses[:30].count(429) == 0 and statuses[30] == 429
    other = (
        runner.invoke(
            args=["widget-key", "create", "--center", "另一中心", "--origin", "http://other.example"]
        )
        .output.splitlines()[1]
        .strip()
    )
    assert client.post("/api/v1/checks", json=body, headers={"X-API-Key": other}).status_code == 201


def test_a_forged_forwarded_for_does_not_buy_a_new_budget(settings, engine):
    for hops, header in (
        (0, lambda i: f"10.9.{i // 250}.{i % 250}"),
        (1, lambda i: f"10.9.{i // 250}.{i % 250}, 172.16.0.7"),
    ):
        with extra_app(settings.with_overrides(proxy_hops=hops)) as app:
            client = app.test_client()
            with app.app_context():
                limiter.reset()
            statuses = [
                client.get("/healthz", headers={"X-Forwarded-For": header(i)}).status_code for i in range(301)
            ]
            assert statuses[-1] == 429, hops  # one client, whatever addresses it claims
            with app.app_context():
                limiter.reset()


def test_limits_keep_serving_when_their_redis_is_down(settings, engine):
    with extra_app(settings.with_overrides(rate_limit_storage="redis://127.0.0.1:9/0")) as app:
        assert app.test_client().get("/healthz").status_code == 200
