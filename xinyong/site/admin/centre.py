"""Administration for a service centre: its key pairs and its check log (查询留痕).

A centre administrator sees their own centre only; a platform administrator picks any centre.
Keys are created, rotated and revoked here as with `xinyong widget-key`; a new secret key is shown
once, in the answer to the form that made it (the page is never cached). The check log is the
same as the secret-key API's (/api/v1/checks), read with a signed-in session instead.
"""

from __future__ import annotations

from flask import abort, render_template, request
from sqlalchemy import select

from xinyong.records.audit import log_action
from xinyong.records.checks.keys import create_key, rotate_secret
from xinyong.records.checks.log import log_rows
from xinyong.records.checks.run import approval_types, operators_over_limit
from xinyong.records.checks.verdict import STATE_LABELS
from xinyong.records.db import utcnow
from xinyong.records.models import ServiceCentre, WidgetKey
from xinyong.site.admin.auth import admin_blueprint, client_ip, current_operator, require_roles
from xinyong.site.api.check_log import COLUMNS, as_row, log_csv
from xinyong.site.api.checks import STATES
from xinyong.site.cli.widget_keys import bad_origins
from xinyong.web.database import db_session

blueprint = admin_blueprint("admin_centre", "/admin/centre")
SHOWN = 200


def _centre() -> ServiceCentre:
    operator, s = current_operator(), db_session()
    centre_id = (
        operator.service_centre_id if operator.role == "centre" else request.args.get("centre", type=int)
    )
    centre = s.get(ServiceCentre, centre_id) if centre_id else None
    if centre is None and operator.role == "platform":
        centre = s.scalar(select(ServiceCentre).order_by(ServiceCentre.name).limit(1))
    if centre is None:
        abort(404)
    return centre


def _filters() -> dict[str, str]:
    return {k: v for k, v in request.args.items() if k in ("from", "to", "state", "approval_type") and v}


def _page(
    found: ServiceCentre, *, shown: dict[str, str] | None = None, notice: str | None = None, status: int = 200
):
    s = db_session()
    names = approval_types(s)
    try:
        records = log_rows(s, found.id, _filters())
        error = None
    except ValueError:
        records, error = [], "筛选条件无效：日期应为 年-月-日"
    keys = s.scalars(select(WidgetKey).where(WidgetKey.centre_id == found.id).order_by(WidgetKey.id)).all()
    centres = (
        s.scalars(select(ServiceCentre).order_by(ServiceCentre.name)).all()
        if current_operator().role == "platform"
        else []
    )
    scope = {"centre": found.id} if centres else {}
    return render_template(
        "admin/centre.html",
        centre=found,
        centres=centres,
        keys=keys,
        rows=[as_row(r, names) for r in records[:SHOWN]],
        total=len(records),
        columns=COLUMNS,
        names=names,
        states=STATES,
        filters=_filters(),
        state_labels=STATE_LABELS,
        state_column=COLUMNS.index("核查结论"),
        csv_args={**_filters(), **scope},
        scope=scope,
        error=error,
        shown=shown,
        notice=notice,
        over_limit=operators_over_limit(s, found.id),
    ), status if not error else 400


@blueprint.get("/")
@require_roles("centre", "platform")
def centre():
    return _page(_centre())


@blueprint.post("/keys")
@require_roles("centre", "platform")
def create_keys():
    found, s = _centre(), db_session()
    origins = [o.strip().rstrip("/") for o in request.form.get("origins", "").split() if o.strip()]
    bad = bad_origins(origins)
    if not origins or bad or len(origins) > 10:
        return _page(
            found,
            notice="来源网站应为 协议://主机[:端口]，每行一个，最多 10 个"
            + (f"：{'、'.join(bad)}" if bad else ""),
            status=400,
        )
    row, key, secret = create_key(s, found.name, origins)
    log_action(
        s,
        current_operator().username,
        "widget_key_create",
        f"widget_key:{row.key_prefix}",
        after={"centre": found.name, "origins": row.origins},
        ip=client_ip(),
    )
    s.commit()
    return _page(
        found,
        shown={"secret": secret, "publishable": key},
        notice="已创建密钥。私密密钥只显示这一次，请立即保存到服务中心系统的服务端。",
    )


def _own_key(key_id: int) -> tuple[ServiceCentre, WidgetKey]:
    found = _centre()
    row = db_session().get(WidgetKey, key_id)
    if row is None or row.centre_id != found.id:
        abort(404)
    return found, row


@blueprint.post("/keys/<int:key_id>/rotate")
@require_roles("centre", "platform")
def rotate(key_id: int):
    found, row = _own_key(key_id)
    if row.revoked_at is not None:
        return _page(found, notice="该密钥已停用，不能更换私密密钥", status=400)
    secret = rotate_secret(row)
    s = db_session()
    log_action(
        s, current_operator().username, "widget_key_rotate", f"widget_key:{row.key_prefix}", ip=client_ip()
    )
    s.commit()
    return _page(
        found,
        shown={"secret": secret},
        notice="已更换私密密钥：原私密密钥及其签发的柜台会话即刻失效。新的私密密钥只显示这一次。",
    )


@blueprint.post("/keys/<int:key_id>/revoke")
@require_roles("centre", "platform")
def revoke(key_id: int):
    found, row = _own_key(key_id)
    row.revoked_at = row.revoked_at or utcnow()
    s = db_session()
    log_action(
        s, current_operator().username, "widget_key_revoke", f"widget_key:{row.key_prefix}", ip=client_ip()
    )
    s.commit()
    return _page(found, notice=f"已停用密钥 {row.key_prefix}…：使用它的网页和柜台会话即刻失效。")


@blueprint.get("/checks.csv")
@require_roles("centre", "platform")
def checks_csv():
    found, s = _centre(), db_session()
    try:
        records = log_rows(s, found.id, _filters())
    except ValueError:
        abort(400)
    return log_csv(records, approval_types(s))
