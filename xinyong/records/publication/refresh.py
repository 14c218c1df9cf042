"""Keeping stored publication states true: the daily move out of publication, and re-deriving
after the rule tables change.

Every change of state is written with a `PublicationChange` (why) and an outbox event (so the
search index, feeds and open data follow) in the same transaction as the change itself.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.orm import Session

from xinyong.records.db import table_of, utcnow
from xinyong.records.models import Penalty, PublicationChange
from xinyong.records.outbox import emit
from xinyong.records.publication.rules import (
    DERIVED,
    EXPIRED,
    PENDING,
    PROCEDURE,
    SHOWN_STATES,
    RuleBook,
    state_of,
)

CHUNK = 5000
_COLUMNS = [
    Penalty.id,
    Penalty.decision_date,
    Penalty.categories,
    Penalty.domain_code,
    Penalty.fine_amount,
    Penalty.publish_until,
    Penalty.department_id,
    *(getattr(Penalty, c) for c in DERIVED + PROCEDURE),
]


def _due(today: date):
    """Penalties whose stored state the calendar alone may have made wrong by `today`."""
    return or_(
        Penalty.publication_state.is_(None),
        and_(
            Penalty.publication_state.in_(SHOWN_STATES),
            or_(Penalty.publication_end < today, Penalty.publication_start > today),
        ),
        and_(Penalty.publication_state == PENDING, Penalty.publication_start <= today),
        and_(Penalty.publication_state == EXPIRED, Penalty.publication_end >= today),
    )


def refresh(
    session: Session, today: date, *, rederive: bool = False, reason: str | None = None
) -> Counter[str]:
    """Bring publication states up to date on `today`; with `rederive`, first apply the rule
    tables afresh to every penalty (after an administrator edited them). Returns the number of
    records per "from→to" transition."""
    book = RuleBook.load(session)  # a few rows; also needed for records never derived yet
    moved: Counter[str] = Counter()
    if rederive:  # list types (periods) are rule tables too: 期满移出 dates follow an edit
        from xinyong.records.publication.list_periods import refresh_expiry

        if expired := refresh_expiry(session):
            moved["名单期满日期"] += expired
    last_id = 0
    while True:
        query = select(*_COLUMNS).where(Penalty.id > last_id).order_by(Penalty.id).limit(CHUNK)
        if not rederive:
            query = query.where(_due(today))
        rows = [r._asdict() for r in session.execute(query)]
        if not rows:
            return moved
        last_id = rows[-1]["id"]
        _apply(
            session,
            rows,
            book,
            rederive,
            today,
            moved,
            reason or ("publication rules changed" if rederive else "daily refresh"),
        )


def _apply(
    session: Session,
    rows: list[dict],
    book: RuleBook,
    rederive: bool,
    today: date,
    moved: Counter[str],
    reason: str,
) -> None:
    now = utcnow()
    changes, updates = [], []
    for row in rows:
        new = dict(row)
        if rederive or row["publication_start"] is None:
            new.update(book.derive(row))
        new["publication_state"] = state_of(new, today)
        diff = {c: new[c] for c in DERIVED if new[c] != row[c]}
        if not diff:
            continue
        updates.append({"id": row["id"], **diff})
        if new["publication_state"] != row["publication_state"]:
            moved[f"{row['publication_state'] or '—'}→{new['publication_state']}"] += 1
            changes.append(
                _change(row["id"], row["publication_state"], new["publication_state"], reason, now)
            )
    if updates:
        session.execute(update(Penalty), updates)
        emit(session, "penalty", (u["id"] for u in updates), at=now)
    if changes:
        session.execute(insert(table_of(PublicationChange)), changes)


def _change(record_id: int, before: str | None, after: str, reason: str, now: datetime) -> dict:
    return {
        "entity": "penalty",
        "record_id": record_id,
        "from_state": before,
        "to_state": after,
        "reason": reason,
        "changed_at": now,
    }


def set_state(session: Session, penalty: Penalty, today: date, reason: str) -> str:
    """Re-derive one penalty's state after a procedure changed it (repair, objection, withdrawal);
    logs the change and queues the index update. Returns the new state."""
    before, after = penalty.publication_state, state_of(penalty, today)
    if after != before:
        penalty.publication_state = after
        session.add(
            PublicationChange(
                entity="penalty", record_id=penalty.id, from_state=before, to_state=after, reason=reason
            )
        )
    emit(session, "penalty", [penalty.id])
    return after


RULES_CHANGED = "publication-rules-changed"


def mark_rules_changed(instance_dir: Path) -> None:
    """Ask the next refresh to re-derive every penalty (the rule tables were edited)."""
    instance_dir.mkdir(parents=True, exist_ok=True)
    (instance_dir / RULES_CHANGED).touch()


def rules_change_stamp(instance_dir: Path) -> float | None:
    """When the rules were last edited without a re-derivation since (None: they were not)."""
    try:
        return (instance_dir / RULES_CHANGED).stat().st_mtime
    except FileNotFoundError:
        return None


def clear_rules_change(instance_dir: Path, stamp: float) -> None:
    """After a successful re-derivation: clear the flag, unless edited again meanwhile."""
    if rules_change_stamp(instance_dir) == stamp:
        (instance_dir / RULES_CHANGED).unlink(missing_ok=True)
