"""A batch check's receipt and what may be read of it.

Every line is stored as an ordinary check (check_records: its own receipt number and line in the
centre's check log); the batch adds one receipt (`XYPL-…` + an HMAC code, as single receipts) and
which check answered which line. Reading it back is one joined query. The public view — for anyone
holding the receipt — shows each line's state, name and code and nothing else: no operator, no
query beyond what the list named, and a natural person's ID number only masked.
"""

from __future__ import annotations

import hmac
import io
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.records.checks.batch import Checked
from xinyong.records.checks.keys import _ALPHABET, receipt_code, store_check
from xinyong.records.checks.verdict import STATE_LABELS
from xinyong.records.clock import to_local
from xinyong.records.ingest.error_report import neutralise
from xinyong.records.models import (
    ApprovalType,
    CheckBatch,
    CheckBatchRow,
    CheckRecord,
    ServiceCentre,
    WidgetKey,
)
from xinyong.records.pii import mask_ids_in_text

PREFIX = "XYPL-"


@dataclass
class StoredBatch:
    batch: CheckBatch
    code: str
    receipts: list[tuple[str, str]]  # each line's own receipt (number, code)


def store_batch(
    session: Session,
    *,
    key: WidgetKey,
    operator_ref: str | None,
    approval_type: str,
    items: list[Checked],
    source: str,
    title: str | None,
    data_version: str,
    today: date,
    secret: bytes,
) -> StoredBatch:
    """The lines as ordinary checks plus the batch, in the caller's transaction (two flushes)."""
    receipts = []
    records = []
    for item in items:
        who, result = item.who, _result(item)
        receipt = store_check(
            session,
            key=key,
            operator_ref=operator_ref,
            query_shown=item.entered,
            query_normalised=who.query_normalised if who else "",
            used_id_number=bool(who and who.used_id_number),
            approval_type=approval_type,
            state=result["state"],
            subject_id=who.subject.id if who and who.subject else None,
            result=result,
            data_version=data_version,
            today=today,
            secret=secret,
            flush=False,
        )
        records.append(receipt.record)
        receipts.append((receipt.record.receipt_no, receipt.code))
    number = f"{PREFIX}{today:%Y%m%d}-" + "".join(secrets.choice(_ALPHABET) for _ in range(10))
    operator_ref = operator_ref and mask_ids_in_text(operator_ref, check_digit=False)[:100]
    batch = CheckBatch(
        receipt_no=number,
        centre_id=key.centre_id,
        key_id=key.id,
        operator_ref=operator_ref or None,
        approval_type_code=approval_type,
        title=mask_ids_in_text(title, check_digit=False)[:200] if title else None,
        source=source,
        row_count=len(items),
        data_version=data_version,
        state_counts=dict(Counter(_result(i)["state"] for i in items)),
    )
    session.add(batch)
    session.flush()  # every line's INSERT in one statement per table
    session.add_all(
        [
            CheckBatchRow(
                batch_id=batch.id,
                row_no=item.line.row_no,
                check_id=record.id,
                name_entered=mask_ids_in_text(item.line.name, check_digit=False)[:200] or None,
                code_entered=mask_ids_in_text(item.line.code, check_digit=False)[:40] or None,
                message=item.message and item.message[:300],
            )
            for item, record in zip(items, records, strict=True)
        ]
    )
    session.flush()
    return StoredBatch(batch, receipt_code(number, secret), receipts)


def find_batch(session: Session, number: str, code: str, secret: bytes) -> CheckBatch | None:
    """The batch a receipt stands for, if its code is right (a guessed number alone is not)."""
    number, code = number.strip().upper(), code.strip().upper()
    if not (number.isascii() and code.isascii()) or len(number) > 40 or not number.startswith(PREFIX):
        return None
    if not hmac.compare_digest(receipt_code(number, secret), code):
        return None
    return session.scalar(select(CheckBatch).where(CheckBatch.receipt_no == number))


def batch_by_number(session: Session, number: str) -> CheckBatch | None:
    return session.scalar(select(CheckBatch).where(CheckBatch.receipt_no == number.strip().upper()[:40]))


