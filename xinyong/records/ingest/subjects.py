"""Finding and creating the subjects that imported rows are about, in bulk.

A row names its subject by codes; the strongest code present becomes the subject's
``match_key``: USCC, then a natural person's ID hash, then 工商注册号, then 组织机构代码, and only
for rows with no code at all the kind plus the normalised name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from xinyong.records.db import table_of
from xinyong.records.ingest.validation import USCC_NONE
from xinyong.records.ingest.values import name_key
from xinyong.records.models import Subject, SubjectName
from xinyong.records.outbox import emit

_CODE_COLUMNS = ("reg_no", "org_code", "tax_no", "institution_no", "social_org_no")


def subject_match_key(values: dict[str, Any]) -> str:
    uscc = values.get("uscc")
    if uscc and uscc != USCC_NONE:
        return f"uscc:{uscc}"
    id_value = values.get("id")
    if id_value and id_value[0]:
        return f"id:{id_value[0]}"
    for column in ("reg_no", "org_code"):
        if values.get(column):
            return f"{column}:{values[column]}"
    return f"name:{values.get('subject_kind', '')}:{name_key(values['subject_name'])}"


@dataclass
class SubjectFacts:
    """What one import chunk says about a subject (the latest row wins)."""

    match_key: str
    values: dict[str, Any]
    as_of: date | None
    district_code: str | None
    domain_code: str | None


def resolve_subjects(session: Session, facts: dict[str, SubjectFacts]) -> dict[str, int]:
    """Subject id for every match key: existing subjects are updated, missing ones created."""
    if not facts:
        return {}
    existing = {
        row.match_key: row
        for row in session.execute(select(Subject.__table__).where(Subject.match_key.in_(list(facts))))
    }
    ids = {key: row.id for key, row in existing.items()}
    new = [_new_subject(f) for key, f in facts.items() if key not in existing]
    if new:
        table = table_of(Subject)
        session.execute(insert(table), new)
        created = [n["match_key"] for n in new]
        ids.update(
            (key, subject_id)
            for key, subject_id in session.execute(
                select(table.c.match_key, table.c.id).where(table.c.match_key.in_(created))
            )
        )
    changed = [ids[key] for key in facts if key not in existing]
    for key, row in existing.items():
        if _update_existing(session, row, facts[key]):
            changed.append(row.id)
    if changed:
        emit(session, "subject", changed)
    return ids


def _new_subject(f: SubjectFacts) -> dict[str, Any]:
    v = f.values
    uscc = v.get("uscc")
    id_value = v.get("id") or (None, None)
    return {
        "match_key": f.match_key,
        "kind": v.get("subject_kind") or "法人及非法人组织",
        "name": v["subject_name"],
        "name_as_of": f.as_of,
        "uscc": uscc if uscc and uscc != USCC_NONE else None,
        "legal_rep": v.get("legal_rep"),
        "id_hash": id_value[0],
        "id_masked": id_value[1],
        "district_code": f.district_code,
        "domain_code": f.domain_code,
        **{c: v.get(c) for c in _CODE_COLUMNS},
    }


def _update_existing(session: Session, row: Any, f: SubjectFacts) -> bool:
    v = f.values
    changes: dict[str, Any] = {}
    newer = f.as_of is not None and (row.name_as_of is None or f.as_of >= row.name_as_of)
    if v["subject_name"] != row.name and newer:
        # A newer record under the same code carries a new name: keep the old one as 曾用名.
        known = session.scalar(
            select(SubjectName.id).where(SubjectName.subject_id == row.id, SubjectName.name == row.name)
        )
        if known is None:
            session.execute(insert(SubjectName), [{"subject_id": row.id, "name": row.name, "until": f.as_of}])
        changes["name"] = v["subject_name"]
    if newer and f.as_of != row.name_as_of:
        changes["name_as_of"] = f.as_of
    for column in (*_CODE_COLUMNS, "legal_rep"):
        if v.get(column) and getattr(row, column) is None:
            changes[column] = v[column]
    if f.district_code and row.district_code is None:
        changes["district_code"] = f.district_code
    if f.domain_code and row.domain_code is None:
        changes["domain_code"] = f.domain_code
    if not changes:
        return False
    session.execute(update(Subject).where(Subject.id == row.id).values(**changes))
    return bool(set(changes) - {"name_as_of"})
