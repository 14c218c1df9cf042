"""Figures for the statistics page: each chart is a list of (label, value) with a title and unit.

Counts are over everything published (a record stays in the monthly figures after its period
ends: it was published that month); breakdowns by domain and district are of records in force.
Timeliness is the 7-working-day rule of 国办发〔2015〕51号 per delivering department.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from xinyong.records.in_force import licence_in_force, penalty_in_force
from xinyong.records.models import Department, District, Domain, Licence, Penalty


@dataclass
class Chart:
    key: str
    title: str
    unit: str
    rows: list[tuple[str, float]]
    note: str = ""

    @property
    def maximum(self) -> float:
        return max((v for _, v in self.rows), default=0) or 1


def month_of(session: Session, column):  # noqa: ANN001, ANN201
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
        for label, n in session.execute(select(month, func.count())
                                        .where(model.decision_date >= since,
                                               model.decision_date <= today).group_by(month)):
            counts[label] = counts.get(label, 0) + n
    labels = [_months_back(today, months - i).strftime("%Y-%m") for i in range(months)]
    return Chart("per-month", "每月公示的行政许可和行政处罚", "条", [(m, counts.get(m, 0)) for m in labels],
                 "按决定日期统计，近12个月。")


def fines_per_month(session: Session, today: date, months: int = 12) -> Chart:
    since = _months_back(today, months)
    month = month_of(session, Penalty.decision_date)
    sums = {m: float(v or 0) for m, v in session.execute(
        select(month, func.sum(Penalty.fine_amount))
        .where(Penalty.decision_date >= since, Penalty.decision_date <= today).group_by(month))}
    labels = [_months_back(today, months - i).strftime("%Y-%m") for i in range(months)]
    return Chart("fines", "每月行政处罚罚款金额", "万元",
                 [(m, round(sums.get(m, 0.0), 2)) for m in labels], "按处罚决定日期统计，近12个月。")


def in_force_by(session: Session, today: date, by: str) -> Chart:
    """Records in force per pilot domain or per district."""
    table, column_name, title = ((Domain, "domain_code", "各行业领域有效的许可和处罚信息") if by == "domain"
                                 else (District, "district_code", "各区有效的许可和处罚信息"))
    names = dict(session.execute(select(table.code, table.name)).all())
    counts: dict[str, float] = {}
    for model, rule in ((Licence, licence_in_force(today)), (Penalty, penalty_in_force(today))):
        column = getattr(model, column_name)
        for code, n in session.execute(select(column, func.count()).where(rule).group_by(column)):
            label = names.get(code, "未注明") if code else "未注明"
            counts[label] = counts.get(label, 0) + n
    rows = sorted(counts.items(), key=lambda kv: -kv[1])
    return Chart(f"by-{by}", title, "条", rows)


def timeliness_by_department(session: Session, limit: int = 20) -> Chart:
    rows: dict[str, list[int]] = {}
    for model in (Licence, Penalty):
        timed = func.sum(case((model.collected_in_time.is_(True), 1), else_=0))
        for name, total, on_time in session.execute(
                select(Department.name, func.count(model.collected_in_time), timed)
                .join(Department, Department.id == model.department_id)
                .group_by(Department.name)):
            entry = rows.setdefault(name, [0, 0])
            entry[0] += total
            entry[1] += int(on_time or 0)
    shares = [(name, round(100 * on / total, 1)) for name, (total, on) in rows.items() if total]
    shares.sort(key=lambda kv: (kv[1], kv[0]))
    return Chart("timeliness", "各部门7个工作日内上网公示的比例（最低的在前）", "%", shares[:limit],
                 "目标：100%（国办发〔2015〕51号）。按工作日计算，含调休。")


def all_charts(session: Session, today: date) -> list[Chart]:
    return [publications_per_month(session, today), in_force_by(session, today, "domain"),
            in_force_by(session, today, "district"), fines_per_month(session, today),
            timeliness_by_department(session)]


def as_number(value: float | Decimal) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
