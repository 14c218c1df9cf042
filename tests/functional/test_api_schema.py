"""Schemathesis against the OpenAPI document: generated requests to every operation; no 500s,
and every response matches the document (status codes, content types, schemas).

Driven through Hypothesis directly: schemathesis's pytest plugin does not run under pytest 9.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from tests.security.counter_support import bearer, create_keys
from tests.support.files import FIXTURES

# What the issue asks: no 500s, and responses as documented. Not `positive_data_acceptance`:
# a query of spaces is schema-valid and rightly answered 400 with a message.
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def db_url(tmp_path):
    """Generated requests run once, on SQLite: the API code is the same on PostgreSQL."""
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


def test_api_conforms_to_its_document(app, runner):
    for name in ("penalties-current.csv", "licences.xlsx", "list-entries.json"):
        assert runner.invoke(args=["import", str(FIXTURES / name)]).exit_code == 0
    assert runner.invoke(args=["index", "rebuild"]).exit_code == 0
    # The secret key: it may call every operation (a counter session only the checks).
    headers = bearer(create_keys(runner, "测试中心").secret)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 13  # every operation of the document

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=20, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def conforms(case) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        conforms()
