"""Which records are currently in force, as SQL conditions (one definition for every surface).

Records withheld at import (a minor's) are never in force. A penalty is in force while its
stored publication state is 公示中 or 异议中 (records/publication/rules.py) and today lies in its
publication window (list entries: within their list type's period, 期满移出): the window is
checked as well, so a record stops showing on its last day's
end even before `xinyong publish refresh` has moved its state. Every page, API response,
export and the search index read these conditions from here.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, or_

from xinyong.records.models import Licence, ListEntry, Penalty
from xinyong.records.publication.rules import EXPIRED, REPAIRED, SHOWN_STATES

ENDED_LICENCE_STATES = ("无效", "注销", "撤销", "吊销", "过期")


def penalty_in_force(today: date) -> ColumnElement[bool]:
    return and_(
        Penalty.withheld_reason.is_(None),
        Penalty.publication_state.in_(SHOWN_STATES),
        Penalty.publication_start <= today,
        Penalty.publication_end >= today,
    )


def licence_in_force(today: date) -> ColumnElement[bool]:
    return and_(
        Licence.withheld_reason.is_(None),
        or_(Licence.open_ended.is_(True), Licence.valid_to.is_(None), Licence.valid_to >= today),
        or_(Licence.status.is_(None), Licence.status.not_in(ENDED_LICENCE_STATES)),
    )


def list_entry_in_force(today: date) -> ColumnElement[bool]:
    """On the list today: entered, not removed, and its list type's period not over (期满移出,
    records/publication/list_periods.py) — counter checks, feeds and exports included."""
    return and_(
        ListEntry.withheld_reason.is_(None),
        ListEntry.entered_on <= today,
        or_(ListEntry.removed_on.is_(None), ListEntry.removed_on > today),
        or_(ListEntry.expires_on.is_(None), ListEntry.expires_on > today),
    )


def in_force_changed(model: type, since: date, today: date) -> ColumnElement[bool]:
    """Records of `model` whose in-force state differs between day `since` and day `today`
    (since < today): the ones a daily refresh of derived data must look at again."""
    if model is Penalty:
        return or_(
            and_(Penalty.publication_end >= since, Penalty.publication_end < today),
            and_(Penalty.publication_start > since, Penalty.publication_start <= today),
        )
    if model is Licence:
        return and_(Licence.open_ended.is_not(True), Licence.valid_to >= since, Licence.valid_to < today)
    if model is ListEntry:
        return or_(
            and_(ListEntry.entered_on > since, ListEntry.entered_on <= today),
            and_(ListEntry.removed_on > since, ListEntry.removed_on <= today),
            and_(ListEntry.expires_on > since, ListEntry.expires_on <= today),
        )
    raise TypeError(f"no in-force rule for {model!r}")


def was_published(model: type) -> ColumnElement[bool]:
    """Licences and penalties that are or were before the public, for figures over past periods
    (records/display/period_stats.py, the monthly charts): not withheld, and a penalty whose state is or
    was shown (公示中, 异议中, 已到期, 已修复) — not 待公示, 已撤销 (revoked) or 不公示."""
    if model is Penalty:
        return and_(
            Penalty.withheld_reason.is_(None),
            Penalty.publication_state.in_((*SHOWN_STATES, EXPIRED, REPAIRED)),
        )
    if model is Licence:
        return Licence.withheld_reason.is_(None)
    raise TypeError(f"no publication rule for {model!r}")
