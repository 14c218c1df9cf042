"""The publication refresh: which stored penalties become shown, expired or stay, each move logged
with its reason and sent to the outbox; re-deriving after the rule tables change; a procedure's
state change (repair, withdrawal, objection)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.support.records import penalty, subject
from xinyong.records.models import OutboxEvent, Penalty, PublicationChange
from xinyong.records.publication.refresh import refresh, set_state

TODAY = date(2026, 11, 20)


@pytest.fixture
def company(db_session):
    return subject(db_session, "武汉恒通商贸有限公司", "91420102MA4K00010N")


def shown(start: date, end: date, state: str = "公示中") -> dict:
    return {
        "publication_state": state,
        "publication_start": start,
        "publication_end": end,
        "severity": "一般",
    }


def states(session) -> dict[int, tuple[str, date | None]]:
    session.expire_all()  # the refresh writes with bulk statements
    return {p.id: (p.publication_state, p.publication_end) for p in session.scalars(select(Penalty))}


def changes(session) -> list[tuple[int, str | None, str, str]]:
    return sorted(
        session.execute(
            select(
                PublicationChange.record_id,
                PublicationChange.from_state,
                PublicationChange.to_state,
                PublicationChange.reason,
            )
        ).all()
    )


def outbox_ids(session) -> list[int]:
    return sorted(session.scalars(select(OutboxEvent.entity_id).where(OutboxEvent.entity == "penalty")))


def test_the_daily_refresh_moves_what_the_calendar_changed_and_nothing_else(db_session, company):
    new = penalty(db_session, company, decided=date(2026, 6, 1))  # never derived
    ended = penalty(
        db_session, company, decided=date(2025, 11, 20), **shown(date(2025, 11, 20), date(2026, 11, 19))
    )  # its last day was yesterday
    starts = penalty(
        db_session, company, decided=date(2026, 11, 20), **shown(TODAY, date(2027, 11, 19), "待公示")
    )
    extended = penalty(
        db_session, company, decided=date(2026, 1, 1), **shown(date(2026, 1, 1), date(2026, 12, 31), "已到期")
    )
    last_day = penalty(
        db_session, company, decided=date(2025, 11, 21), **shown(date(2025, 11, 21), TODAY)
    )  # shown to the end of today
    repaired = penalty(
        db_session,
        company,
        decided=date(2025, 1, 1),
        repaired_on=date(2026, 3, 1),
        **shown(date(2025, 1, 1), date(2025, 12, 31), "已修复"),
    )

    moved = refresh(db_session, TODAY)

    assert moved == Counter({"—→公示中": 1, "公示中→已到期": 1, "待公示→公示中": 1, "已到期→公示中": 1})
    after = states(db_session)
    assert after[new.id] == ("公示中", date(2027, 5, 31))  # 一般: published for a year
    assert after[ended.id][0] == "已到期" and after[starts.id][0] == "公示中"
    assert after[extended.id][0] == "公示中"
    assert after[last_day.id][0] == "公示中" and after[repaired.id][0] == "已修复"
    assert changes(db_session) == sorted(
        [
            (new.id, None, "公示中", "daily refresh"),
            (ended.id, "公示中", "已到期", "daily refresh"),
            (starts.id, "待公示", "公示中", "daily refresh"),
            (extended.id, "已到期", "公示中", "daily refresh"),
        ]
    )
    assert outbox_ids(db_session) == sorted([new.id, ended.id, starts.id, extended.id])

    assert refresh(db_session, TODAY) == Counter()  # a second run the same day finds nothing
    assert len(changes(db_session)) == 4


def test_rederiving_applies_the_rule_tables_to_every_penalty(db_session, company):
    wrong_end = penalty(
        db_session, company, decided=date(2026, 6, 1), **shown(date(2026, 6, 1), date(2030, 1, 1))
    )
    too_long = penalty(
        db_session, company, decided=date(2025, 6, 1), **shown(date(2025, 6, 1), date(2027, 6, 1))
    )
    assert refresh(db_session, TODAY) == Counter()  # the calendar alone changes neither

    moved = refresh(db_session, TODAY, rederive=True, reason="rules edited")

    assert moved == Counter({"公示中→已到期": 1})
    after = states(db_session)
    assert after[wrong_end.id] == ("公示中", date(2027, 5, 31))
    assert after[too_long.id] == ("已到期", date(2026, 5, 31))
    assert changes(db_session) == [(too_long.id, "公示中", "已到期", "rules edited")]
    assert outbox_ids(db_session) == sorted([wrong_end.id, too_long.id])  # both changed columns


@pytest.mark.parametrize(
    ("procedure", "expected"),
    [
        ({"repaired_on": date(2026, 11, 18)}, "已修复"),
        ({"withdrawn_on": date(2026, 11, 18)}, "已撤销"),
        ({"withdrawn_on": date(2026, 11, 18), "repaired_on": date(2026, 11, 1)}, "已撤销"),
        ({"objection_open": True}, "异议中"),
    ],
)
def test_a_procedure_moves_one_penalty_and_logs_why(db_session, company, procedure, expected):
    record = penalty(
        db_session, company, decided=date(2026, 6, 1), **shown(date(2026, 6, 1), date(2027, 5, 31))
    )
    for column, value in procedure.items():
        setattr(record, column, value)
    assert set_state(db_session, record, TODAY, "repair accepted") == expected
    db_session.flush()
    assert changes(db_session) == [(record.id, "公示中", expected, "repair accepted")]
    assert outbox_ids(db_session) == [record.id]


def test_a_closed_objection_shows_the_record_again(db_session, company):
    record = penalty(
        db_session, company, decided=date(2026, 6, 1), **shown(date(2026, 6, 1), date(2027, 5, 31), "异议中")
    )
    assert set_state(db_session, record, TODAY, "objection rejected") == "公示中"
    db_session.flush()
    assert changes(db_session) == [(record.id, "异议中", "公示中", "objection rejected")]


def test_no_state_change_is_not_logged_but_still_reindexed(db_session, company):
    record = penalty(
        db_session, company, decided=date(2026, 6, 1), **shown(date(2026, 6, 1), date(2027, 5, 31))
    )
    assert set_state(db_session, record, TODAY, "edited") == "公示中"
    db_session.flush()
    assert changes(db_session) == [] and outbox_ids(db_session) == [record.id]
    assert db_session.scalar(select(func.count()).select_from(PublicationChange)) == 0
