"""Counter checks through the API: each state, credentials and origins, receipts, failing closed."""

from __future__ import annotations

import json
import shutil
from contextlib import nullcontext

import pytest
from sqlalchemy import text

from tests.security.counter_support import bearer, create_keys, session_token
from tests.support.apps import extra_app
from tests.support.files import rewrite_csv

HENGTONG, CHUTIAN = "91420102MA4K00010N", "91420117MA4K000376"
PERSON_ID = "420104198503171238"


@pytest.fixture
def counter(client, runner, cli, import_files, tmp_path):
    penalties = rewrite_csv(
        "penalties-current.csv",
        tmp_path / "p.csv",
        {
            # periods over: 恒通 keeps only its red list, 金桥 has nothing in force
            "武汉恒通商贸有限公司": {"处罚决定日期": "2024-01-02", "处罚有效期": "2025-01-01"},
            "武汉金桥餐饮管理有限公司": {"处罚决定日期": "2024-01-02", "处罚有效期": "2025-01-01"},
        },
    )
    import_files(penalties, "penalties-legacy.csv", "list-entries.json")
    cli("index", "rebuild")  # no index: every check ERROR
    keys = create_keys(runner)
    client.keys = keys
    return client, session_token(client, keys.secret)


def check(client, key, query="", approval="gov_procurement", **extra):
    """A check with a counter session (or any credential) in the Authorization header."""
    headers = bearer(key)
    headers.update(extra.pop("headers", {}))
    body = {"query": query, "approval_type": approval, **extra}
    return client.post("/api/v1/checks", json=body, headers=headers)


@pytest.mark.parametrize(
    ("query", "approval", "state"),
    [
        (CHUTIAN, "gov_procurement", "HIT"),  # 严重违法失信企业 restricts procurement
        (CHUTIAN, "honours", "CAUTION"),  # listed, but no measure for this approval type
        (HENGTONG, "admin_licence", "INCENTIVE"),  # A级纳税人: 容缺受理
        ("武汉金桥餐饮管理有限公司", "gov_procurement", "NO_RECORD"),
        ("江汉区老王热干面馆", "gov_procurement", "CAUTION"),  # a penalty in force
        ("武汉华信环保科技有限公司", "gov_procurement", "AMBIGUOUS"),  # two registrations
        ("完全不存在的公司", "gov_procurement", "NOT_IDENTIFIED"),
    ],
)
def test_each_state(counter, query, approval, state):
    client, key = counter
    response = check(client, key, query, approval)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["state"] == state and body["explanation"]
    assert body["receipt"]["number"].startswith("XYHC-") and body["data_version"] and body["as_of"]
    if state == "HIT":
        assert body["measures"][0]["measure"] == "限制参加政府采购活动"
        assert body["lists"][0]["name"] == "严重违法失信企业"
    if state == "INCENTIVE":
        assert body["incentives"][0]["measure"] == "绿色通道、容缺受理"
    if state == "AMBIGUOUS":
        assert len(body["candidates"]) == 2


def test_a_person_is_matched_by_id_number_which_is_never_echoed_or_stored(counter, engine):
    client, key = counter
    response = check(client, key, "", "admin_licence", id_number=PERSON_ID)
    body = response.get_json()
    assert body["state"] == "CAUTION" and body["subject"]["name"] is None  # only what was typed
    assert PERSON_ID not in response.get_data(as_text=True)
    named = check(client, key, "李四", "admin_licence", id_number=PERSON_ID).get_json()
    assert named["state"] == "CAUTION" and named["subject"]["name"] == "李四"
    with engine.connect() as conn:
        stored = json.dumps([list(map(str, r)) for r in conn.execute(text("SELECT * FROM check_records"))])
    assert PERSON_ID not in stored and "420104" in stored
    typed = check(client, key, f"李四 {PERSON_ID}", "admin_licence")  # both in the name field
    assert typed.get_json()["state"] == "CAUTION" and PERSON_ID not in typed.get_data(as_text=True)
    bad = check(client, key, "", "admin_licence", id_number="420104198503171230")
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "bad_id_number"


