"""Reading reference tables into the lookups that validation resolves names against."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.records.ingest.validation import Lookups
from xinyong.records.models import District, Domain, ListType


def load_lookups(session: Session) -> Lookups:
    def table(model, key_col, name_col) -> dict[str, str]:
        out: dict[str, str] = {}
        for code, name in session.execute(select(key_col, name_col)):
            out[name] = code
            out[code] = code
        return out

    return Lookups(
        list_types=table(ListType, ListType.code, ListType.name),
        districts=table(District, District.code, District.name),
        domains=table(Domain, Domain.code, Domain.name),
    )


FLAG_LABELS = {"black": "失信惩戒名单", "watch": "经营异常名录", "red": "守信激励名单", "none": "未列入名单"}
TYPE_LABELS = {"penalty": "行政处罚", "licence": "行政许可", "list_entry": "红黑名单"}


def facet_labels(session: Session) -> dict[str, dict[str, str]]:
    """Chinese labels for every facet value the search can return."""
    from xinyong.records.models import Department

    return {
        "district": dict(session.execute(select(District.code, District.name)).all()),
        "domain": dict(session.execute(select(Domain.code, Domain.name)).all()),
        "list_type": dict(session.execute(select(ListType.code, ListType.name)).all()),
        "department": {str(i): n for i, n in session.execute(select(Department.id, Department.name))},
        "flag": FLAG_LABELS,
        "type": TYPE_LABELS,
    }
