"""Working-day deadlines in years without an official holiday notice are marked 预计."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select, update

from tests.support.admin import csrf_token
from tests.support.files import rewrite_csv
from xinyong.records.models import Penalty, ProcedureCase
from xinyong.records.workdays import LAST_OFFICIAL_YEAR, deadline_text


def test_deadline_text_marks_years_without_a_notice():
    assert deadline_text(date(LAST_OFFICIAL_YEAR, 12, 30)) == f"{LAST_OFFICIAL_YEAR}-12-30"
    assert deadline_text(date(LAST_OFFICIAL_YEAR + 1, 1, 6)) == f"{LAST_OFFICIAL_YEAR + 1}-01-06（预计）"
    assert deadline_text(None) == "—"


def test_an_objection_deadline_in_2027_reads_estimated_on_the_tracking_page(
    client, runner, tmp_path, session_factory
):
    path = rewrite_csv("penalties-current.csv", tmp_path / "p.csv", {})
    assert runner.invoke(args=["import", str(path)]).exit_code == 0
    with session_factory() as s:
        chutian = s.scalar(select(Penalty).where(Penalty.subject_name == "武汉楚天建筑工程有限公司"))
    data = {
        "csrf_token": csrf_token(client, "/track"),
        "contact_name": "王经理",
        "contact_phone": "027-88886666",
        "statement": "该处罚信息的金额有误，附上原始决定书。",
        "grounds": "信息错误",
    }
    submitted = client.post(
        f"/record/penalty/{chutian.id}/objection", data=data, content_type="multipart/form-data"
    )
    html = submitted.get_data(as_text=True)
    code = re.search(r'id="tracking-code">([^<]+)<', html).group(1)
    with session_factory() as s:
        s.execute(update(ProcedureCase).values(accept_by=date(2027, 1, 6)))
        s.commit()
    page = client.post("/track", data={"csrf_token": csrf_token(client, "/track"), "code": code}).get_data(
        as_text=True
    )
    assert "2027-01-06（预计）" in page