def test_credentials_and_origins(counter, runner):
    client, token = counter
    keys = client.keys
    missing = check(client, None, HENGTONG)
    assert missing.status_code == 401 and missing.get_json()["error"]["code"] == "counter_session_required"
    publishable = check(client, keys.publishable, HENGTONG)
    assert publishable.status_code == 401
    assert publishable.get_json()["error"]["code"] == "counter_session_required"
    assert check(client, "xs_" + "A" * 40, HENGTONG, operator="x").status_code == 401
    assert check(client, "xt_forged.token", HENGTONG).get_json()["error"]["code"] == "session_invalid"
    foreign = check(client, token, HENGTONG, headers={"Origin": "http://evil.example"})
    assert foreign.status_code == 403 and foreign.get_json()["error"]["code"] == "origin_refused"
    assert check(client, token, HENGTONG, headers={"Origin": "http://counter.example"}).status_code == 201
    # The secret key itself, server to server: the operator is named in the body.
    assert check(client, keys.secret, HENGTONG).get_json()["error"]["code"] == "operator_required"
    assert check(client, keys.secret, HENGTONG, operator="工号0042").status_code == 201
    browser = check(client, keys.secret, HENGTONG, operator="x", headers={"Origin": "http://counter.example"})
    assert browser.status_code == 403 and browser.get_json()["error"]["code"] == "secret_key_in_browser"
    # Rotating the secret ends the old secret and every session it minted.
    rotated = runner.invoke(args=["widget-key", "rotate", keys.publishable[:11]])
    assert rotated.exit_code == 0, rotated.output
    new_secret = rotated.output.splitlines()[1].strip()
    assert check(client, token, HENGTONG).get_json()["error"]["code"] == "session_revoked"
    assert check(client, keys.secret, HENGTONG, operator="x").status_code == 401
    fresh = session_token(client, new_secret)
    assert check(client, fresh, HENGTONG).status_code == 201
    assert runner.invoke(args=["widget-key", "revoke", keys.publishable[:11]]).exit_code == 0
    revoked = check(client, fresh, HENGTONG)
    assert revoked.status_code == 401 and revoked.get_json()["error"]["code"] == "session_revoked"
    assert check(client, new_secret, HENGTONG, operator="x").get_json()["error"]["code"] == "api_key_revoked"


def test_counter_sessions_are_minted_with_the_secret_key_only(counter):
    client, _ = counter
    keys = client.keys
    made = client.post("/api/v1/counter-sessions", json={"operator": "窗口5"}, headers=bearer(keys.secret))
    assert made.status_code == 201 and made.headers["Cache-Control"] == "no-store"
    body = made.get_json()
    assert body["token"].startswith("xt_") and 60 <= body["expires_in"] <= 900
    assert body["origin"] == "http://counter.example" and body["operator"] == "窗口5"
    for credential in (keys.publishable, body["token"], None):
        refused = client.post("/api/v1/counter-sessions", json={"operator": "x"}, headers=bearer(credential))
        assert refused.status_code == 401, credential
    for wrong, code in (
        ({}, "operator_required"),
        ({"operator": "x", "origin": "http://evil.example"}, "origin_not_allowed"),
        ({"operator": "x", "expires_in": 3600}, "bad_expires_in"),
        ({"operator": ["x"]}, "bad_field_type"),
    ):
        answer = client.post("/api/v1/counter-sessions", json=wrong, headers=bearer(keys.secret))
        assert answer.status_code == 400 and answer.get_json()["error"]["code"] == code, wrong
    # The operator is bound to the session: the receipt and log name it, not the body.
    check(client, body["token"], CHUTIAN, operator="someone else")
    log = client.get("/api/v1/checks", headers=bearer(keys.secret)).get_json()
    assert log["checks"][0]["operator_ref"] == "窗口5"


def test_widget_key_list_says_when_there_are_none(runner):
    listed = runner.invoke(args=["widget-key", "list"])
    assert listed.exit_code == 0 and "还没有密钥" in listed.output
    keys = create_keys(runner)
    listed = runner.invoke(args=["widget-key", "list"]).output
    assert keys.publishable[:11] in listed and keys.secret not in listed and keys.publishable not in listed


def test_bad_requests_are_json_errors(counter):
    client, key = counter
    assert check(client, key, HENGTONG, "no_such_approval").get_json()["error"]["code"] == "bad_approval_type"
    assert check(client, key, "").get_json()["error"]["code"] == "query_empty"
    assert check(client, key, "x" * 101).get_json()["error"]["code"] == "query_too_long"
    raw = client.post("/api/v1/checks", data="not json", headers=bearer(key))
    assert raw.status_code == 400 and raw.get_json()["error"]["code"] == "bad_request"
    nested = client.post(
        "/api/v1/checks",
        data="[" * 20_000 + "]" * 20_000,
        content_type="application/json",
        headers=bearer(key),
    )
    assert nested.status_code == 400 and nested.get_json()["error"]["code"] == "bad_request"
    for field, value in (
        ("approval_type", ["gov_procurement"]),
        ("approval_type", 1),
        ("query", {}),
        ("id_number", 420104),
        ("operator", True),
    ):
        wrong = client.post(
            "/api/v1/checks",
            json={"query": HENGTONG, "approval_type": "honours", field: value},
            headers=bearer(key),
        )
        assert wrong.status_code == 400 and wrong.get_json()["error"]["code"] == "bad_field_type", field
    deep = client.post(
        "/api/v1/counter-sessions",
        data='{"operator":' + "[" * 30_000,
        content_type="application/json",
        headers=bearer(client.keys.secret),
    )
    assert deep.status_code == 400 and deep.get_json()["error"]["code"] == "bad_request"


