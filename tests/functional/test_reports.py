"""Credit reports: issue, read, download as PDF, verify — and what a forged number gets."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from xinyong.records.models import CreditReport

HENGTONG = "91420102MA4K00010N"
NUMBER = re.compile(r"XYBG-\d{8}-[0-9A-Z]{5}-[0-9A-Z]{5}")


@pytest.fixture
def site(client, import_files):
    import_files("penalties-current.csv", "licences.xlsx", "list-entries.json")
    return client


def issue(site) -> str:
    response = site.post(f"/credit/{HENGTONG}/report")
    assert response.status_code == 303
    number = NUMBER.search(response.headers["Location"]).group(0)
    return number


def test_issue_read_and_verify_a_report(site):
    preview = site.get(f"/credit/{HENGTONG}/report").get_data(as_text=True)
    assert "生成信用报告" in preview and 'method="post"' in preview
    number = issue(site)
    html = site.get(f"/reports/{number}").get_data(as_text=True)
    assert number in html and "数据版本" in html and "生成时间" in html
    assert "该主体有1条有效行政处罚信息" in html
    assert "<svg" in html and f"/verify/{number}" in html  # the QR code and its address
    verified = site.get(f"/verify/{number}")
    assert verified.status_code == 200
    text = verified.get_data(as_text=True)
    assert "该报告真实有效" in text and "武汉恒通商贸有限公司" in text
    assert "行政处罚：1条" in text
    assert site.get("/verify", query_string={"number": number.lower()}).status_code == 200


def test_a_report_keeps_what_it_said_after_the_data_changes(site, runner, tmp_path):
    number = issue(site)
    from tests.support.files import rewrite_csv

    corrected = rewrite_csv(
        "penalties-current.csv",
        tmp_path / "p.csv",
        {"武汉恒通商贸有限公司": {"处罚决定日期": "2024-01-02", "处罚有效期": "2025-01-01"}},
    )
    assert runner.invoke(args=["import", str(corrected)]).exit_code == 0
    assert "没有有效的行政处罚信息" in site.get(f"/credit/{HENGTONG}").get_data(as_text=True)
    assert "该主体有1条有效行政处罚信息" in site.get(f"/verify/{number}").get_data(as_text=True)


def test_forged_or_altered_reports_do_not_verify(site, engine):
    page = site.get("/verify/XYBG-20261125-AAAAA-BBBBB")
    assert page.status_code == 404 and "未找到编号" in page.get_data(as_text=True)
    number = issue(site)
    with engine.begin() as conn:
        row = conn.execute(select(CreditReport.id, CreditReport.content)).one()
        content = dict(row.content, status_line="该主体信用良好。")
        conn.execute(update(CreditReport).where(CreditReport.id == row.id).values(content=content))
    assert site.get(f"/verify/{number}").status_code == 404
    assert site.get("/verify/" + "X" * 41).status_code == 400
    assert site.get("/verify").status_code == 200


def test_reports_only_for_known_subjects_and_only_by_our_own_form(site):
    assert site.post("/credit/91420100MA4K99999X/report").status_code == 404
    assert site.get("/credit/91420100MA4K99999X/report").status_code == 404
    cross = site.post(f"/credit/{HENGTONG}/report", headers={"Origin": "https://evil.example"})
    assert cross.status_code == 400


def test_pdf_says_what_the_report_says_with_its_qr_code(site):
    number = issue(site)
    response = site.get(f"/reports/{number}.pdf")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    body = response.get_data()
    assert body.startswith(b"%PDF-") and b"/FontFile2" in body  # the CJK font is embedded
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    for expected in (
        "公共信用信息报告",
        number,
        "武汉恒通商贸有限公司",
        "该主体有1条有效行政处罚信息",
        f"/verify/{number}",
    ):
        assert expected in text.replace("\n", "")
    assert len(PdfReader(io.BytesIO(body)).pages[0].images) == 1  # the QR code
