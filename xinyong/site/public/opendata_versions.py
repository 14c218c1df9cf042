"""The open-data versions index: a page and JSON listing every kept version, and one page (and
manifest) per version at a stable URL that can be cited.

A version's files are served by the open-data blueprint (/open-data/<version>/<name>) while it is
current; after that only its manifest is listed, and the pages say so (records/opendata/versions.py).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, render_template, url_for

from xinyong.records.catalog import RECORD_TYPES
from xinyong.records.opendata.build import DATASETS
from xinyong.records.opendata.versions import (
    RETENTION,
    VersionEntry,
    find_version,
    list_versions,
    valid_version,
)
from xinyong.site.figure_cache import cached

blueprint = Blueprint("opendata_versions", __name__)
MALFORMED = "数据版本号的格式不对：版本号形如 20261126.1234（生成日期.变更序号）"
UNKNOWN = "没有这个数据版本：版本号有误，或该版本已超出保留期限（保留最近 {n} 个版本的清单）"


def _root():
    return current_app.config["XINYONG"].opendata_dir


def _versions() -> list[VersionEntry]:
    root = _root()
    return cached("opendata.versions", 30, lambda: list_versions(root))


def _not_found(version: str, *, json: bool = False):
    message = UNKNOWN.format(n=RETENTION["manifests_kept"]) if valid_version(version) else MALFORMED
    if json:
        return jsonify({"error": {"code": "not_found", "status": 404, "message": message}}), 404
    return render_template("error.html", status=404, title=message), 404


def file_gone(version: str):
    """The answer for a file that is not served (opendata.file): a malformed version, an
    earlier version (files deleted, manifest kept) or an unknown name."""
    entry = find_version(_root(), version)
    if entry is None:
        return _not_found(version)
    link = url_for("opendata_versions.version_page", version=version)
    message = (
        "没有这个文件：该数据版本的文件已删除（只有当前版本提供下载），其记录数和校验值见 " + link
        if not entry.current
        else "没有这个文件：请从开放数据页面的链接下载"
    )
    return render_template("error.html", status=404, title=message), 404


def as_json(entry: VersionEntry) -> dict[str, Any]:
    files = [
        {
            **{k: f[k] for k in ("name", "entity", "title", "format", "rows", "bytes", "sha256")},
            "url": url_for("opendata.file", version=entry.version, name=f["name"], _external=True)
            if entry.available
            else None,
        }
        for f in entry.files
    ]
    return {
        "version": entry.version,
        "generated_at": entry.generated_at,
        "current": entry.current,
        "files_available": entry.available,
        "url": url_for("opendata_versions.version_page", version=entry.version, _external=True),
        "files": files,
    }


@blueprint.get("/open-data/versions")
def index():
    return render_template(
        "opendata/versions.html",
        versions=_versions(),
        datasets=list(DATASETS),
        titles=RECORD_TYPES,
        retention=RETENTION,
    )


@blueprint.get("/open-data/versions.json")
def index_json():
    versions = _versions()
    current = next((v.version for v in versions if v.current), None)
    return jsonify({"current": current, "retention": RETENTION, "versions": [as_json(v) for v in versions]})


@blueprint.get("/open-data/versions/<version>")
def version_page(version: str):
    entry = find_version(_root(), version)
    if entry is None:
        return _not_found(version)
    return render_template("opendata/version.html", entry=entry, retention=RETENTION)


@blueprint.get("/open-data/versions/<version>/manifest.json")
def version_json(version: str):
    entry = find_version(_root(), version)
    if entry is None:
        return _not_found(version, json=True)
    return jsonify({**as_json(entry), "retention": RETENTION})
