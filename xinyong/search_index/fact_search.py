"""Searching penalties by their facts (违法事实): the journalists' full-text search.

Served from the database's own full-text engine (see `fulltext.py`); this module gives it the
same shape as every other search — a SearchOutcome with record ids, facet counts and pages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.records.models import Penalty
from xinyong.records.publication.in_force import penalty_in_force
from xinyong.search_index.errors import BadFilter, PageOutOfRange, QueryEmpty
from xinyong.search_index.fulltext import is_searchable, matching_penalties, year_of
from xinyong.search_index.outcome import SearchOutcome
from xinyong.search_index.text.analysis import fold

FACT_FACETS = ("domain", "district", "department", "year")


def search_facts(
    session: Session, text: str, today: date, filters: dict[str, str | None], page: int, page_size: int
) -> SearchOutcome:
    if not is_searchable(text):
        raise QueryEmpty("请输入要在违法事实中查找的文字")
    if len(fold(text)) < 2:
        # One character matches a large share of all penalties: too broad to be useful, and
        # the one query shape that took a second at city scale.
        raise QueryEmpty("请至少输入两个字，例如“超标排放”")
    outcome = SearchOutcome(text, "facts", 0, page, 0)
    outcome.terms = text.split()
    columns = {
        "domain": Penalty.domain_code,
        "district": Penalty.district_code,
        "department": Penalty.department_id,
        "year": year_of(session, Penalty.decision_date),
    }
    conditions = [Penalty.id.in_(matching_penalties(session, text)), penalty_in_force(today)]
    if filters.get("type") not in (None, "", "penalty"):
        return outcome  # only penalties have facts
    for name, column in columns.items():
        value = filters.get(name)
        if value and name == "department" and not value.isdigit():
            raise BadFilter("部门筛选条件无效")
        if value:
            conditions.append(column == (int(value) if name == "department" else value))
    # One pass: the matching rows' facet columns, counted and ordered here. Six SQL queries
    # (count, page, four GROUP BYs) would each repeat the full-text match.
    rows = list(
        session.execute(select(Penalty.id, Penalty.decision_date, *columns.values()).where(*conditions))
    )
    outcome.total = len(rows)
    outcome.pages = -(-outcome.total // page_size)
    if outcome.total and page > outcome.pages:
        raise PageOutOfRange("页码超出范围")
    rows.sort(key=lambda r: (r[1], r[0]), reverse=True)
    start = (page - 1) * page_size
    outcome.record_ids = [("penalty", r[0]) for r in rows[start : start + page_size]]
    outcome.facets = {name: _counts(r[2 + n] for r in rows) for n, name in enumerate(columns)}
    outcome.facets["type"] = [("penalty", outcome.total)] if outcome.total else []
    return outcome


def _counts(values: Iterable) -> list[tuple[str, int]]:
    return [(str(v), c) for v, c in Counter(v for v in values if v is not None).most_common()]
