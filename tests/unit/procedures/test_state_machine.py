"""Repair and objection cases as a state machine: submitted → accepted or refused → decided, the
moves allowed and the ones refused, and what each outcome does to the record."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.support.records import penalty, subject
from xinyong.records.models import ProcedureStep
from xinyong.records.procedures.cases import (
    OBJECTION,
    REPAIR,
    Application,
    ProcedureRefused,
    accept,
    decide,
    find_case,
    refusal,
    refuse,
    submit,
)

TODAY = date(2026, 11, 20)  # a Friday
OBJECTING = Application("张三", "027-85551234", "处罚决定书文号填写错误，请更正。", grounds="信息错误")
REPAIRING = Application(
    "张三", "13800000000", "已缴纳罚款并完成整改，附缴款凭证。", commitment="本单位承诺……"
)


@pytest.fixture
def shown(db_session):
    """A penalty in publication that may be repaired early (its minimum period is over)."""
    company = subject(db_session, "武汉恒通商贸有限公司", "91420102MA4K00010N")
    return penalty(
        db_session,
        company,
        decided=date(2026, 1, 5),
        publication_state="公示中",
        publication_start=date(2026, 1, 5),
        publication_end=date(2027, 1, 4),
        early_repair=True,
        repair_from=date(2026, 4, 5),
        severity="一般",
    )


def steps(session, case) -> list[str]:
    return list(
        session.scalars(
            select(ProcedureStep.status).where(ProcedureStep.case_id == case.id).order_by(ProcedureStep.id)
        )
    )


def test_an_objection_runs_its_course_and_its_outcome_reaches_the_record(db_session, shown):
    case, code = submit(db_session, OBJECTION, shown, OBJECTING, [], TODAY)
    assert (case.status, shown.publication_state) == ("已提交", "公示中")  # submitting relabels nothing
    assert case.accept_by == date(2026, 11, 24)  # two working days, over the weekend
    assert find_case(db_session, code.lower().replace("-", " ")) is case and case.code_hash != code

    accept(db_session, case, "审核员", TODAY)
    assert (case.status, shown.publication_state, shown.objection_open) == ("已受理", "异议中", True)
    decide(db_session, case, "审核员", TODAY, "撤销", "文号确有错误，撤销该信息")
    assert (case.status, case.outcome, shown.publication_state) == ("已办结", "撤销", "已撤销")
    assert shown.withdrawn_on == TODAY and shown.objection_open is False
    assert steps(db_session, case) == ["已提交", "已受理", "已办结"]


@pytest.mark.parametrize("outcome", ["更正", "维持"])
def test_an_objection_corrected_or_upheld_shows_the_record_again(db_session, shown, outcome):
    case, _code = submit(db_session, OBJECTION, shown, OBJECTING, [], TODAY)
    accept(db_session, case, "审核员", TODAY)
    decide(db_session, case, "审核员", TODAY, outcome, "已核实")
    assert (shown.publication_state, shown.withdrawn_on) == ("公示中", None)


@pytest.mark.parametrize(("outcome", "state"), [("准予修复", "已修复"), ("不予修复", "公示中")])
def test_a_repair_decision(db_session, shown, outcome, state):
    case, _code = submit(db_session, REPAIR, shown, REPAIRING, [], TODAY)
    accept(db_session, case, "审核员", TODAY)
    assert shown.publication_state == "公示中"  # accepting a repair changes nothing yet
    decide(db_session, case, "审核员", TODAY, outcome, "材料齐全")
    assert shown.publication_state == state
    assert shown.repaired_on == (TODAY if outcome == "准予修复" else None)


def _submitted(session, record):
    return submit(session, OBJECTION, record, OBJECTING, [], TODAY)[0]


def _accepted(session, record):
    case = _submitted(session, record)
    accept(session, case, "审核员", TODAY)
    return case


def _refused(session, record):
    case = _submitted(session, record)
    refuse(session, case, "审核员", TODAY, "材料不全")
    return case


def _decided(session, record):
    case = _accepted(session, record)
    decide(session, case, "审核员", TODAY, "维持", "信息无误")
    return case


@pytest.mark.parametrize(
    ("start", "move", "message"),
    [
        (_accepted, lambda s, c: accept(s, c, "x", TODAY), "当前状态为“已受理”"),
        (_submitted, lambda s, c: decide(s, c, "x", TODAY, "更正", "理由充分"), "当前状态为“已提交”"),
        (_accepted, lambda s, c: refuse(s, c, "x", TODAY, "材料不全"), "当前状态为“已受理”"),
        (_refused, lambda s, c: accept(s, c, "x", TODAY), "当前状态为“不予受理”"),
        (_decided, lambda s, c: decide(s, c, "x", TODAY, "更正", "再议"), "当前状态为“已办结”"),
        (_accepted, lambda s, c: decide(s, c, "x", TODAY, "准予修复", "理由充分"), "请选择办理结果"),
        (_accepted, lambda s, c: decide(s, c, "x", TODAY, "更正", " "), "请填写理由"),
        (_submitted, lambda s, c: refuse(s, c, "x", TODAY, ""), "请填写理由"),
    ],
)
def test_moves_out_of_order_are_refused_and_change_nothing(db_session, shown, start, move, message):
    case = start(db_session, shown)
    before = (case.status, case.outcome, shown.publication_state, len(steps(db_session, case)))
    with pytest.raises(ProcedureRefused, match=message):
        move(db_session, case)
    assert (case.status, case.outcome, shown.publication_state, len(steps(db_session, case))) == before


def test_one_open_case_of_a_kind_per_record_until_it_is_closed(db_session, shown):
    case = _submitted(db_session, shown)
    with pytest.raises(ProcedureRefused, match="已有正在办理的异议申请"):
        _submitted(db_session, shown)
    assert submit(db_session, REPAIR, shown, REPAIRING, [], TODAY)[0].status == "已提交"  # other kind
    refuse(db_session, case, "审核员", TODAY, "材料不全")
    assert _submitted(db_session, shown).status == "已提交"  # closed: a new one may be filed


def test_who_may_apply(db_session, shown):
    assert refusal(db_session, OBJECTION, shown, TODAY) is None
    assert refusal(db_session, REPAIR, shown, TODAY) is None
    assert (
        refusal(db_session, REPAIR, shown, date(2026, 4, 4))
        == "最短公示期尚未届满，2026-04-05 起可申请信用修复"
    )
    shown.early_repair = False
    assert refusal(db_session, REPAIR, shown, TODAY).startswith("该行政处罚属于不可提前修复的情形")
    for state in ("已到期", "已修复", "已撤销", "待公示"):
        shown.publication_state = state
        assert refusal(db_session, OBJECTION, shown, TODAY) == "该信息未在公示中，无需申请"
    assert refusal(db_session, OBJECTION, None, TODAY) == "该信息未在公示中，无需申请"


def test_an_incomplete_application_is_refused_with_every_reason(db_session, shown):
    with pytest.raises(ProcedureRefused) as refused:
        submit(db_session, OBJECTION, shown, Application("", "call me", "太短", grounds="别的"), [], TODAY)
    assert str(refused.value) == "；".join(
        [
            "请填写联系人姓名（不超过 50 字）",
            "请填写正确的联系电话",
            "请填写申请理由（10 至 5000 字）",
            "请选择异议类型",
        ]
    )


def test_an_id_number_in_the_statement_is_stored_masked(db_session, shown):
    app = Application("李四", "13800000000", "本人身份证号420104198503171238，信息有误。", grounds="信息错误")
    case, _code = submit(db_session, OBJECTION, shown, app, [], TODAY)
    assert "420104198503171238" not in case.statement and "420104" in case.statement
