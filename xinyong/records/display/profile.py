"""A subject's public credit profile (信用档案): what is published about it today, in the order
of the national credit report, each record with its publication window and its provenance.

Only records in force are included (`in_force.py`): expired, repaired or withdrawn records are
not published, so they are not here either. Natural persons have no profile.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.records.display.record import licence_title
from xinyong.records.models import (
    Commitment,
    Department,
    District,
    Domain,
    JointCase,
    Licence,
    ListEntry,
    ListType,
    Penalty,
    Subject,
)
from xinyong.records.models.subjects import KIND_PERSON
from xinyong.records.publication.in_force import licence_in_force, list_entry_in_force, penalty_in_force
from xinyong.records.publication.list_periods import removal_text

# (key, title, what an empty section says) in the order of the national credit report.
SECTIONS = (
    ("licence", "行政许可", "暂无有效的行政许可信息"),
    ("penalty", "行政处罚", "暂无有效的行政处罚信息"),
    ("red", "守信激励", "暂无守信激励信息"),
    ("black", "失信惩戒（严重失信主体名单）", "未被列入严重失信主体名单"),
    ("watch", "经营异常", "未被列入经营异常名录"),
    ("commitment", "信用承诺", "暂无信用承诺信息"),
    ("joint_case", "联合奖惩案例", "暂无联合奖惩案例"),
)


@dataclass
class ProfileRecord:
    entity: str  # penalty | licence | list_entry | commitment | joint_case
    id: int
    title: str
    document_no: str | None
    authority: str | None
    decided: date
    published_until: date | None  # None: published until further notice
    until_text: str  # how the end of the window reads (长期, 至移出之日 …)
    department: str | None  # who delivered it (数据来源单位)
    collected_at: datetime | None
    detail: str | None = None  # a line of what it is about
    state: str | None = None  # penalties: 公示中 | 异议中 (records/publication/rules.py)
    severity: str | None = None  # penalties: 轻微 | 一般 | 严重


@dataclass
class ProfileSection:
    key: str
    title: str
    empty_text: str
    records: list[ProfileRecord] = field(default_factory=list)


@dataclass
class CreditProfile:
    subject: Subject
    district: str | None
    domain: str | None
    former_names: list[str]
    as_of: date
    sections: list[ProfileSection]

    def section(self, key: str) -> ProfileSection:
        return next(s for s in self.sections if s.key == key)

    @property
    def status_line(self) -> str:
        """One plain sentence that cannot be misread (see the note under it on the page)."""
        day = f"{self.as_of.year}年{self.as_of.month}月{self.as_of.day}日"
        penalties = len(self.section("penalty").records)
        black = sorted({r.title for r in self.section("black").records})
        watch = self.section("watch").records
        parts = [
            f"截至{day}，该主体有{penalties}条有效行政处罚信息"
            if penalties
            else f"截至{day}，该主体没有有效的行政处罚信息"
        ]
        parts.append(f"被列入严重失信主体名单（{'、'.join(black)}）" if black else "未被列入严重失信主体名单")
        if watch:
            parts.append("被列入经营异常名录")
        return "，".join(parts) + "。"


def find_subject(
    session: Session, *, uscc: str | None = None, subject_id: int | None = None
) -> Subject | None:
    """A subject that may have a public profile (organisations and 个体工商户, not persons)."""
    query = select(Subject).where(Subject.kind != KIND_PERSON)
    if uscc is not None:
        return session.scalar(query.where(Subject.uscc == uscc))
    return session.scalar(query.where(Subject.id == subject_id))


def build_profile(session: Session, subject: Subject, today: date) -> CreditProfile:
    departments = dict(session.execute(select(Department.id, Department.name)).all())
    sections = {key: ProfileSection(key, title, empty) for key, title, empty in SECTIONS}

    def provenance(r) -> dict:
        return {"department": departments.get(r.department_id), "collected_at": r.collected_at}

    for p in session.scalars(
        select(Penalty)
        .where(Penalty.subject_id == subject.id, penalty_in_force(today))
        .order_by(Penalty.decision_date.desc(), Penalty.id.desc())
    ):
        until = p.publication_end
        sections["penalty"].records.append(
            ProfileRecord(
                "penalty",
                p.id,
                p.categories.replace(";", "、"),
                p.decision_no,
                p.authority,
                p.decision_date,
                until,
                until.isoformat() if until else "长期",
                detail=p.violation_type,
                state=p.publication_state,
                severity=p.severity,
                **provenance(p),
            )
        )
    for lic in session.scalars(
        select(Licence)
        .where(Licence.subject_id == subject.id, licence_in_force(today))
        .order_by(Licence.decision_date.desc(), Licence.id.desc())
    ):
        until = None if lic.open_ended else lic.valid_to
        sections["licence"].records.append(
            ProfileRecord(
                "licence",
                lic.id,
                licence_title(lic),
                lic.decision_no,
                lic.authority,
                lic.decision_date,
                until,
                until.isoformat() if until else "长期",
                detail=lic.content,
                **provenance(lic),
            )
        )
    for entry, list_type in session.execute(
        select(ListEntry, ListType)
        .join(ListType, ListType.code == ListEntry.list_type_code)
        .where(ListEntry.subject_id == subject.id, list_entry_in_force(today))
        .order_by(ListEntry.entered_on.desc())
    ):
        sections[list_type.color].records.append(
            ProfileRecord(
                "list_entry",
                entry.id,
                list_type.name,
                entry.basis_doc_no,
                entry.authority,
                entry.entered_on,
                entry.removed_on or entry.expires_on,
                removal_text(entry.removed_on, entry.expires_on, today)
                if entry.removed_on or entry.expires_on
                else "移出之日",
                detail=entry.reason,
                **provenance(entry),
            )
        )
    for c in session.scalars(
        select(Commitment).where(Commitment.subject_id == subject.id).order_by(Commitment.committed_on.desc())
    ):
        sections["commitment"].records.append(
            ProfileRecord(
                "commitment",
                c.id,
                c.matter,
                c.commitment_no,
                c.recipient,
                c.committed_on,
                None,
                c.fulfilment or "—",
                detail=c.commitment_type,
                **provenance(c),
            )
        )
    for j in session.scalars(
        select(JointCase).where(JointCase.subject_id == subject.id).order_by(JointCase.implemented_on.desc())
    ):
        sections["joint_case"].records.append(
            ProfileRecord(
                "joint_case",
                j.id,
                j.title,
                None,
                j.implementing_unit,
                j.implemented_on,
                None,
                j.case_kind,
                detail=j.measures,
                **provenance(j),
            )
        )
    names = {code: name for code, name in session.execute(select(District.code, District.name))}
    domains = {code: name for code, name in session.execute(select(Domain.code, Domain.name))}
    return CreditProfile(
        subject,
        names.get(subject.district_code or ""),
        domains.get(subject.domain_code or ""),
        [n.name for n in subject.former_names],
        today,
        list(sections.values()),
    )
