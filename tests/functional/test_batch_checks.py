"""Batch checks (批量核查): one verdict per line, the same as a single check; files; receipts;
the check log; failing closed. On both databases."""

from __future__ import annotations

import io
import shutil

import pytest
from openpyxl import load_workbook

from tests.security.batch_support import (
    CHUTIAN,
    HENGTONG,
    JINQIAO,
    PERSON_ID,
    post_batch,
    prepare,
    upload,
    xlsx_list,
)
from tests.security.counter_support import bearer

SAMPLES = [  # (name, code, approval) as test_checks.test_each_state
    ("", CHUTIAN, "gov_procurement"),
    ("", CHUTIAN, "honours"),
    ("", HENGTONG, "admin_licence"),
    (JINQIAO, "", "gov_procurement"),
    ("江汉区老王热干面馆", "", "gov_procurement"),
    ("武汉华信环保科技有限公司", "", "gov_procurement"),
    ("完全不存在的公司", "", "gov_procurement"),
    ("李四", PERSON_ID, "admin_licence"),
]


@pytest.fixture
def counter(client, runner, tmp_path):
    return prepare(client, runner, tmp_path)


def test_every_line_answers_as_the_single_check_would(counter):
    client, token = counter
    for name, code, approval in SAMPLES:
        single = client.post(
            "/api/v1/checks",
            json={"query": f"{name} {code}".strip(), "approval_type": approval},
            headers=bearer(token),
        ).get_json()
        batch = post_batch(client, token, [{"name": name, "uscc": code}], approval)
        assert batch.status_code == 201, batch.get_json()
        line = batch.get_json()["lines"][0]
        assert (line["state"], line["measures"], line["penalties"], line["lists"]) == (
            single["state"],
            single["measures"],
            single["penalties"],
            single["lists"],
        ), name or code
        assert len(line["candidates"]) == len(single["candidates"])
        assert PERSON_ID not in batch.get_data(as_text=True)


def test_a_list_is_checked_stored_logged_and_verifiable(counter):
    client, token = counter
    subjects = [
        {"name": "武汉楚天建筑工程有限公司", "uscc": CHUTIAN},
        {"name": JINQIAO},
        {"name": "", "uscc": ""},
        {"name": "某公司", "uscc": "91420117MA4K00037X"},
        {"name": "别的名字", "uscc": HENGTONG},
        {"name": "李四", "uscc": PERSON_ID},
    ]
    answer = post_batch(client, token, subjects, title="某项目招标")
    assert answer.status_code == 201 and answer.headers["Cache-Control"] == "no-store"
    body = answer.get_json()
    states = [line["state"] for line in body["lines"]]
    assert states == ["HIT", "NO_RECORD", "ERROR", "NOT_IDENTIFIED", "INCENTIVE", "CAUTION"]
    assert "均为空" in body["lines"][2]["message"] and "无效" in body["lines"][3]["message"]
    assert "不一致" in body["lines"][4]["message"]  # the code decides; the list is told
    assert body["batch"]["number"].startswith("XYPL-") and body["batch"]["counts"]["HIT"] == 1
    assert all(line["receipt"]["number"].startswith("XYHC-") for line in body["lines"])
    log = client.get("/api/v1/checks", headers=bearer(client.keys.secret)).get_json()
    assert log["total"] == 6 and {c["operator_ref"] for c in log["checks"]} == {"窗口3-张"}
    number, code = body["batch"]["number"], body["batch"]["code"]
    public = client.get(f"/api/v1/batch-receipts/{number}", query_string={"code": code})
    assert public.status_code == 200
    view = public.get_json()
    assert [line["state"] for line in view["lines"]] == states and view["title"] == "某项目招标"
    assert view["lines"][0]["code"] == CHUTIAN and "窗口3" not in public.get_data(as_text=True)
    assert PERSON_ID not in public.get_data(as_text=True) and view["lines"][5]["name"] == "李四"
    assert (
        client.get(f"/api/v1/batch-receipts/{number}", query_string={"code": "AAAAAAAA"}).status_code == 404
    )
    page = client.get(f"/receipts/batch/{number}", query_string={"code": code})
    assert page.status_code == 200 and "回执真实有效" in page.get_data(as_text=True)
    form = client.get("/receipts/verify", query_string={"number": number, "code": code})
    assert form.status_code == 302 and f"/receipts/batch/{number}" in form.headers["Location"]
    own = client.get(f"/api/v1/batches/{number}", headers=bearer(client.keys.secret))
    assert own.status_code == 200 and own.get_json()["lines"][0]["measures"]
    sheet = client.get(f"/api/v1/batches/{number}.xlsx", headers=bearer(token))
    rows = list(load_workbook(io.BytesIO(sheet.data)).active.iter_rows(values_only=True))
    assert rows[1][0] == "序号" and rows[2][5] == "失信惩戒：限制办理" and len(rows) == 8
    assert PERSON_ID not in str(rows)


def test_uploaded_files_csv_gbk_bom_and_xlsx(counter):
    client, token = counter
    text = f"名称 , 统一社会信用代码 \r\n 武汉楚天建筑工程有限公司 ,{CHUTIAN} \r\n{JINQIAO},\r\n\r\n"
    for data in (text.encode("gb18030"), text.encode("utf-8-sig")):
        answer = upload(client, token, "bidders.csv", data)
        assert answer.status_code == 201, answer.get_json()
        assert [line["state"] for line in answer.get_json()["lines"]] == ["HIT", "NO_RECORD"]
    answer = upload(
        client, token, "bidders.xlsx", xlsx_list([("武汉楚天建筑工程有限公司", CHUTIAN), (JINQIAO, "")])
    )
    assert answer.status_code == 201 and answer.get_json()["batch"]["rows"] == 2
    headless = upload(client, token, "x.csv", f"某公司,{CHUTIAN}\n".encode())
    assert headless.status_code == 400 and headless.get_json()["error"]["code"] == "no_heading_row"


def test_over_a_thousand_is_refused_with_nothing_written(counter):
    client, token = counter
    too_many = post_batch(client, token, [{"uscc": CHUTIAN}] * 1001)
    assert too_many.status_code == 413 and too_many.get_json()["error"]["code"] == "batch_too_large"
    rows = "名称,统一社会信用代码\n" + "".join(f"公司{i},\n" for i in range(1001))
    assert upload(client, token, "l.csv", rows.encode()).get_json()["error"]["code"] == "batch_too_large"
    log = client.get("/api/v1/checks", headers=bearer(client.keys.secret)).get_json()
    assert log["total"] == 0


def test_a_missing_index_makes_every_line_error(counter, settings):
    client, token = counter
    shutil.rmtree(settings.index_dir)
    client.application.extensions["xinyong.search"].close()
    answer = post_batch(client, token, [{"uscc": CHUTIAN}, {"name": JINQIAO}])
    assert answer.status_code == 503
    assert {line["state"] for line in answer.get_json()["lines"]} == {"ERROR"}
    assert answer.get_json()["batch"] is None
    assert client.get("/api/v1/checks", headers=bearer(client.keys.secret)).get_json()["total"] == 0
