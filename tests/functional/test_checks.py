"""Counter checks through the API: each state, keys and origins, receipts, failing closed."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from tests.conftest import FIXTURES
from tests.helpers import rewrite_csv

HENGTONG, CHUTIAN = "91420102MA4K00010N", "91420117MA4K000376"
PERSON_ID = "420104198503171238"


@pytest.fixture
def counter(client, runner, tmp_path):
    penalties = rewrite_csv("penalties-current.csv", tmp_path / "p.csv", {
        # periods over: 恒通 keeps only its red list, 金桥 has nothing in force
        "武汉恒通商贸有限公司": {"处罚决定日期": "2024-01-02", "处罚有效期": "2025-01-01"},
        "武汉金桥餐饮管理有限公司": {"处罚决定日期": "2024-01-02", "处罚有效期": "2025-01-01"}})
    for path in (penalties, FIXTURES / "penalties-legacy.csv", FIXTURES / "list-entries.json"):
        assert runner.invoke(args=["import", str(path)]).exit_code == 0
    created = runner.invoke(args=["widget-key", "create", "--center", "江岸区政务服务中心",
                                  "--origin", "http://counter.example"])
    assert created.exit_code == 0, created.output
    key = created.output.splitlines()[1].strip()
    return client, key


def check(client, key, query="", approval="gov_procurement", **extra):
    headers = {"X-API-Key": key} if key else {}
    headers.update(extra.pop("headers", {}))
    body = {"query": query, "approval_type": approval, **extra}
    return client.post("/api/v1/checks", json=body, headers=headers)


@pytest.mark.parametrize(("query", "approval", "state"), [
    (CHUTIAN, "gov_procurement", "HIT"),  # 严重违法失信企业 restricts procurement
    (CHUTIAN, "honours", "CAUTION"),  # listed, but no measure for this approval type
    (HENGTONG, "admin_licence", "INCENTIVE"),  # A级纳税人: 容缺受理
    ("武汉金桥餐饮管理有限公司", "gov_procurement", "NO_RECORD"),
    ("江汉区老王热干面馆", "gov_procurement", "CAUTION"),  # a penalty in force
    ("武汉华信环保科技有限公司", "gov_procurement", "AMBIGUOUS"),  # two registrations
    ("完全不存在的公司", "gov_procurement", "NOT_IDENTIFIED"),
])
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
    assert body["state"] == "CAUTION" and body["subject"]["name"] == "李四"
    assert PERSON_ID not in response.get_data(as_text=True)
    with engine.connect() as conn:
        stored = json.dumps([list(map(str, r)) for r in conn.execute(text("SELECT * FROM check_records"))])
    assert PERSON_ID not in stored and "420104" in stored
    typed = check(client, key, PERSON_ID, "admin_licence")  # typed into the name field
    assert PERSON_ID not in typed.get_data(as_text=True)
    bad = check(client, key, "", "admin_licence", id_number="420104198503171230")
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "bad_id_number"


def test_keys_and_origins(counter, runner):
    client, key = counter
    assert check(client, None, HENGTONG).get_json()["error"]["code"] == "api_key_missing"
    assert check(client, "xk_" + "A" * 32, HENGTONG).status_code == 401
    foreign = check(client, key, HENGTONG, headers={"Origin": "http://evil.example"})
    assert foreign.status_code == 403 and foreign.get_json()["error"]["code"] == "origin_refused"
    assert check(client, key, HENGTONG, headers={"Origin": "http://counter.example"}).status_code == 201
    assert runner.invoke(args=["widget-key", "revoke", key[:11]]).exit_code == 0
    revoked = check(client, key, HENGTONG)
    assert revoked.status_code == 401 and revoked.get_json()["error"]["code"] == "api_key_revoked"


def test_bad_requests_are_json_errors(counter):
    client, key = counter
    assert check(client, key, HENGTONG, "no_such_approval").get_json()["error"]["code"] == \
        "bad_approval_type"
    assert check(client, key, "").get_json()["error"]["code"] == "query_empty"
    assert check(client, key, "x" * 101).get_json()["error"]["code"] == "query_too_long"
    raw = client.post("/api/v1/checks", data="not json", headers={"X-API-Key": key})
    assert raw.status_code == 400 and raw.get_json()["error"]["code"] == "bad_request"


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
    check(client, key, CHUTIAN, operator_ref="窗口3")
    check(client, key, "武汉金桥餐饮管理有限公司")
    check(client, key, PERSON_ID)  # an ID number typed into the name field
    log = client.get("/api/v1/checks", headers={"X-API-Key": key})
    assert log.status_code == 200 and log.get_json()["total"] == 3
    assert PERSON_ID not in log.get_data(as_text=True)
    hits = client.get("/api/v1/checks", query_string={"state": "HIT"}, headers={"X-API-Key": key})
    assert [c["subject"] for c in hits.get_json()["checks"]] == ["武汉楚天建筑工程有限公司"]
    assert hits.get_json()["checks"][0]["operator_ref"] == "窗口3"
    csv_body = client.get("/api/v1/checks.csv", headers={"X-API-Key": key}).get_data().decode("utf-8-sig")
    assert csv_body.startswith("回执编号,核查时间,审批事项") and csv_body.count("XYHC-") == 3
    other = runner.invoke(args=["widget-key", "create", "--center", "新洲区政务服务中心",
                                "--origin", "http://xinzhou.example"]).output.splitlines()[1].strip()
    assert client.get("/api/v1/checks", headers={"X-API-Key": other}).get_json()["total"] == 0
    bad = client.get("/api/v1/checks", query_string={"from": "yesterday"}, headers={"X-API-Key": key})
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "bad_filter"
    assert client.get("/api/v1/checks").status_code == 401


def test_openapi_document_lists_every_api_route_and_the_docs_page_renders(counter, app):
    client, _ = counter
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    routes = {str(rule) for rule in app.url_map.iter_rules() if str(rule).startswith("/api/v1/")}
    documented = {p.replace("{", "<").replace("}", ">") for p in spec["paths"]}
    undocumented = {r for r in routes if r not in documented and not r.endswith((".csv", ".json"))}
    assert undocumented == set()
    html = client.get("/api/docs").get_data(as_text=True)
    assert "POST /api/v1/checks" in html and "X-API-Key" in html


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


def test_widget_frame_is_bound_to_the_keys_origins_and_sets_no_cookies(counter):
    client, key = counter
    frame = client.get("/widget/v1/frame", query_string={"key": key, "host": "http://counter.example",
                                                         "approval": "bidding"})
    assert frame.status_code == 200 and "Set-Cookie" not in frame.headers
    assert "frame-ancestors http://counter.example" in frame.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in frame.headers
    assert '<option value="bidding" selected>' in frame.get_data(as_text=True)
    posted = client.post("/widget/v1/check", data={"key": key, "host": "http://counter.example",
                                                   "query": CHUTIAN, "approval_type": "gov_procurement"})
    assert posted.status_code == 200 and "Set-Cookie" not in posted.headers
    assert "失信惩戒：限制办理" in posted.get_data(as_text=True)
    empty = client.post("/widget/v1/check", data={"key": key, "host": "http://counter.example",
                                                  "query": "", "approval_type": "gov_procurement"})
    assert empty.status_code == 400 and "请输入名称" in empty.get_data(as_text=True)
    stranger = client.get("/widget/v1/frame", query_string={"key": key, "host": "http://evil.example"})
    assert stranger.status_code == 403 and "不允许从此网站调用" in stranger.get_data(as_text=True)
    log = client.get("/widget/v1/log", query_string={"key": key, "host": "http://counter.example"})
    assert log.status_code == 200 and "失信惩戒" not in log.get_data(as_text=True)
    assert "HIT" in log.get_data(as_text=True)
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
