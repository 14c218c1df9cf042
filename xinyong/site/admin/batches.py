"""Administration: departments deliver files through the web and see what became of each row.

The same importer and the same error reports as `xinyong import`: an upload is written to a
private temporary folder, imported as one transaction, and removed. A department operator
delivers for their own department and sees its batches only; rejected rows come back as an
error report (original columns + 错误原因) that can be corrected and uploaded again.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from flask import abort, current_app, redirect, render_template, request, url_for
from sqlalchemy import select

from xinyong.records.audit import log_action
from xinyong.records.ingest.error_report import error_report_csv, error_report_xlsx
from xinyong.records.ingest.importer import ImportFailed, ImportOptions, import_file
from xinyong.records.models import Department, ImportBatch
from xinyong.site.admin.auth import (
    admin_blueprint,
    client_ip,
    current_operator,
    department_scope,
    require_roles,
)
from xinyong.web.database import database, db_session
from xinyong.web.downloads import attachment

blueprint = admin_blueprint("admin_batches", "/admin/batches")
DELIVERERS = ("department", "platform")
SUFFIXES = (".csv", ".xlsx", ".json")
RECORD_TYPES = {
    "": "自动识别",
    "licence": "行政许可",
    "penalty": "行政处罚",
    "list_entry": "红黑名单",
    "commitment": "信用承诺",
    "joint_case": "联合奖惩案例",
}
SHOWN_ROWS = 200


def _batch_or_404(batch_id: int) -> ImportBatch:
    query = select(ImportBatch).where(ImportBatch.id == batch_id)
    batch = db_session().scalar(department_scope(ImportBatch, query))
    if batch is None:
        abort(404)
    return batch


@blueprint.get("/")
@require_roles(*DELIVERERS)
def batches():
    query = department_scope(ImportBatch, select(ImportBatch))
    rows = db_session().scalars(query.order_by(ImportBatch.id.desc()).limit(100)).all()
    return render_template("admin/batches.html", batches=rows, record_types=RECORD_TYPES)


@blueprint.route("/upload", methods=["GET", "POST"])
@require_roles(*DELIVERERS)
def upload():
    operator, s = current_operator(), db_session()
    departments = s.scalars(select(Department).order_by(Department.name)).all()
    error = None
    if request.method == "POST":
        file = request.files.get("file")
        name = Path((file.filename if file else "") or "").name[:200]
        record_type = request.form.get("record_type", "")
        if operator.role == "department":
            department = s.get(Department, operator.department_id).name
        else:
            department = request.form.get("department") or None
        if file is None or not name:
            error = "请选择要上传的文件"
        elif Path(name).suffix.lower() not in SUFFIXES:
            error = "只接受 CSV、XLSX 或 JSON 文件"
        elif record_type not in RECORD_TYPES:
            error = "请选择正确的信息类别"
        else:
            batch_id, error = _import(file, name, record_type or None, department, operator.username)
            if batch_id is not None:
                return redirect(url_for("admin_batches.batch", batch_id=batch_id))
    return render_template(
        "admin/upload.html", error=error, departments=departments, record_types=RECORD_TYPES
    ), 400 if error else 200


def _import(
    file, name: str, record_type: str | None, department: str | None, username: str
) -> tuple[int | None, str | None]:
    settings = current_app.config["XINYONG"]
    incoming = settings.instance_dir / "incoming"
    incoming.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=incoming))  # private (0700); the name is the uploader's
    try:
        path = folder / name
        file.save(path)
        options = ImportOptions(
            id_hash_key=settings.id_hash_key_bytes,
            submitted_by=username,
            department=department,
            record_type=record_type,
            max_bytes=settings.import_max_bytes,
        )
        try:
            summary = import_file(database().factory, path, options)
        except ImportFailed as exc:
            _audit(username, "batch_upload_failed", exc.batch_id, {"error": exc.message})
            return None, exc.message
        _audit(username, "batch_upload", summary.batch, summary.as_dict())
        return summary.batch, None
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _audit(username: str, action: str, batch_id: int | None, after: dict) -> None:
    with database().factory() as s:
        log_action(
            s, username, action, f"batch:{batch_id}" if batch_id else None, after=after, ip=client_ip()
        )
        s.commit()


@blueprint.get("/<id:batch_id>")
@require_roles(*DELIVERERS)
def batch(batch_id: int):
    found = _batch_or_404(batch_id)
    department = db_session().get(Department, found.department_id) if found.department_id else None
    return render_template(
        "admin/batch.html",
        batch=found,
        department=department,
        rejected=found.rejected_rows[:SHOWN_ROWS],
        record_types=RECORD_TYPES,
    )


@blueprint.get("/<id:batch_id>/errors.<any(csv, xlsx):fmt>")
@require_roles(*DELIVERERS)
def errors(batch_id: int, fmt: str):
    found = _batch_or_404(batch_id)
    if fmt == "xlsx":
        body = error_report_xlsx(found)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, media = error_report_csv(found), "text/csv; charset=utf-8"
    return attachment(body, media, f"batch-{found.id}-errors.{fmt}")
