"""Attack replay (issue 11 §4): percent-encoded ID numbers reached gunicorn's access log.

The suggestion script sent `王五%20<ID>`, and anyone can send `%34%32…`: gunicorn prints the
request line as it came. The production server is started here with deploy/gunicorn.conf.py
and asked with each form; its access log must hold none in full, decoded or not.
"""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path
from urllib.parse import quote, unquote

import requests

from tests.support.processes import BIN, free_port, wait_for
from xinyong.records.identifiers import make_resident_id
from xinyong.records.pii import contains_full_id

ROOT = Path(__file__).resolve().parents[2]
A = make_resident_id("420104", date(1985, 3, 17), 123)
B = "11010519491231002X"
FULL_WIDTH = A.translate(str.maketrans("0123456789", "０１２３４５６７８９"))


def test_the_access_log_holds_no_id_number_in_any_encoding(sqlite_portal, tmp_path):
    port = free_port()
    env = {**sqlite_portal.env, "PORT": str(port), "WORKERS": "1", "THREADS": "2"}
    log = tmp_path / "access.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "-c",
                str(ROOT / "deploy/gunicorn.conf.py"),
                "--chdir",
                str(ROOT),
                "wsgi:app",
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_for(f"{url}/healthz")
            paths = [
                f"/api/v1/suggest?q={quote('王五 ' + A)}",  # what suggest.js sent
                "/search?q=" + "".join(f"%{ord(c):02X}" for c in A),  # %34%32…
                "/search?q=" + "".join(f"%25{ord(c):02X}" for c in A),  # double encoded
                f"/search?q=sfz{B.lower()}&tab=records",
                f"/search?q={quote(FULL_WIDTH)}",
                f"/search?q={A[:6]}+{A[6:14]}+{A[14:]}",
                f"/preferences/large-text?on=1&next={quote('/search?q=' + A)}",
            ]
            for path in paths:
                requests.get(url + path, timeout=30, allow_redirects=False)
        finally:
            server.terminate()
            server.wait(timeout=30)
    text = log.read_bytes().decode("utf-8", errors="replace")
    assert text.count("GET /") >= len(paths), text  # the requests were logged
    assert "420104********1238" in unquote(text) or "420104********" in text
    for form in (text, unquote(text), unquote(unquote(text))):
        assert not contains_full_id(form), form
