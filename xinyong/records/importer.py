"""归集: importing one department file, as one transaction, into the system of record.

read → detect the record type and layout from the headings → validate every row → upsert the
valid ones by natural key → keep the rejected ones with every reason. The whole file commits
or nothing does; a file that cannot be read at all is still recorded as a failed batch.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert
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
from xinyong.records.departments import DepartmentCache, classify_domain
from xinyong.records.list_periods import list_deriver
from xinyong.records.models import ImportBatch, RejectedRow
from xinyong.records.publication import RuleBook, deriver
from xinyong.records.readers import FileUnreadable, read_table
from xinyong.records.reference import load_lookups
from xinyong.records.subjects import SubjectFacts, resolve_subjects, subject_match_key
from xinyong.records.upsert import (
    MODELS,
    ChunkResult,
    PreparedRecord,
    content_columns,
    record_attributes,
    write_chunk,
)
from xinyong.records.validation import InvalidRow, RowValidator, natural_key
from xinyong.records.workdays import WorkCalendar, city_calendar

CHUNK = 2000  # rows per upsert round trip: large enough for executemany, small for memory


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
    department: str | None = None
    record_type: str | None = None
    max_bytes: int = 200 * 1024 * 1024
    progress: Callable[[int], None] | None = None  # called with rows done since last call
    now: datetime | None = None  # naive UTC; tests pin it


def import_file(factory: sessionmaker[Session], path: Path, options: ImportOptions) -> ImportSummary:
    path = Path(path)
    now = options.now or utcnow()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"无法读取文件：{exc.strerror or exc}") from exc
    digest = hashlib.sha256(data).hexdigest()
    base = {"filename": path.name, "file_sha256": digest, "file_size": len(data),
            "submitted_by": options.submitted_by, "started_at": now}
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

    session = factory()
    try:
        summary = _import_rows(session, table, definition, base, options, now)
        session.commit()
        return summary
    except FileUnreadable as exc:  # the file broke off after its first rows: none of it is kept
        session.rollback()
        raise ImportFailed(exc.message, _record_failure(factory, base, exc.message)) from exc
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


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
    batch = ImportBatch(**base, record_type=definition.record_type, layout=definition.layout,
                        catalog_version=definition.version, file_format=table.format,
                        encoding=table.encoding, headers=table.headers, status="running",
                        department_id=batch_dept)
    session.add(batch)
    session.flush()
    local_today = local_date(now)
    validator = RowValidator(definition, table.headers, id_hash_key=options.id_hash_key,
                             lookups=lookups, today=local_today)
    summary = ImportSummary(batch.id, definition.record_type, definition.layout,
                            ignored_columns=validator.ignored_headers)
    columns = content_columns(MODELS[definition.record_type])
    common = {"layout": definition.layout, "catalog_version": definition.version}
    derive = (deriver(RuleBook.load(session), local_today)
              if definition.record_type == "penalty" else
              list_deriver(session) if definition.record_type == "list_entry" else None)
    context = _Context(definition, columns, departments, batch_dept, calendar, local_today, derive)
    pending: list = []
    for row_number, cells in table.rows:
        pending.append(validator.validate(row_number, cells))
        if len(pending) >= CHUNK:
            _flush(session, pending, batch.id, now, common, context, summary, options)
            pending = []
    _flush(session, pending, batch.id, now, common, context, summary, options)
    dept_counts = context.department_counts
    if batch.department_id is None and dept_counts:
        batch.department_id = max(dept_counts, key=dept_counts.__getitem__)
    batch.status = "completed"
    batch.finished_at = now
    for name in ("accepted", "updated", "unchanged", "rejected"):
        setattr(batch, name, getattr(summary, name))
    batch.rows_total = summary.rows
    return summary


@dataclass
class _Context:
    definition: RecordDefinition
    columns: set[str]
    departments: DepartmentCache
    batch_department: int | None
    calendar: WorkCalendar
    today: date
    derive: Callable | None = None  # penalties: the publication rules' derived columns
    department_counts: dict[int, int] = field(default_factory=dict)


def _flush(session, pending, batch_id, now, common, ctx: _Context, summary, options) -> None:
    if not pending:
        return
    summary.rows += len(pending)
    rejected = [r for r in pending if isinstance(r, InvalidRow)]
    valid = [r for r in pending if not isinstance(r, InvalidRow)]
    if rejected:
        session.execute(insert(RejectedRow), [
            {"batch_id": batch_id, "row_number": r.row_number, "values": r.cells, "errors": r.errors}
            for r in rejected])
        summary.rejected += len(rejected)
    if valid:
        result = _write_valid(session, valid, batch_id, now, common, ctx)
        summary.accepted += result.accepted
        summary.updated += result.updated
        summary.unchanged += result.unchanged
    if options.progress:
        options.progress(len(pending))


def _write_valid(session, valid, batch_id, now, common, ctx: _Context) -> ChunkResult:
    d = ctx.definition
    facts: dict[str, SubjectFacts] = {}
    keyed = []
    for row in valid:
        v = row.values
        dept_id = ctx.batch_department or ctx.departments.resolve(
            v.get("source_dept"), v.get("source_dept_uscc"))
        ctx.department_counts[dept_id] = ctx.department_counts.get(dept_id, 0) + 1
        uscc = v.get("uscc") or ""
        district = v.get("district_code") or ctx.departments.district_for(uscc, v.get("legacy_region"))
        domain = v.get("domain_code") or classify_domain(v, ctx.departments.domain_of(dept_id))
        key = subject_match_key(v)
        facts[key] = SubjectFacts(key, v, v.get(d.decision_date_field), district, domain)
        keyed.append((row, key, dept_id, district, domain))
    subject_ids = resolve_subjects(session, facts)
    records = []
    for row, key, dept_id, district, domain in keyed:
        v = row.values
        v["subject_key"] = key
        attrs = record_attributes(d, v, ctx.columns)
        attrs["subject_id"] = subject_ids[key]
        provenance = {"department_id": dept_id, "district_code": district, "domain_code": domain}
        decided = v.get(d.decision_date_field)
        if d.publish_within_working_days and decided:
            in_time, estimated = ctx.calendar.within_working_days(
                decided, ctx.today, d.publish_within_working_days)
            provenance.update(collected_in_time=in_time, deadline_estimated=estimated)
        records.append(PreparedRecord(row.row_number, natural_key(d, v), attrs, provenance))
    return write_chunk(session, d.record_type, records, batch_id=batch_id, now=now, common=common,
                       derive=ctx.derive)
