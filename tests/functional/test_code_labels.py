"""Chinese words for stored codes wherever a person reads them (the audit log, /about/data,
the check log's CSV); the codes themselves stay in machine columns."""

from __future__ import annotations

import csv
import io

from tests.security.counter_support import check, create_keys, session_token
from tests.support.admin import sign_in
from tests.support.files import FIXTURES
from xinyong.records.reference.labels import AUDIT_ACTIONS, label, target_label

PASSWORD = "correct-horse-42-battery"


def test_pages_show_words_not_codes(client, runner):
    assert runner.invoke(args=["import", str(FIXTURES / "penalties-current.csv")]).exit_code == 0
    about = client.get("/about/data").get_data(as_text=True)
    assert "<td>行政处罚</td>" in about and "<td>penalty</td>" not in about and "已完成" in about
    assert runner.invoke(args=["index", "rebuild"]).exit_code == 0
    keys = create_keys(runner)
    assert check(client, session_token(client, keys.secret), "完全不存在的公司").status_code == 201
    created = runner.invoke(
        args=[
            "operator",
            "create",
            "--username",
            "admin",
            "--name",
            "admin",
            "--role",
            "platform",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
    )
    assert created.exit_code == 0, created.output
    sign_in(client, "admin", PASSWORD)
    audit = client.get("/admin/audit").get_data(as_text=True)
    assert "<td>登录</td>" in audit and "<td>创建账号</td>" in audit and "账号 " in audit
    assert "<td>login</td>" not in audit and "operator_create" not in audit
    log = client.get("/admin/centre/checks.csv", query_string={"centre": "1"}).get_data().decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(log)))[:2]
    assert row[header.index("核查结论")] == "NOT_IDENTIFIED"  # the machine column keeps the code
    assert row[header.index("核查结论说明")] == "未识别主体"


def test_unknown_codes_are_shown_as_they_are():
    assert label("audit_action", "something_new") == "something_new" and label("role", None) == "—"
    assert target_label("widget_key:xk_ab12") == "核查密钥 xk_ab12" and target_label("x:1") == "x:1"
    assert all(word and not word.isascii() for word in AUDIT_ACTIONS.values())
