"""Hostile and broken lists: refused whole with a Chinese message and a code, never a 500, never
half-written; formulas in a list never run in the XLSX that comes back; no full ID number leaves."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.faults.test_hostile_files import _workbook
from tests.security.batch_support import CHUTIAN, PERSON_ID, prepare, upload, xlsx_list
from tests.security.counter_support import bearer
from xinyong.records.models import CheckRecord


@pytest.fixture
def db_url(tmp_path):
    """Once, on SQLite: what is refused here is refused before the database is asked (the
    stored behaviour of batches runs on both databases in tests/functional/test_batch_checks.py)."""
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
def counter(client, runner, tmp_path):
    return prepare(client, runner, tmp_path)


def _long_cell(path):
    return _workbook(path, iter([b'<row><c t="inlineStr"><is><t>' + b"A" * 40_000 + b"</t></is></c></row>"]))


def _entities() -> bytes:  # a document type declaration (entity expansion) inside a sheet
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx_list([("某公司", CHUTIAN)]))) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith("sheet1.xml"):
                data = data.replace(b"<worksheet", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet', 1)
            target.writestr(item, data)
    return out.getvalue()


def test_hostile_files_are_refused_whole(counter, session_factory, tmp_path):
    client, token = counter
    cases = [
        (
            "huge.csv",
            b"\xef\xbb\xbf" + "名称,统一社会信用代码\n".encode() + b"x" * (2 * 1024 * 1024),
            413,
            "file_too_large",
        ),
        ("cell.xlsx", _long_cell(tmp_path / "cell.xlsx").read_bytes(), 400, "file_unreadable"),
        ("entities.xlsx", _entities(), 400, "file_unreadable"),
        ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 300, 400, "file_unreadable"),
        ("old.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, 400, "bad_file_type"),
        ("list.json", b'[{"name": "x"}]', 400, "bad_file_type"),
        ("sneaky.csv", b'[{"name": "x"}]', 400, "file_unreadable"),
        ("binary.csv", b"\x00\x01\x02" * 100, 400, "file_unreadable"),
        ("empty.csv", b"   ", 400, "file_unreadable"),
        ("heading-only.csv", "名称,统一社会信用代码\n".encode(), 400, "batch_empty"),
    ]
    for name, data, status, code in cases:
        answer = upload(client, token, name, data)
        assert answer.status_code == status, (name, answer.get_data(as_text=True)[:300])
        error = answer.get_json()["error"]
        assert error["code"] == code and any("\u4e00" <= c <= "\u9fff" for c in error["message"]), name
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(CheckRecord)) == 0


def test_formulas_do_not_run_and_id_numbers_stay_masked(counter, engine):
    client, token = counter
    formula = '"=HYPERLINK(""http://evil.example"",""点击"")"'
    data = f"名称,统一社会信用代码\n{formula},\n李四,{PERSON_ID}\n王五 {PERSON_ID},\n"
    answer = upload(client, token, "bidders.csv", data.encode())
    assert answer.status_code == 201 and PERSON_ID not in answer.get_data(as_text=True)
    number = answer.get_json()["batch"]["number"]
    sheet = client.get(f"/api/v1/batches/{number}.xlsx", headers=bearer(client.keys.secret))
    rows = list(load_workbook(io.BytesIO(sheet.data)).active.iter_rows(values_only=True))
    assert rows[2][1].startswith("'=") and PERSON_ID not in str(rows)
    with engine.connect() as conn:
        for table in ("check_records", "check_batches", "check_batch_rows"):
            stored = str(conn.exec_driver_sql(f"SELECT * FROM {table}").fetchall())
            assert PERSON_ID not in stored, table
