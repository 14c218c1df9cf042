"""List periods: an entry without a removal date leaves its list when the list type's period
ends (安全生产失信: one year) — on list pages, profiles, feeds and counter checks alike."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from xinyong.records.clock import today_local
from xinyong.records.models import ListEntry, ListType
from xinyong.records.publication.list_periods import expiry

OLD, NEW = "91420103MA4K0090X1", "91420103MA4K009181"  # listed 400 and 100 days ago


@pytest.fixture
def listed(client, runner, tmp_path):
    today = today_local()
    entries = [
        {
            "主体名称": name,
            "统一社会信用代码": code,
            "名单类型": "安全生产失信",
            "列入日期": (today - timedelta(days=days)).isoformat(),
            "列入原因": "发生较大生产安全事故",
            "认定机关": "武汉市应急管理局",
            "认定依据文号": f"武应急失信〔2025〕{days}号",
        }
        for name, code, days in (("武汉安泰化工有限公司", OLD, 400), ("武汉安和化工有限公司", NEW, 100))
    ]
    path = tmp_path / "lists.json"
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 0 and "拒收 0" in result.output, result.output
    assert runner.invoke(args=["index", "rebuild"]).exit_code == 0  # a check without one is ERROR
    created = runner.invoke(
        args=["widget-key", "create", "--center", "江岸区政务服务中心", "--origin", "http://counter.example"]
    )
    assert created.exit_code == 0, created.output
    return client, created.output.splitlines()[1].strip()


def check(client, key, query):
    response = client.post(
        "/api/v1/checks",
        json={"query": query, "approval_type": "honours", "operator": "窗口1"},
        headers={"Authorization": f"Bearer {key}"},
    )  # the centre's secret key
    assert response.status_code == 201, response.get_json()
    return response.get_json()["state"]


def test_an_expired_work_safety_entry_is_off_every_surface(listed, session_factory):
    client, key = listed
    today = today_local()
    with session_factory() as s:
        ends = {e.uscc: e.expires_on for e in s.scalars(select(ListEntry))}
    assert ends[OLD] == expiry(today - timedelta(days=400), 12) <= today
    assert ends[NEW] == expiry(today - timedelta(days=100), 12) > today
    # the counter check: the current entry still cautions, the expired one no longer does
    assert check(client, key, NEW) == "CAUTION"
    assert check(client, key, OLD) == "NO_RECORD"
    page = client.get("/lists/work_safety").get_data(as_text=True)
    assert "移出日期" in page and "武汉安和化工有限公司" in page and "武汉安泰化工有限公司" not in page
    assert f"期满移出 {ends[NEW].isoformat()}" in page and "期限为 12 个月" in page
    assert "武应急失信〔2025〕400号" not in client.get(f"/credit/{OLD}").get_data(as_text=True)
    profile = client.get(f"/credit/{NEW}").get_data(as_text=True)
    assert "武应急失信〔2025〕100号" in profile and f"期满移出 {ends[NEW].isoformat()}" in profile
    assert "武应急失信〔2025〕400号" not in client.get(f"/feeds/subject/{OLD}.atom").get_data(as_text=True)
    assert "武应急失信〔2025〕100号" in client.get(f"/feeds/subject/{NEW}.atom").get_data(as_text=True)


def test_an_edited_list_period_applies_to_entries_already_listed(listed, runner, session_factory):
    client, key = listed
    with session_factory() as s:  # the city extends 安全生产失信 to two years
        s.execute(update(ListType).where(ListType.code == "work_safety").values(default_period_months=24))
        s.commit()
    result = runner.invoke(args=["publish", "refresh", "--rederive"])
    assert result.exit_code == 0 and "名单期满日期 2 条" in result.output, result.output
    assert check(client, key, OLD) == "CAUTION"
