"""Atom feeds: /feeds/latest.atom, per domain, per department, and per subject (关注该企业)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, abort, render_template, request, url_for

from xinyong.records.clock import today_local
from xinyong.records.db import utcnow
from xinyong.records.display.feeds import feed_entries
from xinyong.records.display.profile import find_subject
from xinyong.records.models import Department, Domain
from xinyong.site.page_store import public_page
from xinyong.web.database import db_session

blueprint = Blueprint("feeds", __name__)


def _atom_time(naive_utc: datetime | None) -> str:
    return (naive_utc or utcnow()).replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")


def _feed(title: str, page_url: str, **filters) -> Response:
    entries = feed_entries(db_session(), today_local(), **filters)
    updated = _atom_time(entries[0][1] if entries else None)
    xml = render_template(
        "feeds/feed.xml",
        title=title,
        entries=entries,
        updated=updated,
        self_url=request.url,
        page_url=page_url,
        atom_time=_atom_time,
    )
    return Response(xml, content_type="application/atom+xml; charset=utf-8")


@blueprint.get("/feeds/latest.atom")
@public_page
def latest():
    return _feed("信用武汉：最新“双公示”信息", url_for("public.home", _external=True))


@blueprint.get("/feeds/domain/<code>.atom")
@public_page
def by_domain(code: str):
    domain = db_session().get(Domain, code)
    if domain is None:
        abort(404)
    return _feed(
        f"信用武汉：{domain.name}领域最新公示",
        url_for("disclosure.browse", kind="penalties", domain=code, _external=True),
        domain=code,
    )


@blueprint.get("/feeds/department/<id:department_id>.atom")
@public_page
def by_department(department_id: int):
    department = db_session().get(Department, department_id)
    if department is None:
        abort(404)
    return _feed(
        f"信用武汉：{department.name}最新公示",
        url_for("disclosure.browse", kind="penalties", department=department_id, _external=True),
        department=department_id,
    )


@blueprint.get("/feeds/subject/<code>.atom")
@public_page
def by_subject(code: str):
    subject = find_subject(db_session(), uscc=code)
    if subject is None:
        abort(404)
    return _feed(
        f"信用武汉：{subject.name}的公示信息",
        url_for("profiles.profile", code=code, _external=True),
        subject_id=subject.id,
    )
