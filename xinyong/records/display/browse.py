"""Browsing published licences and penalties with filters and sorting (the journalists' view).

Filters arrive as text from a query string; `parse_filters` turns them into typed values or
Chinese messages saying what is wrong, so a page can answer 400 with the reason instead of
guessing. Everything here reads only records in force (what is published today).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Select, func, literal, select
from sqlalchemy.orm import Session

from xinyong.records.models import Licence, Penalty
from xinyong.records.record_types import in_force_rules, keys_where

ENTITIES = in_force_rules(*keys_where(disclosed=True))
SORTS = {"date_desc": "决定日期（新→旧）", "date_asc": "决定日期（旧→新）", "fine_desc": "罚款金额（高→低）"}
PAGE_SIZE = 20
MAX_PAGE = 250  # deeper than 5,000 rows: use the download
COUNT_CAP = 10_000  # counting 1.7 M licences took a second; past this the page says "10,000+"


@dataclass
class BrowseFilters:
    domain: str | None = None
    district: str | None = None
    department: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    category: str | None = None  # 处罚类别 contains (警告, 罚款 …) / 许可类别 equals
    fine_min: Decimal | None = None  # 万元
    fine_max: Decimal | None = None
    sort: str = "date_desc"
    errors: list[str] = field(default_factory=list)


def parse_filters(args: Mapping[str, str], entity: str) -> BrowseFilters:
    f = BrowseFilters()
    f.domain = (args.get("domain") or "").strip() or None
    f.district = (args.get("district") or "").strip() or None
    f.category = (args.get("category") or "").strip()[:20] or None
    department = (args.get("department") or "").strip()
    if department:
        if department.isdigit():
            f.department = int(department)
        else:
            f.errors.append("部门参数无效")
    f.date_from = _date(args.get("from"), "开始日期", f.errors)
    f.date_to = _date(args.get("to"), "结束日期", f.errors)
    if f.date_from and f.date_to and f.date_from > f.date_to:
        f.errors.append("开始日期晚于结束日期")
    if entity == "penalty":
        f.fine_min = _amount(args.get("fine_min"), "最低罚款金额", f.errors)
        f.fine_max = _amount(args.get("fine_max"), "最高罚款金额", f.errors)
        if f.fine_min is not None and f.fine_max is not None and f.fine_min > f.fine_max:
            f.errors.append("最低罚款金额高于最高罚款金额")
    sort = args.get("sort") or "date_desc"
    if sort not in SORTS or (sort == "fine_desc" and entity != "penalty"):
        f.errors.append("排序方式无效")
    else:
        f.sort = sort
    return f


def _date(raw: str | None, what: str, errors: list[str]) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        errors.append(f"{what}格式应为 年-月-日，如 2026-01-31")
        return None


def _amount(raw: str | None, what: str, errors: list[str]) -> Decimal | None:
    if not raw:
        return None
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        errors.append(f"{what}应为数字（单位：万元）")
        return None
    if not value.is_finite() or value < 0:
        errors.append(f"{what}应为不小于0的数字（单位：万元）")
        return None
    return value


def browse_query(entity: str, filters: BrowseFilters, today: date) -> Select:
    model, in_force = ENTITIES[entity]
    query = select(model).where(in_force(today))
    for column, value in (
        (model.domain_code, filters.domain),
        (model.district_code, filters.district),
        (model.department_id, filters.department),
    ):
        if value is not None:
            query = query.where(column == value)
    if filters.date_from:
        query = query.where(model.decision_date >= filters.date_from)
    if filters.date_to:
        query = query.where(model.decision_date <= filters.date_to)
    if filters.category:
        if entity == "penalty":
            query = query.where(Penalty.categories.contains(filters.category, autoescape=True))
        else:
            query = query.where(Licence.category == filters.category)
    if entity == "penalty":
        if filters.fine_min is not None:
            query = query.where(Penalty.fine_amount >= filters.fine_min)
        if filters.fine_max is not None:
            query = query.where(Penalty.fine_amount <= filters.fine_max)
    if filters.sort == "fine_desc":
        return query.order_by(Penalty.fine_amount.desc().nulls_last(), Penalty.id.desc())
    direction = filters.sort == "date_asc"
    date_order = model.decision_date.asc() if direction else model.decision_date.desc()
    id_order = model.id.asc() if direction else model.id.desc()
    return query.order_by(date_order, id_order)


def browse_page(
    session: Session, entity: str, filters: BrowseFilters, today: date, page: int
) -> tuple[int, list[Any]]:
    """(total, records of the page); a total above COUNT_CAP is returned as COUNT_CAP + 1."""
    query = browse_query(entity, filters, today)
    capped = query.order_by(None).with_only_columns(literal(1)).limit(COUNT_CAP + 1)
    total = session.scalar(select(func.count()).select_from(capped.subquery())) or 0
    rows = list(session.scalars(query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)))
    return total, rows


def browse_all(
    session: Session, entity: str, filters: BrowseFilters, today: date, chunk: int = 2000
) -> Iterator[Any]:
    """Every matching record, in the chosen order, streamed (for downloads)."""
    query = browse_query(entity, filters, today).execution_options(yield_per=chunk)
    yield from session.scalars(query)  # the identity map holds streamed rows weakly
