"""Signing in to administration: hashed passwords, throttling, session versions, CSRF, cookie
flags, roles."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from tests.support.admin import PASSWORD, create_operator, csrf_token, sign_in
from tests.support.apps import extra_app
from xinyong.records.models import AuditEntry, Operator
from xinyong.records.operators import MAX_LOCK, LoginRefused, authenticate, lock_for

WRONG_PASSWORD = "wrong-password-123"


@pytest.fixture
def accounts(client, runner):
    key = (
        runner.invoke(
            args=[
                "widget-key",
                "create",
                "--center",
                "江岸区政务服务中心",
                "--origin",
                "http://counter.example",
            ]
        )
        .output.splitlines()[1]
        .strip()
    )
    client.key = key
    create_operator(runner, "admin")
    create_operator(runner, "centre", "centre", centre="江岸区政务服务中心")
    return client


def login(client, username, password=PASSWORD, next_=None):
    return sign_in(client, username, password, next_)


def test_passwords_are_stored_as_scrypt_hashes(accounts, session_factory, runner):
    with session_factory() as s:
        stored = s.scalar(select(Operator.password_hash).where(Operator.username == "admin"))
    assert stored.startswith("scrypt:") and PASSWORD not in stored
    weak = runner.invoke(
        args=[
            "operator",
            "create",
            "--username",
            "x",
            "--name",
            "x",
            "--role",
            "platform",
            "--password-stdin",
        ],
        input="short\n",
    )
    assert weak.exit_code != 0 and "密码至少 12 位" in weak.output


def test_sign_in_sets_a_hardened_session_and_admin_pages_need_it(accounts):
    assert accounts.get("/admin/").headers["Location"].startswith("/admin/login")
    signed_in = login(accounts, "admin")
    assert signed_in.status_code == 302 and signed_in.headers["Location"] == "/admin/"
    cookie = signed_in.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = accounts.get("/admin/")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "操作日志" in page.get_data(as_text=True)


def test_next_only_leads_within_administration(accounts):
    assert login(accounts, "admin", next_="https://evil.example/").headers["Location"] == "/admin/"
    assert login(accounts, "admin", next_="//evil.example/admin").headers["Location"] == "/admin/"
    assert login(accounts, "admin", next_="/admin/audit").headers["Location"] == "/admin/audit"


def test_five_wrong_passwords_hold_back_that_address_only(accounts, runner, session_factory):
    for _ in range(4):
        wrong = login(accounts, "admin", "wrong-password-123")
        assert wrong.status_code == 401 and "用户名或密码不正确" in wrong.get_data(as_text=True)
    locked = login(accounts, "admin", "wrong-password-123")
    assert "连续登录失败次数过多，请 1 分钟后再试" in locked.get_data(as_text=True)
    assert "连续登录失败次数过多" in login(accounts, "admin").get_data(as_text=True)  # even the right one
    elsewhere = accounts.application.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "10.1.2.3"  # the owner, at another address
    assert sign_in(elsewhere, "admin", PASSWORD).status_code == 302
    unknown = login(accounts, "nobody")
    assert "用户名或密码不正确" in unknown.get_data(as_text=True)  # same words: no user probing
    listing = runner.invoke(args=["operator", "list"]).output
    assert "admin" in listing and "有地址在登录等待中" in listing
    assert runner.invoke(args=["operator", "unlock", "admin"]).exit_code == 0
    assert "有地址在登录等待中" not in runner.invoke(args=["operator", "list"]).output
    assert login(accounts, "admin").status_code == 302
    with session_factory() as s:
        actions = [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions.count("login_failed") == 7 and actions[-2:] == ["operator_unlock", "login"]


def test_waits_double_with_each_failure_and_are_forgotten_after_success(session_factory, accounts):
    start = datetime(2026, 11, 20, 2, 0)
    with session_factory() as s:

        def attempt(at: datetime, password: str = WRONG_PASSWORD) -> str:
            try:
                authenticate(s, "admin", password, at, "10.0.0.9")
            except LoginRefused as refused:
                return str(refused)
            finally:
                s.commit()
            return "ok"

        assert [attempt(start) for _ in range(4)] == ["用户名或密码不正确"] * 4
        assert "请 1 分钟后再试" in attempt(start)
        assert "请 1 分钟后再试" in attempt(start + timedelta(seconds=30))  # a wait is not renewed
        assert "请 2 分钟后再试" in attempt(start + timedelta(seconds=61))  # sixth failure
        assert "请 4 分钟后再试" in attempt(start + timedelta(minutes=4))  # seventh
        assert attempt(start + timedelta(minutes=9), PASSWORD) == "ok"
        assert attempt(start + timedelta(minutes=10)) == "用户名或密码不正确"  # counting anew
        assert lock_for(30) == MAX_LOCK


def test_logout_password_change_and_deactivation_end_every_session(accounts, runner):
    other = accounts.application.test_client()
    for client in (accounts, other):
        assert login(client, "admin").status_code == 302
    changed = accounts.post(
        "/admin/password",
        data={
            "csrf_token": csrf_token(accounts, "/admin/password"),
            "password": PASSWORD,
            "new_password": "another-horse-43-staple",
            "confirm": "another-horse-43-staple",
        },
    )
    assert changed.status_code == 302
    assert accounts.get("/admin/").status_code == 200  # this browser stays signed in
    assert other.get("/admin/").status_code == 302  # the other one is signed out
    wrong = accounts.post(
        "/admin/password",
        data={
            "csrf_token": csrf_token(accounts, "/admin/password"),
            "password": PASSWORD,
            "new_password": "x",
            "confirm": "x",
        },
    )
    assert wrong.status_code == 400 and "当前密码不正确" in wrong.get_data(as_text=True)
    mismatch = accounts.post(
        "/admin/password",
        data={
            "csrf_token": csrf_token(accounts, "/admin/password"),
            "password": "another-horse-43-staple",
            "new_password": "third-horse-45-staple",
            "confirm": "third-horse-45-stapel",
        },
    )
    assert mismatch.status_code == 400 and "两次输入的新密码不一致" in mismatch.get_data(as_text=True)
    assert login(other, "admin", "another-horse-43-staple").status_code == 302
    assert runner.invoke(args=["operator", "deactivate", "admin"]).exit_code == 0
    assert accounts.get("/admin/").status_code == 302 and other.get("/admin/").status_code == 302
    assert login(other, "admin", "another-horse-43-staple").status_code == 401
    reset = runner.invoke(
        args=["operator", "password", "centre", "--password-stdin"], input="yet-another-44-horse\n"
    )
    assert reset.exit_code == 0, reset.output
    assert login(other, "centre", "yet-another-44-horse").status_code == 302


def test_sign_in_page_is_never_cached_and_next_with_a_newline_is_safe(accounts):
    page = accounts.get("/admin/login")
    assert page.headers["Cache-Control"] == "no-store" and "Set-Cookie" in page.headers
    response = login(accounts, "admin", next_="/admin/audit%0d%0aSet-Cookie:%20x=1")
    assert response.status_code == 302
    assert not {"\r", "\n"} & set(response.headers["Location"])
    assert response.headers["Location"].startswith("/admin/audit%0D%0A")
    chinese = login(accounts, "admin", next_="/admin/records?q=%E6%AD%A6%E6%B1%89")
    assert chinese.headers["Location"] == "/admin/records?q=%E6%AD%A6%E6%B1%89"
    public = accounts.get("/")  # a signed-in browser on a public page: its cookie is refreshed
    assert "Set-Cookie" in public.headers and public.headers["Cache-Control"] == "no-store"


def test_forms_without_a_token_are_refused(accounts):
    refused = accounts.post("/admin/login", data={"username": "admin", "password": PASSWORD})
    assert refused.status_code == 400 and "页面已过期" in refused.get_data(as_text=True)
    login(accounts, "admin")
    assert accounts.post("/admin/logout").status_code == 400  # a forged sign-out too


def test_roles_limit_what_an_operator_sees(accounts):
    login(accounts, "centre")
    assert "没有待办的申请" in accounts.get("/admin/").get_data(as_text=True)
    forbidden = accounts.get("/admin/audit")
    assert forbidden.status_code == 403 and "没有权限" in forbidden.get_data(as_text=True)
    assert accounts.get("/admin/cases/1").status_code == 403


def test_production_cookies_are_secure_and_host_only(settings, engine):
    with extra_app(settings.with_overrides(secure_cookies=True)) as app:
        assert app.config["SESSION_COOKIE_SECURE"] is True
        assert app.config["SESSION_COOKIE_NAME"] == "__Host-xinyong"
        response = app.test_client().get("/admin/login", base_url="https://localhost")
        cookie = response.headers["Set-Cookie"]
        assert "Secure" in cookie and "__Host-xinyong=" in cookie


def test_a_centre_reviews_its_own_check_log(accounts, runner):
    assert runner.invoke(args=["index", "rebuild"]).exit_code == 0  # without an index a check is ERROR
    checked = accounts.post(
        "/api/v1/checks",
        json={"query": "不存在的公司", "approval_type": "honours", "operator_ref": "窗口3"},
        headers={"X-API-Key": accounts.key},
    )
    receipt = checked.get_json()["receipt"]["number"]
    login(accounts, "centre")
    page = accounts.get("/admin/centre/").get_data(as_text=True)
    assert "江岸区政务服务中心" in page and receipt in page and "窗口3" in page
    assert "http://counter.example" in page  # its key's allowed origin; never the key itself
    assert accounts.key not in page
    assert receipt not in accounts.get("/admin/centre/?state=HIT").get_data(as_text=True)
    bad = accounts.get("/admin/centre/?from=2026-99-01")
    assert bad.status_code == 400 and "筛选条件无效" in bad.get_data(as_text=True)
    csv_text = accounts.get("/admin/centre/checks.csv").get_data().decode("utf-8-sig")
    assert csv_text.startswith("回执编号,") and receipt in csv_text
    missing = runner.invoke(
        args=[
            "operator",
            "create",
            "--username",
            "c2",
            "--name",
            "c2",
            "--role",
            "centre",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
    )
    assert missing.exit_code != 0 and "须指定所属中心" in missing.output


def test_command_line_administration_is_audited(accounts, runner, session_factory, tmp_path):
    prefix = accounts.key[:11]
    assert runner.invoke(args=["widget-key", "revoke", prefix]).exit_code == 0
    with session_factory() as s:
        entries = {(a.operator, a.action) for a in s.scalars(select(AuditEntry))}
    assert {("cli", "widget_key_create"), ("cli", "widget_key_revoke"), ("cli", "operator_create")} <= entries
