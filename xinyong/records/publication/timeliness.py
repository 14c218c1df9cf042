"""The one definition of timeliness (及时率), computed by one function for every page.

国办发〔2015〕51号: licences and penalties go online within 7 working days of the decision. The
figure is: of the licences and penalties *decided* in a period, the share collected by the
portal no later than 7 working days (State Council holidays and 调休, city overrides) after the
decision date. Each record's verdict is taken when it is collected (importer →
`collected_in_time`); here it is only counted. /statistics, /about/data and the pilot dashboard
and quarterly report all call `timeliness` — a figure over all time mixed the one-off backfill of
old records (delivered years late) into the daily deliveries and gave 5% where the pilot saw 90%.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import FromClause, case, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from xinyong.records.models import Department, Licence, Penalty

TARGET = 100.0  # percent (国办发〔2015〕51号; 武信用办〔2016〕8号)
DEFINITION = (
    "决定日期在统计期内的行政许可和行政处罚中，"
    "自决定之日起7个工作日内（按国务院节假日安排，含调休）归集上网的比例"
)
WINDOW_DAYS = 365  # /statistics and /about/data: decisions of the last 12 months


@dataclass
class Timeliness:
    decided: int = 0
    in_time: int = 0
    estimated: int = 0  # verdicts resting on an estimated holiday calendar (预计)

    @property
    def share(self) -> float | None:
        return round(100 * self.in_time / self.decided, 1) if self.decided else None

    @property
    def below_target(self) -> bool:
        return self.share is not None and self.share < TARGET


def default_window(today: date) -> tuple[date, date]:
    return today - timedelta(days=WINDOW_DAYS - 1), today


def label(start: date, end: date) -> str:
    return f"{DEFINITION}（统计期：{start.isoformat()} 至 {end.isoformat()}；目标 100%）"


def timeliness(
    session: Session, start: date, end: date, *, by: str | None = None, keys: list[str] | None = None
) -> dict[Any, Timeliness]:
    """Timeliness of licences and penalties decided from `start` to `end`, grouped `by`
    None (one figure under key None), "department" (department name), "district" (the
    department's district) or "domain" (the record's domain); `keys` limits the groups."""
    out: dict[Any, Timeliness] = {}
    for model in (Licence, Penalty):
        key: InstrumentedAttribute[str | None] | None
        source: FromClause
        if by in ("department", "district"):
            key = Department.name if by == "department" else Department.district_code
            source = model.__table__.join(Department.__table__, Department.id == model.department_id)
        else:
            key = model.domain_code if by == "domain" else None
            source = model.__table__
        columns = [
            func.count(model.collected_in_time),
            func.sum(case((model.collected_in_time.is_(True), 1), else_=0)),
            func.sum(case((model.deadline_estimated.is_(True), 1), else_=0)),
        ]
        query = (
            select(*([key] if key is not None else []), *columns)
            .select_from(source)
            .where(model.decision_date.between(start, end))
        )
        if key is not None:
            query = query.group_by(key)
            if keys is not None:
                query = query.where(key.in_(keys))
        for row in session.execute(query):
            values = tuple(row)  # a plain tuple: a Row's slice has no fixed length for the type checker
            group, (n, on_time, estimated) = (values[0], values[1:]) if key is not None else (None, values)
            figure = out.setdefault(group, Timeliness())
            figure.decided += int(n or 0)
            figure.in_time += int(on_time or 0)
            figure.estimated += int(estimated or 0)
    return out
