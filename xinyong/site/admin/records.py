"""Administration: managing list entries, commitments and joint cases one by one.

Departments deliver these by file like every record; here an operator takes a subject off a
list (移出, with the date and reason) or withdraws a commitment or case published in error.
History is never lost: `records/ingest/edits.py` keeps the values before the change as a record
revision, sends the change through the outbox (index, feeds, push) and into the audit log; this
page checks the form and the operator's department scope, then commits.
"""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import or_, select

from xinyong.records.clock import today_local
from xinyong.records.ingest.edits import remove_from_list
from xinyong.records.ingest.edits import withdraw as withdraw_record
from xinyong.records.models import Commitment, JointCase, ListEntry, ListType
from xinyong.site.admin.auth import (
    admin_blueprint,
    client_ip,
    current_operator,
    department_scope,
    require_roles,
)
from xinyong.web.database import db_session

blueprint = admin_blueprint("admin_records", "/admin/records")
KINDS = {
    "list_entry": (ListEntry, "名单", ("list_type_code", "entered_on", "removed_on", "authority")),
    "commitment": (Commitment, "信用承诺", ("matter", "committed_on", "recipient", "fulfilment")),
    "joint_case": (JointCase, "联合奖惩案例", ("title", "case_kind", "implemented_on")),
}
EDITORS = ("department", "platform")
SHOWN = 50


def _record_or_404(kind: str, record_id: int):
    if kind not in KINDS:
        abort(404)
    model = KINDS[kind][0]
    record = db_session().scalar(department_scope(model, select(model).where(model.id == record_id)))
    if record is None:
        abort(404)
    return record


@blueprint.get("/<kind>")
@require_roles(*EDITORS)
def search(kind: str):
    if kind not in KINDS:
        abort(404)
    model, title, columns = KINDS[kind]
    q = request.args.get("q", "").strip()[:100]
    query = department_scope(model, select(model))
    if q:
        query = query.where(or_(model.subject_name.contains(q, autoescape=True), model.uscc == q.upper()))
    found = db_session().scalars(query.order_by(model.id.desc()).limit(SHOWN)).all()
    return render_template(
        "admin/records.html",
        kind=kind,
        title=title,
        columns=columns,
        records=found,
        q=q,
        kinds=KINDS,
        today=today_local(),
        list_types=dict(db_session().execute(select(ListType.code, ListType.name)).all()),
    )


@blueprint.post("/list_entry/<id:record_id>/remove")
@require_roles(*EDITORS)
def remove(record_id: int):
    entry = _record_or_404("list_entry", record_id)
    reason = request.form.get("reason", "").strip()
    try:
        removed_on = date.fromisoformat(request.form.get("removed_on", ""))
    except ValueError:
        removed_on = None
    if removed_on is None or removed_on < entry.entered_on or not 2 <= len(reason) <= 500:
        flash("请填写移出日期（不早于列入日期）和移出原因", "error")
        return redirect(url_for("admin_records.search", kind="list_entry", q=entry.subject_name))
    remove_from_list(
        db_session(), entry, removed_on, reason, actor=current_operator().username, ip=client_ip()
    )
    _saved()
    return redirect(url_for("admin_records.search", kind="list_entry", q=entry.subject_name))


@blueprint.post("/<any(commitment, joint_case):kind>/<id:record_id>/withdraw")
@require_roles(*EDITORS)
def withdraw(kind: str, record_id: int):
    record = _record_or_404(kind, record_id)
    reason = request.form.get("reason", "").strip()
    if not 2 <= len(reason) <= 500:
        flash("请填写撤下原因", "error")
        return redirect(url_for("admin_records.search", kind=kind))
    withdraw_record(
        db_session(), kind, record, KINDS[kind][2], reason, actor=current_operator().username, ip=client_ip()
    )
    _saved()
    return redirect(url_for("admin_records.search", kind=kind))


def _saved() -> None:
    db_session().commit()
    flash("已保存", "ok")
