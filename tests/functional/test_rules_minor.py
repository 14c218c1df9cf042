"""轻微 penalties are not published unless a department opts a category in (at most 3 months);
消防 closures and revocations cannot be repaired early."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.support.admin import csrf_token
from tests.support.files import rewrite_csv
from xinyong.records.clock import today_local
from xinyong.records.models import Department, MinorPublicationOptIn, Penalty
from xinyong.records.publication.rules import add_months


@pytest.fixture
def imported(admin_client, cli, tmp_path):
    today = today_local()
    path = rewrite_csv(
        "penalties-current.csv",
        tmp_path / "p.csv",
        {
            "武汉金桥餐饮管理有限公司": {
                "处罚类别": "警告",
                "罚款金额（万元）": "",
                "没收违法所得、没收非法财物的金额（万元）": "",
                "处罚决定日期": (today - timedelta(days=20)).isoformat(),
            },
            "武汉恒通商贸有限公司": {
                "处罚类别": "吊销许可证件",
                "违法行为类型": "消防安全违法行为",
                "暂扣或吊销证照名称及编号": "公众聚集场所投入使用营业前消防安全检查合格证 001",
                "处罚决定日期": (today - timedelta(days=5)).isoformat(),
            },
        },
    )
    output = cli("import", path)
    assert "拒收 0" in output, output
    return admin_client


def penalty(session_factory, name: str) -> Penalty:
    with session_factory() as s:
        return s.scalar(select(Penalty).where(Penalty.subject_name == name))


def test_a_minor_penalty_is_not_published_until_its_department_opts_in(imported, runner, session_factory):
    jinqiao = penalty(session_factory, "武汉金桥餐饮管理有限公司")
    assert (jinqiao.severity, jinqiao.publication_state) == ("轻微", "不公示")
    assert jinqiao.decision_no not in imported.get("/disclosure/penalties").get_data(as_text=True)
    assert imported.get(f"/record/penalty/{jinqiao.id}").status_code in (404, 410)
    with session_factory() as s:
        dept_id = s.scalar(select(Department.id).where(Department.name == "武汉市市场监督管理局"))
    page = "/admin/tables/minor_opt_ins/new"
    form = {
        "csrf_token": csrf_token(imported, page),
        "department_id": str(dept_id),
        "categories": "警告",
        "effective_from": "2026-01-01",
    }
    too_long = imported.post(page, data={**form, "months": "6"})  # more than 3 months: refused
    assert too_long.status_code == 400 and "不能超过 3" in too_long.get_data(as_text=True)
    with session_factory() as s:
        assert s.scalar(select(MinorPublicationOptIn.id)) is None
    assert imported.post(page, data={**form, "months": "3"}).status_code == 302
    result = runner.invoke(args=["publish", "refresh", "--rederive"])
    assert "不公示→公示中" in result.output, result.output
    jinqiao = penalty(session_factory, "武汉金桥餐饮管理有限公司")
    assert jinqiao.publication_state == "公示中"
    assert jinqiao.publication_end == add_months(jinqiao.decision_date, 3) - timedelta(days=1)
    assert imported.get(f"/record/penalty/{jinqiao.id}").status_code == 200


def test_fire_safety_revocations_cannot_be_repaired_early(imported, session_factory):
    hengtong = penalty(session_factory, "武汉恒通商贸有限公司")
    assert (hengtong.domain_code, hengtong.severity) == ("fire_safety", "严重")
    assert hengtong.early_repair is False and hengtong.repair_from is None
