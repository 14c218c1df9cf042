"""Upsert by natural key: insert, unchanged, corrected (a new revision keeps the old values), one
outbox row per written record — on SQLite and PostgreSQL (tests/unit/conftest.py)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from xinyong.records.catalog import load_catalog
from xinyong.records.ingest.upsert import PreparedRecord, content_columns, record_attributes, write_chunk
from xinyong.records.models import ImportBatch, OutboxEvent, Penalty, RecordRevision, Subject

NOW = datetime(2026, 11, 20, 2, 0)
DEFINITION = load_catalog().get("penalty")
VALUES = {
    "subject_name": "武汉恒通商贸有限公司",
    "subject_kind": "法人及非法人组织",
    "uscc": "91420102MA4K00010N",
    "legal_rep": "张三",
    "decision_no": "武市监处罚〔2026〕101号",
    "violation_type": "食品安全违法行为",
    "facts": "未按规定公示食品经营许可证",
    "basis": "《中华人民共和国食品安全法》第一百二十六条",
    "categories": ["警告", "罚款"],
    "content": "警告，并处罚款",
    "fine_amount": Decimal("0.5"),
    "decision_date": date(2026, 11, 12),
    "valid_until": date(2027, 11, 11),
    "authority": "武汉市市场监督管理局",
    "authority_uscc": "11420100MB1A0001X4",
    "source_dept": "武汉市市场监督管理局",
    "source_dept_uscc": "11420100MB1A0001X4",
}
KEY = "武市监处罚(2026)101号|武汉市市场监督管理局"


@pytest.fixture
def session(db_session):
    """The subject and three deliveries the records of a test belong to."""
    subject = Subject(
        match_key="uscc:91420102MA4K00010N",
        kind="法人及非法人组织",
        name="武汉恒通商贸有限公司",
        uscc="91420102MA4K00010N",
    )
    batches = [
        ImportBatch(
            filename=f"{n}.csv", file_sha256=f"{n:064d}", file_size=1, submitted_by="test", status="completed"
        )
        for n in (1, 2, 3)
    ]
    db_session.add_all([subject, *batches])
    db_session.flush()
    db_session.info["subject_id"] = subject.id
    db_session.info["batches"] = {n: b.id for n, b in enumerate(batches, 1)}
    return db_session


def prepared(session, key: str = KEY, row_number: int = 2, **changes) -> PreparedRecord:
    attrs = record_attributes(DEFINITION, {**VALUES, **changes}, content_columns(Penalty))
    attrs["subject_id"] = session.info["subject_id"]
    return PreparedRecord(row_number, key, attrs, {"department_id": None})


def write(session, *records: PreparedRecord, batch: int):
    """Write a chunk as the `batch`-th delivery (1, 2 or 3)."""
    return write_chunk(
        session,
        "penalty",
        records,
        batch_id=session.info["batches"][batch],
        now=NOW,
        common={"layout": "current", "catalog_version": "2026.1"},
    )


def outbox(session) -> int:
    return session.scalar(
        select(func.count()).select_from(OutboxEvent).where(OutboxEvent.entity == "penalty")
    )


def test_insert_then_unchanged_then_corrected_with_a_revision(session):
    first = write(session, prepared(session), batch=1)
    assert (first.accepted, first.updated, first.unchanged) == (1, 0, 0) and len(first.changed_ids) == 1
    again = write(session, prepared(session), batch=2)
    assert (again.accepted, again.updated, again.unchanged, again.changed_ids) == (0, 0, 1, [])
    assert outbox(session) == 1  # an unchanged re-delivery touches nothing

    corrected = write(session, prepared(session, fine_amount=Decimal("0.8")), batch=3)
    assert (corrected.accepted, corrected.updated, corrected.changed_ids) == (0, 1, first.changed_ids)
    penalty = session.scalars(select(Penalty)).one()
    batches = session.info["batches"]
    assert (penalty.fine_amount, penalty.revision, penalty.batch_id, penalty.first_batch_id) == (
        Decimal("0.8"),
        2,
        batches[3],
        batches[1],
    )
    revision = session.scalars(select(RecordRevision)).one()
    assert (revision.record_table, revision.record_id, revision.revision, revision.batch_id) == (
        "penalties",
        penalty.id,
        1,
        batches[3],
    )
    assert Decimal(revision.values["fine_amount"]) == Decimal("0.5")  # what it said before
    assert outbox(session) == 2


def test_a_key_twice_in_one_chunk_is_one_record_the_last_row_winning(session):
    result = write(
        session,
        prepared(session),
        prepared(session, row_number=3),
        prepared(session, row_number=4, facts="逾期未公示"),
        batch=1,
    )
    assert (result.accepted, result.unchanged, result.updated) == (1, 1, 1)
    assert session.scalars(select(Penalty.facts)).all() == ["逾期未公示"]
    assert session.scalar(select(func.count()).select_from(RecordRevision)) == 0  # never stored before


def test_another_decision_number_is_another_record(session):
    write(session, prepared(session), batch=1)
    other = write(
        session,
        prepared(session, key=KEY.replace("101", "102"), decision_no="武市监处罚〔2026〕102号"),
        batch=2,
    )
    assert other.accepted == 1
    assert session.scalar(select(func.count()).select_from(Penalty)) == 2


def test_a_re_delivery_differing_only_in_provenance_is_unchanged(session):
    write(session, prepared(session), batch=1)
    moved = prepared(session)
    moved.provenance.update(district_code="420102", domain_code="food_drug")
    result = write(session, moved, batch=2)
    assert (result.unchanged, result.updated) == (1, 0)
