"""The eight memoranda with their document numbers and measures, seeded without overwriting
an administrator's edits; 失信被执行人 restricts at the counter."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import delete, select, update

from xinyong.records.clock import today_local
from xinyong.records.models import JointMeasure
from xinyong.records.reference.memoranda import EIGHT, ensure_memoranda


def test_the_eight_memoranda_carry_their_numbers(session_factory):
    with session_factory() as s:
        numbers = set(s.scalars(select(JointMeasure.document_no)))
        lists = {m.list_type_code: m.document_no for m in s.scalars(select(JointMeasure))}
    assert {doc for _, doc in EIGHT} <= numbers
    assert lists["dishonest_debtor"] == "发改财金〔2016〕141号"
    assert lists["work_safety"] == "发改财金〔2016〕1001号"


def test_seeding_again_keeps_an_administrators_edits(session_factory):
    with session_factory() as s:
        s.execute(
            update(JointMeasure)
            .where(
                JointMeasure.list_type_code == "dishonest_debtor",
                JointMeasure.approval_type_code == "honours",
            )
            .values(measure="本市：限制评优评先")
        )
        s.execute(
            delete(JointMeasure).where(
                JointMeasure.list_type_code == "dishonest_debtor",
                JointMeasure.approval_type_code == "land_supply",
            )
        )
        s.execute(
            update(JointMeasure)
            .where(JointMeasure.list_type_code == "environment")
            .values(document_no="环发〔2016〕1号")
        )
        s.commit()
        assert ensure_memoranda(s) == 0
        s.commit()
        rows = {(m.list_type_code, m.approval_type_code): m for m in s.scalars(select(JointMeasure))}
    assert rows[("dishonest_debtor", "honours")].measure == "本市：限制评优评先"
    assert ("dishonest_debtor", "land_supply") not in rows
    assert rows[("environment", "gov_procurement")].document_no == "环发〔2016〕1号"


def test_a_dishonest_debtor_is_restricted_at_the_procurement_counter(client, runner, tmp_path):
    entry = [
        {
            "主体名称": "武汉安泰化工有限公司",
            "统一社会信用代码": "91420103MA4K0090X1",
            "名单类型": "失信被执行人",
            "列入日期": (today_local() - timedelta(days=30)).isoformat(),
            "列入原因": "有履行能力而拒不履行生效法律文书确定的义务",
            "认定机关": "武汉市中级人民法院",
            "认定依据文号": "（2026）鄂01执123号",
        }
    ]
    path = tmp_path / "debtor.json"
    path.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
    assert runner.invoke(args=["import", str(path)]).exit_code == 0
    assert runner.invoke(args=["index", "rebuild"]).exit_code == 0  # a check without one is ERROR
    created = runner.invoke(
        args=["widget-key", "create", "--center", "江岸区政务服务中心", "--origin", "http://counter.example"]
    )
    key = created.output.splitlines()[1].strip()
    body = client.post(
        "/api/v1/checks",
        json={"query": "91420103MA4K0090X1", "approval_type": "gov_procurement", "operator": "窗口1"},
        headers={"Authorization": f"Bearer {key}"},
    ).get_json()  # the secret key
    assert body["state"] == "HIT" and body["measures"][0]["measure"] == "限制参与政府采购活动"
