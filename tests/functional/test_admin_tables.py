"""The city credit office edits rules, calendars and measures; operators manage list entries."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.support.admin import PASSWORD, create_operator, csrf_token, sign_in
from tests.support.files import rewrite_csv
from xinyong.records.clock import today_local
from xinyong.records.models import (
    AuditEntry,
    CalendarOverride,
    Commitment,
    ListEntry,
    Penalty,
    RecordRevision,
)

CHUTIAN, HENGTONG = "91420117MA4K000376", "91420102MA4K00010N"


@pytest.fixture
def office(admin_client, runner, cli, import_files, tmp_path):
    old = (today_local() - timedelta(days=400)).isoformat()
    penalties = rewrite_csv(
        "penalties-current.csv", tmp_path / "p.csv", {"李四": {"处罚决定日期": old}}
    )  # 一般, its year is over
    import_files(penalties, "list-entries.json", "commitments.csv")
    cli("index", "rebuild")  # without an index a check is ERROR
    created = cli(
        "widget-key", "create", "--center", "江岸区政务服务中心", "--origin", "http://counter.example"
    )
    create_operator(runner, "centre", "centre", centre="江岸区政务服务中心")
    return admin_client, created.splitlines()[1].strip()


def post(client, path, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, "/admin/"), **data})


def check_state(client, key, code):
    return client.post(
        "/api/v1/checks",
        json={"query": code, "approval_type": "gov_procurement", "operator": "窗口1"},
        headers={"X-API-Key": key},
    ).get_json()["state"]


def test_editing_a_period_re_derives_records_on_the_next_refresh(office, runner, session_factory):
    client, _ = office
    page = client.get("/admin/tables/periods").get_data(as_text=True)
    assert "发改办财金〔2019〕527号" in page
    edited = post(
        client,
        "/admin/tables/periods/2023|一般/edit",
        rule_version="2023",
        severity="一般",
        effective_from="2023-05-01",
        min_months="3",
        max_months="24",
        source="本市调整",
    )
    assert edited.status_code == 302
    assert "公示期限将按新规则重新计算" in client.get(edited.headers["Location"]).get_data(as_text=True)
    result = runner.invoke(args=["publish", "refresh"])
    assert "已到期→公示中 1 条" in result.output, result.output
    assert "公示状态无变化" in runner.invoke(args=["publish", "refresh"]).output  # flag cleared
    with session_factory() as s:
        assert s.scalar(select(Penalty.publication_state).where(Penalty.subject_name == "李四")) == "公示中"
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "table_edit")).one()
    assert entry.operator == "admin" and entry.target == "periods:2023|一般"
    assert (entry.before["max_months"], entry.after["max_months"]) == (12, 24)


def test_calendar_overrides_are_validated_and_kept(office, session_factory):
    client, _ = office
    bad = post(client, "/admin/tables/calendar/new", day="2027-02-30", note="调休")
    assert bad.status_code == 400 and "“日期”的格式不正确" in bad.get_data(as_text=True)
    assert (
        post(
            client, "/admin/tables/calendar/new", day="2027-02-06", is_working_day="on", note="春节调休上班"
        ).status_code
        == 302
    )
    duplicate = post(client, "/admin/tables/calendar/new", day="2027-02-06", note="重复")
    assert duplicate.status_code == 400 and "与已有记录重复" in duplicate.get_data(as_text=True)
    with session_factory() as s:
        override = s.get(CalendarOverride, today_local().replace(year=2027, month=2, day=6))
    assert override.is_working_day and override.note == "春节调休上班"
    assert post(client, "/admin/tables/calendar/2027-02-06/delete").status_code == 302
    assert client.get("/admin/tables/calendar/2027-13-01/edit").status_code == 404


def test_deleting_a_measure_changes_the_counter_verdict(office):
    client, key = office
    assert check_state(client, key, CHUTIAN) == "HIT"
    page = client.get("/admin/tables/measures").get_data(as_text=True)
    keys = re.findall(r"/admin/tables/measures/(\d+)/delete", page)
    for measure in keys:  # the office withdraws every measure (a memorandum was repealed)
        post(client, f"/admin/tables/measures/{measure}/delete")
    assert check_state(client, key, CHUTIAN) == "CAUTION"  # still listed, no measure applies


def test_removing_a_list_entry_reaches_checks_and_profile(office, session_factory):
    client, key = office
    with session_factory() as s:
        entry = s.scalar(select(ListEntry).where(ListEntry.uscc == CHUTIAN))
    page = client.get("/admin/records/list_entry", query_string={"q": CHUTIAN}).get_data(as_text=True)
    assert "移出名单" in page
    assert '<th scope="col">列入日期</th>' in page and "<td>严重违法失信企业</td>" in page  # not codes
    early = post(
        client, f"/admin/records/list_entry/{entry.id}/remove", removed_on="2000-01-01", reason="错误"
    )
    assert "请填写移出日期" in client.get(early.headers["Location"]).get_data(as_text=True)
    post(
        client,
        f"/admin/records/list_entry/{entry.id}/remove",
        removed_on=today_local().isoformat(),
        reason="已完成信用修复",
    )
    assert check_state(client, key, CHUTIAN) != "HIT"
    assert "严重违法失信企业" not in client.get(f"/credit/{CHUTIAN}").get_data(as_text=True)
    with session_factory() as s:
        kept = s.scalar(select(RecordRevision).where(RecordRevision.record_table == "list_entries"))
        assert kept.values["removed_on"] is None
        assert s.get(ListEntry, entry.id).remarks.endswith("移出原因：已完成信用修复")


def test_withdrawing_a_commitment_keeps_its_history(office, session_factory):
    client, _ = office
    with session_factory() as s:
        commitment = s.scalar(select(Commitment).where(Commitment.uscc == HENGTONG))
    assert "CN2026-0001" in client.get(f"/credit/{HENGTONG}").get_data(as_text=True)
    post(client, f"/admin/records/commitment/{commitment.id}/withdraw", reason="重复报送")
    assert "CN2026-0001" not in client.get(f"/credit/{HENGTONG}").get_data(as_text=True)
    with session_factory() as s:
        assert s.get(Commitment, commitment.id) is None
        kept = s.scalar(select(RecordRevision).where(RecordRevision.record_table == "commitments"))
        assert kept.values["commitment_no"] == "CN2026-0001"


def test_only_platform_administrators_edit_rules(office):
    client, _ = office
    sign_in(client, "centre", PASSWORD)
    assert client.get("/admin/tables/periods").status_code == 403
    assert client.get("/admin/records/list_entry").status_code == 403
