"""Public pages: the home page, what has been collected, reading preferences, health."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, make_response, redirect, render_template, request, url_for

from xinyong.records.clock import today_local
from xinyong.records.display.home import current_list_entries, headline_figures, latest_publications
from xinyong.records.display.overview import collection_overview
from xinyong.records.opendata.build import current_figures
from xinyong.records.pii import mask_ids_in_encoded
from xinyong.site.figure_cache import cached
from xinyong.web.database import db_session

blueprint = Blueprint("public", __name__)
LARGE_TEXT_COOKIE = "large_text"


@blueprint.get("/")
def home():
    session, today = db_session(), today_local()
    return render_template(
        "public/home.html",
        figures=_figures(session, today),
        latest=cached("home.latest", 60, lambda: latest_publications(session, today)),
        black=cached("home.black", 60, lambda: current_list_entries(session, today, "black")),
        red=cached("home.red", 60, lambda: current_list_entries(session, today, "red")),
        today=today,
    )


def _figures(session, today):
    """Counted in the background with the open-data files; counted here only before the first
    build (a new installation, the tests)."""
    root = current_app.config["XINYONG"].opendata_dir
    built = cached("figures.built", 30, lambda: current_figures(root))  # a file read per hit else
    if built is not None:
        return built[0]
    return cached("home.figures", 300, lambda: headline_figures(session, today))


@blueprint.get("/about/data")
def collection():
    """How much each record type holds, how timely departments were, the latest batches."""
    session = db_session()
    overview = cached("collection", 300, lambda: collection_overview(session))
    return render_template("public/collection.html", overview=overview)


@blueprint.get("/preferences/large-text")
def large_text():
    """长者模式: larger text and spacing, kept in a cookie; a plain link, no script needed."""
    on = request.args.get("on") == "1"
    target = request.args.get("next") or url_for("public.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("/\\"):
        target = url_for("public.home")  # never an open redirect
    # The page asked from may carry an ID number (`/search?q=<ID>`): never echoed in Location.
    target = mask_ids_in_encoded(target)
    response = make_response(redirect(target))
    if on:
        response.set_cookie(LARGE_TEXT_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    else:
        response.delete_cookie(LARGE_TEXT_COOKIE)
    return response


@blueprint.get("/healthz")
def health():
    collection_overview(db_session())  # proves the database answers
    return {"status": "ok"}
