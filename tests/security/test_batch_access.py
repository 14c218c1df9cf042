"""Batch checks: who may run one, and who may read what of it. A publishable key alone runs
nothing; another centre reads neither the full answer, the XLSX nor the print page (404, as for
an unknown number); anyone with number + code reads only the public view."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.security.batch_support import CHUTIAN, PERSON_ID, post_batch, prepare
from tests.security.counter_support import bearer, create_keys, session_token
from tests.support.admin import create_operator, csrf_token, sign_in

PASSWORD = "centre-desk-password-42"


@pytest.fixture
def db_url(tmp_path):
    """Once, on SQLite: what is refused here is refused before the database is asked (the
    stored behaviour of batches runs on both databases in tests/functional/test_batch_checks.py)."""
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
def batch(client, runner, tmp_path):
    client, token = prepare(client, runner, tmp_path)
    answer = post_batch(client, token, [{"uscc": CHUTIAN}, {"name": "李四", "uscc": PERSON_ID}])
    assert answer.status_code == 201
    return client, token, answer.get_json()["batch"]


def test_a_publishable_key_alone_or_nothing_runs_no_batch(batch):
    client, _, _ = batch
    for credential, code in (
        (client.keys.publishable, "counter_session_required"),
        (None, "counter_session_required"),
        ("xt_forged.x", "session_invalid"),
    ):
        refused = post_batch(client, credential, [{"uscc": CHUTIAN}])
        assert refused.status_code == 401 and refused.get_json()["error"]["code"] == code
    secret = post_batch(client, client.keys.secret, [{"uscc": CHUTIAN}])  # no operator named
    assert secret.get_json()["error"]["code"] == "operator_required"
    browser = post_batch(
        client,
        client.keys.secret,
        [{"uscc": CHUTIAN}],
        operator="x",
        headers={"Origin": "http://counter.example"},
    )
    assert browser.status_code == 403 and browser.get_json()["error"]["code"] == "secret_key_in_browser"
    foreign = post_batch(
        client,
        session_token(client, client.keys.secret),
        [{"uscc": CHUTIAN}],
        headers={"Origin": "http://evil.example"},
    )
    assert foreign.status_code == 403 and foreign.get_json()["error"]["code"] == "origin_refused"


def test_another_centre_reads_only_the_public_receipt(batch, runner):
    client, token, receipt = batch
    number = receipt["number"]
    other = create_keys(runner, "新洲区政务服务中心", "http://xinzhou.example")
    other_session = session_token(client, other.secret)
    for credential in (other.secret, other_session):
        for path in (f"/api/v1/batches/{number}", f"/api/v1/batches/{number}.xlsx"):
            assert client.get(path, headers=bearer(credential)).status_code == 404, path
        for path in ("/widget/v1/batch/print", "/widget/v1/batch/xlsx"):
            assert client.post(path, data={"token": credential, "number": number}).status_code in (403, 404)
    for path in ("/widget/v1/batch/print", "/widget/v1/batch/xlsx"):
        assert client.post(path, data={"token": other_session, "number": number}).status_code == 404
        own = client.post(path, data={"token": token, "number": number})
        assert own.status_code == 200
        text = (
            str(list(load_workbook(io.BytesIO(own.data)).active.iter_rows(values_only=True)))
            if path.endswith("xlsx")
            else own.get_data(as_text=True)
        )
        assert CHUTIAN in text and PERSON_ID not in text and "420104" in text
    assert client.get(f"/api/v1/batches/{number}").status_code == 401
    assert client.get(f"/api/v1/batches/{number}", headers=bearer(client.keys.publishable)).status_code == 401
    assert client.get(f"/admin/centre/batches/{number}/print").status_code in (302, 401)  # not signed in
    public = client.get(f"/api/v1/batch-receipts/{number}", query_string={"code": receipt["code"]})
    assert public.status_code == 200
    text = public.get_data(as_text=True)
    assert "measures" not in text and "窗口3" not in text and PERSON_ID not in text
    assert client.get(f"/api/v1/batch-receipts/{number}").status_code == 404  # the code is required
    guessed = client.get(f"/receipts/batch/{number}", query_string={"code": "0000000000"})
    assert guessed.status_code == 404 and CHUTIAN not in guessed.get_data(as_text=True)


def test_a_single_receipt_is_no_batch_receipt(batch):
    client, token, _ = batch
    single = client.post(
        "/api/v1/checks", json={"query": CHUTIAN, "approval_type": "gov_procurement"}, headers=bearer(token)
    ).get_json()["receipt"]
    assert (
        client.get(
            f"/api/v1/batch-receipts/{single['number']}", query_string={"code": single["code"]}
        ).status_code
        == 404
    )


def test_centre_administrators_read_their_own_batches_only(batch, runner):
    client, _, receipt = batch
    number = receipt["number"]
    create_keys(runner, "新洲区政务服务中心", "http://xinzhou.example")
    for username, centre in (("ja", "江岸区政务服务中心"), ("xz", "新洲区政务服务中心")):
        create_operator(runner, username, "centre", name=f"{username}管", password=PASSWORD, centre=centre)
    sign_in(client, "xz", PASSWORD)
    assert number not in client.get("/admin/centre/batches/").get_data(as_text=True)
    for path in (
        f"/admin/centre/batches/{number}/print",
        f"/admin/centre/batches/{number}.xlsx",
        f"/api/v1/batches/{number}",
    ):
        assert client.get(path).status_code == 404, path
    client.post("/admin/logout", data={"csrf_token": csrf_token(client, "/admin/centre/")})
    client.delete_cookie("session")
    sign_in(client, "ja", PASSWORD)
    listing = client.get("/admin/centre/batches/")
    assert listing.status_code == 200 and number in listing.get_data(as_text=True)
    printed = client.get(f"/admin/centre/batches/{number}/print")
    assert printed.status_code == 200 and receipt["code"] in printed.get_data(as_text=True)
    assert PERSON_ID not in printed.get_data(as_text=True)
    assert client.get(f"/admin/centre/batches/{number}.xlsx").status_code == 200
