"""Stored records with little data, for unit tests that need a database: a subject, a penalty
with the publication columns a test chooses, a list entry. Flushed, never committed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count
from typing import Any

from sqlalchemy.orm import Session

from xinyong.records.models import ListEntry, Penalty, Subject

ORGANISATION = "法人及非法人组织"
SCJ = "武汉市市场监督管理局"
_numbers = count(1)


def subject(
    session: Session,
    name: str,
    uscc: str | None = None,
    *,
    kind: str = ORGANISATION,
    id_hash: str | None = None,
) -> Subject:
    n = next(_numbers)
    row = Subject(
        match_key=f"test:{n}:{uscc or id_hash or name}", kind=kind, name=name, uscc=uscc, id_hash=id_hash
    )
    session.add(row)
    session.flush()
    return row


def penalty(
    session: Session,
    owner: Subject,
    *,
    decided: date,
    categories: str = "警告;罚款",
    fine: Decimal | None = Decimal("0.5"),
    **columns: Any,
) -> Penalty:
    """A penalty of `owner`; publication columns (state, start, end, repaired_on …) as given,
    else left empty as a record never derived."""
    n = next(_numbers)
    row = Penalty(
        subject_id=owner.id,
        subject_name=owner.name,
        subject_kind=owner.kind,
        uscc=owner.uscc,
        decision_no=f"武市监处罚〔2026〕{n}号",
        violation_type="食品安全违法行为",
        facts="未按规定公示食品经营许可证",
        basis="《中华人民共和国食品安全法》第一百二十六条",
        categories=categories,
        content="警告，并处罚款",
        fine_amount=fine,
        decision_date=decided,
        valid_until=date(decided.year + 1, decided.month, 1),
        authority=SCJ,
        authority_uscc="11420100MB1A0001X4",
        source_dept=SCJ,
        source_dept_uscc="11420100MB1A0001X4",
        natural_key=f"test-penalty-{n}",
        content_hash=f"{n:064d}",
        layout="current",
        catalog_version="2026.1",
        **columns,
    )
    session.add(row)
    session.flush()
    return row


def listed(
    session: Session, owner: Subject, list_type: str, *, entered_on: date, **columns: Any
) -> ListEntry:
    """`owner` on the list `list_type` (a seeded code) from `entered_on`; removed_on, expires_on …
    as given."""
    n = next(_numbers)
    row = ListEntry(
        list_type_code=list_type,
        subject_id=owner.id,
        subject_name=owner.name,
        uscc=owner.uscc,
        entered_on=entered_on,
        authority=SCJ,
        basis_doc_no=f"武市监认〔2026〕{n}号",
        natural_key=f"test-list-{n}",
        content_hash=f"{n:064d}",
        layout="current",
        catalog_version="2026.1",
        **columns,
    )
    session.add(row)
    session.flush()
    return row
