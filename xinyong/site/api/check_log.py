"""The check log (查询留痕): a service centre's own checks, filterable, as JSON or CSV.

Read with the centre's secret key (header only) or by a signed-in administrator of the centre
(or the platform, naming the centre); the publishable key and counter sessions get 401. A centre
sees only its own checks. This is the evidence that credit records were used in approvals.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request
from sqlalchemy.orm import Session

from xinyong.records.checks.log import LOG_LIMIT, log_rows
from xinyong.records.checks.run import approval_types, operators_over_limit
from xinyong.records.clock import to_local
from xinyong.records.models import CheckRecord
from xinyong.records.opendata.formats import encode
from xinyong.records.pii import mask_ids_in_text
from xinyong.records.reference.labels import label
from xinyong.site.admin.auth import current_operator
from xinyong.site.errors import json_error
from xinyong.web.counter_auth import CounterRefused, authenticate, presented
from xinyong.web.database import db_session
from xinyong.web.downloads import attachment

blueprint = Blueprint("checks_log", __name__)
COLUMNS = [
    "回执编号",
    "核查时间",
    "审批事项",
    "查询内容",
    "核查对象",
    "统一社会信用代码",
    "核查结论",
    "经办人",
    "数据版本",
]


def as_row(record: CheckRecord, names: dict[str, str]) -> list[str]:
    subject = record.result.get("subject") or {}
    return [
        record.receipt_no,
        to_local(record.created_at).strftime("%Y-%m-%d %H:%M:%S"),
        names.get(record.approval_type_code, record.approval_type_code),
        mask_ids_in_text(record.query_entered),
        subject.get("name") or "",
        subject.get("uscc") or "",
        record.state,
        record.operator_ref or "",
        record.data_version,
    ]


def log_csv(records: list[CheckRecord], names: dict[str, str]) -> Response:
    """The check log as the CSV a centre downloads (the API's and administration's alike)."""
    # The state stays a code (a machine column); the column after the last says it in words.
    body = "".join(
        encode(
            "csv",
            [*COLUMNS, "核查结论说明"],
            ([*as_row(r, names), label("check_state", r.state)] for r in records),
        )
    )
    return attachment(body, "text/csv; charset=utf-8", "check-log.csv")


def as_json(record: CheckRecord, names: dict[str, str]) -> dict[str, Any]:
    return dict(
        zip(
            [
                "receipt",
                "checked_at",
                "approval_type",
                "query",
                "subject",
                "uscc",
                "state",
                "operator_ref",
                "data_version",
            ],
            as_row(record, names),
            strict=True,
        )
    )


def _error(status: int, code: str, message: str):
    return json_error(status, code, message)


def _reader_centre(session: Session) -> int:
    """The centre whose log the caller may read, or CounterRefused."""
    token = presented()
    operator = current_operator() if not token else None
    if operator is not None and operator.role == "centre":
        return operator.service_centre_id
    if operator is not None and operator.role == "platform":
        centre = request.args.get("centre", type=int)
        if centre is None:
            raise CounterRefused(400, "centre_required", "平台管理员请用 centre 参数指定政务服务中心")
        return centre
    credential = authenticate(session, token, sessions=False, origin=request.headers.get("Origin"))
    return credential.key.centre_id


@blueprint.get("/api/v1/checks")
@blueprint.get("/api/v1/checks.csv")
def check_log():
    session = db_session()
    try:
        centre_id = _reader_centre(session)
    except CounterRefused as refused:
        return _error(refused.status, refused.code, refused.message)
    try:
        records = log_rows(session, centre_id, request.args.to_dict())
    except ValueError:
        return _error(400, "bad_filter", "筛选条件无效：日期应为 年-月-日，state 应为核查结论代码")
    names = approval_types(session)
    if request.path.endswith(".csv"):
        response = log_csv(records, names)
        response.headers["Cache-Control"] = "no-store"
        return response
    response = jsonify(
        {
            "total": len(records),
            "limit": LOG_LIMIT,
            "checks": [as_json(r, names) for r in records],
            "operators_over_limit": operators_over_limit(session, centre_id),
        }
    )
    response.headers["Cache-Control"] = "no-store"
    return response
