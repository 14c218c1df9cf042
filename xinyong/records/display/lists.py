"""Browsing red/black lists and joint cases with filters: one query builder for /lists, /cases,
their CSV/JSON Lines downloads and /api/v1/lists (they used to build the same SQL twice).

Filters arrive as text from a query string; `parse_list_filters` / `parse_case_filters` turn them
into typed values or Chinese messages (with a machine code for the API), so a page answers 400
with the reason and never guesses. List entries are read only while in force (`in_force.py`):
withheld (a minor's), removed and expired entries never appear. Joint cases have no publication
window: every stored case is public, and a case is always about an organisation (catalog).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, func, literal, or_, select
from sqlalchemy.orm import Session

from xinyong.records.models import JointCase, ListEntry, ListType
from xinyong.records.publication.in_force import list_entry_in_force

PAGE_SIZE = 20
MAX_PAGE = 250  # deeper than 5,000 rows: use the download
COUNT_CAP = 10_000
MAX_PARAM = 100  # characters of one filter value; longer is refused, not truncated silently
COLORS = {"red": "守信激励", "black": "失信惩戒", "watch": "经营异常"}
CASE_KINDS = ("守信激励", "失信惩戒")
SEVERITIES = ("轻微", "一般", "严重")


@dataclass
class Filters:
    """Common to lists and cases; unused fields stay None."""

    list_type: str | None = None
    color: str | None = None
    severity: str | None = None
    kind: str | None = None  # joint cases: 守信激励 / 失信惩戒
    department: int | None = None
    district: str | None = None
    domain: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    keyword: str | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)  # (code, Chinese message)

    def as_args(self) -> dict[str, str]:
        """The filters as query-string arguments (for links that cite this view)."""
        out = {
            "type": self.list_type,
            "color": self.color,
            "severity": self.severity,
            "kind": self.kind,
            "department": self.department,
            "district": self.district,
            "domain": self.domain,
            "q": self.keyword,
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
        }
        return {k: str(v) for k, v in out.items() if v is not None}


def _text(args: Mapping[str, str], name: str, what: str, f: Filters) -> str | None:
    value = (args.get(name) or "").strip()
    if len(value) > MAX_PARAM:
        f.errors.append(("param_too_long", f"{what}过长：最多{MAX_PARAM}个字符"))
        return None
    if any(ord(c) < 32 for c in value):
        f.errors.append(("bad_param", f"{what}含有控制字符"))
        return None
    return value or None


def _date(args: Mapping[str, str], name: str, what: str, f: Filters) -> date | None:
    raw = _text(args, name, what, f)
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        f.errors.append(("bad_date", f"{what}格式应为 年-月-日，如 2026-01-31"))
        return None


def _common(args: Mapping[str, str], f: Filters) -> Filters:
    department = _text(args, "department", "部门参数", f)
    if department is not None:
        if department.isdigit() and len(department) <= 9:
            f.department = int(department)
        else:
            f.errors.append(("bad_department", "部门参数无效"))
    f.district = _text(args, "district", "所属区参数", f)
    f.keyword = _text(args, "q", "关键词", f)
    f.date_from = _date(args, "from", "开始日期", f)
    f.date_to = _date(args, "to", "结束日期", f)
    if f.date_from and f.date_to and f.date_from > f.date_to:
        f.errors.append(("bad_date_range", "开始日期晚于结束日期"))
    return f


def parse_list_filters(args: Mapping[str, str], list_types: Mapping[str, Any]) -> Filters:
    """`list_types`: code → ListType (an unknown type is an error, not an empty result)."""
    f = _common(args, Filters())
    f.list_type = _text(args, "type", "名单类型", f)
    if f.list_type is not None and f.list_type not in list_types:
        f.errors.append(("bad_list_type", "没有这个名单类型"))
        f.list_type = None
    f.color = _text(args, "color", "名单类别", f)
    if f.color is not None and f.color not in COLORS:
        f.errors.append(("bad_color", "名单类别应为 守信激励、失信惩戒 或 经营异常"))
        f.color = None
    f.severity = _text(args, "severity", "失信严重程度", f)
    if f.severity is not None and f.severity not in SEVERITIES:
        f.errors.append(("bad_severity", "失信严重程度应为 轻微、一般 或 严重"))
        f.severity = None
    return f


def parse_case_filters(args: Mapping[str, str]) -> Filters:
    f = _common(args, Filters())
    f.kind = _text(args, "kind", "案例类型", f)
    if f.kind is not None and f.kind not in CASE_KINDS:
        f.errors.append(("bad_case_kind", "案例类型应为 守信激励 或 失信惩戒"))
        f.kind = None
    f.domain = _text(args, "domain", "行业领域参数", f)
    return f


def _like(column: Any, keyword: str) -> Any:
    return column.contains(keyword, autoescape=True)  # % and _ are literal: no pattern syntax


def _where_common(query: Select, model: Any, date_column: Any, f: Filters) -> Select:
    for column, value in ((model.department_id, f.department), (model.district_code, f.district)):
        if value is not None:
            query = query.where(column == value)
    if f.date_from:
        query = query.where(date_column >= f.date_from)
    if f.date_to:
        query = query.where(date_column <= f.date_to)
    return query


def list_query(f: Filters, today: date, *, ignore_type: bool = False) -> Select:
    """Entries in force matching the filters, newest first (`ignore_type`: for counts by type)."""
    query = select(ListEntry).where(list_entry_in_force(today))
    query = _where_common(query, ListEntry, ListEntry.entered_on, f)
    if f.list_type and not ignore_type:
        query = query.where(ListEntry.list_type_code == f.list_type)
    if f.color:
        query = query.where(
            ListEntry.list_type_code.in_(select(ListType.code).where(ListType.color == f.color))
        )
    if f.severity:
        query = query.where(ListEntry.severity == f.severity)
    if f.keyword:
        query = query.where(
            or_(
                _like(ListEntry.subject_name, f.keyword),
                ListEntry.uscc == f.keyword.upper(),
                _like(ListEntry.basis_doc_no, f.keyword),
                _like(ListEntry.reason, f.keyword),
                _like(ListEntry.authority, f.keyword),
            )
        )
    return query.order_by(ListEntry.entered_on.desc(), ListEntry.id.desc())


def case_query(f: Filters) -> Select:
    query = _where_common(select(JointCase), JointCase, JointCase.implemented_on, f)
    if f.kind:
        query = query.where(JointCase.case_kind == f.kind)
    if f.domain:
        query = query.where(JointCase.domain_code == f.domain)
    if f.keyword:
        query = query.where(
            or_(
                _like(JointCase.title, f.keyword),
                _like(JointCase.subject_name, f.keyword),
                JointCase.uscc == f.keyword.upper(),
                _like(JointCase.measures, f.keyword),
                _like(JointCase.list_name, f.keyword),
                _like(JointCase.implementing_unit, f.keyword),
            )
        )
    return query.order_by(JointCase.implemented_on.desc(), JointCase.id.desc())


def counts_by_type(session: Session, f: Filters, today: date) -> dict[str, int]:
    """Entries in force per list type under every filter but the type itself (facet counts)."""
    inner = list_query(f, today, ignore_type=True).order_by(None).subquery()
    return dict(
        session.execute(select(inner.c.list_type_code, func.count()).group_by(inner.c.list_type_code)).all()
    )


def page_of(session: Session, query: Select, page: int, size: int = PAGE_SIZE) -> tuple[int, list[Any]]:
    """(total, rows of the page); a total above COUNT_CAP is returned as COUNT_CAP + 1."""
    capped = query.order_by(None).with_only_columns(literal(1)).limit(COUNT_CAP + 1)
    total = session.scalar(select(func.count()).select_from(capped.subquery())) or 0
    return total, list(session.scalars(query.limit(size).offset((page - 1) * size)))


def stream(session: Session, query: Select, chunk: int = 2000) -> Iterator[Any]:
    """Every matching row in order, fetched in chunks (for downloads)."""
    yield from session.scalars(query.execution_options(yield_per=chunk))
