"""The check log (查询留痕) query: a centre's checks, filtered by day, state and approval type.

Shared by the API (`site/api/check_log.py`) and administration (`site/admin/centre.py`), which
decide who may read which centre's log and how a row is shown.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.records.checks.verdict import STATES
from xinyong.records.models import CheckRecord

LOG_LIMIT = 5000
_UTC_OFFSET = timedelta(hours=8)  # Asia/Shanghai has no daylight saving


def log_rows(session: Session, centre_id: int, args: dict[str, str]) -> list[CheckRecord]:
    query = select(CheckRecord).where(CheckRecord.centre_id == centre_id)
    for name, bound in (("from", "start"), ("to", "end")):
        if args.get(name):
            day = date.fromisoformat(args[name])  # ValueError → 400
            local = datetime.combine(day if bound == "start" else day + timedelta(days=1), time())
            column = CheckRecord.created_at
            query = query.where(
                column >= local - _UTC_OFFSET if bound == "start" else column < local - _UTC_OFFSET
            )
    if args.get("state"):
        if args["state"] not in STATES:
            raise ValueError("state")
        query = query.where(CheckRecord.state == args["state"])
    if args.get("approval_type"):
        query = query.where(CheckRecord.approval_type_code == args["approval_type"])
    return list(session.scalars(query.order_by(CheckRecord.id.desc()).limit(LOG_LIMIT)))
