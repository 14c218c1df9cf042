"""Test helpers for batch checks: the counter fixture's data (as test_checks), lists as files."""

from __future__ import annotations

import io

from openpyxl import Workbook
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from tests.security.counter_support import bearer, create_keys, session_token
from tests.support.files import FIXTURES, rewrite_csv

HENGTONG, CHUTIAN = "91420102MA4K00010N", "91420117MA4K000376"
PERSON_ID = "420104198503171238"
JINQIAO = "武汉金桥餐饮管理有限公司"


def prepare(client, runner, tmp_path):
    """Records imported, the index built, a key pair; (client, counter session)."""
    penalties = rewrite_csv(
        "penalties-current.csv",
        tmp_path / "p.csv",
        {
            "武汉恒通商贸有限公司": {"处罚决定日期": "2024-01-02", "处罚有效期": "2025-01-01"},
            JINQIAO: {"处罚决定日期": "2024-01-02", "处罚有效期": "2025-01-01"},
        },
    )
    for path in (penalties, FIXTURES / "penalties-legacy.csv", FIXTURES / "list-entries.json"):
        assert runner.invoke(args=["import", str(path)]).exit_code == 0
    assert runner.invoke(args=["index", "rebuild"]).exit_code == 0
    keys = create_keys(runner)
    client.keys = keys
    return client, session_token(client, keys.secret)


def post_batch(client, credential, subjects, approval="gov_procurement", **extra):
    body = {"subjects": subjects, "approval_type": approval, **extra}
    headers = {**bearer(credential), **extra.pop("headers", {})}
    body.pop("headers", None)
    return client.post("/api/v1/batches", json=body, headers=headers)


def upload(client, credential, name: str, data: bytes, approval="gov_procurement", **fields):
    form = {
        "file": FileStorage(io.BytesIO(data), filename=name, content_type="application/octet-stream"),
        "approval_type": approval,
        **fields,
    }
    # Encoded in memory: the test client spools a large multipart body to a temporary file that
    # nothing closes.
    boundary, body = encode_multipart(MultiDict(form))
    return client.post(
        "/api/v1/batches",
        data=body,
        headers=bearer(credential),
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def xlsx_list(rows: list[tuple[str, str]], heading=("名称", "统一社会信用代码")) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(list(heading))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
