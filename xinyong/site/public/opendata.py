"""The open-data page and its files (the commands that build them: site/cli/opendata.py)."""

from __future__ import annotations

import re

from flask import Blueprint, current_app, render_template, send_from_directory

from xinyong.records.opendata.build import current_manifest, earlier_manifests

blueprint = Blueprint("opendata", __name__)
VERSION = re.compile(r"[0-9]{8}\.[0-9]{1,19}")  # opendata.data_version: day.newest event id


def _root():
    return current_app.config["XINYONG"].opendata_dir


@blueprint.get("/open-data")
def page():
    from sqlalchemy import select

    from xinyong.records.models import Domain
    from xinyong.web.database import db_session

    domains = db_session().execute(select(Domain.code, Domain.name).order_by(Domain.code)).all()
    return render_template(
        "public/opendata.html",
        manifest=current_manifest(_root()),
        domains=domains,
        earlier=earlier_manifests(_root())[:3],
    )


@blueprint.get("/open-data/<version>/<name>")
def file(version: str, name: str):
    if not VERSION.fullmatch(version):  # before touching the disk: ENAMETOOLONG was a 500
        return _gone(version)
    manifest = current_manifest(_root())
    known = manifest is not None and any(f["name"] == name for f in manifest.files)
    if not known or not (_root() / version / name).is_file():
        return _gone(version)
    entity, rest = name.split(".", 1)  # penalty.csv.gz → penalty-<version>.csv.gz
    return send_from_directory(
        _root() / version,
        name,
        mimetype="application/gzip",
        as_attachment=True,
        download_name=f"{entity}-{version}.{rest}",
    )


def _gone(version: str):
    """A file that is not served: why, in Chinese (an earlier version's files are deleted)."""
    from xinyong.site.public.opendata_versions import file_gone

    return file_gone(version)
