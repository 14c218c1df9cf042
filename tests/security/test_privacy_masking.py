"""Attack replay (issue 11 §4): masking had gaps.

An ID number next to ASCII letters (`sfz4201…`, `ID:…x`), in full-width digits or grouped with
spaces or hyphens was stored and published in full (record page, fact search, CSV/JSONL, open
data, error report); a check typed as "姓名 + ID" was stored unmasked in the check log;
percent-encoded IDs reached the access log; the 长者模式 redirect echoed a full ID in
`Location`. Each is tried again here, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import gzip
import re
from datetime import date
from urllib.parse import quote, unquote

import pytest
from sqlalchemy import select, text

from tests.support.files import rewrite_csv
from xinyong.records.identifiers import make_resident_id
from xinyong.records.models import Penalty
from xinyong.records.pii import contains_full_id, find_ids

A = make_resident_id("420104", date(1985, 3, 17), 123)
B = "11010519491231002X"
C = make_resident_id("420102", date(1990, 1, 1), 123)
D = make_resident_id("420106", date(1975, 6, 30), 45)
E = make_resident_id("420111", date(1966, 2, 2), 77)
WIDE = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
FORMS = {
    "违法事实": f"当事人sfz{A}拒不整改，超标排放",
    "备注": f"负责人ID:{B.lower()}",
    "处罚内容": f"警告，并处罚款（经办人身份证{C.translate(WIDE)}）",
    "处罚依据": f"《食品安全法》第一百二十六条；当事人{D[:6]}-{D[6:14]}-{D[14:]}",
    "行政相对人代码_4(税务登记号)": E,
}
FULL = (A, B, C, D, E)
REG_NO = "420103600123456"


def _clean(body: str) -> bool:
    """No full ID in the text, nor in it percent-decoded (links carry encoded queries). The
    fixture's 个体工商户 注册号 reads like an old ID born 1960-01-23: subjects are matched by it,
    so it is published as delivered (validation._MATCHED_CODES) and not counted here."""
    body = body.replace(REG_NO, "")
    return not contains_full_id(body) and not contains_full_id(unquote(unquote(body)))


@pytest.fixture
def published(client, runner, tmp_path, session_factory):
    path = rewrite_csv(
        "penalties-current.csv",
        tmp_path / "p.csv",
        {
            "武汉恒通商贸有限公司": FORMS,
            # rejected (no such date), with IDs in its free text: the error report quotes the row
            "武汉金桥餐饮管理有限公司": {
                "处罚决定日期": "2026-13-45",
                "违法事实": f"法人sfz{A}",
                "备注": f"{C[:6]} {C[6:14]} {C[14:]}",
            },
        },
    )
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 0 and "拒收 1" in result.output, result.output
    batch = int(re.search(r"批次 (\d+)", result.output).group(1))
    for args in (["index", "rebuild"], ["opendata", "build"]):
        assert runner.invoke(args=args).exit_code == 0
    with session_factory() as s:
        record = s.scalar(select(Penalty.id).where(Penalty.subject_name == "武汉恒通商贸有限公司"))
    return client, batch, record


def test_ids_in_every_written_form_are_published_in_no_surface(published, runner, tmp_path, engine):
    client, batch, record = published
    page = client.get(f"/record/penalty/{record}").get_data(as_text=True)
    assert "拒不整改" in page and "110105********002X" in page  # the record is there, masked
    surfaces = {
        "record page": page,
        "fact search": client.get(
            "/search", query_string={"q": "拒不整改", "tab": "records", "scope": "facts"}
        ).get_data(as_text=True),
        "fact API": client.get("/api/v1/records", query_string={"q": "超标排放", "scope": "facts"}).get_data(
            as_text=True
        ),
        "CSV": client.get("/disclosure/penalties.csv").get_data(as_text=True),
        "JSONL": client.get("/disclosure/penalties.jsonl").get_data(as_text=True),
    }
    assert "拒不整改" in surfaces["fact search"] and "sfz420104" in surfaces["CSV"]
    manifest = client.get("/open-data").get_data(as_text=True)
    for href in sorted(set(re.findall(r'href="(/open-data/[^"]+\.gz)"', manifest))):
        response = client.get(href)
        surfaces[href] = gzip.decompress(response.get_data()).decode("utf-8")
        response.close()
    report = tmp_path / "错误报告.csv"
    assert runner.invoke(args=["batch", "errors", str(batch), "-o", str(report)]).exit_code == 0
    surfaces["error report"] = report.read_text(encoding="utf-8-sig")
    assert "sfz420104" in surfaces["error report"]
    leaks = [name for name, body in surfaces.items() if not _clean(body)]
    assert leaks == []
    with engine.connect() as conn:  # nor stored: rejected rows, records, full-text terms
        for table in ("penalties", "rejected_rows", "record_revisions", "subjects"):
            rows = " ".join(map(str, conn.execute(text(f"SELECT * FROM {table}")).all()))
            assert _clean(rows), (table, [rows[f.start - 20 : f.end] for f in find_ids(rows)])
        fts = "penalty_facts_fts" if engine.dialect.name == "sqlite" else "penalty_facts_terms"
        terms = " ".join(map(str, conn.execute(text(f"SELECT * FROM {fts}")).all()))
        assert not any(n in terms.replace(" ", "") for n in FULL)


def test_a_name_plus_id_check_query_is_stored_masked(session_factory, settings):
    from xinyong.records.checks.keys import create_key, store_check

    with session_factory() as s, s.begin():
        key = create_key(s, "市民之家", ["http://counter.example"])[0]
        receipt = store_check(
            s,
            key=key,
            operator_ref=f"窗口3 {A}",
            query_shown=f"王五 {A}",
            query_normalised=f"王五{B.lower()}",
            used_id_number=False,
            approval_type="gov_procurement",
            state="NOT_IDENTIFIED",
            subject_id=None,
            result={},
            data_version="x",
            today=date(2026, 11, 20),
            secret=b"k" * 32,
        )
        stored = (receipt.record.query_entered, receipt.record.query_normalised, receipt.record.operator_ref)
    assert stored == ("王五 420104********1238", "王五110105********002X", "窗口3 420104********1238")


def test_the_large_text_redirect_never_echoes_an_id_in_location(client):
    for next_ in (
        f"/search?q=王五 {A}",
        f"/search?q={quote('王五 ' + A)}",
        "/search?q=" + "".join(f"%{ord(c):02X}" for c in A),
        f"/search?q=sfz{C.translate(WIDE)}",
    ):
        response = client.get("/preferences/large-text", query_string={"on": "1", "next": next_})
        assert response.status_code == 302
        location = response.headers["Location"]
        assert location.startswith("/search?q=") and _clean(location), location
        assert "420104" in unquote(location) or "420102" in unquote(location)


def test_pages_and_api_answers_never_echo_an_id_typed_in_any_form(client):
    for q in (f"王五 {A}", f"sfz{C.translate(WIDE)}", f"{D[:6]}-{D[6:14]}-{D[14:]}", f"ID:{B.lower()}"):
        for path in ("/search", "/api/v1/search", "/api/v1/records"):
            for params in ({"q": q}, {"q": q, "tab": "records"}):
                response = client.get(path, query_string=params)
                assert response.status_code in (200, 503), (path, response.status_code)
                assert _clean(response.get_data(as_text=True)), (path, params)
                assert all(_clean(v) for _, v in response.headers.items()), path


def test_an_id_typed_with_a_wrong_check_digit_is_masked_wherever_it_is_echoed(client):
    """The 长者模式 link on every page repeats the URL (`next=`): an ID number typed with a
    wrong check digit (17 real digits) was echoed in full there and in "未找到 …"."""
    wrong = A[:17] + ("0" if A[17] != "0" else "1")
    for path in ("/search", "/lists", "/api/v1/search"):
        response = client.get(path, query_string={"q": f"王五 {wrong}"})
        body = unquote(response.get_data(as_text=True))
        assert wrong not in body and wrong[:17] not in body, (path, response.status_code)
    response = client.get("/preferences/large-text", query_string={"on": "1", "next": f"/search?q={wrong}"})
    assert response.status_code == 302 and wrong[:17] not in unquote(response.headers["Location"])
