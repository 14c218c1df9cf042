"""The pilot's figures (武信用办〔2016〕8号, domain.md §6) per pilot district and pilot domain.

For a quarter: licences and penalties decided (and how many went online within 7 working
days), the share pushed to the city platform, joint reward/punishment cases per month against
the targets (2–3 a month per district, 1–2 per domain), and records per month.

A district's disclosure figures are its own departments' work (the department's district, so
东湖新技术开发区, which has no region code of its own, is counted too); a domain's are the
records of that domain, whoever decided them. Joint cases count where they say they belong
(所属区域, 所属领域).

Timeliness comes from records/publication/timeliness.py (the one definition every page uses). Departments
the portal could not place (records/reference/districts.py) are listed as 未分区 with their records, so a
district is never shown as zero only because its departments were not recognised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from xinyong.records.display.statistics import month_of
from xinyong.records.models import Department, District, Domain, JointCase, PushedRecord
from xinyong.records.publication.timeliness import TARGET, Timeliness, timeliness
from xinyong.records.publication.timeliness import label as timeliness_label
from xinyong.records.record_types import models

CASE_TARGETS = {"district": (2, 3), "domain": (1, 2)}  # joint cases a month, from the notice
DISCLOSURES = tuple(models("licence", "penalty").items())  # 双公示, in the report's order


@dataclass
class PilotRow:
    kind: str  # district | domain
    code: str
    name: str
    decided: int = 0  # licences and penalties decided in the quarter
    pushed: int = 0  # of which pushed to the city platform
    timely: Timeliness = field(default_factory=Timeliness)  # records/publication/timeliness.py
    records_per_month: dict[str, int] = field(default_factory=dict)
    cases_per_month: dict[str, int] = field(default_factory=dict)

    @property
    def in_time(self) -> int:  # online within 7 working days
        return self.timely.in_time

    @property
    def estimated(self) -> int:  # deadline on an estimated holiday calendar
        return self.timely.estimated

    @property
    def timely_share(self) -> float | None:
        return self.timely.share

    @property
    def pushed_share(self) -> float | None:
        return round(100 * self.pushed / self.decided, 1) if self.decided else None

    @property
    def shortfalls(self) -> list[str]:
        """Every figure under its target (100% timely, 100% pushed): flagged 未达标, 0% included."""
        out = []
        if self.timely_share is not None and self.timely_share < TARGET:
            out.append("timely")
        if self.pushed_share is not None and self.pushed_share < TARGET:
            out.append("pushed")
        return out

    def cases_met(self, month: str) -> bool:
        return self.cases_per_month.get(month, 0) >= CASE_TARGETS[self.kind][0]


@dataclass
class PilotReport:
    year: int
    quarter: int
    start: date
    end: date
    months: list[str]
    districts: list[PilotRow]
    domains: list[PilotRow]
    today: date
    unplaced: list[tuple[str, int]] = field(default_factory=list)  # 未分区: (department, records)

    @property
    def timeliness_label(self) -> str:
        return timeliness_label(self.start, self.end)

    def month_state(self, month: str) -> str:
        """ "past" (judged against the target), "current" (still running) or "future"."""
        now = self.today.strftime("%Y-%m")
        return "past" if month < now else ("current" if month == now else "future")

    def case_text(self, row: PilotRow, month: str) -> str:
        state, n = self.month_state(month), row.cases_per_month.get(month, 0)
        if state == "future":
            return "—"
        if state == "current":
            return f"{n}（本月进行中）"
        return f"{n}" if row.cases_met(month) else f"{n}（未达标）"

    @property
    def title(self) -> str:
        return f"{self.year}年第{self.quarter}季度"


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    if not 1 <= quarter <= 4:
        raise ValueError("quarter must be 1–4")
    start = date(year, 3 * quarter - 2, 1)
    after = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, after - timedelta(days=1)


def pilot_report(session: Session, year: int, quarter: int, today: date) -> PilotReport:
    start, end = quarter_bounds(year, quarter)
    months = [date(year, 3 * quarter - 2 + i, 1).strftime("%Y-%m") for i in range(3)]
    districts = {
        c: PilotRow("district", c, n)
        for c, n in session.execute(
            select(District.code, District.name).where(District.is_pilot.is_(True)).order_by(District.code)
        )
    }
    domains = {
        c: PilotRow("domain", c, n)
        for c, n in session.execute(
            select(Domain.code, Domain.name).where(Domain.is_pilot.is_(True)).order_by(Domain.sort_order)
        )
    }
    for rows, by_district in ((districts, True), (domains, False)):
        for entity, model in DISCLOSURES:
            _disclosures(session, rows, model, entity, by_district, start, end)
        _cases(session, rows, by_district, start, end)
        figures = timeliness(session, start, end, by="district" if by_district else "domain", keys=list(rows))
        for code, figure in figures.items():
            rows[code].timely = figure
    return PilotReport(
        year,
        quarter,
        start,
        end,
        months,
        list(districts.values()),
        list(domains.values()),
        today,
        _unplaced(session, start, end),
    )


def _unplaced(session: Session, start: date, end: date) -> list[tuple[str, int]]:
    """Departments with neither a district nor a level, and their records of the quarter."""
    counts: dict[str, int] = {}
    names = list(
        session.scalars(
            select(Department.name)
            .where(Department.district_code.is_(None), Department.level.is_(None))
            .order_by(Department.name)
        )
    )
    for name in names:
        counts[name] = 0
    for _, model in DISCLOSURES:
        for name, n in session.execute(
            select(Department.name, func.count())
            .select_from(model)
            .join(Department, Department.id == model.department_id)
            .where(
                Department.district_code.is_(None),
                Department.level.is_(None),
                model.decision_date.between(start, end),
            )
            .group_by(Department.name)
        ):
            counts[name] = counts.get(name, 0) + n
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _disclosures(
    session: Session, rows: dict[str, PilotRow], model, entity: str, by_district: bool, start: date, end: date
) -> None:
    # A district's: its departments' records; a domain's: the records of that domain.
    if by_district:
        key = Department.district_code
        source = model.__table__.join(Department.__table__, Department.id == model.department_id)
    else:
        key, source = model.domain_code, model.__table__
    month = month_of(session, model.decision_date)
    pushed = model.id.in_(select(PushedRecord.record_id).where(PushedRecord.entity == entity))
    query = (
        select(key, month, func.count(), func.sum(case((pushed, 1), else_=0)))
        .select_from(source)
        .where(model.decision_date.between(start, end), key.in_(list(rows)))
        .group_by(key, month)
    )
    for code, month_label, n, sent in session.execute(query):
        row = rows[code]
        row.decided += n
        row.pushed += int(sent or 0)
        row.records_per_month[month_label] = row.records_per_month.get(month_label, 0) + n


def _cases(session: Session, rows: dict[str, PilotRow], by_district: bool, start: date, end: date) -> None:
    # A case names its own district and domain (所属区域, 所属领域): counted there.
    key = JointCase.district_code if by_district else JointCase.domain_code
    month = month_of(session, JointCase.implemented_on)
    for code, label, n in session.execute(
        select(key, month, func.count())
        .where(JointCase.implemented_on.between(start, end), key.in_(list(rows)))
        .group_by(key, month)
    ):
        rows[code].cases_per_month[label] = n
