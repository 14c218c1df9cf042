"""Attacks on department scope: a department operator writing another department's records.

Replays issue 11 §3: a row with another department's 文号 + 机关 updated that record and moved
it into the uploader's department; a new penalty could be published under another
department's name. Each test fails if the attack works again.
"""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from tests.security.scope_files import HBJ, PASSWORD, SCJ, create_operators, penalty_csv
from tests.support.admin import csrf_token, sign_in
from xinyong.records.models import AuditEntry, Department, Penalty

DECISION = "武市监处罚〔2026〕101号"  # SCJ's penalty in the fixture file


@pytest.fixture
def portal(client, runner, session_factory, do_import):
    create_operators(runner, session_factory)
    do_import("penalties-current.csv")  # trusted: SCJ's penalties
    return client


def upload(client, data: bytes, username: str = "hbj"):
    sign_in(client, username, PASSWORD)
    response = client.post(
        "/admin/batches/upload",
        content_type="multipart/form-data",
        data={
            "csrf_token": csrf_token(client, "/admin/batches/upload"),
            "record_type": "",
            "file": (io.BytesIO(data), "file.csv"),
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    batch = response.headers["Location"]
    report = client.get(batch.rstrip("/") + "/errors.csv").get_data().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(report)))


def scj_penalty(session_factory) -> tuple[str, str, int]:
    with session_factory() as s:
        p = s.scalar(select(Penalty).where(Penalty.decision_no == DECISION))
        return p.facts, p.department_id, p.revision


def dept_id(session_factory, name: str) -> int:
    with session_factory() as s:
        return s.scalar(select(Department.id).where(Department.name == name))


@pytest.mark.parametrize("source", [HBJ, SCJ], ids=["own-source", "their-source"])
def test_another_departments_decision_cannot_be_rewritten_or_moved(portal, session_factory, source):
    before = scj_penalty(session_factory)
    rows = upload(portal, penalty_csv({"违法事实": "篡改后的违法事实", "数据来源单位": source}))
    assert len(rows) == 1 and "不属于本部门（武汉市生态环境局）的报送范围" in rows[0]["错误原因"]
    assert scj_penalty(session_factory) == before
    assert before[1] == dept_id(session_factory, SCJ)


@pytest.mark.parametrize("source", [HBJ, SCJ], ids=["own-source", "their-source"])
def test_no_new_penalty_under_another_departments_name(portal, session_factory, source):
    rows = upload(
        portal, penalty_csv({"行政处罚决定书文号": "武市监处罚〔2026〕999号", "数据来源单位": source})
    )
    assert len(rows) == 1 and "报送范围" in rows[0]["错误原因"]
    with session_factory() as s:
        assert s.scalar(select(Penalty.id).where(Penalty.decision_no.like("%999号"))) is None


def test_a_delegation_lets_a_department_deliver_but_never_move_a_record(portal, session_factory):
    sign_in(portal, "hbj", PASSWORD)
    assert portal.get("/admin/delegations/").status_code == 403  # only the platform grants
    sign_in(portal, "admin", PASSWORD)
    granted = portal.post(
        "/admin/delegations/",
        data={
            "csrf_token": csrf_token(portal, "/admin/delegations/"),
            "department": dept_id(session_factory, HBJ),
            "for_department": dept_id(session_factory, SCJ),
        },
    )
    assert granted.status_code == 302
    assert SCJ in portal.get("/admin/delegations/").get_data(as_text=True)
    before = scj_penalty(session_factory)
    rows = upload(
        portal,
        penalty_csv(
            {"行政处罚决定书文号": "武市监处罚〔2026〕998号", "数据来源单位": HBJ},  # new: delegated
            {"违法事实": "篡改后的违法事实", "数据来源单位": HBJ},
        ),
    )  # SCJ's own record: stays SCJ's
    assert len(rows) == 1 and "不能改由“武汉市生态环境局”报送" in rows[0]["错误原因"]
    assert rows[0]["行政处罚决定书文号"] == DECISION
    assert scj_penalty(session_factory) == before
    with session_factory() as s:
        new = s.scalar(select(Penalty).where(Penalty.decision_no.like("%998号")))
        audit = [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert new.department_id == dept_id(session_factory, HBJ) and new.authority == SCJ
    assert "delegation_grant" in audit


def test_the_trusted_import_cannot_move_a_record_either(portal, session_factory, tmp_path, runner):
    path = tmp_path / "moved.csv"
    path.write_bytes(penalty_csv({"违法事实": "改由他部门报送", "数据来源单位": HBJ}))
    before = scj_penalty(session_factory)
    result = runner.invoke(args=["import", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert '"rejected": 1' in result.output
    assert scj_penalty(session_factory) == before
