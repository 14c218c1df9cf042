"""One published record, every published field under its national label (from the catalog).

The catalog decides what a page may show: a field marked `published: false` (a legal
representative's ID number) never appears, a `masked` one shows its masked form only. A record
that is not in force today is not published, so there is no view of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.records.catalog import RECORD_TYPES, FieldDef, RecordDefinition, load_catalog
from xinyong.records.models import (
    Department,
    District,
    Domain,
    ListType,
    Penalty,
)
from xinyong.records.record_types import in_force_rules, models

MODELS: dict[str, Any] = models()
IN_FORCE = {key: rule for key, (_model, rule) in in_force_rules().items()}


@dataclass
class RecordView:
    entity: str
    type_label: str  # 行政处罚 …
    title: str
    record: Any
    fields: list[tuple[str, str]]  # (national label, value as shown)
    department: str | None
    collected_at: datetime | None
    subject_id: int
    publication: list[tuple[str, str]] | None = None  # penalties: how the rules apply to it


def load_record(session: Session, entity: str, record_id: int, today: date) -> RecordView | None:
    model = MODELS.get(entity)
    if model is None:
        return None
    query = select(model).where(model.id == record_id)
    if entity in IN_FORCE:
        query = query.where(IN_FORCE[entity](today))
    record = session.scalar(query)
    if record is None:
        return None
    definition = load_catalog().get(entity, getattr(record, "layout", "current") or "current")
    tables = lookups(session)
    fields = [
        (label, field_text(record, f.name, f.published, tables)) for label, f in published_fields(definition)
    ]
    department = tables["department"].get(record.department_id)
    return RecordView(
        entity,
        RECORD_TYPES[entity],
        _title(record, entity, tables),
        record,
        fields,
        department,
        record.collected_at,
        record.subject_id,
        _publication(record) if entity == "penalty" else None,
    )


def _publication(p: Penalty) -> list[tuple[str, str]]:
    """What the publication rules decided for a penalty, in the words a reader needs."""
    if p.early_repair:
        repair = f"{p.repair_from.isoformat()} 起可申请" if p.repair_from else "—"
    else:
        repair = "不可提前修复（公示期满后自动停止公示）"
    return [
        ("公示状态", p.publication_state or "—"),
        ("失信程度", p.severity or "—"),
        ("公示期限", f"{_text(p.publication_start, '—')} 至 {_text(p.publication_end, '—')}"),
        ("信用修复", repair),
        ("适用规则", f"{p.rule_version} 年规则" if p.rule_version else "—"),
    ]


def published_fields(definition: RecordDefinition) -> list[tuple[str, FieldDef]]:
    """(label, field) for every field a page or an export may show, in catalog order."""
    out: list[tuple[str, FieldDef]] = []
    seen: set[str] = set()
    for f in definition.fields:
        if f.name in seen or f.published is False or (not f.stored and f.name != "source_dept"):
            continue
        seen.add(f.name)
        out.append((_label(f.label), f))
    return out


def _label(label: str) -> str:
    # Legacy layouts number repeated columns (处罚类别1, 处罚类别2): one field, one label.
    return label[:-1] if label[-1:].isdigit() and not label.endswith("_1") else label


def lookups(session: Session) -> dict[str, dict]:
    return {
        "department": dict(session.execute(select(Department.id, Department.name)).all()),
        "district_code": dict(session.execute(select(District.code, District.name)).all()),
        "domain_code": dict(session.execute(select(Domain.code, Domain.name)).all()),
        "list_type_code": dict(session.execute(select(ListType.code, ListType.name)).all()),
    }


def field_text(
    record: Any, name: str, published: bool | str, tables: dict[str, dict], empty: str = "—"
) -> str:
    if published == "masked":
        value = getattr(record, f"{name}_masked", None)
    elif name == "source_dept" and not hasattr(record, "source_dept"):
        value = tables["department"].get(record.department_id)
    elif name in tables:
        code = getattr(record, name, None)
        value = tables[name].get(code, code)
    elif name == "valid_to" and getattr(record, "open_ended", False):
        value = "长期"
    else:
        value = getattr(record, name, None)
    if name == "categories" and value:
        value = value.replace(";", "、")
    if name == "fine_amount" and value is not None and getattr(record, "fine_from_content", False):
        return f"{_text(value, empty)}{FROM_CONTENT}"  # the department left the column empty
    return _text(value, empty)


FROM_CONTENT = "（据处罚内容填写）"


def _text(value: Any, empty: str) -> str:
    if value is None or value == "":
        return empty
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def licence_title(licence: Any) -> str:
    """What a licence is called on every page: its certificate, else its decision document,
    else the title an old-layout file gave, else the record type."""
    return licence.cert_name or licence.doc_name or licence.legacy_title or "行政许可"


def _title(record: Any, entity: str, lookups: dict[str, dict]) -> str:
    if entity == "penalty":
        return f"行政处罚决定 {record.decision_no}"
    if entity == "licence":
        return licence_title(record)
    if entity == "list_entry":
        return lookups["list_type_code"].get(record.list_type_code, record.list_type_code)
    if entity == "commitment":
        return record.matter
    return record.title
