"""A batch line found by its code is told when its name is not the subject's: never for the
registered name itself, whatever bracket width the list used."""

from __future__ import annotations

from tests.support.records import subject
from xinyong.records.checks.batch import identify_lines
from xinyong.records.checks.batch_input import lines_from_json

KEY = b"unit-test-id-hash-key"
CODE = "91420117MA4K000376"  # a valid code (check characters)
REGISTERED = "蔡甸区益东供应链管理合伙企业（有限合伙）"


def _messages(db_session, names: list[str]) -> list[str | None]:
    subject(db_session, REGISTERED, CODE)
    lines = lines_from_json([{"name": name, "uscc": CODE} for name in names])
    items = identify_lines(db_session, lines, KEY, lambda name: [])
    assert all(item.who is not None and item.who.subject is not None for item in items)
    return [item.message for item in items]


def test_the_registered_name_in_either_bracket_width_is_not_a_mismatch(db_session):
    typed = [REGISTERED, REGISTERED.replace("（", "(").replace("）", ")"), f" {REGISTERED} "]
    assert _messages(db_session, typed) == [None, None, None]


def test_another_name_with_the_code_is_pointed_out(db_session):
    (message,) = _messages(db_session, ["武汉别的公司"])
    assert message is not None and "不一致" in message and REGISTERED in message
