"""Credit repair (信用修复) and objections (异议): eligibility, submission, review, effects.

Both run the same course — submitted → accepted or refused → decided — with deadlines in
working days (the city calendar), one open repair per record and one open objection per record
and contact (records/procedures/limits.py), and a step logged for
every move (the applicant's progress page reads them). Effects on the record go through
`publish_refresh.set_state`, so they reach every surface via the outbox:
- an objection marks the record 异议中 once accepted (not on submission: anyone may submit,
  and an unchecked submission must not relabel a record); resolved as 更正 or 维持 it returns to
  公示中, as 撤销 the record is withdrawn (已撤销);
- an accepted repair (准予修复) stops publication and sharing at once (已修复).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from xinyong.records.models import Penalty, ProcedureCase, ProcedureDocument, ProcedureStep
from xinyong.records.pii import mask_ids_in_text
from xinyong.records.procedures.limits import already_open_for_contact, contact_key, objection_refusal
from xinyong.records.procedures.uploads import StoredUpload
from xinyong.records.publication.refresh import set_state
from xinyong.records.publication.rules import SHOWN_STATES
from xinyong.records.workdays import city_calendar, deadline_text

REPAIR, OBJECTION = "repair", "objection"
KIND_NAMES = {REPAIR: "信用修复申请", OBJECTION: "异议申请"}
SUBMITTED, ACCEPTED, REFUSED, DECIDED = "已提交", "已受理", "不予受理", "已办结"
OPEN = (SUBMITTED, ACCEPTED)
GROUNDS = ("信息错误", "信息遗漏", "信息重复", "不应公示", "超期公示")  # domain.md §3
OUTCOMES = {REPAIR: ("准予修复", "不予修复"), OBJECTION: ("更正", "撤销", "维持")}
# Working days to accept, then to decide after acceptance. Objections: accepted within 2,
# checked within 2 more, answered by the provider within 10 (domain.md §3). Repairs: the
# city's service commitment (2 to accept, 5 to decide); change here if the city's differs.
DEADLINES = {REPAIR: (2, 5), OBJECTION: (2, 12)}
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read out over the phone
_CODE_PREFIX = {REPAIR: "XF", OBJECTION: "YY"}
_PHONE = re.compile(r"^[0-9+\- ]{7,20}$")


class ProcedureRefused(ValueError):
    """The request cannot be taken; the message (Chinese) says why."""


@dataclass(frozen=True)
class Application:
    contact_name: str
    contact_phone: str
    statement: str
    grounds: str | None = None  # objections
    commitment: str | None = None  # repairs


def new_code(kind: str) -> str:
    body = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return f"{_CODE_PREFIX[kind]}-{body[:4]}-{body[4:8]}-{body[8:]}"


def code_digest(code: str) -> str:
    canonical = re.sub(r"[\s\-]", "", code or "").upper()
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _open_case(session: Session, kind: str, penalty: Penalty) -> ProcedureCase | None:
    return session.scalar(
        select(ProcedureCase).where(
            ProcedureCase.kind == kind,
            ProcedureCase.entity == "penalty",
            ProcedureCase.record_id == penalty.id,
            ProcedureCase.status.in_(OPEN),
        )
    )


def _already_open(kind: str) -> str:
    return (
        f"该信息已有正在办理的{KIND_NAMES[kind]}，无需重复提交：请凭首次提交时取得的查询码"
        "在“办理进度查询”（/track）页面查看进度"
    )


def refusal(
    session: Session, kind: str, penalty: Penalty | None, today: date, phone: str | None = None
) -> str | None:
    """Why this record cannot take an application of `kind` today from the contact with this
    telephone number (None: it can). Objections: one open per record and contact, within the
    caps of records/procedures/limits.py; repairs: one open per record."""
    if penalty is None or penalty.withheld_reason or penalty.publication_state not in SHOWN_STATES:
        return "该信息未在公示中，无需申请"
    if kind == OBJECTION:
        if reason := objection_refusal(session, penalty.id, phone, KIND_NAMES[kind]):
            return reason
    elif _open_case(session, kind, penalty):
        return _already_open(kind)
    if kind == REPAIR:
        if not penalty.early_repair:
            return (
                f"该行政处罚属于不可提前修复的情形，将于公示期满（{penalty.publication_end}）后自动停止公示"
            )
        if penalty.repair_from and today < penalty.repair_from:
            return f"最短公示期尚未届满，{penalty.repair_from} 起可申请信用修复"
    return None


def validate(kind: str, app: Application) -> list[str]:
    errors = []
    if not 1 <= len(app.contact_name.strip()) <= 50:
        errors.append("请填写联系人姓名（不超过 50 字）")
    if not _PHONE.match(app.contact_phone.strip()):
        errors.append("请填写正确的联系电话")
    if not 10 <= len(app.statement.strip()) <= 5000:
        errors.append(
            "请填写申请理由（10 至 5000 字）"
            if kind == OBJECTION
            else "请说明已履行的义务和整改情况（10 至 5000 字）"
        )
    if kind == OBJECTION and app.grounds not in GROUNDS:
        errors.append("请选择异议类型")
    if kind == REPAIR and not (app.commitment or "").strip():
        errors.append("请阅读并作出信用承诺")
    return errors


def submit(
    session: Session,
    kind: str,
    penalty: Penalty,
    app: Application,
    documents: list[StoredUpload],
    today: date,
) -> tuple[ProcedureCase, str]:
    """Open a case; returns it and its tracking code (shown once, stored only as a hash)."""
    reason = refusal(session, kind, penalty, today, app.contact_phone)
    if reason:
        raise ProcedureRefused(reason)
    errors = validate(kind, app)
    if errors:
        raise ProcedureRefused("；".join(errors))
    code = new_code(kind)
    case = ProcedureCase(
        kind=kind,
        code_hash=code_digest(code),
        entity="penalty",
        record_id=penalty.id,
        department_id=penalty.department_id,
        status=SUBMITTED,
        applicant=penalty.subject_name,
        contact_name=app.contact_name.strip(),
        contact_phone=app.contact_phone.strip(),
        contact_key=contact_key(app.contact_phone),
        # An applicant may quote an ID number in the statement: kept masked, like every free
        # text the portal stores (validation.py does the same for delivered files).
        grounds=app.grounds if kind == OBJECTION else None,
        statement=mask_ids_in_text(app.statement.strip()),
        commitment=(app.commitment or "").strip() or None,
        submitted_on=today,
        accept_by=city_calendar(session).add_working_days(today, DEADLINES[kind][0]),
    )
    session.add(case)
    try:
        session.flush()
    except IntegrityError:  # another application for this record (and contact) won the race
        raise ProcedureRefused(
            already_open_for_contact(KIND_NAMES[kind]) if kind == OBJECTION else _already_open(kind)
        ) from None
    for d in documents:
        session.add(
            ProcedureDocument(
                case_id=case.id, filename=d.filename, media_type=d.media_type, size=d.size, sha256=d.sha256
            )
        )
    _step(session, case, SUBMITTED, "申请已提交，等待受理", None)
    return case, code


def find_case(session: Session, code: str) -> ProcedureCase | None:
    return session.scalar(select(ProcedureCase).where(ProcedureCase.code_hash == code_digest(code)))


def accept(session: Session, case: ProcedureCase, operator: str, today: date) -> None:
    _require(case, SUBMITTED)
    case.status = ACCEPTED
    calendar = city_calendar(session)
    case.decide_by = calendar.add_working_days(today, DEADLINES[case.kind][1])
    _step(session, case, ACCEPTED, f"已受理，将于 {deadline_text(case.decide_by, calendar)} 前办结", operator)
    if case.kind == OBJECTION:
        penalty = _penalty(session, case)
        penalty.objection_open = True
        set_state(session, penalty, today, f"objection {case.id} accepted")


def refuse(session: Session, case: ProcedureCase, operator: str, today: date, reason: str) -> None:
    _require(case, SUBMITTED)
    _need_reason(reason)
    reason = mask_ids_in_text(reason.strip())
    case.status, case.decided_on, case.decision_reason = REFUSED, today, reason
    _step(session, case, REFUSED, f"不予受理：{reason}", operator)


def decide(
    session: Session, case: ProcedureCase, operator: str, today: date, outcome: str, reason: str
) -> None:
    _require(case, ACCEPTED)
    if outcome not in OUTCOMES[case.kind]:
        raise ProcedureRefused("请选择办理结果")
    _need_reason(reason)
    reason = mask_ids_in_text(reason.strip())
    case.status, case.outcome = DECIDED, outcome
    case.decided_on, case.decision_reason = today, reason
    _step(session, case, DECIDED, f"{outcome}：{reason}", operator)
    penalty = _penalty(session, case)
    if case.kind == OBJECTION:
        # Objections of other contacts on the record may still be under review.
        penalty.objection_open = (
            session.scalar(
                select(ProcedureCase.id)
                .where(
                    ProcedureCase.kind == OBJECTION,
                    ProcedureCase.entity == "penalty",
                    ProcedureCase.record_id == penalty.id,
                    ProcedureCase.status == ACCEPTED,
                    ProcedureCase.id != case.id,
                )
                .limit(1)
            )
            is not None
        )
        if outcome == "撤销":
            penalty.withdrawn_on = today
    elif outcome == "准予修复":
        penalty.repaired_on = today
    set_state(session, penalty, today, f"{case.kind} {case.id}: {outcome}")


def _penalty(session: Session, case: ProcedureCase) -> Penalty:
    penalty = session.get(Penalty, case.record_id)
    if penalty is None:  # the case's record is gone: fails (the caller rolls back), as it always did
        raise AttributeError(f"penalty {case.record_id} of {case.kind} case {case.id} not found")
    return penalty


def _require(case: ProcedureCase, status: str) -> None:
    if case.status != status:
        raise ProcedureRefused(f"该申请当前状态为“{case.status}”，不能进行此操作")


def _need_reason(reason: str) -> None:
    if not 2 <= len((reason or "").strip()) <= 2000:
        raise ProcedureRefused("请填写理由（2 至 2000 字）")


def _step(session: Session, case: ProcedureCase, status: str, note: str, operator: str | None) -> None:
    session.add(ProcedureStep(case_id=case.id, status=status, note=note, operator=operator))
