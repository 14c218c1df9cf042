"""Atom feed of new list entries (/feeds/lists.atom, optionally one list type or category):
the feed linked from /lists, so a reader is told when a subject is put on a list."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, url_for
from sqlalchemy import select

from xinyong.records.clock import today_local
from xinyong.records.feeds import FEED_SIZE
from xinyong.records.listings import list_query, parse_list_filters
from xinyong.records.models import ListEntry, ListType
from xinyong.records.summaries import record_summaries
from xinyong.site.database import db_session
from xinyong.site.feeds import _atom_time
from xinyong.site.public_pages import public_page

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
    rows = session.execute(list_query(filters, today).order_by(None)
                           .with_only_columns(ListEntry.id, ListEntry.collected_at)
                           .order_by(ListEntry.id.desc()).limit(FEED_SIZE)).all()
    collected = dict(rows)
    summaries = record_summaries(session, [("list_entry", i) for i, _ in rows])
    entries = [(s, collected[s.id]) for s in summaries]
    title = types.get(filters.list_type or "", "红黑名单")
    xml = render_template("feeds/feed.xml", title=f"信用武汉：{title}最新列入", entries=entries,
                          updated=_atom_time(entries[0][1] if entries else None),
                          self_url=request.url, atom_time=_atom_time,
                          page_url=url_for("disclosure.lists", _external=True, **filters.as_args()))
    return Response(xml, content_type="application/atom+xml; charset=utf-8")
