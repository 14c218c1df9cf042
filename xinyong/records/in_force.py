"""Which records are currently in force, as SQL conditions (one definition for every surface).

The publication rules (severity, minimum/maximum periods, repair, objections) will refine these;
every page, API response, export and the search index read them from here.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, or_

from xinyong.records.models import Licence, ListEntry, Penalty

ENDED_LICENCE_STATES = ("无效", "注销", "撤销", "吊销", "过期")


def penalty_in_force(today: date) -> ColumnElement[bool]:
    return or_(Penalty.valid_until.is_(None), Penalty.valid_until >= today)


def licence_in_force(today: date) -> ColumnElement[bool]:
    return and_(
        or_(Licence.open_ended.is_(True), Licence.valid_to.is_(None), Licence.valid_to >= today),
        or_(Licence.status.is_(None), Licence.status.not_in(ENDED_LICENCE_STATES)),
    )


def list_entry_in_force(today: date) -> ColumnElement[bool]:
    return and_(ListEntry.entered_on <= today,
                or_(ListEntry.removed_on.is_(None), ListEntry.removed_on > today))
