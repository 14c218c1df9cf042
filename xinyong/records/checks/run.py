"""One counter check from raw input to a stored receipt — shared by the API and the widget.

Fails closed: if the database or the search index (missing, damaged, any error of the search
service) cannot answer, the check is ERROR with 503 — never NOT_IDENTIFIED or NO_RECORD, which a
counter would read as "nothing against this applicant".
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xinyong.records.audit import log_action
from xinyong.records.checks.keys import store_check
from xinyong.records.checks.verdict import EXPLANATIONS, evaluate, identify
from xinyong.records.clock import to_local, today_local
from xinyong.records.db import utcnow
from xinyong.records.display.code_suggestions import code_suggestions
from xinyong.records.errors import DomainError
from xinyong.records.identifiers import validate_resident_id
from xinyong.records.models import ApprovalType, AuditEntry, CheckRecord, WidgetKey
from xinyong.records.opendata.build import data_version
from xinyong.search_index.schema import RECORDS, SUBJECTS

if TYPE_CHECKING:
    from xinyong.search_index.service import SearchService
    from xinyong.settings import Settings

log = logging.getLogger(__name__)
OVER_LIMIT = "counter_person_limit"  # audit action: an operator refused over the person limit


class CheckInputError(DomainError):
    """Input a person must correct: CheckInputError(code, message, status=400)."""


class SearchFailed(RuntimeError):
    """The search service failed: a check cannot tell "not found" from "not looked"."""


def approval_types(session: Session) -> dict[str, str]:
    return dict(
        session.execute(select(ApprovalType.code, ApprovalType.name).order_by(ApprovalType.sort_order)).all()
    )


def error_result(approval_view: dict[str, str] | None) -> dict[str, Any]:
    return {
        "state": "ERROR",
        "explanation": EXPLANATIONS["ERROR"],
        "subject": None,
        "candidates": [],
        "lists": [],
        "measures": [],
        "incentives": [],
        "penalties": [],
        "approval_type": approval_view,
    }


def run_check(
    session: Session,
    key: WidgetKey,
    query: str,
    id_number: str | None,
    approval: Any,
    operator_ref: str | None,
    *,
    settings: Settings,
    search: SearchService | None,
) -> tuple[int, dict[str, Any]]:
    """(HTTP status, result with receipt); CheckInputError for input a person must correct.
    A check that fails to run answers ERROR with 503 — never a clean result. `search` is the
    app's search service (None, or any fault in it, makes the check ERROR)."""
    if not query.strip() and not id_number:
        raise CheckInputError("query_empty", "请输入名称、统一社会信用代码或证件号码")
    if len(query) > 100:
        raise CheckInputError("query_too_long", "查询内容过长：最多100个字符")
    names = approval_types(session)
    if not isinstance(approval, str) or approval not in names:
        choices = "、".join(f"{c}（{n}）" for c, n in names.items())
        raise CheckInputError("bad_approval_type", f"审批事项无效，应为：{choices}")
    if id_number:
        try:
            validate_resident_id(id_number)
        except ValueError as exc:
            raise CheckInputError("bad_id_number", f"证件号码无效：{exc}") from exc
    today = today_local()
    approval_view = {"code": approval, "name": names[approval]}
    try:
        find = _candidates(session, search)
        who = identify(session, query, id_number, settings.id_hash_key_bytes, find)
        if who.used_id_number:
            _person_budget(session, key, operator_ref, settings.person_checks_per_operator, today)
        result = evaluate(session, who, approval, today)
        if result["state"] == "NOT_IDENTIFIED":  # offered to the operator; the verdict stays
            result["suggestions"] = [s.as_json() for s in code_suggestions(session, query)]
        version = data_version(session, today)
    except CheckInputError:
        raise
    except Exception:  # the check did not run: fail closed
        log.exception("check failed")
        session.rollback()
        return 503, error_result(approval_view)
    result["approval_type"] = approval_view
    result["data_version"] = version
    result["as_of"] = to_local(utcnow()).isoformat(timespec="seconds")
    receipt = store_check(
        session,
        key=key,
        operator_ref=operator_ref,
        query_shown=who.query_shown,
        query_normalised=who.query_normalised,
        used_id_number=who.used_id_number,
        approval_type=approval,
        state=result["state"],
        subject_id=who.subject.id if who.subject else None,
        result=result,
        data_version=version,
        today=today,
        secret=settings.secret_key.encode("utf-8"),
    )
    session.commit()
    result["receipt"] = {"number": receipt.record.receipt_no, "code": receipt.code}
    return 201, result


