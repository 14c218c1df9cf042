"""Fixtures of the unit tests: one migrated database per run (SQLite and PostgreSQL, like
`db_url`), and a session per test whose work is rolled back afterwards — a migration per test
would cost more than the tests themselves."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from tests.support.databases import postgres_schema
from xinyong.records import migrate
from xinyong.records.db import make_engine


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def unit_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('unit') / 'unit.sqlite3'}"
        engine = make_engine(url)
        migrate.upgrade(engine)
        yield engine
        engine.dispose()
        return
    with postgres_schema("u") as url:
        engine = make_engine(url)
        migrate.upgrade(engine)
        yield engine
        engine.dispose()


@pytest.fixture
def db_session(unit_engine: Engine) -> Iterator[Session]:
    """A session inside one transaction that is rolled back at the end: the code under test
    flushes but never commits, so each test starts from the migrated, seeded database."""
    with unit_engine.connect() as connection:
        transaction = connection.begin()
        session = Session(bind=connection, expire_on_commit=False)
        try:
            yield session
        finally:
            session.close()
            transaction.rollback()
