"""Credit reports: issue one (POST), read it as a printable page or a PDF, verify it publicly."""

from __future__ import annotations

from urllib.parse import urlsplit

import segno
from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from markupsafe import Markup

from xinyong.records.clock import to_local, today_local
from xinyong.records.display.profile import build_profile, find_subject
from xinyong.records.identifiers import normalize_code
from xinyong.records.reports.pdf import PdfUnavailable, render_pdf
from xinyong.records.reports.snapshots import find_report, issue_report, no_longer_published
from xinyong.web.database import db_session
from xinyong.web.downloads import attachment
from xinyong.web.extensions import limiter

blueprint = Blueprint("reports", __name__)
ISSUE_LIMIT = "10 per minute"


def _subject_or_404(code: str):
    subject = find_subject(db_session(), uscc=normalize_code(code))
    if subject is None:
        abort(404)
    return subject


@blueprint.get("/credit/<code>/report")
def preview(code: str):
    subject = _subject_or_404(code)
    profile = build_profile(db_session(), subject, today_local())
    return render_template("reports/preview.html", profile=profile)


@blueprint.post("/credit/<code>/report")
@limiter.limit(ISSUE_LIMIT)
def issue(code: str):
    origin = request.headers.get("Origin")
    if origin and urlsplit(origin).netloc != request.host:
        abort(400)  # only our own page's form issues reports
    subject = _subject_or_404(code)
    session = db_session()
    report = issue_report(session, subject, today_local())
    session.commit()
    return redirect(url_for("reports.show", number=report.number), 303)


def _report_or_404(number: str):
    report = find_report(db_session(), number)
    if report is None:
        abort(404)
    return report


def _verify_url(number: str) -> str:
    return url_for("reports.verify", number=number, _external=True)


@blueprint.get("/reports/<number>")
def show(number: str):
    report = _report_or_404(number)
    qr = segno.make(_verify_url(report.number), error="m").svg_inline(
        scale=3, title=f"核验二维码：{report.number}"
    )
    return render_template(
        "reports/report.html",
        report=report,
        c=report.content,
        generated=to_local(report.generated_at).strftime("%Y-%m-%d %H:%M:%S"),
        qr=Markup(qr),  # noqa: S704 - segno's own SVG
        verify_url=_verify_url(report.number),
    )


@blueprint.get("/reports/<number>.pdf")
def pdf(number: str):
    report = _report_or_404(number)
    generated = to_local(report.generated_at).strftime("%Y-%m-%d %H:%M:%S")
    try:
        body = render_pdf(
            report.number,
            generated,
            report.data_version,
            report.content,
            _verify_url(report.number),
            font=current_app.config["XINYONG"].pdf_font,
        )
    except PdfUnavailable as exc:
        return render_template("error.html", status=503, title=str(exc)), 503
    return attachment(body, "application/pdf", f"{report.number}.pdf")


@blueprint.get("/verify")
@blueprint.get("/verify/<number>")
def verify(number: str | None = None):
    number = number or (request.args.get("number") or "").strip()
    if not number:
        return render_template("reports/verify.html", number="", report=None)
    if len(number) > 40:
        abort(400)
    report = find_report(db_session(), number)
    generated = to_local(report.generated_at).strftime("%Y-%m-%d %H:%M:%S") if report else None
    stopped = no_longer_published(db_session(), report, today_local()) if report else []
    return render_template(
        "reports/verify.html", number=number, report=report, generated=generated, stopped=stopped
    ), 200 if report else 404
