"""A file is one transaction; big files work; the schema matches its migrations; no full IDs."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select, text

from bench.penalty_file import write_penalty_file
from xinyong.records.db import Base
from xinyong.records.importer import ImportOptions, import_file
from xinyong.records.migrate import include_name
from xinyong.records.models import ImportBatch, OutboxEvent, Penalty, Subject
from xinyong.records.pii import contains_full_id


class Crash(Exception):
    pass


def test_a_crash_mid_file_leaves_nothing_behind(session_factory, settings, tmp_path):
    path = write_penalty_file(tmp_path / "big.csv", 5000)
    seen = []

    def crash_after_first_chunk(rows: int) -> None:
        seen.append(rows)
        raise Crash

    with pytest.raises(Crash):
        import_file(session_factory, path, ImportOptions(
            id_hash_key=settings.id_hash_key_bytes, progress=crash_after_first_chunk))
    assert seen == [2000]  # the first chunk had been written inside the transaction
    with session_factory() as s:
        for model in (Penalty, Subject, ImportBatch, OutboxEvent):
            assert s.scalar(select(func.count()).select_from(model)) == 0


def test_a_50000_row_file_imports_whole_and_reimports_unchanged(do_import, session_factory,
                                                                 tmp_path):
    path = write_penalty_file(tmp_path / "fifty-thousand.csv", 50_000)
    first = do_import(path)
    assert (first.rows, first.accepted, first.rejected) == (50_000, 50_000, 0)
    again = do_import(path)
    assert (again.accepted, again.updated, again.unchanged) == (0, 0, 50_000)
    with session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Penalty)) == 50_000
        assert s.scalar(select(func.count()).select_from(Subject)) == 50_000


def test_migrations_create_exactly_the_models(engine):
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": include_name})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
    assert "alembic_version" in inspect(engine).get_table_names()


def test_no_full_id_number_is_stored_anywhere(runner, engine, tmp_path):
    result = runner.invoke(args=["demo", "--subjects", "600", "--seed", "5",
                                 "--out", str(tmp_path / "files"), "--json"])
    assert result.exit_code == 0, result.output
    files_with_ids = [p for p in (tmp_path / "files").iterdir()
                      if p.suffix == ".csv" and contains_full_id(p.read_bytes().decode(
                          "utf-8-sig", errors="ignore"))]
    assert files_with_ids, "the demo delivers full ID numbers, as departments do"
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in conn.execute(text(f"SELECT * FROM {table.name}")):  # noqa: S608
                for value in row:
                    if isinstance(value, str | dict | list):
                        assert not contains_full_id(str(value)), (table.name, value)
