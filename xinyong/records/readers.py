"""Reading department files into a header row and data rows, whatever the container.

CSV arrives in UTF-8, UTF-8 with BOM, GB18030/GBK (Excel on Chinese Windows) or UTF-16 (Excel's
"Unicode text"); spreadsheets as XLSX; some systems export JSON. Every failure to read is a
`FileUnreadable` with a Chinese message the department can act on.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from xinyong.records.catalog import normalize_label

Cell = str | date | datetime | int | float | None
HEADER_SCAN_ROWS = 10  # templates often put a title row or two above the headings


class FileUnreadable(ValueError):
    """The file cannot be read at all; nothing from it is imported."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    format: str  # csv | xlsx | json
    encoding: str | None
    headers: list[str]
    rows: Iterator[tuple[int, list[Cell]]]  # (row number as the department sees it, cells)


def read_table(path: Path, known_labels: set[str]) -> Table:
    data = path.read_bytes()
    if not data.strip():
        raise FileUnreadable("文件为空")
    suffix = path.suffix.lower()
    if data[:4] == b"PK\x03\x04" or suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(data, known_labels)
    if data[:2] == b"\xd0\xcf":
        raise FileUnreadable("不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV 后再提交")
    text, encoding = _decode(data)
    stripped = text.lstrip()
    if suffix == ".json" or stripped[:1] in ("[", "{"):
        return _read_json(stripped, encoding)
    return _read_csv(text, encoding, known_labels)


def _decode(data: bytes) -> tuple[str, str]:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise FileUnreadable("文件声明为 UTF-16 编码但内容无法解码") from exc
    if b"\x00" in data[:4096]:
        raise FileUnreadable("文件含有二进制内容，不是 CSV、XLSX 或 JSON 文件")
    if data[:3] == b"\xef\xbb\xbf":
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise FileUnreadable("文件带有 UTF-8 标记但内容不是有效的 UTF-8 编码") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # GB18030 is a superset of GBK and GB2312, so one attempt covers all three.
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise FileUnreadable(
            "无法识别文件编码：请使用 UTF-8 或 GB18030（GBK）编码保存 CSV 文件"
        ) from exc


def _header_index(rows: list[list[Cell]], known_labels: set[str]) -> int:
    """Index of the first row that looks like a heading row (3+ known labels)."""
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        hits = sum(1 for c in row if c is not None and normalize_label(str(c)) in known_labels)
        if hits >= 3:
            return i
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        if any(c not in (None, "") for c in row):
            return i
    raise FileUnreadable("文件中没有找到表头行")


def _read_csv(text: str, encoding: str, known_labels: set[str]) -> Table:
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    try:
        all_rows: list[list[Cell]] = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise FileUnreadable(f"CSV 格式错误：{exc}") from exc
    h = _header_index(all_rows, known_labels)
    headers = [str(c or "").strip() for c in all_rows[h]]

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        for number, row in enumerate(all_rows[h + 1 :], start=h + 2):
            if any(str(c).strip() for c in row):
                yield number, row

    return Table("csv", encoding, headers, rows())


BROKEN_XLSX = "无法打开 Excel 文件：文件已损坏或不是 .xlsx 格式"


def _read_xlsx(data: bytes, known_labels: set[str]) -> Table:
    from openpyxl import load_workbook  # imported here: only XLSX deliveries pay for it

    # A damaged workbook fails in whichever layer meets the damage first — zip, zlib, XML,
    # openpyxl's own reading — each with its own exception type, and the sheet is parsed
    # lazily, so row iteration can fail too (found by fuzzing: zlib.error from a bent zip).
    # Every failure of reading is the same answer to the department: the file is broken.
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = wb.worksheets[0]
        head: list[list[Cell]] = []
        it = sheet.iter_rows(values_only=True)
        for row in it:
            head.append(list(row))
            if len(head) >= HEADER_SCAN_ROWS:
                break
    except Exception as exc:  # noqa: BLE001 - see above
        raise FileUnreadable(BROKEN_XLSX) from exc
    if not head:
        raise FileUnreadable("Excel 文件的第一个工作表为空")
    h = _header_index(head, known_labels)
    headers = [str(c).strip() if c is not None else "" for c in head[h]]

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        number = h + 1
        for row in head[h + 1 :]:
            number += 1
            if any(c not in (None, "") for c in row):
                yield number, row
        try:
            for row in it:
                number += 1
                cells = list(row)
                if any(c not in (None, "") for c in cells):
                    yield number, cells
        except Exception as exc:  # noqa: BLE001 - a damaged sheet, met after its first rows
            raise FileUnreadable(f"{BROKEN_XLSX}（第 {number} 行之后无法读取）") from exc
        finally:
            wb.close()

    return Table("xlsx", None, headers, rows())


def _read_json(text: str, encoding: str) -> Table:
    try:
        doc: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileUnreadable(f"JSON 格式错误：第{exc.lineno}行第{exc.colno}列附近") from exc
    if isinstance(doc, dict):
        doc = next((doc[k] for k in ("records", "data", "rows") if isinstance(doc.get(k), list)),
                   None)
    if not isinstance(doc, list) or not all(isinstance(r, dict) for r in doc):
        raise FileUnreadable("JSON 文件应为对象数组，每个对象以中文字段名为键")
    headers: list[str] = []
    seen: set[str] = set()
    for record in doc:
        for key in record:
            if key not in seen:
                seen.add(key)
                headers.append(str(key))

    def cell(v: Any) -> Cell:
        if v is None or isinstance(v, str | int | float):
            return v
        return json.dumps(v, ensure_ascii=False)

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        for number, record in enumerate(doc, start=1):
            yield number, [cell(record.get(h)) for h in headers]

    return Table("json", encoding, headers, rows())
