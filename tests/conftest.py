"""Shared fixtures: a real database per test (SQLite file or a PostgreSQL schema), the app.

Tests that take `db_url` run twice: on SQLite and on the PostgreSQL that `make test` starts
(scripts/test-services.sh). Without XINYONG_TEST_POSTGRES_URL the PostgreSQL runs fail loudly
rather than skip: a suite that silently tests half the system is worse than a red one.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests import processes
from xinyong.records import migrate
from xinyong.records.db import make_engine, make_session_factory
from xinyong.records.ingest.importer import ImportOptions, ImportSummary, import_file
from xinyong.settings import Settings, load_settings

FIXTURES = Path(__file__).parent / "fixtures"
# A fixed "now" keeps timeliness (7 working days) and "date in the future" checks stable.
FIXED_NOW = datetime(2026, 11, 20, 2, 0, 0)


def _postgres_url() -> str:
    url = os.environ.get("XINYONG_TEST_POSTGRES_URL")
    if not url:
        pytest.fail("XINYONG_TEST_POSTGRES_URL is not set: run the suite with `make test`, "
                    "which starts PostgreSQL (scripts/test-services.sh)")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    with postgres_schema("t") as url:
        yield url


@contextmanager
def postgres_schema(prefix: str) -> Iterator[str]:
    """A fresh schema in the test PostgreSQL, as a database URL; dropped afterwards."""
    base = _postgres_url()
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


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return load_settings({
        "XINYONG_ENV": "test",
        "XINYONG_INSTANCE_DIR": str(tmp_path / "instance"),
        "XINYONG_DATABASE_URL": db_url,
        "XINYONG_INDEX_DIR": str(tmp_path / "index"),
    })


@pytest.fixture
def engine(settings: Settings):
    engine = make_engine(settings.database_url)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(engine):
    return make_session_factory(engine)


@pytest.fixture
def do_import(session_factory, settings) -> Callable[..., ImportSummary]:
    """Import a file (a name under tests/fixtures/ or a path) with test settings."""

    def run(path: str | Path, **options) -> ImportSummary:
        path = Path(path)
        if not path.is_absolute() and not path.exists():
            path = FIXTURES / path
        options.setdefault("now", FIXED_NOW)
        return import_file(session_factory, path,
                           ImportOptions(id_hash_key=settings.id_hash_key_bytes, **options))

    return run


@pytest.fixture
def app(settings, engine):
    from xinyong.site import create_app
    from xinyong.site.public.search import EXTENSION as SEARCH
    from xinyong.web.database import EXTENSION

    app = create_app(settings)
    yield app
    app.extensions[SEARCH].close()
    app.extensions[EXTENSION].engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# Portals for the fault and load suites: the CLI and servers as real subprocesses.
@pytest.fixture
def sqlite_portal(tmp_path) -> processes.Portal:
    portal = processes.Portal(tmp_path, f"sqlite:///{tmp_path / 'portal.sqlite3'}")
    portal.cli("db", "upgrade")
    return portal


@pytest.fixture
def pg_portal(tmp_path) -> Iterator[processes.Portal]:
    with postgres_schema("f") as url:
        portal = processes.Portal(tmp_path, url)
        portal.cli("db", "upgrade")
        yield portal


@pytest.fixture(params=["sqlite", "postgresql"])
def portal(request) -> processes.Portal:
    """Either database: kills and full disks must leave both consistent."""
    return request.getfixturevalue("sqlite_portal" if request.param == "sqlite" else "pg_portal")
