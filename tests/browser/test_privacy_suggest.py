"""Attack replay (issue 11 §4): the suggestion script sent `王五%20<ID>` in a URL.

(Kept with the browser tests, not in tests/security: it needs the session's one Playwright —
a second sync_playwright() in the same process fails inside the first one's event loop.)

A real Chromium types ID numbers in their written forms into the home page's search box; no
request the page makes may carry one (in a URL it reaches access logs, proxies and history).
Ordinary names still get suggestions.
"""

from __future__ import annotations

import threading
from datetime import date
from urllib.parse import unquote

import pytest
from werkzeug.serving import make_server

from xinyong.records.identifiers import make_resident_id
from xinyong.records.pii import contains_full_id

A = make_resident_id("420104", date(1985, 3, 17), 123)
TYPED = [
    f"王五 {A}",
    f"sfz{A}",
    "ID:11010519491231002x",
    A.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    f"{A[:6]}-{A[6:14]}-{A[14:]}",
    f"{A[:6]} {A[6:14]} {A[14:]}",
    "420106850317123",
    A[:10],
    A[:12],
    A[:16],
    A[:17],
]  # the first part of one, as it is being typed


@pytest.fixture
def db_url(tmp_path):
    """SQLite only: what the browser sends does not depend on the database."""
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


def test_the_suggestion_script_sends_no_id_number(app, browser):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    sent: list[str] = []
    try:
        page = browser.new_page(  # the session's browser; the page is closed below
            base_url=f"http://127.0.0.1:{server.server_port}"
        )
        page.on("request", lambda r: sent.append(r.url))
        page.clock.install()  # the script's 150 ms pause is run on a fake clock, no waiting
        page.goto("/")
        box = page.locator("form[data-suggest] input[name=q]").first
        for text in TYPED:  # each fires the script's input handler once, as typing does
            box.fill(text)
            page.clock.run_for(200)  # past the script's pause: it would ask now
        with page.expect_request(lambda r: "/api/v1/suggest" in r.url, timeout=5000):
            box.fill("恒通商贸")  # a name: the script is alive and asks for it
            page.clock.run_for(200)
        page.close()
    finally:
        server.shutdown()
        thread.join()
    suggest = [unquote(u) for u in sent if "/api/v1/suggest" in u]
    assert any("恒通商贸" in u for u in suggest)
    assert [u for u in sent if contains_full_id(unquote(u)) or A[6:10] in unquote(u)] == []
