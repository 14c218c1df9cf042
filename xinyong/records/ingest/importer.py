"""归集: importing one department file, as one transaction, into the system of record.

read → detect the record type and layout from the headings → validate every row → check the
department scope → upsert the valid ones by natural key → keep the rejected ones with every
reason. The whole file commits or nothing does; a file that cannot be read at all is still
recorded as a failed batch.

Departments: a file imported *as* a department (`ImportOptions.department`: every web upload of
a department operator, `xinyong import --department`) may only write that department's records
and those it is delegated to deliver (delivery_scope.py); without one (the trusted CLI) each row
belongs to its own 数据来源单位. Either way a natural key never moves a record to another
department: such a row is rejected.

Two files creating the same subject or record at once collide on a unique key (PostgreSQL) or
wait for the write lock (SQLite): the losing file is imported again from the start, and after
`attempts` tries it ends as a failed batch with a Chinese message, never a traceback.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from xinyong.records.catalog import (
    RecordDefinition,
    UnknownRecordType,
    UnrecognisedHeaders,
    load_catalog,
    normalize_label,
)
from xinyong.records.clock import local_date
from xinyong.records.db import utcnow
from xinyong.records.ingest.chunk import ChunkContext, flush_chunk
from xinyong.records.ingest.delivery_scope import DeliveryScope, load_scope
from xinyong.records.ingest.readers import FileUnreadable, read_table
from xinyong.records.ingest.upsert import MODELS, content_columns
from xinyong.records.ingest.validation import InvalidRow, RowValidator, ValidRow
from xinyong.records.models import ImportBatch
from xinyong.records.publication.list_periods import list_deriver
from xinyong.records.publication.rules import RuleBook, deriver
from xinyong.records.reference.departments import DepartmentCache
from xinyong.records.reference.lookups import load_lookups
from xinyong.records.workdays import city_calendar

CHUNK = 2000  # rows per upsert round trip: large enough for executemany, small for memory
CONCURRENT = "另一个文件正在同时导入相同的主体或信息，本文件未导入，请稍后重新上传"


class ImportFailed(Exception):
    """The file could not be imported at all (unreadable, unknown headings, too large)."""

    def __init__(self, message: str, batch_id: int | None = None):
        super().__init__(message)
        self.message = message
        self.batch_id = batch_id


@dataclass
class ImportSummary:
    batch: int
    record_type: str
    layout: str
    rows: int = 0
    accepted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    ignored_columns: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ImportOptions:
    id_hash_key: bytes
    submitted_by: str = "cli"
    department: str | None = None  # import as this department: only its own (or delegated) records
    record_type: str | None = None
    max_bytes: int = 200 * 1024 * 1024
    progress: Callable[[int], None] | None = None  # called with rows done since last call
    now: datetime | None = None  # naive UTC; tests pin it
    attempts: int = 3  # tries when another import creates the same subject or record at once


def import_file(factory: sessionmaker[Session], path: Path, options: ImportOptions) -> ImportSummary:
    path = Path(path)
    now = options.now or utcnow()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"无法读取文件：{exc.strerror or exc}") from exc
    digest = hashlib.sha256(data).hexdigest()
    base = {
        "filename": path.name,
        "file_sha256": digest,
        "file_size": len(data),
        "submitted_by": options.submitted_by,
        "started_at": now,
    }
    try:
        if len(data) > options.max_bytes:
            mb = 1024 * 1024
            raise FileUnreadable(f"文件过大：{len(data) // mb} MB，上限 {options.max_bytes // mb} MB")
        catalog = load_catalog()
        labels = {k for d in catalog.definitions for f in d.fields for k in f.keys}
        table = read_table(path, labels)
        definition = _definition(table.headers, options.record_type)
    except FileUnreadable as exc:
        raise ImportFailed(exc.message, _record_failure(factory, base, exc.message)) from exc
    del data

    for attempt in range(1, max(options.attempts, 1) + 1):
        session = factory()
        try:
            summary = _import_rows(session, table, definition, base, options, now)
            session.commit()
            return summary
        except FileUnreadable as exc:  # the file broke off after its first rows: none of it is kept
            session.rollback()
            raise ImportFailed(exc.message, _record_failure(factory, base, exc.message)) from exc
        except DBAPIError as exc:
            session.rollback()
            if not concurrent_conflict(exc):
                raise
            if attempt >= options.attempts:
                raise ImportFailed(CONCURRENT, _record_failure(factory, base, CONCURRENT)) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
        table = read_table(path, labels)  # the rows are read once: read the file again
    raise AssertionError("unreachable")


# Unique violation, serialization failure, deadlock, lock not available (PostgreSQL); SQLite
# reports the same situations in its messages.
_RETRY_STATES = {"23505", "40001", "40P01", "55P03"}


def concurrent_conflict(exc: DBAPIError) -> bool:
    """Whether a database error means another transaction got there first (try again)."""
    orig = exc.orig
    if getattr(orig, "sqlstate", None) in _RETRY_STATES:
        return True
    text = str(orig)
    return "UNIQUE constraint failed" in text or "database is locked" in text


def _definition(headers: list[str], record_type: str | None) -> RecordDefinition:
    try:
        definition = load_catalog().detect(headers, record_type)
    except UnknownRecordType:
        raise FileUnreadable(f"未知的信息类别：{record_type}") from None
    except UnrecognisedHeaders:
        shown = "、".join(h for h in headers[:8] if h) or "（空）"
        raise FileUnreadable(f"无法识别表头，文件不像任何一类信用信息目录格式。表头为：{shown}") from None
    missing = definition.missing_required(headers)
    if missing:
        raise FileUnreadable(f"{definition.title}文件缺少必填列：{'、'.join(missing)}")
    seen: dict[str, str] = {}
    for h in headers:
        k = normalize_label(h)
        if k and k in seen:
            raise FileUnreadable(f"表头重复：“{h}”出现了不止一次")
        seen[k] = h
    return definition


def _record_failure(factory: sessionmaker[Session], base: dict[str, Any], message: str) -> int:
    with factory() as session:
        batch = ImportBatch(**base, status="failed", message=message, finished_at=base["started_at"])
        session.add(batch)
        session.commit()
        return batch.id


def _import_rows(session, table, definition, base, options, now) -> ImportSummary:
    lookups = load_lookups(session)
    calendar = city_calendar(session)
    departments = DepartmentCache(session)
    batch_dept = departments.resolve(options.department, None) if options.department else None
    scope = load_scope(session, batch_dept) if batch_dept else None
    batch = ImportBatch(
        **base,
        record_type=definition.record_type,
        layout=definition.layout,
        catalog_version=definition.version,
        file_format=table.format,
        encoding=table.encoding,
        headers=table.headers,
        status="running",
        department_id=batch_dept,
    )
    session.add(batch)
    session.flush()
    local_today = local_date(now)
    validator = RowValidator(
        definition, table.headers, id_hash_key=options.id_hash_key, lookups=lookups, today=local_today
    )
    summary = ImportSummary(
        batch.id, definition.record_type, definition.layout, ignored_columns=validator.ignored_headers
    )
    columns = content_columns(MODELS[definition.record_type])
    common = {"layout": definition.layout, "catalog_version": definition.version}
    derive = (
        deriver(RuleBook.load(session), local_today)
        if definition.record_type == "penalty"
        else list_deriver(session)
        if definition.record_type == "list_entry"
        else None
    )
    context = ChunkContext(definition, columns, departments, validator, calendar, local_today, derive)
    pending: list = []
    for row_number, cells in table.rows:
        row = validator.validate(row_number, cells)
        if scope is not None and isinstance(row, ValidRow):
            row = _in_scope(scope, definition, validator, row, cells)
        pending.append((row, cells))
        if len(pending) >= CHUNK:
            flush_chunk(session, pending, batch.id, now, common, context, summary, options)
            pending = []
    flush_chunk(session, pending, batch.id, now, common, context, summary, options)
    dept_counts = context.department_counts
    if batch.department_id is None and dept_counts:
        batch.department_id = max(dept_counts, key=dept_counts.__getitem__)
    batch.status = "completed"
    batch.finished_at = now
    for name in ("accepted", "updated", "unchanged", "rejected"):
        setattr(batch, name, getattr(summary, name))
    batch.rows_total = summary.rows
    return summary


def _in_scope(
    scope: DeliveryScope, definition: RecordDefinition, validator: RowValidator, row: ValidRow, cells: list
) -> ValidRow | InvalidRow:
    errors = scope.reasons(definition, row.values, validator._label_of)
    if not errors:
        return row
    return InvalidRow(row.row_number, validator._report_cells(cells), errors)
