"""Attacks on the counter check as an identity oracle (issue 11 §2), replayed.

Found: a name alone returned a natural person's masked ID (first 6 + last 4), a wrong birth-date
guess (NOT_IDENTIFIED) was told apart from the right one, a full ID was recovered in 30 requests,
a minor's existence showed, and a check typed as "姓名 + ID" was stored in full.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import text

from tests.security.counter_support import bearer, check, create_keys, session_token
from tests.support.admin import sign_in
from tests.support.files import rewrite_csv
from xinyong.records.identifiers import make_resident_id

MINOR = make_resident_id("420104", date(2010, 5, 5), 12)  # 16 when fined: withheld
ADULT = make_resident_id("420104", date(1980, 3, 17), 13)  # 王五, a penalty in force
WRONG = make_resident_id("420104", date(1980, 3, 18), 13)  # the next birth date: a guess
NOBODY = make_resident_id("420102", date(1991, 7, 1), 21)
PASSWORD = "centre-admin-42-password"


@pytest.fixture
def settings(settings):
    return settings.with_overrides(person_checks_per_operator=12)


@pytest.fixture
def counter(client, runner, cli, tmp_path):
    path = rewrite_csv(
        "penalties-current.csv",
        tmp_path / "p.csv",
        {
            "李四": {"证件号码": MINOR},
            "江汉区老王热干面馆": {
                "行政相对人名称": "王五",
                "行政相对人类别": "自然人",
                "证件类型": "身份证",
                "证件号码": ADULT,
                "行政相对人代码_1(统一社会信用代码)": "",
                "行政相对人代码_2(工商注册号)": "",
            },
        },
    )
    cli("import", path)
    cli("index", "rebuild")
    keys = create_keys(runner)
    client.keys = keys
    return client, session_token(client, keys.secret, "窗口7")


def _answer(response) -> dict:
    """What a check tells apart: everything but the receipt and the time."""
    body = response.get_json()
    assert response.status_code == 201, body
    return {k: v for k, v in body.items() if k not in ("receipt", "as_of")}


def _no_id_fragment(response, number: str) -> None:
    raw = response.get_data(as_text=True)
    assert number[:6] not in raw and number[-4:] not in raw and "id_masked" not in raw


def test_a_name_alone_identifies_no_natural_person(counter):
    client, token = counter
    named = check(client, token, "王五", "admin_licence")
    body = _answer(named)
    assert body["state"] == "NOT_IDENTIFIED" and "身份证号码" in body["explanation"]
    assert body["subject"] is None and body["candidates"] == []
    _no_id_fragment(named, ADULT)
    assert body == _answer(check(client, token, "王不存在", "admin_licence"))  # no existence signal


def test_a_wrong_id_guess_looks_like_no_such_person(counter):
    client, token = counter
    guess = check(client, token, "王五", "admin_licence", id_number=WRONG)
    nobody = check(client, token, "王五", "admin_licence", id_number=NOBODY)
    assert _answer(guess) == _answer(nobody)
    assert _answer(guess)["state"] == "NO_RECORD" and _answer(guess)["subject"]["name"] == "王五"
    # ID only: the answer carries no name the operator did not type.
    right = check(client, token, "", "admin_licence", id_number=ADULT)
    assert _answer(right)["state"] == "CAUTION" and _answer(right)["subject"]["name"] is None
    assert "王五" not in right.get_data(as_text=True)
    # The right ID with another person's name is no match either.
    assert _answer(check(client, token, "张三", "admin_licence", id_number=ADULT)) == _answer(
        check(client, token, "张三", "admin_licence", id_number=NOBODY)
    )
    for response in (guess, nobody, right):
        assert ADULT not in response.get_data(as_text=True)


def test_a_withheld_minor_is_no_record(counter):
    client, token = counter
    minor = check(client, token, "李四", "admin_licence", id_number=MINOR)
    assert _answer(minor) == _answer(check(client, token, "李四", "admin_licence", id_number=NOBODY))
    assert _answer(minor)["state"] == "NO_RECORD"
    assert _answer(check(client, token, "", "admin_licence", id_number=MINOR)) == _answer(
        check(client, token, "", "admin_licence", id_number=NOBODY)
    )


def test_guessing_birth_dates_is_stopped_per_operator_and_flagged(counter, runner):
    client, token = counter
    states = [
        check(
            client,
            token,
            "王五",
            "admin_licence",
            id_number=make_resident_id("420104", date(1980, 1, day), 13),
        ).status_code
        for day in range(1, 15)
    ]
    assert states[:12] == [201] * 12 and states[12:] == [429, 429]
    refused = check(client, token, "王五", "admin_licence", id_number=ADULT)
    assert refused.get_json()["error"]["code"] == "operator_limit_reached"
    other = session_token(client, client.keys.secret, "窗口8")  # another operator is not held back
    assert check(client, other, "", "admin_licence", id_number=ADULT).status_code == 201
    log = client.get("/api/v1/checks", headers=bearer(client.keys.secret)).get_json()
    assert [(o["operator"], o["refused"]) for o in log["operators_over_limit"]] == [("窗口7", 3)]
    made = runner.invoke(
        args=[
            "operator",
            "create",
            "--username",
            "ja",
            "--name",
            "ja",
            "--role",
            "centre",
            "--centre",
            "江岸区政务服务中心",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
    )
    assert made.exit_code == 0, made.output
    sign_in(client, "ja", PASSWORD)
    page = client.get("/admin/centre/").get_data(as_text=True)
    assert "超过自然人核查上限的经办人" in page and "<strong>窗口7</strong>" in page
    assert "<td>未发现失信记录</td>" in page and "<td>NO_RECORD</td>" not in page  # states in words


def test_a_name_and_id_typed_together_are_stored_masked(counter, engine):
    client, token = counter
    answer = check(client, token, f"王五 {ADULT}", "admin_licence")
    assert _answer(answer)["state"] == "CAUTION"
    odd = check(client, token, f"王五{ADULT[:17]}0", "admin_licence")  # a wrong check digit
    assert _answer(odd)["state"] == "NOT_IDENTIFIED"
    with engine.connect() as conn:
        stored = json.dumps(
            [list(map(str, r)) for r in conn.execute(text("SELECT * FROM check_records"))], ensure_ascii=False
        )
    assert ADULT not in stored and ADULT[:17] not in stored
    for path in ("/api/v1/checks", "/api/v1/checks.csv"):
        shown = client.get(path, headers=bearer(client.keys.secret)).get_data().decode("utf-8-sig")
        assert ADULT not in shown and ADULT[:17] not in shown
