"""Administration: the review queue for repair applications and objections, and the audit log.

A department operator sees the cases on records their department delivered; a platform
administrator sees all. Every decision is written to the audit log with the case's values
before and after, in the same transaction as the decision.
"""

from __future__ import annotations

import io

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from sqlalchemy import func, select

from xinyong.records.audit import log_action, values_of
from xinyong.records.clock import today_local
from xinyong.records.models import AuditEntry, Department, Penalty, ProcedureCase, ProcedureDocument
from xinyong.records.procedures.cases import (
    KIND_NAMES,
    OPEN,
    OUTCOMES,
    ProcedureRefused,
    accept,
    decide,
    refuse,
)
from xinyong.records.procedures.uploads import document_bytes
from xinyong.site.admin.auth import (
    admin_blueprint,
    client_ip,
    current_operator,
    department_scope,
    require_roles,
)
from xinyong.web.database import db_session

blueprint = admin_blueprint("admin", "/admin")
REVIEWERS = ("department", "platform")
CASE_FIELDS = ("status", "outcome", "decide_by", "decided_on", "decision_reason")
AUDIT_PAGE = 50


def _scoped(query):
    return department_scope(ProcedureCase, query)


def _case_or_404(case_id: int) -> ProcedureCase:
    case = db_session().scalar(_scoped(select(ProcedureCase).where(ProcedureCase.id == case_id)))
    if case is None:
        abort(404)
    return case


@blueprint.get("/")
@require_roles()
def home():
    operator = current_operator()
    if operator.role not in REVIEWERS:
        return render_template(
            "admin/home.html", cases=[], closed=[], kind_names=KIND_NAMES, today=today_local()
        )
    s = db_session()
    cases = s.scalars(
        _scoped(select(ProcedureCase).where(ProcedureCase.status.in_(OPEN))).order_by(
            func.coalesce(ProcedureCase.decide_by, ProcedureCase.accept_by), ProcedureCase.id
        )
    ).all()
    closed = s.scalars(
        _scoped(select(ProcedureCase).where(ProcedureCase.status.not_in(OPEN)))
        .order_by(ProcedureCase.id.desc())
        .limit(20)
    ).all()
    return render_template(
        "admin/home.html", cases=cases, closed=closed, kind_names=KIND_NAMES, today=today_local()
    )


@blueprint.get("/cases/<id:case_id>")
@require_roles(*REVIEWERS)
def case(case_id: int):
    found = _case_or_404(case_id)
    s = db_session()
    penalty = s.get(Penalty, found.record_id)
    department = s.get(Department, found.department_id) if found.department_id else None
    return render_template(
        "admin/case.html",
        case=found,
        penalty=penalty,
        department=department,
        kind_name=KIND_NAMES[found.kind],
        outcomes=OUTCOMES[found.kind],
    )


@blueprint.post("/cases/<id:case_id>/<any(accept, refuse, decide):action>")
@require_roles(*REVIEWERS)
def act(case_id: int, action: str):
    found, s, operator = _case_or_404(case_id), db_session(), current_operator()
    before = values_of(found, CASE_FIELDS)
    reason = request.form.get("reason", "")
    try:
        if action == "accept":
            accept(s, found, operator.username, today_local())
        elif action == "refuse":
            refuse(s, found, operator.username, today_local(), reason)
        else:
            decide(s, found, operator.username, today_local(), request.form.get("outcome", ""), reason)
    except ProcedureRefused as exc:
        s.rollback()
        flash(str(exc), "error")
        return redirect(url_for("admin.case", case_id=case_id))
    log_action(
        s,
        operator.username,
        f"{found.kind}_{action}",
        f"{found.kind}:{found.id}",
        before=before,
        after=values_of(found, CASE_FIELDS),
        ip=client_ip(),
    )
    s.commit()
    flash("已保存", "ok")
    return redirect(url_for("admin.case", case_id=case_id))


@blueprint.get("/cases/<id:case_id>/documents/<id:document_id>")
@require_roles(*REVIEWERS)
def document(case_id: int, document_id: int):
    found = _case_or_404(case_id)
    doc = db_session().get(ProcedureDocument, document_id)
    if doc is None or doc.case_id != found.id:
        abort(404)
    data = document_bytes(db_session(), doc.sha256, current_app.config["XINYONG"].uploads)
    if data is None:
        abort(404)
    return send_file(
        io.BytesIO(data), mimetype=doc.media_type, as_attachment=True, download_name=doc.filename
    )


@blueprint.get("/audit")
@require_roles("platform")
def audit():
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    entries = (
        db_session()
        .scalars(
            select(AuditEntry)
            .order_by(AuditEntry.id.desc())
            .offset((page - 1) * AUDIT_PAGE)
            .limit(AUDIT_PAGE + 1)
        )
        .all()
    )
    return render_template(
        "admin/audit.html", entries=entries[:AUDIT_PAGE], page=page, more=len(entries) > AUDIT_PAGE
    )
