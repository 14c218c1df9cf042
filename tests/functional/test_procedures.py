"""Credit repair and objections run their course, as applicant and as reviewing department."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.support.admin import PASSWORD, create_operator, csrf_token, sign_in
from tests.support.files import rewrite_csv
from tests.support.minor_publication import opt_in_minor
from tests.support.surfaces import surfaces_showing
from xinyong.records.clock import today_local
from xinyong.records.models import AuditEntry, Department, Penalty, ProcedureCase, PublicationChange

JINQIAO, CHUTIAN = "91420106MA4K00029D", "91420117MA4K000376"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def portal(client, runner, tmp_path, session_factory, monkeypatch):
    monkeypatch.setattr("xinyong.search_index.searchers.CHECK_EVERY", 0)
    today = today_local()
    opt_in_minor(session_factory)  # 令第36号: 轻微 is published only where a department opts in
    path = rewrite_csv(
        "penalties-current.csv",
        tmp_path / "p.csv",
        {
            # 轻微 (a warning only): its minimum period is none, repair may be asked at once
            "武汉金桥餐饮管理有限公司": {
                "处罚类别": "警告",
                "罚款金额（万元）": "",
                "处罚决定日期": (today - timedelta(days=20)).isoformat(),
            },
            # 一般, ten days old: three months must pass first
            "武汉楚天建筑工程有限公司": {"处罚决定日期": (today - timedelta(days=10)).isoformat()},
            # licence revoked in food safety: no early repair at all
            "武汉恒通商贸有限公司": {
                "处罚类别": "吊销许可证件",
                "暂扣或吊销证照名称及编号": "食品经营许可证 JY1",
            },
        },
    )
    assert runner.invoke(args=["import", str(path)]).exit_code == 0
    assert runner.invoke(args=["index", "rebuild"]).exit_code == 0
    with session_factory() as s:
        s.add(Department(name="武汉市生态环境局"))
        s.commit()
    for username, role, dept in (
        ("admin", "platform", None),
        ("scj", "department", "武汉市市场监督管理局"),
        ("hbj", "department", "武汉市生态环境局"),
    ):
        create_operator(runner, username, role, department=dept)
    return client


def penalty_of(session_factory, name: str) -> Penalty:
    with session_factory() as s:
        return s.scalar(select(Penalty).where(Penalty.subject_name == name))


def apply(client, record_id: int, kind: str, **fields):
    path = f"/record/penalty/{record_id}/{kind}"
    data = {
        "csrf_token": csrf_token(client, "/track"),
        "contact_name": "王经理",
        "contact_phone": "027-88886666",
        "statement": "已全部缴纳罚款并完成整改，整改报告附后。",
        **fields,
    }
    return client.post(path, data=data, content_type="multipart/form-data")


def tracking_code(response) -> str:
    return re.search(r'id="tracking-code">([^<]+)<', response.get_data(as_text=True)).group(1)


def track(client, code: str) -> str:
    return client.post("/track", data={"csrf_token": csrf_token(client, "/track"), "code": code}).get_data(
        as_text=True
    )


def act(client, case_id: int, action: str, **fields):
    data = {"csrf_token": csrf_token(client, f"/admin/cases/{case_id}"), **fields}
    return client.post(f"/admin/cases/{case_id}/{action}", data=data)


def test_an_accepted_repair_takes_the_record_off_every_surface(portal, runner, session_factory, tmp_path):
    jinqiao = penalty_of(session_factory, "武汉金桥餐饮管理有限公司")
    record = ("penalty", jinqiao.id)
    assert (
        len(
            surfaces_showing(
                portal, runner, jinqiao.decision_no, uscc=JINQIAO, name=jinqiao.subject_name, record=record
            )
        )
        == 11
    )
    submitted = apply(
        portal, jinqiao.id, "repair", commitment="agree", documents=[(io.BytesIO(PDF), "整改报告.pdf")]
    )
    assert submitted.status_code == 200 and submitted.headers["Cache-Control"] == "no-store"
    code = tracking_code(submitted)
    assert code.startswith("XF-") and "已提交" in track(portal, code)
    # The department that delivered the record reviews it; another department cannot see it.
    assert sign_in(portal, "hbj", PASSWORD).status_code == 302
    assert "没有待办的申请" in portal.get("/admin/").get_data(as_text=True)
    with session_factory() as s:
        case_id = s.scalar(select(ProcedureCase.id))
    assert portal.get(f"/admin/cases/{case_id}").status_code == 404
    sign_in(portal, "scj", PASSWORD)
    queue = portal.get("/admin/").get_data(as_text=True)
    assert "武汉金桥餐饮管理有限公司" in queue and "信用修复申请" in queue
    document = portal.get(f"/admin/cases/{case_id}/documents/1")
    assert document.get_data() == PDF and "attachment" in document.headers["Content-Disposition"]
    document.close()
    assert act(portal, case_id, "accept").status_code == 302
    assert "已受理" in track(portal, code)
    decided = act(portal, case_id, "decide", outcome="准予修复", reason="已履行义务，材料齐全")
    assert decided.status_code == 302
    assert "已办结（准予修复）" in track(portal, code) and "已履行义务，材料齐全" in track(portal, code)
    assert (
        surfaces_showing(
            portal, runner, jinqiao.decision_no, uscc=JINQIAO, name=jinqiao.subject_name, record=record
        )
        == []
    )
    # The city platform is told to stop sharing it too.
    assert runner.invoke(args=["push", "export", "--out", str(tmp_path / "push")]).exit_code == 0
    pushed = {f.name.split("-")[-1]: f.read_text(encoding="utf-8-sig") for f in (tmp_path / "push").iterdir()}
    assert jinqiao.decision_no not in pushed["penalty.csv"]
    stopped = f"{jinqiao.decision_no},{jinqiao.authority},{jinqiao.subject_name},已修复,"
    assert stopped in pushed["withdrawn.csv"]
    with session_factory() as s:
        change = s.scalars(select(PublicationChange).where(PublicationChange.record_id == jinqiao.id)).all()[
            -1
        ]
        assert (change.from_state, change.to_state) == ("公示中", "已修复")
        actions = [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
        assert actions[-4:] == ["login", "repair_accept", "repair_decide", "push_export"]
        decided = s.scalars(select(AuditEntry).where(AuditEntry.action == "repair_decide")).one()
        assert decided.before["status"] == "已受理" and decided.after["outcome"] == "准予修复"
        assert decided.operator == "scj"


def test_repair_is_refused_before_the_minimum_and_for_unrepairable_cases(portal, session_factory):
    chutian = penalty_of(session_factory, "武汉楚天建筑工程有限公司")
    html = portal.get(f"/record/penalty/{chutian.id}/repair").get_data(as_text=True)
    assert f"最短公示期尚未届满，{chutian.repair_from} 起可申请信用修复" in html
    assert 'name="statement"' not in html
    hengtong = penalty_of(session_factory, "武汉恒通商贸有限公司")
    html = portal.get(f"/record/penalty/{hengtong.id}/repair").get_data(as_text=True)
    assert "不可提前修复" in html
    refused = apply(portal, hengtong.id, "repair", commitment="agree")  # posted all the same
    assert "不可提前修复" in refused.get_data(as_text=True) and "tracking-code" not in refused.get_data(
        as_text=True
    )
    with session_factory() as s:
        assert s.scalar(select(ProcedureCase.id)) is None


def test_an_objection_marks_the_record_then_withdraws_it(portal, runner, session_factory):
    chutian = penalty_of(session_factory, "武汉楚天建筑工程有限公司")
    submitted = apply(portal, chutian.id, "objection", grounds="信息错误")
    code = tracking_code(submitted)
    assert code.startswith("YY-")
    # Not marked on submission: only once the department accepts it.
    assert "badge objected" not in portal.get(f"/credit/{CHUTIAN}").get_data(as_text=True)
    sign_in(portal, "admin", PASSWORD)  # the platform administrator sees every department's cases
    with session_factory() as s:
        case_id = s.scalar(select(ProcedureCase.id))
    act(portal, case_id, "accept")
    assert "badge objected" in portal.get(f"/credit/{CHUTIAN}").get_data(as_text=True)
    assert "异议中" in portal.get(f"/record/penalty/{chutian.id}").get_data(as_text=True)
    again = apply(portal, chutian.id, "objection", grounds="信息重复")
    assert "已有正在办理的异议申请" in again.get_data(as_text=True)
    act(portal, case_id, "decide", outcome="撤销", reason="处罚决定已被行政复议撤销")
    assert "已办结（撤销）" in track(portal, code)
    assert penalty_of(session_factory, "武汉楚天建筑工程有限公司").publication_state == "已撤销"
    assert (
        surfaces_showing(
            portal,
            runner,
            chutian.decision_no,
            uscc=CHUTIAN,
            name=chutian.subject_name,
            record=("penalty", chutian.id),
        )
        == []
    )


def test_an_upheld_objection_returns_the_record_to_publication(portal, session_factory):
    chutian = penalty_of(session_factory, "武汉楚天建筑工程有限公司")
    apply(portal, chutian.id, "objection", grounds="不应公示")
    sign_in(portal, "scj", PASSWORD)
    with session_factory() as s:
        case_id = s.scalar(select(ProcedureCase.id))
    act(portal, case_id, "accept")
    assert penalty_of(session_factory, "武汉楚天建筑工程有限公司").publication_state == "异议中"
    refused = act(portal, case_id, "decide", outcome="维持", reason="")
    assert "请填写理由" in portal.get(refused.headers["Location"]).get_data(as_text=True)
    act(portal, case_id, "decide", outcome="维持", reason="经核实信息无误")
    assert penalty_of(session_factory, "武汉楚天建筑工程有限公司").publication_state == "公示中"


def test_bad_input_is_explained_and_nothing_is_kept(portal, session_factory, settings):
    jinqiao = penalty_of(session_factory, "武汉金桥餐饮管理有限公司")
    path = f"/record/penalty/{jinqiao.id}/repair"
    no_token = portal.post(path, data={"statement": "x" * 20})
    assert no_token.status_code == 400 and "页面已过期" in no_token.get_data(as_text=True)
    empty = apply(portal, jinqiao.id, "repair", statement="短", contact_phone="abc")
    text = empty.get_data(as_text=True)
    assert empty.status_code == 400
    for message in ("请填写正确的联系电话", "10 至 5000 字", "请阅读并作出信用承诺"):
        assert message in text
    disguised = apply(
        portal,
        jinqiao.id,
        "repair",
        commitment="agree",
        documents=[(io.BytesIO(PDF), "a.pdf"), (io.BytesIO(b"MZ\x90\x00"), "报告.pdf")],
    )
    assert disguised.status_code == 400
    assert "文件“报告.pdf”不是 PDF、JPG 或 PNG 文件" in disguised.get_data(as_text=True)
    too_many = apply(
        portal,
        jinqiao.id,
        "repair",
        commitment="agree",
        documents=[(io.BytesIO(PDF), f"{i}.pdf") for i in range(6)],
    )
    assert "最多上传 5 个文件" in too_many.get_data(as_text=True)
    huge = portal.post(
        path,
        data=b"0" * (27 * 1024 * 1024),  # refused before it is read
        content_type="multipart/form-data; boundary=x",
    )
    assert huge.status_code == 413 and "上传内容过大" in huge.get_data(as_text=True)
    with session_factory() as s:
        assert s.scalar(select(ProcedureCase.id)) is None
    assert not settings.uploads.exists() or not any(settings.uploads.rglob("*"))
    unknown = portal.post("/track", data={"csrf_token": csrf_token(portal, "/track"), "code": "XF-NOPE"})
    assert unknown.status_code == 404 and "没有找到该查询码" in unknown.get_data(as_text=True)


def test_an_id_number_in_an_application_is_never_shown_in_full(portal, session_factory):
    jinqiao = penalty_of(session_factory, "武汉金桥餐饮管理有限公司")
    number = "420104198503171238"
    refused = apply(
        portal,
        jinqiao.id,
        "repair",
        statement=f"法定代表人身份证号{number}，已整改完毕。",
        contact_phone="abc",
        commitment="agree",
    )  # re-shown with an error
    assert refused.status_code == 400 and number not in refused.get_data(as_text=True)
    assert "420104********1238" in refused.get_data(as_text=True)
    apply(
        portal,
        jinqiao.id,
        "repair",
        statement=f"法定代表人身份证号{number}，已整改完毕。",
        commitment="agree",
    )
    with session_factory() as s:
        stored = s.scalar(select(ProcedureCase.statement))
    assert number not in stored and "420104********1238" in stored