def test_a_failing_back_end_is_error_never_a_clean_result(counter, engine):
    client, key = counter
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE joint_measures"))
    response = check(client, key, CHUTIAN)  # on a list: its measures are looked up
    assert response.status_code == 503
    assert response.get_json()["state"] == "ERROR"


def test_receipts_verify_by_number_and_code_only(counter):
    client, key = counter
    receipt = check(client, key, CHUTIAN, operator_ref="窗口3-张").get_json()["receipt"]
    ok = client.get(f"/api/v1/receipts/{receipt['number']}", query_string={"code": receipt["code"]})
    assert ok.status_code == 200
    body = ok.get_json()
    assert body["state"] == "HIT" and body["service_centre"] == "江岸区政务服务中心"
    assert "窗口3" not in ok.get_data(as_text=True)  # the operator is not public
    wrong = client.get(f"/api/v1/receipts/{receipt['number']}", query_string={"code": "AAAAAAAA"})
    assert wrong.status_code == 404
    page = client.get("/receipts/verify", query_string=receipt)
    assert page.status_code == 200 and "回执真实有效" in page.get_data(as_text=True)
    assert client.get("/receipts/verify", query_string={"number": "伪造", "code": "x"}).status_code == 404


def test_each_centre_sees_its_own_check_log_as_json_and_csv(counter, runner):
    client, key = counter
    secret = bearer(client.keys.secret)
    check(client, key, CHUTIAN)
    check(client, key, "武汉金桥餐饮管理有限公司")
    check(client, key, PERSON_ID)  # an ID number typed into the name field
    log = client.get("/api/v1/checks", headers=secret)
    assert log.status_code == 200 and log.get_json()["total"] == 3
    assert PERSON_ID not in log.get_data(as_text=True)
    hits = client.get("/api/v1/checks", query_string={"state": "HIT"}, headers=secret)
    assert [c["subject"] for c in hits.get_json()["checks"]] == ["武汉楚天建筑工程有限公司"]
    assert hits.get_json()["checks"][0]["operator_ref"] == "窗口3-张"
    csv_body = client.get("/api/v1/checks.csv", headers=secret).get_data().decode("utf-8-sig")
    assert csv_body.startswith("回执编号,核查时间,审批事项") and csv_body.count("XYHC-") == 3
    other = create_keys(runner, "新洲区政务服务中心", "http://xinzhou.example")
    assert client.get("/api/v1/checks", headers=bearer(other.secret)).get_json()["total"] == 0
    bad = client.get("/api/v1/checks", query_string={"from": "yesterday"}, headers=secret)
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "bad_filter"
    assert client.get("/api/v1/checks").status_code == 401
    for credential in (key, client.keys.publishable):  # a counter session reads no log either
        for path in ("/api/v1/checks", "/api/v1/checks.csv"):
            assert client.get(path, headers=bearer(credential)).status_code == 401


def test_openapi_document_lists_every_api_route_and_the_docs_page_renders(counter, app):
    client, _ = counter
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    routes = {str(rule) for rule in app.url_map.iter_rules() if str(rule).startswith("/api/v1/")}
    documented = {p.replace("{", "<").replace("}", ">") for p in spec["paths"]}
    undocumented = {r for r in routes if r not in documented and not r.endswith((".csv", ".json"))}
    assert undocumented == set()
    html = client.get("/api/docs").get_data(as_text=True)
    assert "POST /api/v1/checks" in html and "POST /api/v1/counter-sessions" in html
    for credential in ("secretKey", "counterSession"):
        assert credential in spec["components"]["securitySchemes"]


def test_public_profile_and_list_api(counter):
    client, _ = counter
    profile = client.get(f"/api/v1/subjects/{CHUTIAN}").get_json()
    assert "被列入严重失信主体名单" in profile["status_line"]
    assert client.get("/api/v1/subjects/91420100MA4K99999X").status_code == 404
    lists = {item["code"]: item["in_force"] for item in client.get("/api/v1/lists").get_json()["lists"]}
    assert lists["serious_illegal"] == 1
    entries = client.get("/api/v1/lists/serious_illegal").get_json()
    assert entries["entries"][0]["uscc"] == CHUTIAN
    assert client.get("/api/v1/lists/nope").status_code == 404
    assert client.get("/api/v1/lists/serious_illegal", query_string={"page": "x"}).status_code == 400


