"""Privacy scan: with a demo city whose department files carry full ID numbers — and one more
file with IDs in every written form departments use (next to ASCII letters, lower-case x,
full-width, grouped with spaces or hyphens) —, no full ID number appears in any page (crawled
from the home page), API response, download, open-data file, feed, credit report PDF, log line,
CLI output or the search index's files, nor there once percent-decoded; pages asked for with an
ID in the URL in those forms echo none."""

from __future__ import annotations

import gzip
import io
import logging
import re
from collections import deque
from datetime import date
from urllib.parse import quote, unquote

import pytest
from pypdf import PdfReader

from tests.support.files import rewrite_csv
from xinyong.records.identifiers import make_resident_id
from xinyong.records.pii import contains_full_id as _contains_full_id

MAX_PAGES = 250
LINK = re.compile(r'href="(/[^"#]*)"')
A = make_resident_id("420104", date(1985, 3, 17), 123)
C = make_resident_id("420102", date(1990, 1, 1), 123)
WIDE = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
WRITTEN_FORMS = {
    "违法事实": f"当事人sfz{A}拒不整改",
    "备注": "负责人ID:11010519491231002x",
    "处罚内容": f"警告（经办人{C.translate(WIDE)}）",
    "处罚依据": f"《食品安全法》；当事人{A[:6]} {A[6:14]} {A[14:]}",
}
# The fixture's 个体工商户 注册号 reads like an old ID (born 1960-01-23); it is published as
# delivered because subjects are matched by it, and is not an ID of anyone here.
REG_NO = "420103600123456"


def contains_full_id(text: str) -> bool:
    text = text.replace(REG_NO, "")
    return _contains_full_id(text) or _contains_full_id(unquote(unquote(text)))


@pytest.fixture
def db_url(tmp_path):
    """One run on SQLite: what reaches users is rendered by the same code on PostgreSQL."""
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
def city(client, runner, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    outputs = []
    forms = rewrite_csv(
        "penalties-current.csv", tmp_path / "forms.csv", {"武汉恒通商贸有限公司": WRITTEN_FORMS}
    )
    for args in (
        ["demo", "--subjects", "800", "--seed", "5", "--out", str(tmp_path / "files")],
        ["import", str(forms)],
        ["index", "rebuild"],
        ["opendata", "build"],
        ["maintain", "--once"],
    ):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    files = "".join(
        p.read_bytes().decode("utf-8-sig", errors="ignore")
        for p in (tmp_path / "files").iterdir()
        if p.suffix == ".csv"
    )
    assert contains_full_id(files), "the demo delivers full ID numbers, as departments do"
    return client, outputs


def _body(response) -> str:
    data = response.get_data()
    response.close()
    if data.startswith(b"\x1f\x8b"):
        data = gzip.decompress(data)
    if data.startswith(b"%PDF-"):
        return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return data.decode("utf-8", errors="ignore")


def test_no_full_id_number_reaches_any_surface(city, settings, caplog):
    client, outputs = city
    seen: set[str] = set()
    queue = deque(
        [
            "/",
            "/disclosure/penalties",
            "/disclosure/licences",
            "/lists",
            "/cases",
            "/statistics",
            "/open-data",
            "/api/docs",
            "/disclosure/penalties.csv",
            "/disclosure/penalties.jsonl",
            "/disclosure/licences.csv",
            "/feeds/latest.atom",
            "/api/v1/search?q=有限公司",
            "/api/v1/records?q=罚款",
            "/api/v1/lists",
            "/search?q=个体&tab=records",
            "/search?q=李&tab=records",
            "/search?q=拒不整改&tab=records&scope=facts",
            f"/search?q={quote('王五 ' + A)}",
            f"/search?q=sfz{A}&tab=records",
            "/search?q=" + "".join(f"%{ord(c):02X}" for c in A),
            f"/api/v1/records?q={quote(C.translate(WIDE))}",
            f"/api/v1/search?q={A[:6]}-{A[6:14]}-{A[14:]}",
        ]
    )
    leaks = []
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        if path in seen or path.startswith(("/preferences", "/static", "/credit/id")):
            continue
        seen.add(path)
        response = client.get(path)
        text = _body(response)
        if contains_full_id(text) or any(contains_full_id(v) for _, v in response.headers.items()):
            leaks.append(path)
        if response.content_type.startswith("text/html"):
            queue.extend(link.replace("&amp;", "&") for link in LINK.findall(text))
    assert len(seen) > 100, "the crawl reached the site"
    for next_ in (f"/search?q={quote('王五 ' + A)}", f"/search?q=sfz{C.translate(WIDE)}"):
        redirect = client.get("/preferences/large-text", query_string={"on": "1", "next": next_})
        if contains_full_id(redirect.headers["Location"]):
            leaks.append(f"Location of 长者模式 → {next_}")
        client.delete_cookie("large_text")
    # Every person-related record page and every list page the crawl found was read above;
    # now the open-data files, a credit report PDF, logs, CLI output and the index files.
    manifest = client.get("/open-data").get_data(as_text=True)
    for link in LINK.findall(manifest):
        if "/open-data/" in link and contains_full_id(_body(client.get(link))):
            leaks.append(link)
    profile = next((p for p in seen if p.startswith("/credit/")), None)
    assert profile is not None
    issued = client.post(f"{profile}/report")
    report = issued.headers["Location"]
    for path in (report, f"{report}.pdf"):
        if contains_full_id(_body(client.get(path))):
            leaks.append(path)
    if any(contains_full_id(text) for text in outputs) or contains_full_id(caplog.text):
        leaks.append("logs or command output")
    for file in settings.index_dir.rglob("*"):
        if file.is_file() and contains_full_id(file.read_bytes().decode("latin-1")):
            leaks.append(f"index file {file.name}")
    assert leaks == []
