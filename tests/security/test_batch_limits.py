"""Batch checks spend budgets as the checks they are: N lines cost N of the key's batch budget,
and the natural persons of a list count against the operator's daily person limit — all of a
list fits, or none of it is checked or stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.security.batch_support import CHUTIAN, PERSON_ID, post_batch
from tests.security.counter_support import bearer, create_keys, session_token
from tests.support.apps import extra_app
from xinyong.records.models import AuditEntry, CheckRecord
from xinyong.web import batch_flow
from xinyong.web.extensions import limiter

OTHER_PERSON = "420104199001011239"


@pytest.fixture
def db_url(tmp_path):
    """Once, on SQLite: what is refused here is refused before the database is asked (the
    stored behaviour of batches runs on both databases in tests/functional/test_batch_checks.py)."""
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


def _checks(session_factory) -> int:
    with session_factory() as s:
        return s.scalar(select(func.count()).select_from(CheckRecord))


def test_a_batch_costs_as_many_checks_as_it_has_lines(settings, engine, session_factory, monkeypatch):
    monkeypatch.setattr(batch_flow, "BATCH_LIMIT", "5 per hour")
    with extra_app(settings.with_overrides(rate_limits=True)) as app:
        client, cli = app.test_client(), app.test_cli_runner()
        with app.app_context():
            limiter.reset()
        assert cli.invoke(args=["index", "rebuild"]).exit_code == 0
        keys = create_keys(cli)
        lines = [{"uscc": CHUTIAN}] * 3
        first = post_batch(client, keys.secret, lines, operator="工号1")
        assert first.status_code == 201
        second = post_batch(client, keys.secret, lines, operator="工号1")  # 3 + 3 > 5
        assert second.status_code == 429 and second.get_json()["error"]["code"] == "batch_budget_spent"
        assert _checks(session_factory) == 3  # nothing of the refused list was written
        assert post_batch(client, keys.secret, lines[:2], operator="工号1").status_code == 201
        with app.app_context():
            limiter.reset()


def test_persons_in_a_list_count_against_the_operators_limit(settings, engine, session_factory):
    with extra_app(settings.with_overrides(person_checks_per_operator=2)) as app:
        client, cli = app.test_client(), app.test_cli_runner()
        assert cli.invoke(args=["index", "rebuild"]).exit_code == 0
        keys = create_keys(cli)
        token = session_token(client, keys.secret, operator="窗口9")
        persons = [{"name": "李四", "uscc": PERSON_ID}, {"uscc": OTHER_PERSON}, {"id_number": PERSON_ID}]
        over = post_batch(client, token, [{"uscc": CHUTIAN}, *persons])
        assert over.status_code == 429 and over.get_json()["error"]["code"] == "operator_limit_reached"
        assert _checks(session_factory) == 0
        with session_factory() as s:
            assert (
                s.scalar(
                    select(func.count())
                    .select_from(AuditEntry)
                    .where(AuditEntry.action == "counter_person_limit")
                )
                == 1
            )
        assert post_batch(client, token, [{"uscc": CHUTIAN}, *persons[:2]]).status_code == 201
        single = client.post(
            "/api/v1/checks",
            json={"query": "", "id_number": PERSON_ID, "approval_type": "gov_procurement"},
            headers=bearer(token),
        )
        assert single.status_code == 429  # the list's two persons used the day's two