def test_widget_frame_is_bound_to_the_sessions_origin_and_sets_no_cookies(counter):
    client, token = counter
    shell = client.get("/widget/v1/frame")  # no key, no token, no data: anyone may frame it
    assert shell.status_code == 200 and "frame-ancestors *" in shell.headers["Content-Security-Policy"]
    assert 'id="connect"' in shell.get_data(as_text=True)
    frame = client.post(
        "/widget/v1/frame", data={"key": client.keys.publishable, "token": token, "approval": "bidding"}
    )
    assert frame.status_code == 200 and "Set-Cookie" not in frame.headers
    assert "frame-ancestors http://counter.example" in frame.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in frame.headers
    html = frame.get_data(as_text=True)
    assert '<option value="bidding" selected>' in html and "窗口3-张" in html
    assert 'name="host"' not in html and client.keys.publishable not in html
    posted = client.post(
        "/widget/v1/check", data={"token": token, "query": CHUTIAN, "approval_type": "gov_procurement"}
    )
    assert posted.status_code == 200 and "Set-Cookie" not in posted.headers
    assert "失信惩戒：限制办理" in posted.get_data(as_text=True)
    empty = client.post(
        "/widget/v1/check", data={"token": token, "query": "", "approval_type": "gov_procurement"}
    )
    assert empty.status_code == 400 and "请输入名称" in empty.get_data(as_text=True)
    stranger = client.post(
        "/widget/v1/check",
        data={"token": token, "query": CHUTIAN, "approval_type": "gov_procurement"},
        headers={"Origin": "http://evil.example"},
    )
    assert stranger.status_code == 403 and "不允许从此网站调用" in stranger.get_data(as_text=True)
    assert client.get("/widget/v1/log").status_code == 404  # the log is not in the widget
    embed = client.get("/widget/v1/embed.js")
    assert len(embed.get_data()) < 10_000 and embed.headers["Content-Type"].startswith("text/javascript")
    embed.close()


def test_a_failed_check_logs_no_id_number(counter, engine, caplog):
    client, key = counter
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE penalties RENAME TO penalties_gone"))
    response = check(client, key, "", "admin_licence", id_number=PERSON_ID)
    assert response.get_json()["state"] == "ERROR"
    assert "check failed" in caplog.text and PERSON_ID not in caplog.text


@pytest.mark.parametrize("damage", ["deleted", "toc", "truncated", "garbled"])
@pytest.mark.filterwarnings("ignore::ResourceWarning")  # Whoosh leaves a damaged TOC's file open
def test_a_missing_or_damaged_index_makes_every_check_error(counter, settings, monkeypatch, damage):
    client, key = counter
    monkeypatch.setattr("xinyong.search_index.searchers.CHECK_EVERY", 0)  # notice at once
    assert check(client, key, CHUTIAN).status_code == 201  # searchers open on the sound index
    suffixes = {"toc": (".toc",), "truncated": (".trm", ".pst", ".col"), "garbled": (".trm", ".pst")}
    files = [p for p in settings.index_dir.rglob("*") if p.name.endswith(suffixes.get(damage, ()))]
    if damage == "deleted":
        shutil.rmtree(settings.index_dir)
    for path in files if damage != "deleted" else []:
        size = path.stat().st_size
        with path.open("r+b") as f:
            if damage in ("truncated", "toc"):
                f.truncate(size // 3)
            else:
                f.write(bytes(range(256)) * (size // 256) + b"\xff" * (size % 256))
    # An open searcher never reads its table of contents again (its segments are intact, so its
    # answers are right): a damaged one must stop the next worker that opens the index.
    with extra_app(settings) if damage == "toc" else nullcontext(client.application) as app:
        for query, extra in (
            (CHUTIAN, {}),
            ("武汉金桥餐饮管理有限公司", {}),
            ("武汉金桥餐饮", {}),
            ("完全不存在的公司", {}),
            ("", {"id_number": PERSON_ID}),
        ):
            response = check(app.test_client(), key, query, "admin_licence", **extra)
            assert response.status_code == 503, (query, response.get_json())
            assert response.get_json()["state"] == "ERROR"


def test_one_near_candidate_is_not_called_several(counter):
    client, key = counter
    body = check(client, key, "武汉楚天建筑工程公司").get_json()  # 有限 left out
    assert body["state"] == "AMBIGUOUS" and len(body["candidates"]) == 1
    assert "有多个" not in body["explanation"] and "只找到一个名称相近的主体" in body["explanation"]
    assert "id_masked" not in json.dumps(body)
    html = client.post(
        "/widget/v1/check",
        data={"token": key, "query": "武汉楚天建筑工程公司", "approval_type": "gov_procurement"},
    ).get_data(as_text=True)
    assert "相近的主体（请确认后按统一社会信用代码核查）" in html and "可能的主体（请选择" not in html
