"""Attacks on the counter check's credentials (issue 11 §1), replayed.

Found: the publishable key every host page carries ran any check and read the centre's whole log
(`/api/v1/checks` with `X-API-Key`, `/api/v1/checks.csv?key=…`, `/widget/v1/log?key=…`); the
widget's check form trusted a posted `host` field, so a page on another origin got verdicts logged
as the centre's; invalid keys sharing a real key's first 11 characters used up its rate budget.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.security.counter_support import bearer, create_keys, session_token
from tests.support.admin import create_operator
from tests.support.apps import extra_app
from xinyong.records.models import CheckRecord
from xinyong.web.extensions import limiter

CHUTIAN = "91420117MA4K000376"


@pytest.fixture
def counter(client, runner, cli, import_files):
    import_files("list-entries.json")
    cli("index", "rebuild")
    client.keys = create_keys(runner)
    return client


def _checks(session_factory) -> int:
    with session_factory() as s:
        return s.scalar(select(func.count()).select_from(CheckRecord))


def test_the_publishable_key_runs_no_check_and_reads_no_log(counter, session_factory):
    xk = counter.keys.publishable
    for headers in ({"X-API-Key": xk}, bearer(xk), {"X-API-Key": xk, "Origin": "http://counter.example"}):
        answer = counter.post(
            "/api/v1/checks",
            json={"query": CHUTIAN, "approval_type": "gov_procurement", "operator": "x"},
            headers=headers,
        )
        assert answer.status_code == 401 and answer.get_json()["error"]["code"] == "counter_session_required"
        for path in ("/api/v1/checks", "/api/v1/checks.csv"):
            assert counter.get(path, headers=headers).status_code == 401
    for path in ("/api/v1/checks", "/api/v1/checks.csv"):
        assert counter.get(path, query_string={"key": xk}).status_code == 401
        assert counter.get(path, query_string={"key": counter.keys.secret}).status_code == 401  # URL: never
    assert counter.get("/widget/v1/log", query_string={"key": xk}).status_code == 404
    token = session_token(counter, counter.keys.secret)
    assert counter.get("/api/v1/checks", headers=bearer(token)).status_code == 401  # sessions check only
    assert _checks(session_factory) == 0


def test_a_posted_host_field_gets_no_verdict(counter, session_factory):
    form = {
        "key": counter.keys.publishable,
        "host": "http://counter.example",
        "query": CHUTIAN,
        "approval_type": "gov_procurement",
    }
    for origin in ("http://evil.example", "http://counter.example", None):
        headers = {"Origin": origin} if origin else {}
        answer = counter.post("/widget/v1/check", data=form, headers=headers)
        assert answer.status_code == 403 and "失信" not in answer.get_data(as_text=True)
    token = session_token(counter, counter.keys.secret)
    stranger = counter.post(
        "/widget/v1/check",
        data={**form, "token": token, "host": "http://evil.example"},
        headers={"Origin": "http://evil.example"},
    )
    assert stranger.status_code == 403
    framed = counter.post("/widget/v1/check", data={**form, "token": token, "host": "http://evil.example"})
    assert framed.status_code == 200  # the frame's own form: framed only by the session's origin
    csp = framed.headers["Content-Security-Policy"]
    assert "frame-ancestors http://counter.example" in csp and "evil" not in csp
    assert _checks(session_factory) == 1


def test_guessed_keys_do_not_spend_a_real_keys_budget(settings, engine):
    with extra_app(settings.with_overrides(rate_limits=True)) as app:
        client, cli = app.test_client(), app.test_cli_runner()
        with app.app_context():
            limiter.reset()
        assert cli.invoke(args=["index", "rebuild"]).exit_code == 0
        keys = create_keys(cli)
        body = {"query": CHUTIAN, "approval_type": "gov_procurement", "operator": "x"}
        attacker = {"REMOTE_ADDR": "10.0.0.66"}
        statuses = [
            client.post(
                "/api/v1/checks", json=body, environ_base=attacker, headers=bearer(forged)
            ).status_code
            for forged in [
                keys.secret[:11] + "A" * 32,
                keys.publishable[:11] + "B" * 30,
                "xt_" + "C" * 40 + ".x",
            ]
            * 14
        ]
        assert statuses[:20] == [401] * 20 and set(statuses[20:]) == {429}  # the address pays
        counter_desk = {"REMOTE_ADDR": "10.0.0.7"}
        real = [
            client.post(
                "/api/v1/checks", json=body, environ_base=counter_desk, headers=bearer(keys.secret)
            ).status_code
            for _ in range(31)
        ]
        assert real[:30] == [201] * 30 and real[30] == 429  # the whole budget, then its own limit
        with app.app_context():
            limiter.reset()


def _sign_in(client, publishable: str, username: str, password: str, origin: str | None = None):
    headers = {"Origin": origin} if origin else {}
    return client.post(
        "/widget/v1/signin",
        data={"key": publishable, "username": username, "password": password},
        headers=headers,
    )


def test_signing_in_inside_the_widget_takes_an_account_of_the_keys_centre(counter, runner, session_factory):
    from sqlalchemy import update

    from xinyong.records.models import Operator

    password = "counter-desk-42-password"
    other = create_keys(runner, "新洲区政务服务中心", "http://xinzhou.example")
    for username, centre in (("ja", "江岸区政务服务中心"), ("xz", "新洲区政务服务中心")):
        create_operator(runner, username, "centre", name=f"{username}窗口", password=password, centre=centre)
    assert other.publishable
    foreign = _sign_in(counter, counter.keys.publishable, "xz", password).get_data(as_text=True)
    assert "不是本政务服务中心的操作员" in foreign and 'name="token"' not in foreign
    xk = counter.keys.publishable
    assert "用户名或密码不正确" in _sign_in(counter, xk, "ja", "wrong").get_data(as_text=True)
    assert _sign_in(counter, xk, "ja", password, "http://evil.example").status_code == 403
    signed = _sign_in(counter, xk, "ja", password)
    assert signed.status_code == 200 and "Set-Cookie" not in signed.headers
    assert "frame-ancestors http://counter.example" in signed.headers["Content-Security-Policy"]
    token = re.search(r'name="token" value="([^"]+)"', signed.get_data(as_text=True)).group(1)
    checked = counter.post(
        "/widget/v1/check", data={"token": token, "query": CHUTIAN, "approval_type": "gov_procurement"}
    )
    assert checked.status_code == 200 and "ja窗口" in checked.get_data(as_text=True)
    assert counter.get("/api/v1/checks", headers=bearer(token)).status_code == 401
    with session_factory() as s:  # the account is deactivated: its session ends at once
        s.execute(update(Operator).where(Operator.username == "ja").values(active=False))
        s.commit()
    ended = counter.post(
        "/widget/v1/check", data={"token": token, "query": CHUTIAN, "approval_type": "gov_procurement"}
    )
    assert ended.status_code == 403 and "已失效" in ended.get_data(as_text=True)


def test_a_key_from_before_counter_sessions_has_no_secret_until_rotated(counter, runner, session_factory):
    from sqlalchemy import update

    from xinyong.records.models import WidgetKey

    with session_factory() as s:  # as migration 0010 leaves a key made earlier
        s.execute(update(WidgetKey).values(secret_prefix=None, secret_hash=None, secret_version=0))
        s.commit()
    assert (
        counter.post(
            "/api/v1/counter-sessions", json={"operator": "x"}, headers=bearer(counter.keys.secret)
        ).status_code
        == 401
    )
    assert "尚无私密密钥" in runner.invoke(args=["widget-key", "list"]).output
    rotated = runner.invoke(args=["widget-key", "rotate", counter.keys.publishable[:11]])
    assert session_token(counter, rotated.output.splitlines()[1].strip()).startswith("xt_")
