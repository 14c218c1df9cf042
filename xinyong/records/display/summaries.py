"""Short descriptions of subjects and records for result lists (pages, API), in bulk by id."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xinyong.records.display.record import licence_title
from xinyong.records.models import (
    District,
    Domain,
    Licence,
    ListEntry,
    ListType,
    Penalty,
    Subject,
    SubjectName,
)
from xinyong.records.publication.in_force import licence_in_force, list_entry_in_force, penalty_in_force


@dataclass
class SubjectSummary:
    id: int
    name: str
    uscc: str | None
    kind: str
    district: str | None
    domain: str | None
    former_names: list[str] = field(default_factory=list)
    lists: list[tuple[str, str]] = field(default_factory=list)  # (list name, colour) in force
    penalties_in_force: int = 0
    licences_in_force: int = 0

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "uscc": self.uscc,
            "name": self.name,
            "kind": self.kind,
            "district": self.district,
            "domain": self.domain,
            "former_names": self.former_names,
            "lists": [{"name": n, "color": c} for n, c in self.lists],
            "penalties_in_force": self.penalties_in_force,
            "licences_in_force": self.licences_in_force,
        }


def subject_summaries(session: Session, ids: list[int], today: date) -> list[SubjectSummary]:
    if not ids:
        return []
    rows = session.execute(
        select(Subject.id, Subject.name, Subject.uscc, Subject.kind, District.name, Domain.name)
        .outerjoin(District, District.code == Subject.district_code)
        .outerjoin(Domain, Domain.code == Subject.domain_code)
        .where(Subject.id.in_(ids))
    ).all()
    by_id = {r[0]: SubjectSummary(*r) for r in rows}
    for sid, name in session.execute(
        select(SubjectName.subject_id, SubjectName.name).where(SubjectName.subject_id.in_(ids))
    ):
        by_id[sid].former_names.append(name)
    for sid, name, color in session.execute(
        select(ListEntry.subject_id, ListType.name, ListType.color)
        .join(ListType, ListType.code == ListEntry.list_type_code)
        .where(ListEntry.subject_id.in_(ids), list_entry_in_force(today))
        .order_by(ListType.sort_order)
    ):
        if (name, color) not in by_id[sid].lists:
            by_id[sid].lists.append((name, color))
    for model, rule, attr in (
        (Penalty, penalty_in_force(today), "penalties_in_force"),
        (Licence, licence_in_force(today), "licences_in_force"),
    ):
        for sid, count in session.execute(
            select(model.subject_id, func.count())
            .where(model.subject_id.in_(ids), rule)
            .group_by(model.subject_id)
        ):
            setattr(by_id[sid], attr, count)
    return [by_id[i] for i in ids if i in by_id]


@dataclass
class RecordSummary:
    entity: str
    id: int
    title: str  # 处罚类别 / 许可证书名称 / 名单名称
    subject_name: str
    uscc: str | None
    document_no: str
    authority: str
    decided: date
    domain: str | None
    facts: str | None = None  # 违法事实 (penalties): shown when searching facts

    def as_json(self) -> dict:
        return {
            "type": self.entity,
            "id": self.id,
            "title": self.title,
            "subject_name": self.subject_name,
            "uscc": self.uscc,
            "document_no": self.document_no,
            "authority": self.authority,
            "date": self.decided.isoformat(),
            "domain": self.domain,
        }


def record_summaries(session: Session, keys: list[tuple[str, int]]) -> list[RecordSummary]:
    wanted: dict[str, list[int]] = defaultdict(list)
    for entity, record_id in keys:
        wanted[entity].append(record_id)
    found: dict[tuple[str, int], RecordSummary] = {}
    domains = dict(session.execute(select(Domain.code, Domain.name)).all())
    if wanted.get("penalty"):
        for p in session.scalars(select(Penalty).where(Penalty.id.in_(wanted["penalty"]))):
            found[("penalty", p.id)] = RecordSummary(
                "penalty",
                p.id,
                p.categories.replace(";", "、"),
                p.subject_name,
                p.uscc,
                p.decision_no,
                p.authority,
                p.decision_date,
                domains.get(p.domain_code or ""),
                p.facts,
            )
    if wanted.get("licence"):
        for lic in session.scalars(select(Licence).where(Licence.id.in_(wanted["licence"]))):
            found[("licence", lic.id)] = RecordSummary(
                "licence",
                lic.id,
                licence_title(lic),
                lic.subject_name,
                lic.uscc,
                lic.decision_no,
                lic.authority,
                lic.decision_date,
                domains.get(lic.domain_code or ""),
            )
    if wanted.get("list_entry"):
        names = dict(session.execute(select(ListType.code, ListType.name)).all())
        for e in session.scalars(select(ListEntry).where(ListEntry.id.in_(wanted["list_entry"]))):
            found[("list_entry", e.id)] = RecordSummary(
                "list_entry",
                e.id,
                names.get(e.list_type_code, e.list_type_code),
                e.subject_name,
                e.uscc,
                e.basis_doc_no,
                e.authority,
                e.entered_on,
                domains.get(e.domain_code or ""),
            )
    return [found[k] for k in keys if k in found]
