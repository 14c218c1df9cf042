"""Publication rules: severity and periods from the rule tables, states, the daily refresh."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from tests.support.files import rewrite_csv
from tests.support.minor_publication import opt_in_minor
from tests.support.surfaces import surfaces_showing
from xinyong.records.clock import today_local
from xinyong.records.models import Penalty, PublicationChange, PublicationPeriod

HENGTONG, JINQIAO, CHUTIAN = "91420102MA4K00010N", "91420106MA4K00029D", "91420117MA4K000376"


@pytest.fixture
def imported(client, cli, tmp_path, session_factory):
    today = today_local()
    opt_in_minor(session_factory)  # 令第36号: 轻微 is published only where a department opts in
    path = rewrite_csv(
        "penalties-current.csv",
        tmp_path / "p.csv",
        {
            # food safety, licence revoked: 严重, and no early repair (the 2019 rule's exception)
            "武汉恒通商贸有限公司": {
                "处罚类别": "吊销许可证件",
                "处罚决定日期": "2026-11-12",
                "暂扣或吊销证照名称及编号": "食品经营许可证 JY14201020000001",
            },
            # a warning only, 20 days ago: 轻微, published for three months (the department opted in)
            "武汉金桥餐饮管理有限公司": {
                "处罚类别": "警告",
                "罚款金额（万元）": "",
                "处罚决定日期": (today - timedelta(days=20)).isoformat(),
            },
            # a fine of 150 万元 in 2024 (the 2023 rule): 严重, one to three years
            "武汉楚天建筑工程有限公司": {"罚款金额（万元）": "150", "处罚决定日期": "2024-06-01"},
            # 一般 under the 2023 rule, 13 months ago: its year is over
            "李四": {"处罚决定日期": (today - timedelta(days=400)).isoformat()},
        },
    )
    output = cli("import", path)
    assert "拒收 0" in output, output
    cli("index", "rebuild")
    return client


def penalties(session_factory) -> dict[str, Penalty]:
    with session_factory() as s:
        return {p.subject_name: p for p in s.scalars(select(Penalty))}


def test_severity_periods_and_states_follow_the_rule_tables(imported, session_factory):
    today = today_local()
    p = penalties(session_factory)
    hengtong = p["武汉恒通商贸有限公司"]
    assert (hengtong.severity, hengtong.rule_version, hengtong.early_repair) == ("严重", "2025", False)
    assert hengtong.publication_end == date(2029, 11, 11) and hengtong.repair_from is None
    jinqiao = p["武汉金桥餐饮管理有限公司"]
    decided = today - timedelta(days=20)
    assert (jinqiao.severity, jinqiao.repair_from) == ("轻微", decided)
    assert jinqiao.publication_end > today and jinqiao.publication_state == "公示中"
    chutian = p["武汉楚天建筑工程有限公司"]
    assert (chutian.severity, chutian.rule_version) == ("严重", "2023")
    assert (chutian.repair_from, chutian.publication_end) == (date(2025, 6, 1), date(2027, 5, 31))
    lisi = p["李四"]
    assert (lisi.severity, lisi.publication_state) == ("一般", "已到期")
    assert p["武汉华信环保科技有限公司"].severity == "一般"  # 警告 and a fine


def test_record_page_explains_the_rules_applied(imported, session_factory):
    hengtong = penalties(session_factory)["武汉恒通商贸有限公司"]
    html = imported.get(f"/record/penalty/{hengtong.id}").get_data(as_text=True)
    for text in (
        "公示与信用修复",
        "公示中",
        "严重",
        "2026-11-12 至 2029-11-11",
        "不可提前修复",
        "2025 年规则",
    ):
        assert text in html, text
    assert "失信程度" in imported.get(f"/credit/{HENGTONG}").get_data(as_text=True)


def test_daily_refresh_moves_an_ended_record_off_every_surface(
    imported, runner, session_factory, monkeypatch
):
    monkeypatch.setattr("xinyong.search_index.searchers.CHECK_EVERY", 0)  # see index updates now
    created = runner.invoke(
        args=["widget-key", "create", "--center", "江岸区政务服务中心", "--origin", "http://counter.example"]
    )
    key = created.output.splitlines()[1].strip()
    jinqiao = penalties(session_factory)["武汉金桥餐饮管理有限公司"]
    record = ("penalty", jinqiao.id)
    shown = surfaces_showing(
        imported, runner, jinqiao.decision_no, uscc=JINQIAO, name=jinqiao.subject_name, record=record, key=key
    )
    assert len(shown) == 13, "|".join(shown)
    # Its last day was yesterday (as if three months had passed): the department said so by
    # correcting 公示截止期, which is applied at once, and the refresh logs the move.
    yesterday = today_local() - timedelta(days=1)
    with session_factory() as s:
        s.execute(update(Penalty).where(Penalty.id == jinqiao.id).values(publication_end=yesterday))
        s.commit()
    result = runner.invoke(args=["publish", "refresh"])
    assert result.exit_code == 0 and "公示中→已到期 1 条" in result.output, result.output
    assert runner.invoke(args=["publish", "refresh"]).output.endswith("公示状态无变化\n")
    with session_factory() as s:
        change = s.scalar(select(PublicationChange).where(PublicationChange.record_id == jinqiao.id))
        assert (change.from_state, change.to_state, change.reason) == ("公示中", "已到期", "daily refresh")
    assert (
        surfaces_showing(
            imported,
            runner,
            jinqiao.decision_no,
            uscc=JINQIAO,
            name=jinqiao.subject_name,
            record=record,
            key=key,
        )
        == []
    )


def test_edited_rule_tables_apply_to_records_already_decided(imported, runner, session_factory):
    with session_factory() as s:  # the city extends 一般 under the 2023 rule to two years
        s.execute(
            update(PublicationPeriod)
            .where(PublicationPeriod.rule_version == "2023", PublicationPeriod.severity == "一般")
            .values(max_months=24)
        )
        s.commit()
    result = runner.invoke(args=["publish", "refresh", "--rederive"])
    assert "已到期→公示中 1 条" in result.output, result.output
    assert penalties(session_factory)["李四"].publication_state == "公示中"


def test_db_upgrade_derives_penalties_that_never_were(imported, runner, session_factory):
    with session_factory() as s:
        s.execute(update(Penalty).values(publication_state=None, publication_start=None, severity=None))
        s.commit()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    p = penalties(session_factory)
    assert p["武汉恒通商贸有限公司"].publication_state == "公示中"
    assert p["李四"].publication_state == "已到期" and p["李四"].severity == "一般"
