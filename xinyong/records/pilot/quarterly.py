"""The quarterly progress report of the pilot as XLSX (for editing) and PDF (for filing)."""

from __future__ import annotations

import io
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Font

from xinyong.records.pilot.figures import CASE_TARGETS, PilotReport, PilotRow
from xinyong.records.reports.pdf import find_font

NOTES = (
    "“7个工作日内公示率”：决定日期在本季度的行政许可和行政处罚中，于决定后7个工作日内（含调休）"
    "归集上网的比例，目标100%（国办发〔2015〕51号）。“推送率”：其中已推送至市信用平台的比例，目标100%。"
    "试点区按本区部门报送的信息统计；试点领域按信息所属领域统计。联合奖惩案例目标：每个试点区每月2–3个，"
    "每个试点领域每月1–2个（武信用办〔2016〕8号）。"
)


def table_rows(report: PilotReport, rows: list[PilotRow]) -> tuple[list[str], list[list]]:
    low, high = CASE_TARGETS[rows[0].kind] if rows else (0, 0)
    headers = [
        "名称",
        "许可和处罚（条）",
        "7个工作日内公示（条）",
        "7个工作日内公示率（%）",
        "已推送（条）",
        "推送率（%）",
    ]
    headers += [f"{m} 信息（条）" for m in report.months]
    headers += [f"{m} 联合奖惩案例（目标{low}–{high}）" for m in report.months]
    out = []
    for r in rows:
        out.append(
            [
                r.name,
                r.decided,
                r.in_time,
                _flagged(r.timely_share, "timely" in r.shortfalls),
                r.pushed,
                _flagged(r.pushed_share, "pushed" in r.shortfalls),
            ]
            + [r.records_per_month.get(m, 0) for m in report.months]
            + [report.case_text(r, m) for m in report.months]
        )
    return headers, out


def _flagged(share: float | None, short: bool) -> float | str | None:
    """A share under its 100% target reads 未达标 in the report (0% included)."""
    return f"{share}（未达标）" if short else share


UNPLACED_HEADERS = ["未分区部门（无法从名称确定所属区）", "本季度许可和处罚（条）"]


def report_xlsx(report: PilotReport) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in (("试点区", report.districts), ("试点领域", report.domains)):
        ws = wb.create_sheet(title)
        ws.append([f"信用武汉试点工作进展（{report.title}，{report.start}至{report.end}）——{title}"])
        ws["A1"].font = Font(bold=True)
        headers, body = table_rows(report, rows)
        ws.append(headers)
        for row in body:
            ws.append(["—" if v is None else v for v in row])
        ws.column_dimensions["A"].width = 24
    if report.unplaced:
        ws = wb.create_sheet("未分区")
        ws.append(UNPLACED_HEADERS)
        for name, n in report.unplaced:
            ws.append([name, n])
    notes = wb.create_sheet("说明")
    notes.append([NOTES])
    notes.append([report.timeliness_label])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def report_pdf(report: PilotReport, generated_at: str, font: Path | None = None) -> bytes:
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("cjk", fname=str(find_font(font)), collection_font_number=0)
    pdf.set_title(f"信用武汉试点工作进展 {report.title}")
    pdf.set_creator("信用武汉")
    pdf.add_page()
    pdf.set_font("cjk", size=16)
    pdf.cell(pdf.epw, 10, f"信用武汉试点工作进展报告（{report.title}）", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=9)
    pdf.cell(
        pdf.epw,
        6,
        f"统计期间：{report.start} 至 {report.end}　生成时间：{generated_at}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    for title, rows in (("试点区", report.districts), ("试点领域", report.domains)):
        pdf.ln(3)
        pdf.set_font("cjk", size=12)
        pdf.cell(pdf.epw, 8, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=7)
        headers, body = table_rows(report, rows)
        # Headings shaded, not bold: the CJK font has no bold face.
        with pdf.table(
            first_row_as_headings=True,
            line_height=4.5,
            headings_style=FontFace(emphasis="", fill_color=(230, 230, 230)),
        ) as table:
            for line in [headers] + body:
                cells = table.row()
                for value in line:
                    cells.cell("—" if value is None else str(value))
    if report.unplaced:
        pdf.ln(3)
        pdf.set_font("cjk", size=12)
        pdf.cell(pdf.epw, 8, "未分区", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=7)
        with pdf.table(
            first_row_as_headings=True,
            line_height=4.5,
            headings_style=FontFace(emphasis="", fill_color=(230, 230, 230)),
        ) as table:
            for line in [UNPLACED_HEADERS] + [[name, str(n)] for name, n in report.unplaced]:
                cells = table.row()
                for value in line:
                    cells.cell(value)
    pdf.ln(3)
    pdf.set_font("cjk", size=8)
    pdf.multi_cell(pdf.epw, 4.5, NOTES + report.timeliness_label, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
