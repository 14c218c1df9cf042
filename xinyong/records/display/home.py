"""What the home page shows: the latest 双公示 publications, current list entries, figures.

"Latest" is by id (records get ids in the order they are collected), which walks the primary
key backwards and stops after a page, instead of sorting millions of rows by date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xinyong.records.display.summaries import RecordSummary, record_summaries
from xinyong.records.models import Licence, ListEntry, ListType, Penalty, Subject
from xinyong.records.models.subjects import KIND_PERSON
from xinyong.records.publication.in_force import licence_in_force, list_entry_in_force, penalty_in_force


@dataclass
class ListedSubject:
    entry_id: int
    subject_id: int
    subject_name: str
    uscc: str | None
    list_name: str
    color: str
    entered_on: date


@dataclass
class HeadlineFigures:
    subjects: int
    licences: int
    penalties: int
    red: int
    black: int


def latest_publications(session: Session, today: date, limit: int = 10) -> list[RecordSummary]:
    keys: list[tuple[str, int]] = []
    for entity, model, rule in (
        ("penalty", Penalty, penalty_in_force(today)),
        ("licence", Licence, licence_in_force(today)),
    ):
        keys += [
            (entity, i)
            for i in session.scalars(select(model.id).where(rule).order_by(model.id.desc()).limit(limit))
        ]
    summaries = record_summaries(session, keys)
    summaries.sort(key=lambda r: r.decided, reverse=True)
    return summaries[:limit]


def current_list_entries(session: Session, today: date, color: str, limit: int = 8) -> list[ListedSubject]:
    rows = session.execute(
        select(
            ListEntry.id,
            ListEntry.subject_id,
            ListEntry.subject_name,
            ListEntry.uscc,
            ListType.name,
            ListType.color,
            ListEntry.entered_on,
        )
        .join(ListType, ListType.code == ListEntry.list_type_code)
        .join(Subject, Subject.id == ListEntry.subject_id)
        .where(ListType.color == color, list_entry_in_force(today), Subject.kind != KIND_PERSON)
        .order_by(ListEntry.entered_on.desc(), ListEntry.id.desc())
        .limit(limit)
    ).all()
    return [ListedSubject(*r) for r in rows]


def headline_figures(session: Session, today: date) -> HeadlineFigures:
    def count(model, *conditions) -> int:
        return session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0

    in_force_entries = (
        select(ListEntry.list_type_code, func.count())
        .where(list_entry_in_force(today))
        .group_by(ListEntry.list_type_code)
    )
    colors = dict(session.execute(select(ListType.code, ListType.color)).all())
    by_color: dict[str, int] = {}
    for code, n in session.execute(in_force_entries):
        by_color[colors.get(code, "")] = by_color.get(colors.get(code, ""), 0) + n
    return HeadlineFigures(
        subjects=count(Subject, Subject.kind != KIND_PERSON),
        licences=count(Licence, licence_in_force(today)),
        penalties=count(Penalty, penalty_in_force(today)),
        red=by_color.get("red", 0),
        black=by_color.get("black", 0),
    )
