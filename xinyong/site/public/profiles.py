"""Credit profiles (信用档案) at stable URLs, and record pages with permalinks."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for

from xinyong.records.clock import today_local
from xinyong.records.display.profile import build_profile, find_subject
from xinyong.records.display.record import load_record
from xinyong.records.identifiers import is_valid_uscc, normalize_code
from xinyong.site.page_store import public_page
from xinyong.site.public.code_pages import code_not_found
from xinyong.web.database import db_session

blueprint = Blueprint("profiles", __name__)


@blueprint.get("/credit/<code>")
@public_page
def profile(code: str):
    """By USCC: the URL a citizen can bookmark and a journalist can cite."""
    canonical = normalize_code(code)
    if canonical != code and is_valid_uscc(canonical):
        return redirect(url_for("profiles.profile", code=canonical), 301)
    if not is_valid_uscc(canonical):
        return code_not_found(db_session(), canonical)
    subject = find_subject(db_session(), uscc=canonical)
    if subject is None:
        abort(404)
    return _render(subject)


@blueprint.get("/credit/id/<id:subject_id>")
@public_page
def profile_by_id(subject_id: int):
    """For subjects without a USCC (older 个体工商户 and the like)."""
    subject = find_subject(db_session(), subject_id=subject_id)
    if subject is None:
        abort(404)
    if subject.uscc:
        return redirect(url_for("profiles.profile", code=subject.uscc), 301)
    return _render(subject)


def _render(subject):
    credit = build_profile(db_session(), subject, today_local())
    return render_template("profiles/profile.html", profile=credit)


@blueprint.get("/record/<entity>/<id:record_id>")
@public_page
def record(entity: str, record_id: int):
    view = load_record(db_session(), entity, record_id, today_local())
    if view is None:
        abort(404)
    subject = find_subject(db_session(), subject_id=view.subject_id)
    return render_template("profiles/record.html", view=view, subject=subject)


def profile_url(subject) -> str:
    if subject.uscc:
        return url_for("profiles.profile", code=subject.uscc)
    return url_for("profiles.profile_by_id", subject_id=subject.id)
