"""Administration: the pilot dashboard of the city credit office and its quarterly report."""

from __future__ import annotations

from flask import abort, current_app, render_template, request

from xinyong.records.clock import to_local, today_local
from xinyong.records.db import utcnow
from xinyong.records.pilot.figures import CASE_TARGETS, PilotReport, pilot_report, quarter_of
from xinyong.records.pilot.quarterly import report_pdf, report_xlsx
from xinyong.records.reports.pdf import PdfUnavailable
from xinyong.site.admin.auth import admin_blueprint, require_roles
from xinyong.web.database import db_session
from xinyong.web.downloads import attachment

blueprint = admin_blueprint("admin_pilot", "/admin/pilot")


def _report() -> PilotReport:
    year, quarter = quarter_of(today_local())
    try:
        year = int(request.args.get("year", year))
        quarter = int(request.args.get("quarter", quarter))
        if not 2014 <= year <= 2100 or not 1 <= quarter <= 4:
            raise ValueError
    except ValueError:
        abort(400)
    return pilot_report(db_session(), year, quarter, today_local())


@blueprint.get("/")
@require_roles("platform")
def dashboard():
    report = _report()
    this_year = today_local().year
    return render_template(
        "admin/pilot.html", report=report, targets=CASE_TARGETS, years=range(this_year, this_year - 6, -1)
    )


@blueprint.get("/report.<any(xlsx, pdf):fmt>")
@require_roles("platform")
def export(fmt: str):
    report = _report()
    name = f"pilot-{report.year}Q{report.quarter}.{fmt}"
    if fmt == "xlsx":
        body = report_xlsx(report)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        try:
            body = report_pdf(
                report,
                to_local(utcnow()).strftime("%Y-%m-%d %H:%M"),
                font=current_app.config["XINYONG"].pdf_font,
            )
        except PdfUnavailable as exc:
            return render_template("error.html", status=503, title=str(exc)), 503
        media = "application/pdf"
    return attachment(body, media, name)
