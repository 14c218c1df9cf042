"""Writing one chunk of a file's validated rows: departments, subjects, records, rejections.

Before anything is written, a row whose natural key matches a record of another department is
turned into a rejected row: a natural key never moves a record between departments, whoever
delivers the file. The rest resolve their subjects and are upserted (upsert.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import insert

from xinyong.records.catalog import RecordDefinition
from xinyong.records.ingest.subjects import SubjectFacts, resolve_subjects, subject_match_key
from xinyong.records.ingest.upsert import (
    ChunkResult,
    PreparedRecord,
    existing_records,
    record_attributes,
    write_chunk,
)
from xinyong.records.ingest.validation import InvalidRow, RowValidator, ValidRow, natural_key
from xinyong.records.models import RejectedRow
from xinyong.records.reference.departments import DepartmentCache, classify_domain
from xinyong.records.workdays import WorkCalendar


@dataclass
class ChunkContext:
    definition: RecordDefinition
    columns: set[str]
    departments: DepartmentCache
    validator: RowValidator
    calendar: WorkCalendar
    today: date
    derive: Callable | None = None  # penalties: the publication rules' derived columns
    department_counts: dict[int | None, int] = field(default_factory=dict)  # None: no source department


def flush_chunk(session, pending, batch_id, now, common, ctx: ChunkContext, summary, options) -> None:
    """Write a chunk of (validated row, original cells) and count it in ``summary``."""
    if not pending:
        return
    summary.rows += len(pending)
    rejected = [r for r, _cells in pending if isinstance(r, InvalidRow)]
    valid = [(r, cells) for r, cells in pending if not isinstance(r, InvalidRow)]
    if valid:
        result, moved = _write_valid(session, valid, batch_id, now, common, ctx)
        rejected += moved
        summary.accepted += result.accepted
        summary.updated += result.updated
        summary.unchanged += result.unchanged
    if rejected:
        session.execute(
            insert(RejectedRow),
            [
                {"batch_id": batch_id, "row_number": r.row_number, "values": r.cells, "errors": r.errors}
                for r in rejected
            ],
        )
        summary.rejected += len(rejected)
    if options.progress:
        options.progress(len(pending))


def _write_valid(session, valid, batch_id, now, common, ctx: ChunkContext) -> tuple[ChunkResult, list]:
    """Write the valid rows of a chunk; rows that would move a record to another department
    come back as rejected rows instead."""
    d = ctx.definition
    rows = []
    for row, cells in valid:
        v = row.values
        dept_id = ctx.departments.resolve(v.get("source_dept"), v.get("source_dept_uscc"))
        rows.append((row, cells, natural_key(d, v), dept_id))
    existing = existing_records(session, d.record_type, [key for _r, _c, key, _d in rows])
    owner = {key: old["department_id"] for key, old in existing.items()}
    facts: dict[str, SubjectFacts] = {}
    keyed, moved = [], []
    for row, cells, record_key, dept_id in rows:
        if owner.setdefault(record_key, dept_id) != dept_id:
            moved.append(_moved(ctx, row, cells, owner[record_key], dept_id))
            continue
        v = row.values
        ctx.department_counts[dept_id] = ctx.department_counts.get(dept_id, 0) + 1
        uscc = v.get("uscc") or ""
        district = v.get("district_code") or ctx.departments.district_for(uscc, v.get("legacy_region"))
        domain = v.get("domain_code") or classify_domain(v, ctx.departments.domain_of(dept_id))
        key = subject_match_key(v)
        facts[key] = SubjectFacts(key, v, v.get(d.decision_date_field), district, domain)
        keyed.append((row, key, record_key, dept_id, district, domain))
    subject_ids = resolve_subjects(session, facts)
    records = []
    for row, key, record_key, dept_id, district, domain in keyed:
        v = row.values
        v["subject_key"] = key
        attrs = record_attributes(d, v, ctx.columns)
        attrs["subject_id"] = subject_ids[key]
        provenance = {"department_id": dept_id, "district_code": district, "domain_code": domain}
        decided = v.get(d.decision_date_field)
        if d.publish_within_working_days and decided:
            in_time, estimated = ctx.calendar.within_working_days(
                decided, ctx.today, d.publish_within_working_days
            )
            provenance.update(collected_in_time=in_time, deadline_estimated=estimated)
        records.append(PreparedRecord(row.row_number, record_key, attrs, provenance))
    result = write_chunk(
        session,
        d.record_type,
        records,
        batch_id=batch_id,
        now=now,
        common=common,
        derive=ctx.derive,
        existing=existing,
    )
    return result, moved


def _moved(ctx: ChunkContext, row: ValidRow, cells: list, owner: int | None, dept_id: int | None):
    """A natural key never moves a record between departments, whoever delivers the file."""
    labels = ctx.validator._label_of
    field = "source_dept" if "source_dept" in labels else next(iter(labels), "")
    reason = (
        f"同一{ctx.definition.title}（文号和机关相同）已由“{ctx.departments.name_of(owner)}”报送，"
        f"不能改由“{ctx.departments.name_of(dept_id)}”报送：信息不会在部门之间转移，"
        "更正须由原报送部门提交"
    )
    error = {
        "column": labels.get(field, "数据来源单位"),
        "value": str(row.values.get("source_dept") or "")[:200],
        "reason": reason,
    }
    return InvalidRow(row.row_number, ctx.validator._report_cells(cells), [error])
