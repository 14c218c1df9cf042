"""One open objection per record AND contact (issue 12 §8; records/procedures/limits.py): a second
person with their own objection is not turned away by a stranger's open case, the same contact
(however the number is written) is told to follow the first one, the database holds the rule
when two applications race (migration 0016), and flooding is capped per record and per contact.
On both databases."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from xinyong.records.clock import today_local
from xinyong.records.migrate import alembic_config
from xinyong.records.models import Penalty, ProcedureCase
from xinyong.records.procedures import limits as procedure_limits
from xinyong.records.procedures.cases import (
    OBJECTION,
    REPAIR,
    Application,
    ProcedureRefused,
    accept,
    decide,
    refusal,
    submit,
)
from xinyong.records.procedures.limits import OBJECTIONS_PER_RECORD, contact_key

STATEMENT = "处罚决定书文号有误，请核实更正。"


def _app(phone: str, name: str = "王经理") -> Application:
    return Application(name, phone, STATEMENT, "信息错误")


@pytest.fixture
def record(do_import, session_factory) -> int:
    do_import("penalties-current.csv")
    with session_factory() as s:
        return s.scalar(select(Penalty.id).where(Penalty.publication_state == "公示中").order_by(Penalty.id))


def _submit(session_factory, record: int, phone: str) -> ProcedureCase:
    with session_factory() as s:
        case, _ = submit(s, OBJECTION, s.get(Penalty, record), _app(phone), [], today_local())
        s.commit()
        return case


def test_contact_key_ignores_punctuation_and_country_code():
    assert contact_key("027-8888 6666") == contact_key("02788886666") == "02788886666"
    assert contact_key("+86 138-0013-8000") == contact_key("0086 13800138000") == "13800138000"
    assert contact_key("13800138000") == "13800138000"
    assert contact_key("") == "" and contact_key(None) == ""


def test_a_second_contact_may_object_the_same_contact_may_not(session_factory, record):
    _submit(session_factory, record, "027-88886666")
    second = _submit(session_factory, record, "13800138000")  # another person: taken
    assert second.status == "已提交" and second.contact_key == "13800138000"
    with session_factory() as s, pytest.raises(ProcedureRefused) as refused:
        submit(
            s, OBJECTION, s.get(Penalty, record), _app("027 8888 6666", "王二"), [], today_local()
        )  # the first contact again, written differently
    message = str(refused.value)
    assert "此联系电话对该信息已有正在办理的异议申请" in message and "/track" in message
    with session_factory() as s:
        assert refusal(s, OBJECTION, s.get(Penalty, record), today_local()) is None  # the form


def test_the_database_holds_the_rule_per_contact_and_repairs_per_record(session_factory, record):
    def case(code_hash: str, kind: str, phone: str) -> ProcedureCase:
        today = today_local()
        return ProcedureCase(
            kind=kind,
            code_hash=code_hash,
            entity="penalty",
            record_id=record,
            status="已提交",
            applicant="某公司",
            contact_name="甲",
            contact_phone=phone,
            statement="理由",
            submitted_on=today,
            accept_by=today,
        )

    with session_factory() as s:
        s.add_all(
            [
                case("a" * 64, OBJECTION, "027-1234567"),
                case("b" * 64, OBJECTION, "13800138000"),
                case("c" * 64, REPAIR, "027-1234567"),
            ]
        )
        s.commit()  # the key is filled from the phone when not given
    for duplicate in (case("d" * 64, OBJECTION, "0271234567"), case("e" * 64, REPAIR, "13900000000")):
        with session_factory() as s:
            s.add(duplicate)
            with pytest.raises(IntegrityError):
                s.commit()


def test_objections_on_one_record_are_capped(session_factory, record, client):
    for i in range(OBJECTIONS_PER_RECORD):
        _submit(session_factory, record, f"1380013800{i}")
    with session_factory() as s, pytest.raises(ProcedureRefused) as refused:
        submit(s, OBJECTION, s.get(Penalty, record), _app("13900139000"), [], today_local())
    assert f"该信息已有 {OBJECTIONS_PER_RECORD} 件正在办理的异议申请" in str(refused.value)
    page = client.get(f"/record/penalty/{record}/objection")  # the form says so before typing
    assert "暂不接受新的申请" in page.get_data(as_text=True)


def test_one_contact_cannot_flood_many_records(session_factory, record, monkeypatch):
    monkeypatch.setattr(procedure_limits, "OPEN_PER_CONTACT", 2)
    with session_factory() as s:
        records = s.scalars(
            select(Penalty.id).where(Penalty.publication_state == "公示中").order_by(Penalty.id)
        ).all()
    assert len(records) >= 3
    for other in records[:2]:
        _submit(session_factory, other, "13800138000")
    with session_factory() as s, pytest.raises(ProcedureRefused) as refused:
        submit(s, OBJECTION, s.get(Penalty, records[2]), _app("+86 138 0013 8000"), [], today_local())
    assert "此联系电话已有 2 件正在办理的异议申请" in str(refused.value)


def test_deciding_one_objection_keeps_the_record_under_objection_while_another_is_open(
    session_factory, record
):
    first = _submit(session_factory, record, "027-88886666")
    second = _submit(session_factory, record, "13800138000")
    today = today_local()
    with session_factory() as s:
        for case_id in (first.id, second.id):
            accept(s, s.get(ProcedureCase, case_id), "审核员", today)
        s.commit()
        decide(s, s.get(ProcedureCase, first.id), "审核员", today, "维持", "经核实信息无误")
        s.commit()
        assert s.get(Penalty, record).objection_open is True
        decide(s, s.get(ProcedureCase, second.id), "审核员", today, "维持", "经核实信息无误")
        s.commit()
        assert s.get(Penalty, record).objection_open is False


def test_migration_0016_fills_contact_keys_and_downgrades_to_one_per_record(engine, session_factory, record):
    _submit(session_factory, record, "027-88886666")
    _submit(session_factory, record, "+86 13800138000")
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0014")  # two open objections on a record: one is refused
    with engine.connect() as c:
        states = c.execute(text("SELECT status FROM procedure_cases ORDER BY id")).scalars().all()
    assert states == ["已提交", "不予受理"]
    with engine.begin() as c:
        c.execute(text("UPDATE procedure_cases SET status = '已办结'"))  # both closed
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with engine.connect() as c:
        keys = c.execute(text("SELECT contact_key FROM procedure_cases ORDER BY id")).scalars().all()
    assert keys == ["02788886666", "13800138000"]
