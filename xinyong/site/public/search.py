"""Search: the results page, the JSON search API and suggestions. Views stay thin."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for

from xinyong.records.clock import today_local
from xinyong.records.display.summaries import record_summaries, subject_summaries
from xinyong.records.reference.lookups import facet_labels
from xinyong.search_index.errors import BadFilter, SearchError
from xinyong.search_index.service import SearchService
from xinyong.search_index.text.highlight import excerpt, highlight
from xinyong.site.errors import json_error
from xinyong.site.page_store import public_page
from xinyong.web.database import db_session
from xinyong.web.extensions import API_LIMIT, SUGGEST_LIMIT, limiter

blueprint = Blueprint("search", __name__)
EXTENSION = "xinyong.search"
SUBJECT_FILTERS = ("kind", "district", "domain", "flag")
RECORD_FILTERS = ("type", "domain", "district", "department", "year", "list_type")
RETRY_AFTER = "30"
SCOPES = ("all", "facts")  # records: names and topics, or the text of penalty facts


def search_service() -> SearchService:
    return current_app.extensions[EXTENSION]


def _page() -> int:
    try:
        return int(request.args.get("page", "1"))
    except ValueError:
        return 0  # rejected by the service as out of range


def _filters(names: tuple[str, ...]) -> dict[str, str | None]:
    return {n: (request.args.get(n) or None) for n in names}


@blueprint.get("/search")
@public_page
def search_page():
    q = request.args.get("q", "")
    tab = request.args.get("tab", "subjects")
    scope = request.args.get("scope", "all")
    if tab not in ("subjects", "records") or scope not in SCOPES:
        abort(400)
    service, session = search_service(), db_session()
    today = today_local()
    try:
        if tab == "records":
            outcome = service.search_records(
                session, q, filters=_filters(RECORD_FILTERS), page=_page(), scope=scope
            )
            items = record_summaries(session, outcome.record_ids)
        else:
            outcome = service.search_subjects(session, q, filters=_filters(SUBJECT_FILTERS), page=_page())
            items = subject_summaries(session, outcome.subject_ids, today)
    except SearchError as exc:
        return render_template("search/error.html", q=q, error=exc), exc.status, _retry(exc)
    return render_template(
        "search/results.html",
        q=q,
        tab=tab,
        scope=scope,
        outcome=outcome,
        items=items,
        highlight=lambda text: highlight(text, outcome.terms),
        excerpt=lambda text: excerpt(text, outcome.terms),
        filters=request.args.to_dict(),
        labels=facet_labels(session),
    )


@blueprint.get("/api/v1/search")
@limiter.limit(API_LIMIT)
def api_search():
    service, session = search_service(), db_session()
    try:
        outcome = service.search_subjects(
            session,
            request.args.get("q", ""),
            filters=_filters(SUBJECT_FILTERS),
            page=_page(),
            page_size=request.args.get("page_size", 20, type=int),
        )
    except SearchError as exc:
        return _api_error(exc)
    results = subject_summaries(session, outcome.subject_ids, today_local())
    return jsonify(
        {
            "query": outcome.query,
            "query_class": outcome.query_class,
            "total": outcome.total,
            "page": outcome.page,
            "pages": outcome.pages,
            "exact": outcome.exact,
            "fallback": outcome.fallback,
            "partial": outcome.partial,
            "did_you_mean": outcome.did_you_mean,
            "facets": {k: [{"value": v, "count": c} for v, c in vals] for k, vals in outcome.facets.items()},
            "results": [s.as_json() for s in results],
        }
    )


@blueprint.get("/api/v1/records")
@limiter.limit(API_LIMIT)
def api_records():
    """Licences, penalties and list entries; `scope=facts` searches the text of penalty facts."""
    scope = request.args.get("scope", "all")
    if scope not in SCOPES:
        return _api_error(BadFilter("scope 只能是 all 或 facts"))
    service, session = search_service(), db_session()
    try:
        outcome = service.search_records(
            session,
            request.args.get("q", ""),
            filters=_filters(RECORD_FILTERS),
            page=_page(),
            page_size=request.args.get("page_size", 20, type=int),
            scope=scope,
        )
    except SearchError as exc:
        return _api_error(exc)
    return jsonify(
        {
            "query": outcome.query,
            "scope": scope,
            "total": outcome.total,
            "page": outcome.page,
            "pages": outcome.pages,
            "facets": {k: [{"value": v, "count": c} for v, c in vals] for k, vals in outcome.facets.items()},
            "results": [r.as_json() for r in record_summaries(session, outcome.record_ids)],
        }
    )


@blueprint.get("/api/v1/suggest")
@limiter.limit(SUGGEST_LIMIT)
def api_suggest():
    service, session = search_service(), db_session()
    try:
        ids = service.suggest(session, request.args.get("q", ""))
    except SearchError as exc:
        return _api_error(exc)
    found = subject_summaries(session, ids, today_local())
    return jsonify(
        {
            "suggestions": [
                {
                    "id": s.id,
                    "name": s.name,
                    "uscc": s.uscc,
                    "url": url_for("profiles.profile", code=s.uscc)
                    if s.uscc
                    else url_for("profiles.profile_by_id", subject_id=s.id),
                }
                for s in found
            ]
        }
    )


def _api_error(exc: SearchError):
    return json_error(exc.status, exc.code, exc.message, _retry(exc))


def _retry(exc: SearchError) -> dict[str, str]:
    """An unavailable index is temporary (a rebuild or rollback repairs it): say when to retry."""
    return {"Retry-After": RETRY_AFTER} if exc.status == 503 else {}
