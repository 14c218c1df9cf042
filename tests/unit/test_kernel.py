"""The kernel the feature packages share: the record-type registry, outbox.emit, DomainError."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from xinyong.records.catalog import RECORD_TYPES as CATALOG_TYPES
from xinyong.records.checks.run import CheckInputError
from xinyong.records.errors import DomainError
from xinyong.records.models import OutboxEvent
from xinyong.records.outbox import emit
from xinyong.records.record_types import RECORD_TYPES, in_force_rules, keys_where, models
from xinyong.search_index.errors import PageOutOfRange
from xinyong.web.counter_auth import CounterRefused


def test_the_registry_names_every_catalog_record_type_once() -> None:
    assert list(RECORD_TYPES) == ["penalty", "licence", "list_entry", "commitment", "joint_case"]
    assert set(RECORD_TYPES) == set(CATALOG_TYPES)
    assert len({t.model.__tablename__ for t in RECORD_TYPES.values()}) == len(RECORD_TYPES)
    assert {k: t.title for k, t in RECORD_TYPES.items()} == CATALOG_TYPES
    # what is indexed, pushed or browsed has a rule for "in force today"
    assert set(keys_where(indexed=True)) | set(keys_where(pushed=True)) <= set(in_force_rules())
    assert keys_where(disclosed=True) == ("penalty", "licence")
    assert list(models("licence", "penalty")) == ["licence", "penalty"]  # the caller's order


def test_emit_writes_one_row_per_id_inside_the_callers_transaction(session_factory) -> None:
    with session_factory() as session:
        assert emit(session, "penalty", iter([3, 4])) == 2
        session.rollback()  # rolled back with the change it describes
        assert session.scalars(select(OutboxEvent)).all() == []
        assert emit(session, "subject", []) == 0
        with pytest.raises(ValueError):
            emit(session, "penalty", [1], op="update")
        emit(session, "list_entry", [7], op="delete")
        session.commit()
        rows = session.execute(select(OutboxEvent.entity, OutboxEvent.entity_id, OutboxEvent.op)).all()
    assert [tuple(r) for r in rows] == [("list_entry", 7, "delete")]


def test_refusals_are_domain_errors_with_their_code_and_status() -> None:
    refused = CounterRefused(401, "bad_key", "密钥无效")
    wrong = CheckInputError("query_empty", "请输入名称")
    page = PageOutOfRange("页码超出范围")
    assert [(e.code, e.status, e.message) for e in (refused, wrong, page)] == [
        ("bad_key", 401, "密钥无效"),
        ("query_empty", 400, "请输入名称"),
        ("page_out_of_range", 404, "页码超出范围"),
    ]
    assert all(isinstance(e, DomainError) for e in (refused, wrong, page))


def test_one_handler_answers_a_refusal_as_json_under_api_and_as_a_chinese_page(app) -> None:
    def refuse():
        raise CheckInputError("operator_limit_reached", "该经办人今日核查自然人已达上限", 429)

    app.add_url_rule("/api/v1/test-refusal", "test_refusal_api", refuse)
    app.add_url_rule("/test-refusal", "test_refusal_page", refuse)
    client = app.test_client()
    api = client.get("/api/v1/test-refusal")
    assert api.status_code == 429
    assert api.get_json() == {
        "error": {
            "code": "operator_limit_reached",
            "status": 429,
            "message": "该经办人今日核查自然人已达上限",
        }
    }
    page = client.get("/test-refusal")
    assert page.status_code == 429
    assert page.mimetype == "text/html"
    assert "该经办人今日核查自然人已达上限" in page.get_data(as_text=True)
