"""The open-data versions index: every build a version, listed (page and JSON) with record
counts, sizes and SHA-256 per file; each version citable at a stable URL; only the current
version's files downloadable, earlier ones listed by their checksums; retention of manifests."""

from __future__ import annotations

import hashlib

from tests.support.files import FIXTURES
from xinyong.records.opendata import build as opendata


def _build(runner) -> None:
    result = runner.invoke(args=["opendata", "build", "--if-changed"])
    assert "开放数据已生成" in result.output, result.output


def test_versions_are_listed_with_counts_sizes_and_checksums(client, runner, settings, monkeypatch):
    assert client.get("/open-data/versions.json").get_json()["versions"] == []
    assert "还没有生成开放数据版本" in client.get("/open-data/versions").get_data(as_text=True)
    assert runner.invoke(args=["import", str(FIXTURES / "penalties-current.csv")]).exit_code == 0
    _build(runner)
    [first] = client.get("/open-data/versions.json").get_json()["versions"]
    assert first["current"] and first["files_available"] and len(first["files"]) == 10
    for f in first["files"]:  # the listed size and checksum are those of the file served
        response = client.get(f["url"].removeprefix("http://localhost"))
        body = response.get_data()
        response.close()
        assert len(body) == f["bytes"] and hashlib.sha256(body).hexdigest() == f["sha256"]
    assert next(f["rows"] for f in first["files"] if f["name"] == "penalty.csv.gz") == 6
    assert runner.invoke(args=["import", str(FIXTURES / "list-entries.json")]).exit_code == 0
    _build(runner)
    index = client.get("/open-data/versions.json").get_json()
    second, earlier = index["versions"]
    assert index["current"] == second["version"] != first["version"] == earlier["version"]
    assert not earlier["current"] and not earlier["files_available"]
    assert all(f["url"] is None and len(f["sha256"]) == 64 for f in earlier["files"])
    assert [f["sha256"] for f in earlier["files"]] == [f["sha256"] for f in first["files"]]
    assert index["retention"] == {"files": "current version only", "manifests_kept": 100}
    # Each version has a stable page and manifest; the earlier one says its files are deleted.
    page = client.get(f"/open-data/versions/{first['version']}").get_data(as_text=True)
    assert "该版本的文件已删除" in page and first["files"][0]["sha256"] in page and '.gz"' not in page
    assert (
        client.get(first["url"].removeprefix("http://localhost") + "/manifest.json").get_json()["files"]
        == earlier["files"]
    )
    gone = client.get(f"/open-data/{first['version']}/penalty.csv.gz")
    assert gone.status_code == 404 and "该数据版本的文件已删除" in gone.get_data(as_text=True)
    listing = client.get("/open-data/versions").get_data(as_text=True)
    assert f"{second['version']}</a>（当前）" in listing and "已删除，仅保留校验值" in listing
    assert "/open-data/versions" in client.get("/open-data").get_data(as_text=True)
    # Retention: past KEEP_VERSIONS, the oldest manifest goes, and its URL says so.
    monkeypatch.setattr(opendata, "KEEP_VERSIONS", 2)
    assert runner.invoke(args=["import", str(FIXTURES / "commitments.csv")]).exit_code == 0
    _build(runner)
    kept = [v["version"] for v in client.get("/open-data/versions.json").get_json()["versions"]]
    assert len(kept) == 2 and first["version"] not in kept
    expired = client.get(f"/open-data/versions/{first['version']}")
    assert expired.status_code == 404 and "超出保留期限" in expired.get_data(as_text=True)
