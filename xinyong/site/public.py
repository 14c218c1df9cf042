"""Public pages that exist before the full site: the overview of what has been collected."""

from __future__ import annotations

from flask import Blueprint, render_template

from xinyong.records.overview import collection_overview
from xinyong.site.database import db_session

blueprint = Blueprint("public", __name__)


@blueprint.get("/")
def home():
    return render_template("public/home.html", overview=collection_overview(db_session()))


@blueprint.get("/healthz")
def health():
    collection_overview(db_session())  # proves the database answers
    return {"status": "ok"}
