"""The public side of credit repair and objections: apply on a record, follow by tracking code.

Forms carry a CSRF token (so these pages, and only these, set a session cookie) and are never
cached. A tracking code is shown once, after submission; progress is looked up by POST so the
code stays out of URLs, logs and browser history.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from sqlalchemy import select

from xinyong.records.clock import today_local
from xinyong.records.models import Penalty
from xinyong.records.procedures.cases import (
    DEADLINES,
    GROUNDS,
    KIND_NAMES,
    OBJECTION,
    REPAIR,
    Application,
    ProcedureRefused,
    find_case,
    refusal,
    submit,
)
from xinyong.records.procedures.uploads import (
    MAX_BYTES,
    MAX_FILES,
    UploadRefused,
    check_upload,
    store_document,
)
from xinyong.records.publication.in_force import penalty_in_force
from xinyong.site.admin.auth import never_cached, protect_forms
from xinyong.web.database import db_session
from xinyong.web.extensions import limiter

blueprint = Blueprint("procedures", __name__)
SUBMIT_LIMIT = "5 per minute"
TRACK_LIMIT = "20 per minute"
COMMITMENT = (
    "本单位（本人）郑重承诺：已纠正失信行为、履行法定义务并消除不良影响；所提交的材料真实、"
    "合法、有效；如有虚假，愿意承担相应法律责任，并同意将本承诺的履行情况纳入信用记录。"
)
KINDS = {"repair": REPAIR, "objection": OBJECTION}


@blueprint.before_request
def _small_bodies() -> None:
    # The documents and a little text: anything larger is refused (413) before it is read.
    limit = MAX_FILES * MAX_BYTES + 1024 * 1024
    if (request.content_length or 0) > limit:
        abort(413)  # declared too large: refused unread
    request.max_content_length = limit  # and a body that lies about its length is cut off


protect_forms(blueprint)  # after the size limit: the CSRF check reads the body
never_cached(blueprint)


def _penalty_or_404(record_id: int) -> Penalty:
    penalty = db_session().scalar(
        select(Penalty).where(Penalty.id == record_id, penalty_in_force(today_local()))
    )
    if penalty is None:
        abort(404)
    return penalty


@blueprint.route("/record/penalty/<id:record_id>/<any(repair, objection):kind>", methods=["GET", "POST"])
@limiter.limit(SUBMIT_LIMIT, methods=["POST"])
def apply(record_id: int, kind: str):
    kind = KINDS[kind]
    penalty, today, session = _penalty_or_404(record_id), today_local(), db_session()
    errors: list[str] = []
    refused = refusal(session, kind, penalty, today)
    if request.method == "POST" and not refused:
        app = Application(
            request.form.get("contact_name", ""),
            request.form.get("contact_phone", ""),
            request.form.get("statement", ""),
            request.form.get("grounds"),
            COMMITMENT if request.form.get("commitment") == "agree" else None,
        )
        try:
            documents = _documents()
            case, code = submit(session, kind, penalty, app, documents, today)
            session.commit()
        except (ProcedureRefused, UploadRefused) as exc:
            session.rollback()
            errors = str(exc).split("；")
        else:
            return render_template(
                "procedures/submitted.html", case=case, code=code, kind_name=KIND_NAMES[kind], penalty=penalty
            )
    status = 200 if not errors else 400
    return render_template(
        "procedures/apply.html",
        kind=kind,
        kind_name=KIND_NAMES[kind],
        penalty=penalty,
        refused=refused,
        errors=errors,
        form=request.form,
        grounds=GROUNDS,
        commitment=COMMITMENT,
        deadlines=DEADLINES[kind],
        max_files=MAX_FILES,
        max_mb=MAX_BYTES // 1024 // 1024,
    ), status


def _documents():
    files = [f for f in request.files.getlist("documents") if f and f.filename]
    if len(files) > MAX_FILES:
        raise UploadRefused(f"最多上传 {MAX_FILES} 个文件")
    # Every file is checked before any is stored: a refused batch leaves nothing behind.
    contents = [(f.filename, f.read(MAX_BYTES + 1)) for f in files]
    checked = [(name, data, check_upload(name, data)) for name, data in contents]
    # In the database, in the case's transaction: a refused submission keeps none of them.
    return [store_document(db_session(), name, data, media) for name, data, media in checked]


@blueprint.route("/track", methods=["GET", "POST"])
@limiter.limit(TRACK_LIMIT, methods=["POST"])
def track():
    case, not_found = None, False
    if request.method == "POST":
        case = find_case(db_session(), request.form.get("code", "")[:40])
        not_found = case is None
    penalty = db_session().get(Penalty, case.record_id) if case else None
    return render_template(
        "procedures/track.html",
        case=case,
        penalty=penalty,
        not_found=not_found,
        kind_name=KIND_NAMES.get(case.kind) if case else None,
    ), 404 if not_found else 200
