"""One open objection (or repair) per record: a second applicant is told to follow the first
case by its tracking code, and the database holds the rule when two applications race
(migration 0014's unique partial index), on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from xinyong.records.clock import today_local
from xinyong.records.models import Penalty, ProcedureCase
from xinyong.records.procedures.cases import OBJECTION, Application, ProcedureRefused, submit

APP = Application("王经理", "027-88886666", "处罚决定书文号有误，请核实更正。", "信息错误")


@pytest.fixture
def penalty_id(do_import, session_factory) -> int:
    do_import("penalties-current.csv")
    with session_factory() as s:
        return s.scalar(
            select(Penalty.id).where(Penalty.publication_state.in_(("公示中",))).order_by(Penalty.id)
        )


def test_a_second_objection_points_at_the_first_ones_tracking(session_factory, penalty_id):
    with session_factory() as s:
        case, code = submit(s, OBJECTION, s.get(Penalty, penalty_id), APP, [], today_local())
        s.commit()
    with session_factory() as s, pytest.raises(ProcedureRefused) as refused:
        submit(s, OBJECTION, s.get(Penalty, penalty_id), APP, [], today_local())
    assert "已有正在办理的异议申请" in str(refused.value) and "查询码" in str(refused.value)
    assert "/track" in str(refused.value)


def test_the_database_refuses_a_second_open_case_for_a_record(session_factory, penalty_id):
    def case(code_hash: str, status: str) -> ProcedureCase:
        today = today_local()
        return ProcedureCase(
            kind=OBJECTION,
            code_hash=code_hash,
            entity="penalty",
            record_id=penalty_id,
            status=status,
            applicant="某公司",
            contact_name="甲",
            contact_phone="027-1234567",
            statement="理由",
            submitted_on=today,
            accept_by=today,
        )

    with session_factory() as s:
        s.add_all([case("a" * 64, "已受理"), case("b" * 64, "已办结"), case("c" * 64, "不予受理")])
        s.commit()  # closed cases do not count
    with session_factory() as s:
        s.add(case("d" * 64, "已提交"))
        with pytest.raises(IntegrityError):
            s.commit()


# PostgreSQL only: SQLite serialises writers, a stale snapshot cannot insert at all.
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_two_racing_objections_one_is_refused_in_chinese(engine, session_factory, penalty_id):
    """The second application read the record before the first was committed (its snapshot
    shows no open case); the database refuses its insert and the applicant gets the message."""

    late = Session(engine.execution_options(isolation_level="REPEATABLE READ"))
    try:
        penalty = late.get(Penalty, penalty_id)  # the snapshot is taken here
        with session_factory() as first:
            submit(first, OBJECTION, first.get(Penalty, penalty_id), APP, [], today_local())
            first.commit()
        with pytest.raises(ProcedureRefused) as refused:
            submit(late, OBJECTION, penalty, APP, [], today_local())
        assert "已有正在办理的异议申请" in str(refused.value)
    finally:
        late.rollback()
        late.close()
