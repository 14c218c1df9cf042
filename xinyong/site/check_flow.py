"""One counter check from raw input to a stored receipt — shared by the API and the widget."""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.records.checks import EXPLANATIONS, evaluate, identify
from xinyong.records.clock import to_local, today_local
from xinyong.records.counter import store_check
from xinyong.records.db import utcnow
from xinyong.records.models import ApprovalType, WidgetKey
from xinyong.records.opendata import data_version

log = logging.getLogger(__name__)


class CheckInputError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def approval_types(session: Session) -> dict[str, str]:
    return dict(session.execute(select(ApprovalType.code, ApprovalType.name)
                                .order_by(ApprovalType.sort_order)).all())


def run_check(session: Session, key: WidgetKey, query: str, id_number: str | None, approval: Any,
              operator_ref: str | None) -> tuple[int, dict[str, Any]]:
    """(HTTP status, result with receipt); CheckInputError for input a person must correct.
    A check that fails to run answers ERROR with 503 — never a clean result."""
    if not query.strip() and not id_number:
        raise CheckInputError("query_empty", "请输入名称、统一社会信用代码或证件号码")
    if len(query) > 100:
        raise CheckInputError("query_too_long", "查询内容过长：最多100个字符")
    names = approval_types(session)
    if approval not in names:
        choices = "、".join(f"{c}（{n}）" for c, n in names.items())
        raise CheckInputError("bad_approval_type", f"审批事项无效，应为：{choices}")
    settings = current_app.config["XINYONG"]
    today = today_local()
    try:
        who = identify(session, query, id_number, settings.id_hash_key_bytes, _candidates(session))
    except ValueError as exc:
        raise CheckInputError("bad_id_number", f"证件号码无效：{exc}") from exc
    approval_view = {"code": approval, "name": names[approval]}
    try:
        result = evaluate(session, who, approval, today)
        version = data_version(session, today)
    except Exception:  # the check did not run: fail closed
        log.exception("check failed")
        session.rollback()
        return 503, {"state": "ERROR", "explanation": EXPLANATIONS["ERROR"], "subject": None,
                     "candidates": [], "lists": [], "measures": [], "incentives": [],
                     "penalties": [], "approval_type": approval_view}
    result["approval_type"] = approval_view
    result["data_version"] = version
    result["as_of"] = to_local(utcnow()).isoformat(timespec="seconds")
    receipt = store_check(session, key=key, operator_ref=operator_ref, query_shown=who.query_shown,
                          query_normalised=who.query_normalised, used_id_number=who.used_id_number,
                          approval_type=approval, state=result["state"],
                          subject_id=who.subject.id if who.subject else None, result=result,
                          data_version=version, today=today,
                          secret=settings.secret_key.encode("utf-8"))
    session.commit()
    result["receipt"] = {"number": receipt.record.receipt_no, "code": receipt.code}
    return 201, result


def _candidates(session: Session):  # noqa: ANN202
    """Names that are not exact matches only ever become candidates (AMBIGUOUS)."""
    service = current_app.extensions.get("xinyong.search")
    if service is None:
        return None

    def find(name: str) -> list[int]:
        try:
            return service.search_subjects(session, name, page_size=5).subject_ids
        except Exception:  # noqa: BLE001 - no index: no candidates, and the state says so
            return []

    return find
