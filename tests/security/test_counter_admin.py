"""Key management on the centre administrator's page, and the check log for signed-in
administrators: a centre administrator manages only their own centre's keys; a secret key is
shown once; rotating and revoking end every session made with the old secret."""

from __future__ import annotations

import re

import pytest

from tests.security.counter_support import bearer, check, create_keys, session_token
from tests.support.admin import PASSWORD, create_operator, csrf_token, sign_in

CHUTIAN = "91420117MA4K000376"


@pytest.fixture
def centres(client, runner, cli, import_files):
    import_files("list-entries.json")
    cli("index", "rebuild")
    jiangan = create_keys(runner, "江岸区政务服务中心")
    xinzhou = create_keys(runner, "新洲区政务服务中心", "http://xinzhou.example")
    for username, role, centre in (
        ("admin", "platform", None),
        ("ja", "centre", "江岸区政务服务中心"),
        ("xz", "centre", "新洲区政务服务中心"),
    ):
        create_operator(runner, username, role, name=f"{username}管", centre=centre)
    return client, jiangan, xinzhou


def _post(client, path: str, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, "/admin/centre/"), **data})


def test_a_centre_administrator_creates_rotates_and_revokes_keys(centres, session_factory):
    client, jiangan, xinzhou = centres
    sign_in(client, "ja", PASSWORD)
    made = _post(client, "/admin/centre/keys", origins="https://zwfw.jiangan.example\nhttp://127.0.0.1:9000")
    html = made.get_data(as_text=True)
    assert made.status_code == 200 and made.headers["Cache-Control"] == "no-store"
    secret = re.search(r'class="secret-key">(xs_[^<]+)<', html).group(1)
    publishable = re.search(r'class="publishable-key">(xk_[^<]+)<', html).group(1)
    assert secret not in client.get("/admin/centre/").get_data(as_text=True)  # shown once
    token = session_token(client, secret, origin="http://127.0.0.1:9000")
    assert check(client, token, CHUTIAN).status_code == 201
    assert check(client, publishable, CHUTIAN).status_code == 401
    bad = _post(client, "/admin/centre/keys", origins="javascript:alert(1)")
    assert bad.status_code == 400 and "来源网站应为" in bad.get_data(as_text=True)
    # Rotate: the old secret and its session stop, the new one works.
    key_id = _key_id(session_factory, publishable)
    assert f"/admin/centre/keys/{key_id}/rotate" in html
    rotated = _post(client, f"/admin/centre/keys/{key_id}/rotate").get_data(as_text=True)
    new_secret = re.search(r'class="secret-key">(xs_[^<]+)<', rotated).group(1)
    assert check(client, token, CHUTIAN).status_code == 401
    assert check(client, secret, CHUTIAN, operator="x").status_code == 401
    assert check(client, new_secret, CHUTIAN, operator="x").status_code == 201
    _post(client, f"/admin/centre/keys/{key_id}/revoke")
    assert check(client, new_secret, CHUTIAN, operator="x").get_json()["error"]["code"] == "api_key_revoked"
    # Another centre's key: not found for this administrator, and left working.
    other_id = _key_id(session_factory, xinzhou.publishable)
    assert _post(client, f"/admin/centre/keys/{other_id}/rotate").status_code == 404
    assert _post(client, f"/admin/centre/keys/{other_id}/revoke").status_code == 404
    assert check(client, xinzhou.secret, CHUTIAN, operator="x").status_code == 201
    # Without the form token nothing changes.
    assert client.post(f"/admin/centre/keys/{key_id}/rotate").status_code == 400


def _key_id(session_factory, publishable: str) -> int:
    from sqlalchemy import select

    from xinyong.records.models import WidgetKey

    with session_factory() as s:
        return s.scalar(select(WidgetKey.id).where(WidgetKey.key_prefix == publishable[:11]))


def test_signed_in_administrators_read_the_log_through_the_api(centres):
    client, jiangan, xinzhou = centres
    check(client, session_token(client, jiangan.secret), CHUTIAN)
    assert client.get("/api/v1/checks").status_code == 401
    sign_in(client, "xz", PASSWORD)
    assert client.get("/api/v1/checks").get_json()["total"] == 0  # its own centre only
    sign_in(client, "ja", PASSWORD)
    assert client.get("/api/v1/checks").get_json()["total"] == 1
    assert client.get("/api/v1/checks.csv").get_data().decode("utf-8-sig").count("XYHC-") == 1
    sign_in(client, "admin", PASSWORD)
    assert client.get("/api/v1/checks").get_json()["error"]["code"] == "centre_required"
    assert client.get("/api/v1/checks", headers=bearer(xinzhou.publishable)).status_code == 401
