"""Administration: which departments may deliver records for which others (代报授权).

Only the platform administrator grants or withdraws a delegation; both are audited. A
department operator's uploads may then carry rows whose 数据来源单位 or 机关 is the delegating
department (xinyong/records/ingest/delivery_scope.py).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import aliased

from xinyong.records.audit import log_action
from xinyong.records.models import DeliveryDelegation, Department
from xinyong.site.admin.auth import admin_blueprint, client_ip, current_operator, require_roles
from xinyong.web.database import db_session

blueprint = admin_blueprint("admin_delegations", "/admin/delegations")


def _listing() -> list[tuple[DeliveryDelegation, str, str]]:
    by, on = aliased(Department), aliased(Department)
    query = (
        select(DeliveryDelegation, by.name, on.name)
        .join(by, by.id == DeliveryDelegation.department_id)
        .join(on, on.id == DeliveryDelegation.for_department_id)
        .order_by(by.name, on.name)
    )
    return [tuple(row) for row in db_session().execute(query)]


@blueprint.route("/", methods=["GET", "POST"])
@require_roles("platform")
def delegations():
    s = db_session()
    departments = s.scalars(select(Department).order_by(Department.name)).all()
    error = None
    if request.method == "POST":
        ids = {d.id for d in departments}
        try:
            by, on = int(request.form.get("department", "")), int(request.form.get("for_department", ""))
        except ValueError:
            by = on = 0
        if by not in ids or on not in ids:
            error = "请选择报送部门和被代报部门"
        elif by == on:
            error = "部门本来就可以报送本部门的信息，无需授权"
        elif s.scalar(
            select(DeliveryDelegation.id).where(
                DeliveryDelegation.department_id == by, DeliveryDelegation.for_department_id == on
            )
        ):
            error = "该授权已存在"
        else:
            operator = current_operator()
            grant = DeliveryDelegation(department_id=by, for_department_id=on, granted_by=operator.username)
            s.add(grant)
            s.flush()
            log_action(
                s,
                operator.username,
                "delegation_grant",
                f"delegation:{grant.id}",
                after={"department_id": by, "for_department_id": on},
                ip=client_ip(),
            )
            s.commit()
            flash("已授权", "success")
            return redirect(url_for("admin_delegations.delegations"))
    return render_template(
        "admin/delegations.html", rows=_listing(), departments=departments, error=error
    ), 400 if error else 200


@blueprint.post("/<id:delegation_id>/revoke")
@require_roles("platform")
def revoke(delegation_id: int):
    s = db_session()
    grant = s.get(DeliveryDelegation, delegation_id)
    if grant is not None:
        log_action(
            s,
            current_operator().username,
            "delegation_revoke",
            f"delegation:{grant.id}",
            before={"department_id": grant.department_id, "for_department_id": grant.for_department_id},
            ip=client_ip(),
        )
        s.delete(grant)
        s.commit()
        flash("已撤销授权", "success")
    return redirect(url_for("admin_delegations.delegations"))
