"""The list a batch check (批量核查) is given: an uploaded CSV/XLSX file, pasted lines or the API's
JSON array, each turned into numbered lines of (名称, 统一社会信用代码).

Bounded before anything is checked: at most MAX_ROWS lines and MAX_FILE_BYTES of file, read with
the department importer's readers (the same encodings — UTF-8 with or without BOM, GB18030/GBK —
and the same guards against hostile workbooks). A list that breaks a bound is refused as a
whole with a Chinese message and a code; nothing of it is checked or stored.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from xinyong.records.catalog import normalize_label
from xinyong.records.ingest.readers import Cell, FileUnreadable, read_bytes

MAX_ROWS = 1000
MAX_FILE_BYTES = 2 * 1024 * 1024  # 1,000 lines of a bidders' list take about 100 KB
MAX_CELL = 200  # longer than any name or code: the line is refused, not cut
NAME_LABELS = {"名称", "主体名称", "企业名称", "单位名称", "投标人", "投标人名称", "供应商名称", "姓名"}
CODE_LABELS = {
    "统一社会信用代码",
    "社会信用代码",
    "信用代码",
    "统一代码",
    "代码",
    "身份证号码",
    "证件号码",
    "统一社会信用代码/身份证号码",
}
_SPLIT = re.compile(r"[\t,，;；]")


class BatchInputError(ValueError):
    """The whole list is refused (too many lines, unreadable file, no heading row)."""

    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


@dataclass
class BatchLine:
    row_no: int  # 1, 2, … in the order given
    name: str
    code: str
    id_number: str | None = None  # the API's separate field for a natural person
    problem: str | None = None  # a line that cannot be checked at all (too long)


def _text(value: Cell | Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed into a number cell
    if isinstance(value, datetime | date):
        value = value.isoformat()
    # NFKC: full-width letters and spaces from Chinese input methods; inner runs of spaces folded.
    return " ".join(unicodedata.normalize("NFKC", str(value)).split())


def _line(row_no: int, name: Any, code: Any, id_number: Any = None) -> BatchLine:
    line = BatchLine(row_no, _text(name), _text(code), _text(id_number) or None)
    if max(len(line.name), len(line.code), len(line.id_number or "")) > MAX_CELL:
        line.problem = f"内容过长：名称和代码每项最多 {MAX_CELL} 个字符"
        line.name, line.code, line.id_number = line.name[:MAX_CELL], line.code[:40], None
    return line


def _bounded(lines: list[BatchLine]) -> list[BatchLine]:
    if not lines:
        raise BatchInputError("batch_empty", "名单中没有需要核查的主体")
    if len(lines) > MAX_ROWS:
        raise BatchInputError(
            "batch_too_large", f"一次最多核查 {MAX_ROWS} 个主体，本名单有 {len(lines)} 个，请分批提交", 413
        )
    return lines


def lines_from_file(data: bytes, filename: str) -> list[BatchLine]:
    """A CSV or XLSX list whose first non-empty row is the heading row (名称, 统一社会信用代码)."""
    if len(data) > MAX_FILE_BYTES:
        raise BatchInputError(
            "file_too_large", f"文件过大：名单文件最多 {MAX_FILE_BYTES // 1024 // 1024} MB", 413
        )
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in (".csv", ".xlsx", ".txt"):
        raise BatchInputError("bad_file_type", "只接受 CSV 或 XLSX 格式的名单文件")
    try:
        table = read_bytes(data, suffix, NAME_LABELS | CODE_LABELS)
        if table.format == "json":
            raise FileUnreadable("只接受 CSV 或 XLSX 格式的名单文件")
        labels = [normalize_label(h) for h in table.headers]
        name_at = next((i for i, h in enumerate(labels) if h in NAME_LABELS), None)
        code_at = next((i for i, h in enumerate(labels) if h in CODE_LABELS), None)
        if name_at is None and code_at is None:
            raise BatchInputError("no_heading_row", "第一行应为表头：名称、统一社会信用代码（至少其一）")
        lines: list[BatchLine] = []
        for _number, cells in table.rows:
            if len(lines) >= MAX_ROWS:  # read one past the bound to say so, never the whole file
                lines.append(BatchLine(len(lines) + 1, "", ""))
                break

            def cell(at: int | None, cells: list[Cell] = cells) -> Cell:
                return cells[at] if at is not None and at < len(cells) else None

            lines.append(_line(len(lines) + 1, cell(name_at), cell(code_at)))
    except FileUnreadable as exc:
        raise BatchInputError("file_unreadable", exc.message) from exc
    if len(lines) > MAX_ROWS:
        raise BatchInputError("batch_too_large", f"一次最多核查 {MAX_ROWS} 个主体，请分批提交", 413)
    return _bounded(lines)


def lines_from_text(text: str) -> list[BatchLine]:
    """Pasted lines: "名称,代码", "名称<Tab>代码", "名称 代码", a code alone or a name alone."""
    lines: list[BatchLine] = []
    for raw in text.splitlines():
        raw = _text(raw)
        if not raw:
            continue
        if len(lines) >= MAX_ROWS:
            raise BatchInputError("batch_too_large", f"一次最多核查 {MAX_ROWS} 个主体，请分批提交", 413)
        parts = [p.strip() for p in _SPLIT.split(raw, maxsplit=1)]
        if len(parts) == 1:
            words = raw.rsplit(" ", 1)
            code_like = len(words) == 2 and words[1].isascii() and words[1].isalnum() and len(words[1]) >= 8
            parts = words if code_like else ([raw, ""] if not _code_alone(raw) else ["", raw])
        if not lines and normalize_label(parts[0]) in NAME_LABELS | CODE_LABELS:
            continue  # a heading row pasted from the spreadsheet
        lines.append(_line(len(lines) + 1, parts[0], parts[1]))
    return _bounded(lines)


def _code_alone(text: str) -> bool:
    return text.isascii() and text.replace(" ", "").isalnum() and len(text) >= 8


def lines_from_json(subjects: Any) -> list[BatchLine]:
    """The API's `subjects`: an array of {"name", "uscc", "id_number"} objects."""
    if not isinstance(subjects, list):
        raise BatchInputError("bad_subjects", 'subjects 应为数组，每项为 {"name": …, "uscc": …}')
    if len(subjects) > MAX_ROWS:
        raise BatchInputError(
            "batch_too_large", f"一次最多核查 {MAX_ROWS} 个主体，本次有 {len(subjects)} 个，请分批提交", 413
        )
    lines = []
    for i, item in enumerate(subjects, start=1):
        if not isinstance(item, dict) or any(
            item.get(k) is not None and not isinstance(item[k], str) for k in ("name", "uscc", "id_number")
        ):
            raise BatchInputError(
                "bad_subjects", f"subjects 第 {i} 项应为对象，name、uscc、id_number 应为字符串"
            )
        lines.append(_line(i, item.get("name"), item.get("uscc"), item.get("id_number")))
    return _bounded(lines)
