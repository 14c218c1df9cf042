"""Reading department files into a header row and data rows, whatever the container.

CSV arrives in UTF-8, UTF-8 with BOM, GB18030/GBK (Excel on Chinese Windows) or UTF-16 (Excel's
"Unicode text"); spreadsheets as XLSX; some systems export JSON. Every failure to read is a
`FileUnreadable` with a Chinese message the department can act on.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, cast
from xml.parsers import expat

from xinyong.records.catalog import normalize_label

Cell = str | date | datetime | int | float | None
HEADER_SCAN_ROWS = 10  # templates often put a title row or two above the headings

# Bounds on what one file may unfold into, so that reading any department file (in the importer
# or in a web worker, for an upload) stays well under 300 MB: a 600 KB workbook can declare
# gigabytes of XML, one cell can hold gigabytes of text.
MAX_CELL_CHARS = 32_767  # Excel's own limit per cell; no real department value comes close
MAX_COLUMNS = 16_384  # Excel's column limit (XFD)
MAX_PART_BYTES = 256 * 1024 * 1024  # one uncompressed workbook part (a sheet's XML)
MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024  # openpyxl holds the shared strings in memory
MAX_WORKBOOK_BYTES = 512 * 1024 * 1024  # all parts together, uncompressed
MAX_LINE_CHARS = 1_000_000  # one physical CSV line
MAX_JSON_DEPTH = 16  # a record is an object of values; a value may be a small object or list
MAX_JSON_CONTAINERS = 2_000_000  # objects and arrays in one JSON file (each costs ~100 bytes)


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
    return read_bytes(path.read_bytes(), path.suffix, known_labels)


def read_bytes(data: bytes, suffix: str, known_labels: set[str]) -> Table:
    """`read_table` for a file already in memory (a small upload, e.g. a batch check's list)."""
    if not data.strip():
        raise FileUnreadable("文件为空")
    suffix = suffix.lower()
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
        raise FileUnreadable("无法识别文件编码：请使用 UTF-8 或 GB18030（GBK）编码保存 CSV 文件") from exc


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
    # Rows are read as they are imported, not all at once: the rows of a 200 MB file held as
    # lists of strings would take gigabytes.
    reader = csv.reader(_bounded_lines(text), delimiter=delimiter)
    # The same iterator, typed as rows of cells: csv gives lists of str, which are only read.
    cells = cast("Iterator[list[Cell]]", reader)
    head: list[list[Cell]] = []
    try:
        for row in cells:
            head.append(_bounded_row(row, reader.line_num))
            if len(head) >= HEADER_SCAN_ROWS:
                break
    except csv.Error as exc:
        raise FileUnreadable(f"CSV 格式错误：{exc}") from exc
    h = _header_index(head, known_labels)
    headers = [str(c or "").strip() for c in head[h]]

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        for number, row in enumerate(head[h + 1 :], start=h + 2):
            if any(str(c).strip() for c in row):
                yield number, row
        number = len(head)
        try:
            for row in cells:
                number += 1
                if any(str(c).strip() for c in row):
                    yield number, _bounded_row(row, reader.line_num)
        except csv.Error as exc:
            raise FileUnreadable(f"CSV 格式错误（第 {number + 1} 行附近）：{exc}") from exc

    return Table("csv", encoding, headers, rows())


def _bounded_lines(text: str) -> Iterator[str]:
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise FileUnreadable(
                f"CSV 第 {number} 行过长（超过 {MAX_LINE_CHARS:,} 个字符），文件不像一份信用信息表"
            )
        yield line


def _bounded_row(row: list[Cell], line: int) -> list[Cell]:
    if len(row) > MAX_COLUMNS:
        raise FileUnreadable(f"第 {line} 行列数过多（超过 {MAX_COLUMNS} 列）")
    for cell in row:
        if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
            raise FileUnreadable(_too_long(line))
    return row


def _too_long(line: int | str) -> str:
    return f"第 {line} 行有单元格内容超过 {MAX_CELL_CHARS} 个字符（Excel 单元格的上限），请检查文件内容"


BROKEN_XLSX = "无法打开 Excel 文件：文件已损坏或不是 .xlsx 格式"
TOO_LARGE = "文件内容超出可处理的范围"


def _read_xlsx(data: bytes, known_labels: set[str]) -> Table:
    from openpyxl import load_workbook  # imported here: only XLSX deliveries pay for it

    # A damaged workbook fails in whichever layer meets the damage first — zip, zlib, XML,
    # openpyxl's own reading — each with its own exception type, and the sheet is parsed
    # lazily, so row iteration can fail too (found by fuzzing: zlib.error from a bent zip).
    # Every failure of reading is the same answer to the department: the file is broken.
    _check_workbook_parts(data)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = wb.worksheets[0]
        head: list[list[Cell]] = []
        it = sheet.iter_rows(values_only=True)
        for row in it:
            head.append(list(row))
            if len(head) >= HEADER_SCAN_ROWS:
                break
    except Exception as exc:
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
        except Exception as exc:
            raise FileUnreadable(f"{BROKEN_XLSX}（第 {number} 行之后无法读取）") from exc
        finally:
            wb.close()

    return Table("xlsx", None, headers, rows())


def _check_workbook_parts(data: bytes) -> None:
    """Before openpyxl reads anything: every part's declared size within bounds (zipfile never
    inflates a member past its declared size), and every XML part's text runs — cell values,
    shared strings — at most one Excel cell long, read by a streaming parser in 1 MB pieces.
    Document type declarations (entity expansion) are refused outright."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if sum(m.file_size for m in members) > MAX_WORKBOOK_BYTES or any(
                m.file_size > _part_limit(m.filename) for m in members
            ):
                raise FileUnreadable(f"{TOO_LARGE}：解压后的工作表内容过大")
            for member in members:
                if member.filename.lower().endswith((".xml", ".rels", ".vml")):
                    with archive.open(member) as stream:
                        _check_xml(stream)
    except FileUnreadable:
        raise
    except Exception as exc:
        if isinstance(exc, MemoryError):
            raise FileUnreadable(TOO_LARGE) from exc
        return  # not a zip we can pre-read: openpyxl below gives the "broken file" answer


def _part_limit(name: str) -> int:
    return MAX_SHARED_STRINGS_BYTES if name.lower().endswith("sharedstrings.xml") else MAX_PART_BYTES


def _check_xml(stream: IO[bytes]) -> None:
    parser = expat.ParserCreate()
    run = [0]  # characters of the current text run

    def text(data: str) -> None:
        run[0] += len(data)
        if run[0] > MAX_CELL_CHARS:
            raise FileUnreadable(
                f"工作表中有单元格内容超过 {MAX_CELL_CHARS} 个字符（Excel 单元格的上限），请检查文件内容"
            )

    def element(*_: object) -> None:
        run[0] = 0

    def doctype(*_: object) -> None:
        raise FileUnreadable(f"{BROKEN_XLSX}（含有文档类型声明）")

    parser.CharacterDataHandler = text
    parser.StartElementHandler = parser.EndElementHandler = element
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    while chunk := stream.read(1024 * 1024):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


JSON_TOO_DEEP = f"JSON 文件嵌套层数过多（超过 {MAX_JSON_DEPTH} 层），应为对象数组"


def _check_json_shape(text: str) -> None:
    """Nesting depth and the number of objects and arrays, counted before parsing (a deeply
    nested file would exhaust the parser's recursion, millions of empty objects the memory).
    Brackets inside strings are skipped; escapes inside strings are honoured."""
    if text.count("{") + text.count("[") > MAX_JSON_CONTAINERS:
        raise FileUnreadable(f"{TOO_LARGE}：JSON 文件中的对象过多")
    depth, in_string = 0, False
    for match in _STRUCTURE.finditer(text):  # a regex, not a Python loop over 200 MB of text
        part = match.group()
        if part == '"':
            in_string = not in_string
        elif in_string or part[0] == "\\":
            continue  # an escape (\" inside a string) or a bracket inside a string
        elif part in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise FileUnreadable(JSON_TOO_DEEP)
        else:
            depth -= 1


_STRUCTURE = re.compile(r'\\.|["\[\]{}]', re.DOTALL)


def _read_json(text: str, encoding: str) -> Table:
    _check_json_shape(text)
    try:
        doc: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileUnreadable(f"JSON 格式错误：第{exc.lineno}行第{exc.colno}列附近") from exc
    except RecursionError as exc:  # not reached after the depth check; kept as a backstop
        raise FileUnreadable(JSON_TOO_DEEP) from exc
    if isinstance(doc, dict):
        doc = next((doc[k] for k in ("records", "data", "rows") if isinstance(doc.get(k), list)), None)
    if not isinstance(doc, list) or not all(isinstance(r, dict) for r in doc):
        raise FileUnreadable("JSON 文件应为对象数组，每个对象以中文字段名为键")
    headers: list[str] = []
    seen: set[str] = set()
    for record in doc:
        for key in record:
            if key not in seen:
                seen.add(key)
                headers.append(str(key))

    if len(headers) > MAX_COLUMNS:
        raise FileUnreadable(f"JSON 文件的字段过多（超过 {MAX_COLUMNS} 个）")

    def cell(v: Any) -> Cell:
        if v is None or isinstance(v, int | float):
            return v
        text = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
        return text

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        for number, record in enumerate(doc, start=1):
            yield number, _bounded_row([cell(record.get(h)) for h in headers], number)

    return Table("json", encoding, headers, rows())
