"""The error report a department gets back: its rejected rows, original columns + 错误原因.

Fix the rows in this file and deliver it again: the importer reads it like any delivery (the
extra 错误原因 column is ignored).
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from xinyong.records.models import ImportBatch
from xinyong.records.pii import mask_ids_in_text

REASON_COLUMN = "错误原因"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Stop spreadsheets from running a cell as a formula (CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def report_rows(batch: ImportBatch) -> tuple[list[str], list[list[str]]]:
    headers = [h or f"第{i + 1}列" for i, h in enumerate(batch.headers or [])]
    rows = []
    for rejected in batch.rejected_rows:
        reasons = "；".join(
            f"第{rejected.row_number}行“{e['column'] or '整行'}”"
            + (f"（{e['value']}）" if e.get("value") else "")
            + f"：{e['reason']}"
            for e in rejected.errors
        )
        # Masked at import; masked again here so that no row stored before a written form was
        # known leaves in a report.
        rows.append(
            [neutralise(mask_ids_in_text(str(rejected.values.get(h, "")))) for h in headers]
            + [mask_ids_in_text(reasons)]
        )
    return [*headers, REASON_COLUMN], rows


def error_report_csv(batch: ImportBatch) -> bytes:
    headers, rows = report_rows(batch)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    # UTF-8 with BOM: Excel on Chinese Windows opens it with the right characters.
    return out.getvalue().encode("utf-8-sig")


def error_report_xlsx(batch: ImportBatch) -> bytes:
    headers, rows = report_rows(batch)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("错误报告")
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
