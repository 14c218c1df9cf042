"""Attacks on administration sign-in (issue 11 §6): a cookie replayed after logout, locking any
known account from anywhere, telling existing usernames from unknown ones.

Each test fails if the attack works again.
"""

from __future__ import annotations

import re

import pytest
from werkzeug import security

from tests.support.admin import PASSWORD, create_operator, csrf_token, sign_in
from xinyong.records import operators
from xinyong.records.db import utcnow

WRONG = "wrong-password-123"


@pytest.fixture
def admin(client, runner):
    create_operator(runner, "admin")
    return client


def session_cookie(client) -> str:
    return client.get_cookie(client.application.config["SESSION_COOKIE_NAME"]).value


def test_a_cookie_replayed_after_logout_is_refused(admin):
    assert sign_in(admin, "admin", PASSWORD).status_code == 302
    stolen = session_cookie(admin)  # copied from the browser (or a shared computer's profile)
    assert admin.post("/admin/logout", data={"csrf_token": csrf_token(admin, "/admin/")}).status_code == 302
    thief = admin.application.test_client()
    thief.set_cookie(admin.application.config["SESSION_COOKIE_NAME"], stolen)
    replayed = thief.get("/admin/audit")
    assert replayed.status_code == 302 and replayed.headers["Location"].startswith("/admin/login")


def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out(admin):
    attacker = admin.application.test_client()
    attacker.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    for _ in range(8):  # more than enough to lock the account under a per-account lock
        sign_in(attacker, "admin", WRONG)
    assert "连续登录失败次数过多" in sign_in(attacker, "admin", PASSWORD).get_data(as_text=True)
    assert sign_in(admin, "admin", PASSWORD).status_code == 302  # the owner, from their desk


def _message(response) -> str:
    return re.search(r'<p class="notice" role="alert">([^<]*)</p>', response.get_data(as_text=True))[1]


def test_unknown_usernames_get_the_same_answers(admin):
    for attempt in range(6):  # wrong passwords, then the waits: word for word the same
        known, unknown = sign_in(admin, "admin", WRONG), sign_in(admin, "nobody", WRONG)
        assert known.status_code == unknown.status_code == 401
        assert _message(known) == _message(unknown), attempt


def test_unknown_usernames_cost_the_same_password_hash(admin, session_factory, monkeypatch):
    checked: list[str] = []

    def spy(pwhash: str, password: str) -> bool:  # the real check, recording what it hashed with
        checked.append(pwhash.rsplit("$", 2)[0])
        return security.check_password_hash(pwhash, password)

    monkeypatch.setattr(operators, "check_password_hash", spy)
    now = utcnow()
    with session_factory() as s:
        for username in ("admin", "nobody"):
            with pytest.raises(operators.LoginRefused):
                operators.authenticate(s, username, WRONG, now, "192.0.2.1")
    # Once per attempt, with the same method and cost parameters (scrypt:32768:8:1 …).
    assert len(checked) == 2 and checked[0] == checked[1] and checked[0].startswith("scrypt:")
