"""Writing one chunk of validated rows: insert new records, update corrected ones, skip same.

Records are matched by their natural key (决定书文号 + 机关, …). A corrected record keeps its
earlier values as a `RecordRevision`; every insert or update also writes an outbox row for the
search index, in the same transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from xinyong.records.catalog import RecordDefinition
from xinyong.records.db import Base, table_of
from xinyong.records.ingest.validation import BIRTH_SUFFIX, USCC_NONE
from xinyong.records.models import (
    Penalty,
    RecordRevision,
)
from xinyong.records.outbox import emit
from xinyong.records.publication.rules import DERIVED, PROCEDURE
from xinyong.records.record_types import models

MODELS: dict[str, type[Base]] = models()
# Columns that describe where a record came from rather than what it says: a re-delivery
# that differs only in these is "unchanged".
PROVENANCE = {
    "id",
    "natural_key",
    "content_hash",
    "layout",
    "catalog_version",
    "department_id",
    "first_batch_id",
    "batch_id",
    "collected_at",
    "collected_in_time",
    "deadline_estimated",
    "revision",
    "created_at",
    "updated_at",
    "district_code",
    "domain_code",
}
# Columns the portal maintains itself (publication rules, repair, objections): not content.
MAINTAINED = set(DERIVED) | set(PROCEDURE)


@dataclass
class PreparedRecord:
    row_number: int
    natural_key: str
    attributes: dict[str, Any]  # content columns only
    provenance: dict[str, Any]  # department, district, domain, timeliness


@dataclass
class ChunkResult:
    accepted: int = 0
    updated: int = 0
    unchanged: int = 0
    changed_ids: list[int] = field(default_factory=list)


def content_columns(model: type[Base]) -> set[str]:
    maintained = MAINTAINED if model is Penalty else set()  # a list's severity is delivered
    return {c.name for c in model.__table__.columns} - PROVENANCE - maintained


def record_attributes(definition: RecordDefinition, values: dict[str, Any], columns: set[str]):
    """Validated values → model column values (ID numbers as hash + masked form only)."""
    attrs: dict[str, Any] = {}
    id_fields = {f.name for f in definition.fields if f.type == "id_number"}
    unstored = {f.name for f in definition.fields if not f.stored}
    for name, value in values.items():
        if name in unstored:
            continue
        if name in id_fields:
            hashed, masked = value or (None, None)
            attrs[f"{name}_hash"], attrs[f"{name}_masked"] = hashed, masked
        elif isinstance(value, tuple):  # open-ended date
            attrs[name], attrs["open_ended"] = value
        elif isinstance(value, list):
            attrs[name] = ";".join(value)
        elif value == USCC_NONE:
            attrs[name] = None
        elif name in columns:
            attrs[name] = value
    # Every content column, so all rows of a file have one shape (one executemany) and a
    # column left empty is stored as empty rather than silently keeping an older value.
    if "withheld_reason" in columns and _minor_at_decision(definition, values):
        attrs["withheld_reason"] = WITHHELD_MINOR
    out = {c: attrs.get(c) for c in columns}
    if "open_ended" in columns:
        out["open_ended"] = bool(attrs.get("open_ended"))
    return out


WITHHELD_MINOR = "minor"


def _minor_at_decision(definition: RecordDefinition, values: dict[str, Any]) -> bool:
    """A penalty of a minor is not published (domain.md §4; PIPL art. 25): the subject's age on
    the decision date, from the birth date in the ID number."""
    birth, decided = values.get(f"id{BIRTH_SUFFIX}"), values.get(definition.decision_date_field)
    if birth is None or not isinstance(decided, date):
        return False
    eighteenth = (
        birth.replace(year=birth.year + 18)
        if not (birth.month == 2 and birth.day == 29)
        else date(birth.year + 18, 3, 1)
    )
    return decided < eighteenth


def content_hash(attributes: dict[str, Any]) -> str:
    payload = json.dumps(attributes, sort_keys=True, ensure_ascii=False, default=_plain)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _plain(value: Any) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def write_chunk(
    session: Session,
    record_type: str,
    records: Sequence[PreparedRecord],
    *,
    batch_id: int,
    now: datetime,
    common: dict[str, Any],
    derive: Callable[[dict[str, Any], dict[str, Any] | None], dict[str, Any]] | None = None,
    existing: dict[str, dict[str, Any]] | None = None,
) -> ChunkResult:
    """Upsert a chunk. ``common`` holds layout / catalog_version for every row; ``derive``
    (penalties) adds the columns the publication rules compute from a record's content;
    ``existing`` is what `existing_records` returned for these keys, if the caller has it.

    The caller has made sure no record changes department (the importer rejects such rows)."""
    model = MODELS[record_type]
    table = table_of(model)
    result = ChunkResult()
    if existing is None:
        existing = existing_records(session, record_type, [r.natural_key for r in records])
    inserts: dict[str, dict[str, Any]] = {}
    updates: dict[str, dict[str, Any]] = {}
    revisions: list[dict[str, Any]] = []
    for record in records:
        digest = content_hash(record.attributes)
        key = record.natural_key
        if key in inserts:  # a duplicate row in the same chunk of the same file
            if inserts[key]["content_hash"] == digest:
                result.unchanged += 1
            else:
                inserts[key].update(record.attributes, content_hash=digest)
                if derive:
                    inserts[key].update(derive(inserts[key], None))
                result.updated += 1
            continue
        old = updates.get(key) or existing.get(key)
        if old is None:
            inserts[key] = {
                **record.attributes,
                **record.provenance,
                **common,
                "natural_key": key,
                "content_hash": digest,
                "first_batch_id": batch_id,
                "batch_id": batch_id,
                "collected_at": now,
                "revision": 1,
                "created_at": now,
                "updated_at": now,
            }
            if derive:
                inserts[key].update(derive(inserts[key], None))
            result.accepted += 1
        elif old["content_hash"] == digest:
            result.unchanged += 1
        else:
            before = existing.get(key)
            if before is not None and key not in updates:
                revisions.append(_revision(record_type, before, batch_id, now))
            revision = (old.get("revision") or 1) + (0 if key in updates else 1)
            updates[key] = {
                **record.attributes,
                **common,
                "id": old["id"],
                "content_hash": digest,
                "batch_id": batch_id,
                "revision": revision,
                "updated_at": now,
                **{k: record.provenance.get(k) for k in ("department_id", "district_code", "domain_code")},
            }
            if derive:
                updates[key].update(derive(updates[key], existing.get(key)))
            result.updated += 1
    if inserts:
        # Core executemany without RETURNING: SQLite then inserts in one batched statement
        # instead of a round trip per row; the new ids come back from the natural-key index.
        session.execute(insert(table), list(inserts.values()))
        result.changed_ids.extend(
            session.scalars(select(table.c.id).where(table.c.natural_key.in_(list(inserts))))
        )
    if updates:
        session.execute(update(model), list(updates.values()))
        result.changed_ids.extend(u["id"] for u in updates.values())
    if revisions:
        session.execute(insert(table_of(RecordRevision)), revisions)
    if result.changed_ids:
        emit(session, record_type, result.changed_ids, at=now)
    return result


def existing_records(session: Session, record_type: str, keys: Sequence[str]) -> dict[str, dict]:
    """The stored records with these natural keys, by key (earlier chunks of the same
    transaction included)."""
    table = MODELS[record_type].__table__
    unique = list(dict.fromkeys(keys))
    return {
        row.natural_key: row._asdict()
        for row in session.execute(select(table).where(table.c.natural_key.in_(unique)))
    }


def _revision(record_type: str, before: dict[str, Any], batch_id: int, now: datetime) -> dict:
    values = {k: _plain(v) if v is not None else None for k, v in before.items() if k not in ("natural_key",)}
    return {
        "record_table": MODELS[record_type].__tablename__,
        "record_id": before["id"],
        "revision": before.get("revision") or 1,
        "batch_id": batch_id,
        "replaced_at": now,
        "values": values,
    }
