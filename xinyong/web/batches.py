"""What the batch-check API and the widget's 批量核查 tab both serve: a centre's own batch (404
for anyone else's), its full answer with the receipt code, the XLSX and the print page, and the
bounded read of an uploaded list. Here, not in `site`, so the widget imports no `site` module."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, current_app, render_template, request

from xinyong.records.checks.batch_input import MAX_FILE_BYTES
from xinyong.records.checks.batch_store import batch_by_number, batch_xlsx, full_view
from xinyong.records.checks.keys import receipt_code
from xinyong.records.checks.verdict import STATE_LABELS
from xinyong.records.models import CheckBatch
from xinyong.web.database import db_session
from xinyong.web.downloads import attachment

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def batch_secret() -> bytes:
    return current_app.config["XINYONG"].secret_key.encode("utf-8")


def read_upload(file) -> bytes:
    """At most one byte past the bound (enough to say it is too large); the spooled temporary
    file closed at once rather than left to the garbage collector."""
    try:
        return file.stream.read(MAX_FILE_BYTES + 1)
    finally:
        file.close()


def owner_view(batch: CheckBatch) -> dict[str, Any]:
    """The batch as its centre reads it, with the receipt's code (to print and to verify)."""
    return {**full_view(db_session(), batch), "code": receipt_code(batch.receipt_no, batch_secret())}


def own_batch(number: str, centre_id: int | None) -> CheckBatch:
    batch = batch_by_number(db_session(), number)
    if batch is None or (centre_id is not None and batch.centre_id != centre_id):
        abort(404)  # another centre's batch reads as no batch at all
    return batch


def xlsx_response(view: dict[str, Any]) -> Response:
    return attachment(batch_xlsx(view), XLSX, f"{view['number']}.xlsx")


def print_page(view: dict[str, Any]) -> Response:
    response = Response(
        render_template(
            "checks/batch_print.html", view=view, labels=STATE_LABELS, portal=request.host_url.rstrip("/")
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response
