"""Privacy scan: with a demo city whose department files carry full ID numbers, no full ID
number appears in any page (crawled from the home page), API response, download, open-data
file, feed, credit report PDF, log line, CLI output or the search index's files."""

from __future__ import annotations

import gzip
import io
import logging
import re
from collections import deque

import pytest
from pypdf import PdfReader

from xinyong.records.pii import contains_full_id

MAX_PAGES = 250
LINK = re.compile(r'href="(/[^"#]*)"')


@pytest.fixture
def db_url(tmp_path):
    """One run on SQLite: what reaches users is rendered by the same code on PostgreSQL."""
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
def city(client, runner, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    outputs = []
    for args in (["demo", "--subjects", "800", "--seed", "5", "--out", str(tmp_path / "files")],
                 ["index", "rebuild"], ["opendata", "build"], ["maintain", "--once"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    files = "".join(p.read_bytes().decode("utf-8-sig", errors="ignore")
                    for p in (tmp_path / "files").iterdir() if p.suffix == ".csv")
    assert contains_full_id(files), "the demo delivers full ID numbers, as departments do"
    return client, outputs


def _body(response) -> str:  # noqa: ANN001
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
    queue = deque(["/", "/disclosure/penalties", "/disclosure/licences", "/lists", "/cases",
                   "/statistics", "/open-data", "/api/docs",
                   "/disclosure/penalties.csv", "/disclosure/penalties.jsonl",
                   "/disclosure/licences.csv", "/feeds/latest.atom",
                   "/api/v1/search?q=有限公司", "/api/v1/records?q=罚款", "/api/v1/lists",
                   "/search?q=个体&tab=records", "/search?q=李&tab=records"])
    leaks = []
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        if path in seen or path.startswith(("/preferences", "/static", "/credit/id")):
            continue
        seen.add(path)
        response = client.get(path)
        text = _body(response)
        if contains_full_id(text):
            leaks.append(path)
        if response.content_type.startswith("text/html"):
            queue.extend(link.replace("&amp;", "&") for link in LINK.findall(text))
    assert len(seen) > 100, "the crawl reached the site"
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
