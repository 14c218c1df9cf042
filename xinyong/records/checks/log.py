"""The check log (查询留痕) as data: a centre's checks filtered, and each as a row or JSON object.

Shared by the API (`site/api/check_log.py`) and administration (`site/admin/centre.py`), which
only decide who may read which centre's log.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.records.checks.verdict import STATES
from xinyong.records.clock import to_local
from xinyong.records.models import CheckRecord
from xinyong.records.opendata.formats import encode
from xinyong.records.pii import mask_ids_in_text

LOG_LIMIT = 5000
COLUMNS = ["回执编号", "核查时间", "审批事项", "查询内容", "核查对象", "统一社会信用代码", "核查结论",
           "经办人", "数据版本"]
_UTC_OFFSET = timedelta(hours=8)  # Asia/Shanghai has no daylight saving


def log_rows(session: Session, centre_id: int, args: dict[str, str]) -> list[CheckRecord]:
    query = select(CheckRecord).where(CheckRecord.centre_id == centre_id)
    for name, bound in (("from", "start"), ("to", "end")):
        if args.get(name):
            day = date.fromisoformat(args[name])  # ValueError → 400
            local = datetime.combine(day if bound == "start" else day + timedelta(days=1), time())
            column = CheckRecord.created_at
            query = query.where(column >= local - _UTC_OFFSET if bound == "start"
                                else column < local - _UTC_OFFSET)
    if args.get("state"):
        if args["state"] not in STATES:
            raise ValueError("state")
        query = query.where(CheckRecord.state == args["state"])
    if args.get("approval_type"):
        query = query.where(CheckRecord.approval_type_code == args["approval_type"])
    return list(session.scalars(query.order_by(CheckRecord.id.desc()).limit(LOG_LIMIT)))


def as_row(record: CheckRecord, names: dict[str, str]) -> list[str]:
    subject = record.result.get("subject") or {}
    return [record.receipt_no, to_local(record.created_at).strftime("%Y-%m-%d %H:%M:%S"),
            names.get(record.approval_type_code, record.approval_type_code),
            mask_ids_in_text(record.query_entered), subject.get("name") or "",
            subject.get("uscc") or "", record.state, record.operator_ref or "",
            record.data_version]


def as_json(record: CheckRecord, names: dict[str, str]) -> dict[str, Any]:
    return dict(zip(["receipt", "checked_at", "approval_type", "query", "subject", "uscc", "state",
                     "operator_ref", "data_version"], as_row(record, names), strict=True))


def csv_body(records: list[CheckRecord], names: dict[str, str]) -> str:
    return "".join(encode("csv", COLUMNS, (as_row(r, names) for r in records)))
