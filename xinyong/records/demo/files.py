"""Writing demo rows as the files departments deliver: CSV (UTF-8 BOM / GB18030), XLSX, JSON.

Recent records arrive in daily deliveries (so timeliness is real); older ones in one backfill
file per department and type. Some files use the alternative column order (代码_3 before
代码_2): the importer maps by label.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from xinyong.records.catalog import load_catalog
from xinyong.records.demo.generator import DemoData

FILE_ROWS = 50_000


@dataclass
class DemoFile:
    path: Path
    delivered: date | None  # None = backfilled today
    rows: int


def write_files(data: DemoData, out_dir: Path) -> list[DemoFile]:
    # The files carry full ID numbers (the importer hashes them, as with real deliveries), so
    # they are the owner's only: the folder 0700, each file 0600.
    out_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(out_dir, 0o700)
    for old in out_dir.iterdir():
        if old.is_file():
            old.unlink()
    catalog = load_catalog()
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for (record_type, layout), rows in data.rows.items():
        for row in rows:
            when = row["_delivered"]
            owner = row["_dept"] if when is None else "每日报送"
            groups[(record_type, layout, owner, when)].append(row)
    # Backfills arrive in parts, as departments export them: no file over FILE_ROWS rows.
    for key in [k for k, rows in groups.items() if len(rows) > FILE_ROWS]:
        rows = groups.pop(key)
        for part, start in enumerate(range(0, len(rows), FILE_ROWS), start=1):
            groups[(*key[:2], f"{key[2]}-第{part}部分", key[3])] = rows[start : start + FILE_ROWS]
    files = []
    for n, ((record_type, layout, owner, when), rows) in enumerate(
        sorted(groups.items(), key=lambda g: (g[0][3] or date.min, g[0][0], g[0][1], g[0][2]))
    ):
        definition = catalog.get(record_type, layout)
        headers = _headers(definition, alternative=n % 3 == 1)
        names = [_name_of(definition, h) for h in headers]
        table = [[str(row.get(name, "") or "") for name in names] for row in rows]
        stem = f"{n:04d}-{record_type}-{layout}-{owner}-{when.isoformat() if when else '历史补录'}"
        fmt = ("csv", "gb18030", "xlsx", "json")[n % 4] if when is None else ("csv", "json")[n % 5 == 0]
        path = _write(out_dir, stem, fmt, headers, table)
        os.chmod(path, 0o600)
        files.append(DemoFile(path, when, len(rows)))
    return files


def _headers(definition, alternative: bool) -> list[str]:
    seen: list[str] = []
    for f in definition.fields:
        if f.label not in seen:
            seen.append(f.label)
    if alternative:
        codes = [i for i, h in enumerate(seen) if h.startswith(("行政相对人代码_2", "行政相对人代码_3"))]
        if len(codes) == 2:
            i, j = codes
            seen[i], seen[j] = seen[j], seen[i]
    return seen


def _name_of(definition, label: str) -> str:
    for f in definition.fields:
        if f.label == label:
            return f.name
    raise KeyError(label)


def _write(out_dir: Path, stem: str, fmt: str, headers: list[str], table: list[list[str]]) -> Path:
    if fmt == "xlsx":
        path = out_dir / f"{stem}.xlsx"
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("数据")
        ws.append(headers)
        for row in table:
            ws.append(row)
        wb.save(path)
        return path
    if fmt == "json":
        path = out_dir / f"{stem}.json"
        records = [dict(zip(headers, row, strict=True)) for row in table]
        path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
        return path
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(table)
    path = out_dir / f"{stem}.csv"
    path.write_bytes(buffer.getvalue().encode("gb18030" if fmt == "gb18030" else "utf-8-sig"))
    return path