def _day_start_utc(today) -> datetime:
    return datetime.combine(today, time()) - timedelta(hours=8)  # Beijing has no daylight saving


def _person_budget(
    session: Session, key: WidgetKey, operator: str | None, limit: int, today, count: int = 1
) -> None:
    """Checks of natural persons per operator and day: past the limit, refused and flagged in
    the centre's log (an operator running through ID numbers is what the limit is for). A batch
    check spends `count` (its persons) at once: all of them fit, or none is checked."""
    who = (operator or "")[:100] or None
    done = session.execute(  # a count always answers exactly one row
        select(func.count())
        .select_from(CheckRecord)
        .where(
            CheckRecord.centre_id == key.centre_id,
            CheckRecord.used_id_number.is_(True),
            CheckRecord.operator_ref.is_(None) if who is None else CheckRecord.operator_ref == who,
            CheckRecord.created_at >= _day_start_utc(today),
        )
    ).scalar_one()
    if done + count <= limit:
        return
    session.rollback()
    log_action(
        session,
        f"counter:{(who or '未注明')[:40]}",
        OVER_LIMIT,
        f"service_centre:{key.centre_id}",
        after={"limit": limit, "operator": who},
    )
    session.commit()
    raise CheckInputError(
        "operator_limit_reached", f"该经办人今日核查自然人已达 {limit} 次上限，如确需继续请联系信用办", 429
    )


def operators_over_limit(session: Session, centre_id: int) -> list[dict[str, Any]]:
    """The centre's operators refused over the person limit: who, on which days, how often."""
    rows = session.execute(
        select(AuditEntry.after, AuditEntry.at)
        .where(AuditEntry.action == OVER_LIMIT, AuditEntry.target == f"service_centre:{centre_id}")
        .order_by(AuditEntry.at.desc())
        .limit(500)
    ).all()
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for after, at in rows:
        name, day = (after or {}).get("operator") or "未注明", to_local(at).date().isoformat()
        entry = seen.setdefault((name, day), {"operator": name, "day": day, "refused": 0})
        entry["refused"] += 1
    return list(seen.values())


def _probe(service) -> None:
    """Read a little of every part of both indexes (table of contents, terms, postings, stored
    fields): a check by code never searches, yet must not answer while the index is damaged.
    Microseconds: the first term's postings and the first document."""
    for name in (SUBJECTS, RECORDS):
        searcher = service.searchers.get(name)
        reader = searcher.reader()
        if reader.doc_count_all() == 0:
            continue
        for field in reader.indexed_field_names():
            for term in reader.lexicon(field):
                reader.postings(field, term).all_ids().__next__()
                break
        searcher.stored_fields(0)


def _candidates(session: Session, service: SearchService | None):
    """Names that are not exact matches only ever become candidates (AMBIGUOUS). The index is
    opened first for every check, so a missing or damaged one makes every check ERROR."""
    if service is None:
        raise SearchFailed("no search service")
    try:
        _probe(service)
    except Exception as exc:
        raise SearchFailed("search index unavailable") from exc

    def find(name: str) -> list[int]:
        try:
            return service.search_subjects(session, name, page_size=5).subject_ids
        except Exception as exc:
            raise SearchFailed("subject search failed") from exc

    return find