def lines(session: Session, batch: CheckBatch) -> list[tuple[CheckBatchRow, CheckRecord]]:
    return list(
        session.execute(
            select(CheckBatchRow, CheckRecord)
            .join(CheckRecord, CheckRecord.id == CheckBatchRow.check_id)
            .where(CheckBatchRow.batch_id == batch.id)
            .order_by(CheckBatchRow.row_no)
        ).all()
    )


def _result(item: Checked) -> dict[str, Any]:
    """A line's verdict; every line has one once `evaluate_lines` ran."""
    if item.result is None:  # a line stored before its verdict: fails as it always did
        raise TypeError("a batch line without a verdict cannot be stored")
    return item.result


def _shown(row: CheckBatchRow, record: CheckRecord) -> tuple[str, str]:
    """The name and code a line is shown with: the identified subject's, else what was entered
    (masked); a person's only as typed."""
    subject = record.result.get("subject") or {}
    name = subject.get("name") or row.name_entered or ""
    code = subject.get("uscc") or row.code_entered or ""
    return mask_ids_in_text(name), mask_ids_in_text(code, check_digit=False)


def header(session: Session, batch: CheckBatch) -> dict[str, Any]:
    return {
        "number": batch.receipt_no,
        "service_centre": session.get_one(ServiceCentre, batch.centre_id).name,  # foreign keys
        "approval_type": session.get_one(ApprovalType, batch.approval_type_code).name,
        "title": batch.title,
        "rows": batch.row_count,
        "counts": {state: batch.state_counts.get(state, 0) for state in STATE_LABELS},
        "checked_at": to_local(batch.created_at).isoformat(timespec="seconds"),
        "data_version": batch.data_version,
    }


def public_view(session: Session, batch: CheckBatch) -> dict[str, Any]:
    """What anyone holding the batch receipt may confirm."""
    rows = [
        {
            "row": row.row_no,
            "name": name,
            "code": code,
            "state": record.state,
            "state_label": STATE_LABELS[record.state],
        }
        for row, record in lines(session, batch)
        for name, code in [_shown(row, record)]
    ]
    return {**header(session, batch), "lines": rows}


def full_view(session: Session, batch: CheckBatch) -> dict[str, Any]:
    """What the centre that ran the batch reads: each line's whole answer and its own receipt."""
    rows = []
    for row, record in lines(session, batch):
        name, code = _shown(row, record)
        result = record.result
        rows.append(
            {
                "row": row.row_no,
                "name_entered": mask_ids_in_text(row.name_entered or ""),
                "code_entered": row.code_entered or "",
                "name": name,
                "code": code,
                "state": record.state,
                "state_label": STATE_LABELS[record.state],
                "explanation": result.get("explanation"),
                "message": row.message,
                **{
                    k: result.get(k, [])
                    for k in ("measures", "incentives", "lists", "penalties", "candidates")
                },
                "receipt": record.receipt_no,
            }
        )
    return {**header(session, batch), "operator": batch.operator_ref, "lines": rows}


XLSX_COLUMNS = [
    "序号",
    "名称（名单）",
    "统一社会信用代码（名单）",
    "核查对象",
    "统一社会信用代码",
    "核查结论",
    "结论代码",
    "说明",
    "适用措施",
    "在列名单",
    "有效的行政处罚",
    "单项回执编号",
]


def batch_xlsx(view: dict[str, Any]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("批量核查结果")
    ws.append(
        [
            f"批量核查回执 {view['number']}",
            f"校验码 {view.get('code', '')}",
            view["service_centre"],
            view["approval_type"],
            view["checked_at"].replace("T", " "),
            f"数据版本 {view['data_version']}",
        ]
    )
    ws.append(XLSX_COLUMNS)
    for r in view["lines"]:
        cells = [
            r["row"],
            r["name_entered"],
            r["code_entered"],
            r["name"],
            r["code"],
            r["state_label"],
            r["state"],
            r["message"] or r["explanation"] or "",
            "；".join(m["measure"] for m in r["measures"]),
            "；".join(x["name"] for x in r["lists"]),
            "；".join(p["decision_no"] for p in r["penalties"]),
            r["receipt"],
        ]
        ws.append([neutralise(c) if isinstance(c, str) else c for c in cells])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
