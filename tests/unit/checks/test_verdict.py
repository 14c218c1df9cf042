"""The counter check's verdict, given stored records: the seven states, the measures and
incentives of the approval type, and what an answer about a person may carry."""

from __future__ import annotations

from datetime import date

import pytest

from tests.support.records import listed, penalty, subject
from xinyong.records.checks.run import error_result
from xinyong.records.checks.verdict import EXPLANATIONS, STATE_LABELS, evaluate, identify
from xinyong.records.pii import hash_id_number

KEY = b"unit-test-id-hash-key"
TODAY = date(2026, 11, 20)
PERSON_ID = "420104198503171238"
SHOWN = {
    "publication_state": "公示中",
    "publication_start": date(2026, 6, 1),
    "publication_end": date(2027, 5, 31),
}


def verdict(
    session, query: str, approval: str = "gov_procurement", *, id_number: str | None = None, candidates=None
) -> dict:
    who = identify(session, query, id_number, KEY, candidates)
    return evaluate(session, who, approval, TODAY)


def test_a_black_list_whose_memorandum_restricts_the_approval_is_a_hit(db_session):
    company = subject(db_session, "武汉甲商贸有限公司", "91420102MA4K00010N")
    listed(db_session, company, "serious_illegal", entered_on=date(2026, 1, 5))
    result = verdict(db_session, "91420102MA4K00010N")
    assert result["state"] == "HIT" and result["explanation"] == EXPLANATIONS["HIT"]
    assert [m["list"] for m in result["measures"]] == ["严重违法失信企业"]
    assert result["measures"][0]["measure"] and result["incentives"] == []
    assert result["subject"]["name"] == "武汉甲商贸有限公司"


def test_the_same_list_without_a_measure_for_this_approval_is_caution(db_session):
    company = subject(db_session, "武汉甲商贸有限公司", "91420102MA4K00010N")
    listed(db_session, company, "serious_illegal", entered_on=date(2026, 1, 5))
    result = verdict(db_session, "武汉甲商贸有限公司", "honours")  # no measure for honours
    assert (result["state"], result["measures"]) == ("CAUTION", [])
    assert [entry["name"] for entry in result["lists"]] == ["严重违法失信企业"]


def test_a_penalty_in_force_is_caution_and_listed(db_session):
    company = subject(db_session, "武汉乙餐饮管理有限公司", "91420106MA4K00029D")
    shown = penalty(db_session, company, decided=date(2026, 6, 1), **SHOWN)
    result = verdict(db_session, "91420106MA4K00029D")
    assert result["state"] == "CAUTION"
    assert [(p["decision_no"], p["categories"], p["state"]) for p in result["penalties"]] == [
        (shown.decision_no, "警告、罚款", "公示中")
    ]


def test_a_red_list_only_is_incentive_with_its_incentives(db_session):
    company = subject(db_session, "武汉丙科技有限公司", "91420111MA4K00045A")
    listed(db_session, company, "a_taxpayer", entered_on=date(2026, 3, 1))
    result = verdict(db_session, "91420111MA4K00045A", "admin_licence")
    assert result["state"] == "INCENTIVE" and result["measures"] == []
    assert [i["list"] for i in result["incentives"]] == ["A级纳税人"]


@pytest.mark.parametrize(
    "gone",
    [
        {"removed_on": date(2026, 11, 1)},  # 移出 before today
        {"expires_on": date(2026, 11, 20)},  # 期满移出 today
        {"withheld_reason": "minor"},
    ],
)
def test_nothing_in_force_is_no_record(db_session, gone):
    company = subject(db_session, "武汉丁建筑工程有限公司", "91420117MA4K000376")
    listed(db_session, company, "serious_illegal", entered_on=date(2025, 1, 5), **gone)
    penalty(
        db_session,
        company,
        decided=date(2024, 1, 2),
        publication_state="已到期",
        publication_start=date(2024, 1, 2),
        publication_end=date(2025, 1, 1),
    )
    penalty(db_session, company, decided=date(2026, 6, 1), **{**SHOWN, "publication_state": "已修复"})
    result = verdict(db_session, "91420117MA4K000376")
    assert (result["state"], result["lists"], result["penalties"], result["measures"]) == (
        "NO_RECORD",
        [],
        [],
        [],
    )


def test_two_subjects_of_one_name_are_ambiguous_never_a_guess(db_session):
    subject(db_session, "武汉戊贸易有限公司", "91420102MA4K00010N")
    subject(db_session, "武汉戊贸易有限公司", "91420106MA4K00029D")
    result = verdict(db_session, "武汉戊贸易有限公司")
    assert result["state"] == "AMBIGUOUS" and result["subject"] is None
    assert sorted(c["uscc"] for c in result["candidates"]) == ["91420102MA4K00010N", "91420106MA4K00029D"]


def test_a_near_name_is_only_a_candidate(db_session):
    near = subject(db_session, "武汉己贸易有限公司", "91420102MA4K00010N")
    result = verdict(db_session, "武汉己贸易公司", candidates=lambda name: [near.id])
    assert result["state"] == "AMBIGUOUS" and result["explanation"] == EXPLANATIONS["AMBIGUOUS_ONE"]


def test_an_unknown_name_is_not_identified(db_session):
    result = verdict(db_session, "不存在的公司", candidates=lambda name: [])
    assert (result["state"], result["subject"], result["candidates"]) == ("NOT_IDENTIFIED", None, [])


def test_a_person_is_found_by_id_number_and_the_answer_carries_only_what_was_typed(db_session):
    person = subject(db_session, "李四", kind="自然人", id_hash=hash_id_number(PERSON_ID, KEY))
    penalty(db_session, person, decided=date(2026, 6, 1), **SHOWN)
    found = verdict(db_session, "李四", id_number=PERSON_ID)
    assert found["state"] == "CAUTION" and len(found["penalties"]) == 1
    assert found["subject"] == {"id": None, "name": "李四", "uscc": None, "kind": "自然人"}
    # Another name with the number, or an unknown number: the same clean shape, nothing leaked.
    other = verdict(db_session, "王五", id_number=PERSON_ID)
    unknown = verdict(db_session, "李四", id_number="110101199003074477")
    for answer in (other, unknown):
        assert answer["state"] == "NO_RECORD" and answer["penalties"] == []
        assert answer["explanation"] == EXPLANATIONS["NO_RECORD_PERSON"]


def test_a_person_by_name_alone_is_not_identified(db_session):
    subject(db_session, "李四", kind="自然人", id_hash=hash_id_number(PERSON_ID, KEY))
    assert verdict(db_session, "李四", candidates=lambda name: [])["state"] == "NOT_IDENTIFIED"


def test_a_check_that_did_not_run_is_error_and_clean_of_data():
    result = error_result({"code": "gov_procurement", "name": "政府采购"})
    assert result["state"] == "ERROR" and result["explanation"] == EXPLANATIONS["ERROR"]
    assert all(
        result[k] in (None, [])
        for k in ("subject", "candidates", "lists", "measures", "incentives", "penalties")
    )


def test_every_state_has_words():
    assert set(STATE_LABELS) == {
        "NO_RECORD",
        "INCENTIVE",
        "HIT",
        "CAUTION",
        "AMBIGUOUS",
        "NOT_IDENTIFIED",
        "ERROR",
    }
