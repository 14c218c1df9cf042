"""Atom feeds of new list entries (/feeds/lists.atom, optionally one list type or category) and
of joint cases (/feeds/cases.atom): linked from /lists and /cases, so a reader is told when a
subject is put on a list or a case is reported."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, url_for
from sqlalchemy import select

from xinyong.records.clock import today_local
from xinyong.records.display.feeds import FEED_SIZE
from xinyong.records.display.lists import case_query, list_query, parse_case_filters, parse_list_filters
from xinyong.records.display.summaries import RecordSummary, record_summaries
from xinyong.records.models import Domain, JointCase, ListEntry, ListType
from xinyong.site.page_store import public_page
from xinyong.site.public.feeds import _atom_time
from xinyong.web.database import db_session

blueprint = Blueprint("list_feeds", __name__)


@blueprint.get("/feeds/lists.atom")
@public_page
def lists_feed():
    session, today = db_session(), today_local()
    types = dict(session.execute(select(ListType.code, ListType.name)).all())
    args = {k: v for k, v in request.args.items() if k in ("type", "color")}
    filters = parse_list_filters(args, types)
    if filters.errors:
        abort(404)
    # Newest collected first (what a feed reader wants), not newest 列入日期 as on the page.
    rows = session.execute(
        list_query(filters, today)
        .order_by(None)
        .with_only_columns(ListEntry.id, ListEntry.collected_at)
        .order_by(ListEntry.id.desc())
        .limit(FEED_SIZE)
    ).all()
    collected = dict(rows)
    summaries = record_summaries(session, [("list_entry", i) for i, _ in rows])
    entries = [(s, collected[s.id]) for s in summaries]
    title = types.get(filters.list_type or "", "红黑名单")
    xml = render_template(
        "feeds/feed.xml",
        title=f"信用武汉：{title}最新列入",
        entries=entries,
        updated=_atom_time(entries[0][1] if entries else None),
        self_url=request.url,
        atom_time=_atom_time,
        page_url=url_for("disclosure.lists", _external=True, **filters.as_args()),
    )
    return Response(xml, content_type="application/atom+xml; charset=utf-8")


@blueprint.get("/feeds/cases.atom")
@public_page
def cases_feed():
    """Newest joint cases (optionally 守信激励 or 失信惩戒), as linked from /cases."""
    session = db_session()
    filters = parse_case_filters({k: v for k, v in request.args.items() if k == "kind"})
    if filters.errors:
        abort(404)
    found = list(
        session.scalars(case_query(filters).order_by(None).order_by(JointCase.id.desc()).limit(FEED_SIZE))
    )
    domains = dict(session.execute(select(Domain.code, Domain.name)).all())
    entries = [
        (
            RecordSummary(
                "joint_case",
                c.id,
                c.title,
                c.subject_name,
                c.uscc,
                c.case_kind,
                c.implementing_unit,
                c.implemented_on,
                domains.get(c.domain_code or ""),
            ),
            c.collected_at,
        )
        for c in found
    ]
    xml = render_template(
        "feeds/feed.xml",
        title=f"信用武汉：{filters.kind or '联合奖惩'}案例",
        entries=entries,
        updated=_atom_time(entries[0][1] if entries else None),
        self_url=request.url,
        atom_time=_atom_time,
        page_url=url_for("disclosure.cases", _external=True, **filters.as_args()),
    )
    return Response(xml, content_type="application/atom+xml; charset=utf-8")
