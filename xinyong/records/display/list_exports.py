"""CSV and JSON Lines rows for list entries and joint cases (the /lists and /cases downloads).

Columns are the catalog's published fields under their national labels (`exports.rows`, the
same writer as the 双公示 downloads: formulas neutralised, text re-masked), plus Chinese label
columns for the codes a reader would otherwise have to look up (名单类别). A list entry does not
store its subject's kind or masked ID number, so they are read from the subject: a natural
person's ID number appears only in its masked form (first 6 + last 4, `pii.mask_id_number`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.records.display.lists import COLORS
from xinyong.records.models import ListType, Subject
from xinyong.records.opendata.formats import columns, rows
from xinyong.records.pii import mask_id_number

LIST_EXTRA = ("名单类别",)


class _WithSubject:
    """A list entry as the catalog writer reads it, with its subject's kind and masked ID."""

    def __init__(self, entry: Any, kind: str | None, id_masked: str | None):
        self._entry, self.subject_kind = entry, kind
        self.id_masked = mask_id_number(id_masked) if id_masked else None  # masked twice: safe

    def __getattr__(self, name: str) -> Any:
        return getattr(self._entry, name)


def list_columns() -> list[str]:
    return columns("list_entry") + list(LIST_EXTRA)


def case_columns() -> list[str]:
    return columns("joint_case")


def list_rows(session: Session, entries: Iterable[Any], chunk: int = 500) -> Iterator[list[str]]:
    colors = dict(session.execute(select(ListType.code, ListType.color)).all())
    batch: list[Any] = []

    def flush() -> Iterator[list[str]]:
        ids = {e.subject_id for e in batch}
        subjects = {
            i: (k, m)
            for i, k, m in session.execute(
                select(Subject.id, Subject.kind, Subject.id_masked).where(Subject.id.in_(ids))
            )
        }
        wrapped = [_WithSubject(e, *subjects.get(e.subject_id, (None, None))) for e in batch]
        for entry, values in zip(batch, rows(session, "list_entry", wrapped), strict=True):
            yield values + [COLORS.get(colors.get(entry.list_type_code, ""), "")]

    for entry in entries:
        batch.append(entry)
        if len(batch) >= chunk:
            yield from flush()
            batch = []
    if batch:
        yield from flush()


def case_rows(session: Session, cases: Iterable[Any]) -> Iterator[list[str]]:
    yield from rows(session, "joint_case", cases)
