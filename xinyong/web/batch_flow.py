"""One batch check (批量核查) from a list of lines to a stored batch receipt — shared by the API and
the widget's 批量核查 tab, as check_flow.py is for single checks.

Fails closed like a single check: if the search index or the database cannot answer, every line
is ERROR, the answer is 503 and nothing is stored. Budgets: a batch spends one request of the
key's per-minute budget (counter_auth) and, here, as many checks as it has lines from the key's
batch budget; its natural persons count against the operator's daily person limit — all of them
fit, or the batch is refused (429) before anything is checked.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app
from limits import parse

from xinyong.records.checks.batch import Checked, evaluate_lines, identify_lines
from xinyong.records.checks.batch_input import BatchLine
from xinyong.records.checks.batch_store import full_view, store_batch
from xinyong.records.checks.run import (
    CheckInputError,
    _candidates,
    _person_budget,
    approval_types,
    error_result,
)
from xinyong.records.clock import to_local, today_local
from xinyong.records.db import utcnow
from xinyong.records.models import WidgetKey
from xinyong.records.opendata.build import data_version
from xinyong.records.pii import mask_ids_in_text
from xinyong.web.counter_auth import check_services
from xinyong.web.extensions import limiter

log = logging.getLogger(__name__)
BATCH_LIMIT = "2000 per hour"  # checks in batches per key: two full lists of 1,000 an hour


def spend_rows(key: WidgetKey, rows: int) -> None:
    """A batch of N lines costs N checks of the key's batch budget, or 429 before any is run."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    try:
        # Tested first: a fixed window counts even a refused hit, and a refused list costs nothing.
        limit, ids = parse(BATCH_LIMIT), ("counter", "counter-batch", str(key.id))
        allowed = limiter.limiter.test(limit, *ids, cost=rows) and limiter.limiter.hit(limit, *ids, cost=rows)
    except Exception:  # noqa: BLE001 - storage down: as counter_auth._spend
        current_app.logger.warning("rate limit storage unavailable")
        return
    if not allowed:
        raise CheckInputError(
            "batch_budget_spent",
            f"本密钥批量核查已达每小时 {BATCH_LIMIT.split()[0]} 个主体的上限，请稍后再试",
            429,
        )


def check_approval(session, approval: Any) -> dict[str, str]:
    names = approval_types(session)
    if not isinstance(approval, str) or approval not in names:
        choices = "、".join(f"{c}（{n}）" for c, n in names.items())
        raise CheckInputError("bad_approval_type", f"审批事项无效，应为：{choices}")
    return {"code": approval, "name": names[approval]}


def run_batch(
    session,
    key: WidgetKey,
    lines: list[BatchLine],
    approval: Any,
    operator_ref: str | None,
    *,
    source: str,
    title: str | None = None,
) -> tuple[int, dict[str, Any]]:
    """(HTTP status, answer): 201 with the batch receipt and every line's verdict, or 503 with
    every line ERROR and nothing stored. CheckInputError for what the caller must correct."""
    approval_view = check_approval(session, approval)
    services = check_services()
    settings = services["settings"]
    today = today_local()
    spend_rows(key, len(lines))
    try:
        search = _candidates(session, services["search"])
        items = identify_lines(session, lines, settings.id_hash_key_bytes, search)
        persons = sum(1 for i in items if i.who is not None and i.who.used_id_number)
        if persons:
            _person_budget(session, key, operator_ref, settings.person_checks_per_operator, today, persons)
        evaluate_lines(session, items, approval_view["code"], today)
        version = data_version(session, today)
    except CheckInputError:
        raise
    except Exception:  # the batch did not run: every line fails closed
        log.exception("batch check failed")
        session.rollback()
        return 503, _all_errors(lines, approval_view)
    as_of = to_local(utcnow()).isoformat(timespec="seconds")
    for item in items:
        item.result.update(approval_type=approval_view, data_version=version, as_of=as_of)
    stored = store_batch(
        session,
        key=key,
        operator_ref=operator_ref,
        approval_type=approval_view["code"],
        items=items,
        source=source,
        title=title,
        data_version=version,
        today=today,
        secret=settings.secret_key.encode("utf-8"),
    )
    session.commit()
    view = full_view(session, stored.batch)
    return 201, _answer(view, stored.code, items, stored.receipts)


def _answer(
    view: dict[str, Any], code: str, items: list[Checked], receipts: list[tuple[str, str]]
) -> dict[str, Any]:
    for line, (number, line_code) in zip(view["lines"], receipts, strict=True):
        line["receipt"] = {"number": number, "code": line_code}
    return {
        "batch": {
            "number": view["number"],
            "code": code,
            "rows": view["rows"],
            "counts": view["counts"],
            "checked_at": view["checked_at"],
            "data_version": view["data_version"],
            "service_centre": view["service_centre"],
            "title": view["title"],
        },
        "approval_type": items[0].result["approval_type"] if items else None,
        "operator": view["operator"],
        "lines": view["lines"],
    }


def _all_errors(lines: list[BatchLine], approval_view: dict[str, str]) -> dict[str, Any]:
    error = error_result(approval_view)
    return {
        "state": "ERROR",
        "explanation": error["explanation"],
        "batch": None,
        "approval_type": approval_view,
        "lines": [
            {
                "row": line.row_no,
                "name_entered": mask_ids_in_text(line.name, check_digit=False),
                "code_entered": mask_ids_in_text(line.code, check_digit=False),
                "state": "ERROR",
                "explanation": error["explanation"],
            }
            for line in lines
        ],
    }
