"""A verified credit report lists which of its records are no longer published since issued."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.support.files import FIXTURES
from xinyong.records.clock import today_local
from xinyong.records.models import Penalty
from xinyong.records.publication.refresh import set_state

HENGTONG = "91420102MA4K00010N"


def test_the_verification_page_names_a_record_repaired_since(client, runner, session_factory):
    for name in ("penalties-current.csv", "list-entries.json"):
        assert runner.invoke(args=["import", str(FIXTURES / name)]).exit_code == 0
    response = client.post(f"/credit/{HENGTONG}/report")
    number = re.search(r"XYBG-[0-9A-Z-]+", response.headers["Location"]).group(0)
    before = client.get(f"/verify/{number}").get_data(as_text=True)
    assert "报告所载信息目前均仍在公示" in before and "已不再公示" not in before
    with session_factory() as s:  # the penalty in the report is repaired
        penalty = s.scalar(select(Penalty).where(Penalty.uscc == HENGTONG))
        penalty.repaired_on = today_local()
        set_state(s, penalty, today_local(), "repaired")
        s.commit()
    after = client.get(f"/verify/{number}").get_data(as_text=True)
    assert "该报告真实有效" in after and "自报告生成以来，以下 1 条信息已不再公示" in after
    assert "已修复" in after and penalty.decision_date.isoformat() in after
