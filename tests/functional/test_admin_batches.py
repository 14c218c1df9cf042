"""A department operator delivers a file through the web and fixes its rejected rows."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import select

from tests.support.admin import PASSWORD, create_operator, csrf_token, sign_in
from tests.support.files import FIXTURES, rewrite_csv
from xinyong.records.models import AuditEntry, Department, ImportBatch, Penalty


@pytest.fixture
def operator(client, runner, session_factory):
    with session_factory() as s:
        s.add_all([Department(name="武汉市市场监督管理局"), Department(name="武汉市生态环境局")])
        s.commit()
    for username, dept in (("scj", "武汉市市场监督管理局"), ("hbj", "武汉市生态环境局")):
        create_operator(runner, username, "department", department=dept)
    sign_in(client, "scj", PASSWORD)
    return client


def upload(client, name: str, data: bytes, record_type: str = ""):
    return client.post(
        "/admin/batches/upload",
        content_type="multipart/form-data",
        data={
            "csrf_token": csrf_token(client, "/admin/batches/upload"),
            "record_type": record_type,
            "file": (io.BytesIO(data), name),
        },
    )


def test_upload_then_fix_the_rejected_rows(operator, tmp_path, session_factory, client):
    bad = rewrite_csv(
        "penalties-current.csv",
        tmp_path / "p.csv",
        {
            "武汉恒通商贸有限公司": {"处罚决定日期": "2026-13-45"},
            "武汉金桥餐饮管理有限公司": {"行政相对人代码_1(统一社会信用代码)": "91420106MA4K00029X"},
        },
    )
    first = upload(operator, "处罚11月.csv", bad.read_bytes())
    assert first.status_code == 302
    page = operator.get(first.headers["Location"]).get_data(as_text=True)
    assert 'id="rejected-count">2<' in page and "处罚决定日期" in page and "统一社会信用代码" in page
    batch_id = int(first.headers["Location"].rstrip("/").split("/")[-1])
    report = operator.get(f"/admin/batches/{batch_id}/errors.csv")
    assert report.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(report.get_data().decode("utf-8-sig"))))
    header = rows[0]
    assert header[-1] == "错误原因" and len(rows) == 3
    for row in rows[1:]:  # the department corrects both rows in the report itself
        row[header.index("处罚决定日期")] = "2026-11-12"
        row[header.index("行政相对人代码_1(统一社会信用代码)")] = row[
            header.index("行政相对人代码_1(统一社会信用代码)")
        ].replace("29X", "29D")
    fixed = io.StringIO()
    csv.writer(fixed).writerows(rows)
    second = upload(operator, "处罚11月-更正.csv", fixed.getvalue().encode("utf-8-sig"))
    assert second.status_code == 302
    page = operator.get(second.headers["Location"]).get_data(as_text=True)
    assert 'id="rejected-count">0<' in page and "新增 2" in page
    with session_factory() as s:
        names = set(s.scalars(select(Penalty.subject_name)))
        batches = s.scalars(select(ImportBatch).order_by(ImportBatch.id)).all()
        audit = [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert {"武汉恒通商贸有限公司", "武汉金桥餐饮管理有限公司"} <= names
    assert {b.submitted_by for b in batches} == {"scj"}
    assert audit[-2:] == ["batch_upload", "batch_upload"]
    listing = operator.get("/admin/batches/").get_data(as_text=True)
    assert "处罚11月.csv" in listing and "处罚11月-更正.csv" in listing
    sign_in(client, "hbj", PASSWORD)  # another department sees none of it
    assert "还没有报送批次" in client.get("/admin/batches/").get_data(as_text=True)
    assert client.get(f"/admin/batches/{batch_id}").status_code == 404


def test_unreadable_and_wrong_files_are_explained(operator):
    wrong_type = upload(operator, "notes.txt", b"hello")
    assert wrong_type.status_code == 400
    assert "只接受 CSV、XLSX 或 JSON 文件" in wrong_type.get_data(as_text=True)
    unknown = upload(operator, "x.csv", "名称,数量\n甲,1\n".encode())
    assert unknown.status_code == 400 and "上传失败" in unknown.get_data(as_text=True)
    traversal = upload(operator, "../../etc/passwd.csv", "名称\n甲\n".encode())
    assert traversal.status_code == 400  # stored under its bare name in a private folder
    assert operator.post("/admin/batches/upload", data={"record_type": ""}).status_code == 400


def test_delegations_are_granted_and_withdrawn_by_the_platform_administrator(client, runner, session_factory):
    create_operator(runner, "admin")
    with session_factory() as s:
        s.add_all([Department(name="武汉市市场监督管理局"), Department(name="江岸区市场监督管理局")])
        s.commit()
        ids = {d.name: d.id for d in s.scalars(select(Department))}
    sign_in(client, "admin", PASSWORD)

    def grant(by: str, on: str):
        return client.post(
            "/admin/delegations/",
            data={
                "csrf_token": csrf_token(client, "/admin/delegations/"),
                "department": ids[by],
                "for_department": ids[on],
            },
        )

    assert grant("武汉市市场监督管理局", "江岸区市场监督管理局").status_code == 302
    again = grant("武汉市市场监督管理局", "江岸区市场监督管理局")
    assert again.status_code == 400 and "该授权已存在" in again.get_data(as_text=True)
    assert "无需授权" in grant("武汉市市场监督管理局", "武汉市市场监督管理局").get_data(as_text=True)
    page = client.get("/admin/delegations/").get_data(as_text=True)
    assert "江岸区市场监督管理局" in page and "撤销" in page
    revoke = re.search(r'action="(/admin/delegations/\d+/revoke)"', page)[1]
    assert (
        client.post(revoke, data={"csrf_token": csrf_token(client, "/admin/delegations/")}).status_code == 302
    )
    assert "还没有代报授权" in client.get("/admin/delegations/").get_data(as_text=True)
    # The platform administrator uploading *as* a department is held to its scope too.
    scoped = client.post(
        "/admin/batches/upload",
        content_type="multipart/form-data",
        data={
            "csrf_token": csrf_token(client, "/admin/batches/upload"),
            "record_type": "",
            "department": "江岸区市场监督管理局",
            "file": (io.BytesIO((FIXTURES / "penalties-current.csv").read_bytes()), "p.csv"),
        },
    )
    assert 'id="rejected-count">6<' in client.get(scoped.headers["Location"]).get_data(as_text=True)
    with session_factory() as s:
        audit = [(a.action, a.operator) for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert ("delegation_grant", "admin") in audit and ("delegation_revoke", "admin") in audit
