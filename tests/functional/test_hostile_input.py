"""Hostile requests: injection strings, traversal, markup and junk in every parameter a public
route takes. Each is answered with a page or a JSON error, never a 500, never echoed as markup,
and nothing is stored wrongly."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, select

from tests.support.files import rewrite_csv
from xinyong.records.models import Subject

PAYLOADS = [
    "' OR '1'='1",
    "1; DROP TABLE subjects;--",
    '" UNION SELECT password_hash FROM operators--',
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "../../../../etc/passwd",
    "..%2f..%2fsecrets.env",
    "%00",
    "\x00\x01\x02",
    "😀" * 50,
    "\u202e武汉恒通",
    "a" * 5000,
    "{{7*7}}",
    "${jndi:ldap://x}",
    "=cmd|' /C calc'!A0",
    "420104198503171238",
    "-1",
    "9" * 40,
]
ROUTES = [
    "/search?q={}",
    "/search?q={}&tab=records",
    "/search?q={}&tab=records&scope=facts",
    "/api/v1/search?q={}",
    "/api/v1/records?q={}",
    "/api/v1/suggest?q={}",
    "/credit/{}",
    "/credit/{}/report",
    "/api/v1/subjects/{}",
    "/record/penalty/{}",
    "/record/{}/1",
    "/disclosure/penalties?domain={}",
    "/disclosure/penalties?from={}&to={}",
    "/disclosure/penalties?sort={}",
    "/disclosure/penalties.csv?authority={}",
    "/lists/{}",
    "/feeds/subject/{}.atom",
    "/feeds/domain/{}.atom",
    "/open-data/{}/{}",
    "/verify/{}",
    "/statistics/{}.csv",
    "/api/v1/lists/{}",
    "/admin/login?next={}",
]


@pytest.fixture
def site(client, cli, import_files, tmp_path):
    hostile = rewrite_csv(
        "penalties-current.csv",
        tmp_path / "p.csv",
        {"武汉华信环保科技有限公司": {"行政相对人名称": "x'); DROP TABLE subjects;-- <b>有限公司</b>"}},
    )
    import_files(hostile, "list-entries.json")
    cli("index", "rebuild")
    return client


@pytest.mark.parametrize("route", ROUTES)
def test_no_payload_breaks_a_route(site, route):
    for payload in PAYLOADS:
        path = route.replace("{}", payload)
        response = site.get(path)
        body = response.get_data(as_text=True)
        response.close()
        assert response.status_code < 500, (path, response.status_code)
        if response.mimetype == "text/html":  # JSON and CSV are not rendered as markup
            assert "<script>alert(1)</script>" not in body and "<img src=x" not in body, path
        assert "420104198503171238" not in body, path


def test_injected_names_are_stored_as_text(site, session_factory, engine):
    with session_factory() as s:
        names = set(s.scalars(select(Subject.name)))
    assert "x'); DROP TABLE subjects;-- <b>有限公司</b>" in names
    assert "subjects" in inspect(engine).get_table_names()
    page = site.get("/search", query_string={"q": "DROP TABLE"}).get_data(as_text=True)
    assert "&lt;b&gt;有限公司&lt;/b&gt;" in page or "DROP TABLE" in page
    assert "<b>有限公司</b>" not in page


def test_posts_with_junk_are_refused_clearly(site):
    for body in (b"not json", b"{", b"[]", b'{"query": 1}', b'{"query": "' + b"a" * 10000 + b'"}'):
        response = site.post(
            "/api/v1/checks", data=body, content_type="application/json", headers={"X-API-Key": "xk_forged"}
        )
        assert response.status_code in (400, 401, 403, 413) and response.is_json
    oversized = site.post("/api/v1/checks", data=b"x" * (65 * 1024), content_type="application/json")
    assert oversized.status_code == 413 and oversized.get_json()["error"]["status"] == 413
