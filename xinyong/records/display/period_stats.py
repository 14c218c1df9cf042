"""Statistics by month, quarter or year and by district, from one small count "cube".

The cube holds, per decision month and district, how many licences and penalties were published
and the fines they imposed. It is counted with one GROUP BY per table (in the background with the
open-data files at city scale, records/opendata/build.py) and every period and district view is summed
from it in Python, so a journalist's switch between 月/季/年 and districts never counts millions
of rows on a request.

"Published" means put before the public (in_force.was_published): a licence not withheld (a
minor's), a penalty not withheld whose publication state is or was public (公示中, 异议中, 已到期,
已修复). Penalties still waiting (待公示), withdrawn (已撤销: the decision itself was revoked) or
never published (不公示) are not counted. A record stays in the figures of its decision month
after its own publication ended: it was published then.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xinyong.records.display.statistics import month_of
from xinyong.records.models import District, Licence, Penalty
from xinyong.records.publication.in_force import was_published
from xinyong.records.reference.districts import UNPLACED

KINDS = {"month": "月", "quarter": "季", "year": "年"}
SPAN = {"month": 12, "quarter": 8, "year": 6}  # periods drawn up to the chosen one
EARLIEST_YEAR = 1990
NO_DISTRICT = "none"  # the query-string value of 未分区 (records whose department is unplaced)
PATTERNS = {
    "month": re.compile(r"([0-9]{4})-([0-9]{2})"),
    "quarter": re.compile(r"([0-9]{4})-Q([1-4])"),
    "year": re.compile(r"([0-9]{4})"),
}
# cube: (month "YYYY-MM", district code or "") → [licences, penalties, fines in 万元]
Cube = dict[tuple[str, str], list[float]]


class BadStatisticsQuery(ValueError):
    """A period or district the page cannot show; the message is for the reader (Chinese)."""


@dataclass(frozen=True)
class Row:
    key: str  # period label ("2026-Q3") or district code ("" = 未分区)
    label: str  # what the reader sees
    licences: int
    penalties: int
    fines: float


@dataclass(frozen=True)
class Query:
    kind: str  # month | quarter | year
    at: str  # the chosen period, e.g. "2026-11", "2026-Q4", "2026"
    district: str | None  # a district code, NO_DISTRICT, or None for the whole city


def published_cube(session: Session, today: date) -> Cube:
    cube: Cube = {}
    for slot, model, rule, fines in (
        (0, Licence, was_published(Licence), None),
        (1, Penalty, was_published(Penalty), Penalty.fine_amount),
    ):
        month = month_of(session, model.decision_date)
        extra = [func.sum(fines)] if fines is not None else []
        query = (
            select(month, model.district_code, func.count(), *extra)
            .where(rule, model.decision_date <= today)
            .group_by(month, model.district_code)
        )
        for found in session.execute(query):
            cell = cube.setdefault((found[0], found[1] or ""), [0, 0, 0.0])
            cell[slot] += found[2]
            if fines is not None:
                cell[2] += float(found[3] or 0)
    return cube


def cube_to_json(cube: Cube) -> list[list]:
    return [[m, d, *v] for (m, d), v in sorted(cube.items())]


def cube_from_json(raw: list[list]) -> Cube:
    return {(m, d): [a, b, c] for m, d, a, b, c in raw}


def period_of(month: str, kind: str) -> str:
    """The period a month "YYYY-MM" falls in."""
    if kind == "month":
        return month
    if kind == "year":
        return month[:4]
    return f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"


def current_period(today: date, kind: str) -> str:
    return period_of(f"{today:%Y-%m}", kind)


def period_label(period: str) -> str:
    if "-Q" in period:
        return f"{period[:4]}年第{period[-1]}季度"
    if "-" in period:
        return f"{period[:4]}年{int(period[5:7])}月"
    return f"{period}年"


def _ordinal(period: str, kind: str) -> int:
    year = int(period[:4])
    if kind == "month":
        return year * 12 + int(period[5:7]) - 1
    return year * 4 + int(period[-1]) - 1 if kind == "quarter" else year


def _from_ordinal(n: int, kind: str) -> str:
    if kind == "month":
        return f"{n // 12:04d}-{n % 12 + 1:02d}"
    return f"{n // 4:04d}-Q{n % 4 + 1}" if kind == "quarter" else f"{n:04d}"


def parse_query(args: dict[str, str], today: date, districts: dict[str, str]) -> Query:
    """The query string of /statistics as a Query, or BadStatisticsQuery in Chinese."""
    kind = args.get("period") or "month"
    if kind not in KINDS:
        raise BadStatisticsQuery("统计周期只能是 month（月）、quarter（季）或 year（年）")
    at = args.get("at") or current_period(today, kind)
    found = PATTERNS[kind].fullmatch(at) if len(at) <= 7 else None
    if found is None or (kind == "month" and not 1 <= int(found.group(2)) <= 12):
        example = {"month": "2026-03", "quarter": "2026-Q1", "year": "2026"}[kind]
        raise BadStatisticsQuery(f"统计期间“{at[:20]}”的格式不对，应写作 {example}")
    if int(at[:4]) < EARLIEST_YEAR or _ordinal(at, kind) > _ordinal(current_period(today, kind), kind):
        raise BadStatisticsQuery(f"统计期间应在 {EARLIEST_YEAR} 年至今之间")
    district = args.get("district") or None
    if district is not None and district != NO_DISTRICT and district not in districts:
        raise BadStatisticsQuery(f"没有这个区（功能区）：{district[:20]}")
    return Query(kind, at, district)


def by_period(cube: Cube, query: Query) -> list[Row]:
    """The SPAN periods up to and including the chosen one, oldest first, for one district
    (or the whole city)."""
    last = _ordinal(query.at, query.kind)
    periods = [_from_ordinal(n, query.kind) for n in range(last - SPAN[query.kind] + 1, last + 1)]
    wanted = None if query.district is None else ("" if query.district == NO_DISTRICT else query.district)
    sums = {p: [0, 0, 0.0] for p in periods}
    for (month, district), values in cube.items():
        cell = sums.get(period_of(month, query.kind))
        if cell is not None and (wanted is None or district == wanted):
            for i in range(3):
                cell[i] += values[i]
    return [Row(p, period_label(p), int(v[0]), int(v[1]), round(v[2], 2)) for p, v in sums.items()]


def by_district(cube: Cube, query: Query, districts: dict[str, str]) -> list[Row]:
    """Every district of the city (zeros included, in code order), then 未分区 when it has
    records, for the chosen period."""
    sums: dict[str, list[float]] = {code: [0, 0, 0.0] for code in sorted(districts)}
    for (month, district), values in cube.items():
        if period_of(month, query.kind) == query.at:
            cell = sums.setdefault(district if district in districts else "", [0, 0, 0.0])
            for i in range(3):
                cell[i] += values[i]
    return [
        Row(code or NO_DISTRICT, districts.get(code, UNPLACED), int(v[0]), int(v[1]), round(v[2], 2))
        for code, v in sums.items()
    ]


def district_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(District.code, District.name)).all())


def table_csv_rows(rows: list[Row]) -> list[list[str]]:
    return [[r.label, str(r.licences), str(r.penalties), f"{r.fines:.2f}"] for r in rows]
