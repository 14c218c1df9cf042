"""Figures for the statistics page: each chart is a list of (label, value) with a title and unit.

Counts are over everything published (a record stays in the monthly figures after its period
ends: it was published that month); breakdowns by domain and district are of records in force.
Timeliness is the 7-working-day rule of 国办发〔2015〕51号 per delivering department, counted by
records/publication/timeliness.py (the one definition the pilot dashboard uses too) and drawn against its
100% target, not against the best department.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xinyong.records.models import District, Domain, Licence, Penalty
from xinyong.records.publication.in_force import licence_in_force, penalty_in_force, was_published
from xinyong.records.publication.timeliness import TARGET, default_window, timeliness
from xinyong.records.publication.timeliness import label as timeliness_label


@dataclass
class Chart:
    key: str
    title: str
    unit: str
    rows: list[tuple[str, float]]
    note: str = ""
    target: float | None = None  # bars are scaled to the target when there is one (100%)

    @property
    def maximum(self) -> float:
        return max([v for _, v in self.rows] + [self.target or 0], default=0) or 1


def month_of(session: Session, column):
    """A date column as 'YYYY-MM' in SQL, in the dialect's own words."""
    if session.get_bind().dialect.name == "sqlite":
        return func.strftime("%Y-%m", column)
    return func.to_char(column, "YYYY-MM")


def _months_back(today: date, months: int) -> date:
    year, month = today.year, today.month - (months - 1)
    while month <= 0:
        month += 12
        year -= 1
    return date(year, month, 1)


def publications_per_month(session: Session, today: date, months: int = 12) -> Chart:
    since = _months_back(today, months)
    counts: dict[str, float] = {}
    for model in (Licence, Penalty):
        month = month_of(session, model.decision_date)
        for label, n in session.execute(
            select(month, func.count())
            .where(model.decision_date >= since, was_published(model), model.decision_date <= today)
            .group_by(month)
        ):
            counts[label] = counts.get(label, 0) + n
    labels = [_months_back(today, months - i).strftime("%Y-%m") for i in range(months)]
    return Chart(
        "per-month",
        "每月公示的行政许可和行政处罚",
        "条",
        [(m, counts.get(m, 0)) for m in labels],
        "按决定日期统计，近12个月。",
    )


def fines_per_month(session: Session, today: date, months: int = 12) -> Chart:
    since = _months_back(today, months)
    month = month_of(session, Penalty.decision_date)
    sums = {
        m: float(v or 0)
        for m, v in session.execute(
            select(month, func.sum(Penalty.fine_amount))
            .where(Penalty.decision_date >= since, Penalty.decision_date <= today, was_published(Penalty))
            .group_by(month)
        )
    }
    labels = [_months_back(today, months - i).strftime("%Y-%m") for i in range(months)]
    return Chart(
        "fines",
        "每月行政处罚罚款金额",
        "万元",
        [(m, round(sums.get(m, 0.0), 2)) for m in labels],
        "按处罚决定日期统计，近12个月。",
    )


def in_force_by(session: Session, today: date, by: str) -> Chart:
    """Records in force per pilot domain or per district."""
    table, column_name, title = (
        (Domain, "domain_code", "各行业领域有效的许可和处罚信息")
        if by == "domain"
        else (District, "district_code", "各区有效的许可和处罚信息")
    )
    names = dict(session.execute(select(table.code, table.name)).all())
    counts: dict[str, float] = {}
    for model, rule in ((Licence, licence_in_force(today)), (Penalty, penalty_in_force(today))):
        column = getattr(model, column_name)
        for code, n in session.execute(select(column, func.count()).where(rule).group_by(column)):
            label = names.get(code, "未注明") if code else "未注明"
            counts[label] = counts.get(label, 0) + n
    rows = sorted(counts.items(), key=lambda kv: -kv[1])
    return Chart(f"by-{by}", title, "条", rows)


def timeliness_by_department(session: Session, today: date, limit: int = 20) -> Chart:
    start, end = default_window(today)
    figures = timeliness(session, start, end, by="department")
    shares = [(name, f.share) for name, f in figures.items() if f.share is not None]
    shares.sort(key=lambda kv: (kv[1], kv[0]))
    return Chart(
        "timeliness",
        "各部门7个工作日内上网公示的比例（最低的在前）",
        "%",
        shares[:limit],
        timeliness_label(start, end) + "。依据：国办发〔2015〕51号。",
        target=TARGET,
    )


def all_charts(session: Session, today: date) -> list[Chart]:
    return [
        publications_per_month(session, today),
        in_force_by(session, today, "domain"),
        in_force_by(session, today, "district"),
        fines_per_month(session, today),
        timeliness_by_department(session, today),
    ]


def as_number(value: float | Decimal) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
