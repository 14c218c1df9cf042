"""The test PostgreSQL: its URL, and a fresh schema per test (or per race) as a database URL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text


def postgres_url() -> str:
    """The test PostgreSQL; without it the test fails loudly rather than skips: a suite that
    silently tests half the system is worse than a red one."""
    url = os.environ.get("XINYONG_TEST_POSTGRES_URL")
    if not url:
        pytest.fail(
            "XINYONG_TEST_POSTGRES_URL is not set: run the suite with `make test`, "
            "which starts PostgreSQL (scripts/test-services.sh)"
        )
    return url


@contextmanager
def postgres_schema(prefix: str) -> Iterator[str]:
    """A fresh schema in the test PostgreSQL, as a database URL; dropped afterwards."""
    base = postgres_url()
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    # pre_ping: the fault tests restart PostgreSQL under this engine.
    admin = create_engine(base, pool_pre_ping=True)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            # A failed test can leave a streamed response's transaction open: fail the teardown
            # after a while instead of waiting on its locks for ever.
            conn.execute(text("SET LOCAL lock_timeout = '30s'"))
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
