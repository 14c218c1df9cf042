"""Administration: a service centre's batch checks (批量核查) — the list of its batches with their
counts, each one's printable table and XLSX. For signed-in administrators of the centre (a
platform administrator names the centre with ?centre=ID, as on /admin/centre/). Batches are run
at the counter (the widget's 批量核查 tab) or by the centre's system (POST /api/v1/batches)."""

from __future__ import annotations

from flask import render_template
from sqlalchemy import select

from xinyong.records.checks.verdict import STATE_LABELS
from xinyong.records.models import ApprovalType, CheckBatch
from xinyong.site.admin.auth import admin_blueprint, require_roles
from xinyong.site.admin.centre import _centre
from xinyong.web.batches import own_batch, owner_view, print_page, xlsx_response
from xinyong.web.database import db_session

blueprint = admin_blueprint("admin_centre_batches", "/admin/centre/batches")
SHOWN = 100


@blueprint.get("/")
@require_roles("centre", "platform")
def batches():
    centre, s = _centre(), db_session()
    rows = s.scalars(
        select(CheckBatch)
        .where(CheckBatch.centre_id == centre.id)
        .order_by(CheckBatch.id.desc())
        .limit(SHOWN)
    ).all()
    names = dict(s.execute(select(ApprovalType.code, ApprovalType.name)).all())
    return render_template(
        "checks/admin_batches.html", centre=centre, batches=rows, names=names, labels=STATE_LABELS
    )


def _own(number: str) -> CheckBatch:
    return own_batch(number, _centre().id)  # another centre's batch: 404


@blueprint.get("/<number>/print")
@require_roles("centre", "platform")
def printable(number: str):
    return print_page(owner_view(_own(number)))


@blueprint.get("/<number>.xlsx")
@require_roles("centre", "platform")
def xlsx(number: str):
    return xlsx_response(owner_view(_own(number)))
