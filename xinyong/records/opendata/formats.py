"""Writing published records as CSV (UTF-8 with BOM, for Excel) and JSON Lines.

Columns are the current national layout's published fields under their national labels (the
catalog decides; an unpublished field such as a legal representative's ID number is never a
column), plus the record's permalink id and collection time. Keys of JSON Lines objects are
the same labels, the format the importer reads back.

Every CSV cell is neutralised against spreadsheet formula injection: a value starting with
=, +, -, @ (or a tab or carriage return) gets a leading apostrophe, so Excel shows it as text.
JSON Lines keep the values as published: no spreadsheet evaluates them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy.orm import Session

from xinyong.records.catalog import FieldDef, load_catalog
from xinyong.records.clock import to_local
from xinyong.records.display.record import field_text, lookups, published_fields
from xinyong.records.pii import mask_ids_in_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXTRA_COLUMNS = ("信息编号", "归集时间")


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _masked(f: FieldDef, value: str) -> str:
    if f.type == "text" or (f.type == "code" and f.name not in ("reg_no", "org_code")):
        return mask_ids_in_text(value)
    return value


def columns(entity: str) -> list[str]:
    return [label for label, _ in published_fields(load_catalog().get(entity))] + list(EXTRA_COLUMNS)


def rows(session: Session, entity: str, records: Iterable[Any]) -> Iterator[list[str]]:
    fields = published_fields(load_catalog().get(entity))
    tables = lookups(session)
    for record in records:
        # Stored text is masked at import (and by migration 0012); masked again on the way out
        # (not 注册号 and 文号: codes that merely look like an old ID stay as delivered).
        values = [_masked(f, field_text(record, f.name, f.published, tables, empty="")) for _, f in fields]
        collected = to_local(record.collected_at).strftime("%Y-%m-%d %H:%M") if record.collected_at else ""
        values += [f"{entity}:{record.id}", collected]
        yield values


def encode(fmt: str, header: list[str], data: Iterable[list[str]], chunk_rows: int = 1000) -> Iterator[str]:
    """The export as text chunks (so a large download streams): "csv" or "jsonl"."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if fmt == "csv":
        buffer.write("\ufeff")  # Excel reads UTF-8 only with the BOM
        writer.writerow(header)
    for n, row in enumerate(data, start=1):
        if fmt == "csv":
            writer.writerow([neutralise(v) for v in row])
        else:
            buffer.write(json.dumps(dict(zip(header, row, strict=True)), ensure_ascii=False) + "\n")
        if n % chunk_rows == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
