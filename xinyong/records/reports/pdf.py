"""The credit report as a PDF: fpdf2 (pure Python) with an embedded CJK TrueType font and the
verification QR code (segno), drawn from the stored snapshot — never from live data, so the PDF
says exactly what the verification page confirms.

The font is a system font (Debian's fonts-wqy-microhei, installed by the setup scripts);
OpenType CFF fonts such as Noto CJK cannot be embedded by fpdf2, TrueType collections can.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, TypedDict

import segno
from fpdf import FPDF

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)


DISCLAIMER = (
    "说明：本报告列出生成时仍在公示期内的公共信用信息，由各部门依法归集。"
    "有行政处罚信息或被列入名单不等于对主体信用的整体评价。"
    "已到期、已信用修复或已撤销的信息不再公示。"
)


class _NextLine(TypedDict):
    # A TypedDict, not a plain dict, so that `**NEXT` type-checks against fpdf's keyword arguments.
    new_x: str
    new_y: str


NEXT: _NextLine = {"new_x": "LMARGIN", "new_y": "NEXT"}


class PdfUnavailable(RuntimeError):
    """No CJK TrueType font on this machine: the PDF cannot be drawn."""


def find_font(configured: Path | None = None) -> Path:
    """`configured` (settings.pdf_font), else the first Debian CJK font installed."""
    for candidate in ((configured,) if configured else ()) + FONT_CANDIDATES:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise PdfUnavailable("服务器未安装中文字体，暂时无法生成 PDF，请使用打印页面")


def render_pdf(
    number: str,
    generated_at: str,
    data_version: str,
    content: dict[str, Any],
    verify_url: str,
    font: Path | None = None,
) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_font("cjk", fname=str(find_font(font)), collection_font_number=0)
    pdf.set_title(f"信用报告 {number}")
    pdf.set_creator("信用武汉")
    pdf.add_page()
    width = pdf.epw
    subject = content["subject"]

    qr = io.BytesIO()
    segno.make(verify_url, error="m").save(qr, kind="png", scale=4, border=1)
    pdf.image(qr, x=pdf.w - pdf.r_margin - 30, y=pdf.t_margin, w=30, h=30)
    pdf.set_font("cjk", size=20)
    pdf.cell(width - 34, 12, "公共信用信息报告", **NEXT)
    pdf.set_font("cjk", size=9)
    for line in (
        f"报告编号：{number}",
        f"生成时间：{generated_at}",
        f"数据版本：{data_version}",
        "扫描右侧二维码或访问以下地址核验本报告：",
        verify_url,
    ):
        pdf.cell(width - 34, 5, line, **NEXT)
    pdf.ln(4)
    pdf.set_font("cjk", size=14)
    pdf.multi_cell(width, 8, subject["name"], **NEXT)
    pdf.set_font("cjk", size=11)
    pdf.multi_cell(width, 6, content["status_line"], border=1, padding=2, **NEXT)
    pdf.ln(2)
    pdf.set_font("cjk", size=9)
    basics = [
        ("统一社会信用代码", "uscc"),
        ("主体类别", "kind"),
        ("法定代表人/经营者", "legal_rep"),
        ("所属区", "district"),
        ("行业领域", "domain"),
    ]
    for label, key in basics:
        value = subject.get(key) or "—"
        pdf.cell(40, 6, label)
        pdf.cell(width - 40, 6, value, **NEXT)
    for section in content["sections"]:
        pdf.ln(3)
        pdf.set_font("cjk", size=12)
        pdf.cell(width, 8, f"{section['title']}（{len(section['records'])}条）", **NEXT)
        pdf.set_font("cjk", size=9)
        if not section["records"]:
            pdf.cell(width, 6, section["empty_text"], **NEXT)
        for r in section["records"]:
            parts = [
                r["title"],
                r.get("document_no"),
                r.get("authority"),
                f"{r['decided']} 至 {r['until']}"
                if r["entity"] not in ("commitment", "joint_case")
                else r["decided"],
                f"来源：{r.get('department') or '—'}",
            ]
            pdf.multi_cell(width, 5, " · ".join(p for p in parts if p), **NEXT)
    pdf.ln(4)
    pdf.set_font("cjk", size=8)
    pdf.multi_cell(width, 4.5, DISCLAIMER, **NEXT)
    return bytes(pdf.output())
