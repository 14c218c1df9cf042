"""Administration for a service centre: its widget keys and its check log (查询留痕).

A centre administrator sees their own centre only; a platform administrator picks any centre.
The check log is the same as the key-authenticated API's (/api/v1/checks), read with a
signed-in session instead of a key, so it can be reviewed and downloaded in a browser.
"""

from __future__ import annotations

from flask import abort, render_template, request
from sqlalchemy import select

from xinyong.records.models import ServiceCentre, WidgetKey
from xinyong.site.auth import admin_blueprint, current_operator, require_roles
from xinyong.site.check_flow import approval_types
from xinyong.site.checks_api import STATES
from xinyong.site.checks_log import COLUMNS, as_row, log_csv, log_rows
from xinyong.site.database import db_session

blueprint = admin_blueprint("admin_centre", "/admin/centre")
SHOWN = 200


def _centre() -> ServiceCentre:
    operator, s = current_operator(), db_session()
    centre_id = operator.service_centre_id if operator.role == "centre" else \
        request.args.get("centre", type=int)
    centre = s.get(ServiceCentre, centre_id) if centre_id else None
    if centre is None and operator.role == "platform":
        centre = s.scalar(select(ServiceCentre).order_by(ServiceCentre.name).limit(1))
    if centre is None:
        abort(404)
    return centre


def _filters() -> dict[str, str]:
    return {k: v for k, v in request.args.items() if k in ("from", "to", "state", "approval_type") and v}


@blueprint.get("/")
@require_roles("centre", "platform")
def centre():
    found, s = _centre(), db_session()
    names = approval_types(s)
    try:
        records = log_rows(s, found.id, _filters())
        error = None
    except ValueError:
        records, error = [], "筛选条件无效：日期应为 年-月-日"
    keys = s.scalars(select(WidgetKey).where(WidgetKey.centre_id == found.id).order_by(WidgetKey.id)).all()
    centres = s.scalars(select(ServiceCentre).order_by(ServiceCentre.name)).all() \
        if current_operator().role == "platform" else []
    return render_template("admin/centre.html", centre=found, centres=centres, keys=keys,
                           rows=[as_row(r, names) for r in records[:SHOWN]], total=len(records),
                           columns=COLUMNS, names=names, states=STATES, filters=_filters(),
                           csv_args={**_filters(), **({"centre": found.id} if centres else {})},
                           error=error), 400 if error else 200


@blueprint.get("/checks.csv")
@require_roles("centre", "platform")
def checks_csv():
    found, s = _centre(), db_session()
    try:
        records = log_rows(s, found.id, _filters())
    except ValueError:
        abort(400)
    return log_csv(records, approval_types(s))
