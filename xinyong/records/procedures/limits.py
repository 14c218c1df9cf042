"""Who may open another repair or objection on a record: the rule and the flood caps.

Objections: one open objection per record AND contact (issue 12 §8). Someone with a real
objection must not be turned away because a stranger already objected to the same record —
they hold no tracking code for the stranger's case, cannot follow it and cannot add their own
evidence to it. A contact (the applicant's telephone number, normalised) that already has an
objection open on the record is told to follow that one instead. Flooding stays bounded:
- at most OBJECTIONS_PER_RECORD open objections on one record (from different contacts);
- at most OPEN_PER_CONTACT open objections for one contact across all records;
- and, at the door, SUBMIT_LIMIT submissions a minute per address (site/public/procedures.py).
Repairs stay one open case per record, whoever applies: only the subject applies for its own
record, and a second open repair would decide the same thing twice.

The database holds the per-contact rule when two applications race (migration 0016's unique
partial index on kind, entity, record_id, contact_key); the caps are checked here.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

OBJECTIONS_PER_RECORD = 5
OPEN_PER_CONTACT = 20
_OPEN = ("已提交", "已受理")  # procedures.OPEN (that module imports this one)


def contact_key(phone: str | None) -> str:
    """The digits that identify a telephone number: punctuation, spaces and the country code
    (+86, 0086) do not make a different contact. "027-8888 6666" and "02788886666" are one."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:  # +86 and an 11-digit mobile number
        digits = digits[2:]
    return digits[:30]


def already_open_for_contact(kind_name: str) -> str:
    return (
        f"此联系电话对该信息已有正在办理的{kind_name}，无需重复提交：请凭首次提交时取得的"
        "查询码在“办理进度查询”（/track）页面查看进度，补充材料请在办理中向受理部门提交"
    )


def record_full(kind_name: str) -> str:
    return (
        f"该信息已有 {OBJECTIONS_PER_RECORD} 件正在办理的{kind_name}，暂不接受新的申请；"
        "请在其中一件办结后再提交，或直接联系作出该行政处罚的部门"
    )


def contact_full(kind_name: str) -> str:
    return f"此联系电话已有 {OPEN_PER_CONTACT} 件正在办理的{kind_name}，请待已提交的申请办结后再提交新的申请"


def objection_refusal(session: Session, record_id: int, phone: str | None, kind_name: str) -> str | None:
    """Why this contact may not open another objection on the record now (None: it may).
    Without a telephone number (the form's first view) only the record's cap applies."""
    from xinyong.records.models import ProcedureCase

    open_objections = (
        select(func.count())
        .select_from(ProcedureCase)
        .where(ProcedureCase.kind == "objection", ProcedureCase.status.in_(_OPEN))
    )
    on_record = open_objections.where(ProcedureCase.entity == "penalty", ProcedureCase.record_id == record_id)
    key = contact_key(phone) if phone is not None else None
    if key and session.scalar(on_record.where(ProcedureCase.contact_key == key)):
        return already_open_for_contact(kind_name)
    # A count always answers exactly one row.
    if session.execute(on_record).scalar_one() >= OBJECTIONS_PER_RECORD:
        return record_full(kind_name)
    mine = open_objections.where(ProcedureCase.contact_key == key)
    if key and session.execute(mine).scalar_one() >= OPEN_PER_CONTACT:
        return contact_full(kind_name)
    return None
