"""Shared fixtures (fixtures only: helpers are in tests/support/): a real database per test
(SQLite file or a PostgreSQL schema), the app.

Tests that take `db_url` run twice: on SQLite and on the PostgreSQL that `make test` starts
(scripts/test-services.sh). Without XINYONG_TEST_POSTGRES_URL the PostgreSQL runs fail loudly
rather than skip: a suite that silently tests half the system is worse than a red one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support import processes
from tests.support.admin import PASSWORD, create_operator, sign_in
from tests.support.databases import postgres_schema
from tests.support.files import FIXED_NOW, fixture_path
from xinyong.records import migrate
from xinyong.records.db import make_engine, make_session_factory
from xinyong.records.ingest.importer import ImportOptions, ImportSummary, import_file
from xinyong.settings import Settings, load_settings


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    with postgres_schema("t") as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return load_settings(
        {
            "XINYONG_ENV": "test",
            "XINYONG_INSTANCE_DIR": str(tmp_path / "instance"),
            "XINYONG_DATABASE_URL": db_url,
            "XINYONG_INDEX_DIR": str(tmp_path / "index"),
        }
    )


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
        path = fixture_path(path)
        options.setdefault("now", FIXED_NOW)
        return import_file(
            session_factory, path, ImportOptions(id_hash_key=settings.id_hash_key_bytes, **options)
        )

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


@pytest.fixture
def cli(runner) -> Callable[..., str]:
    """Run an `xinyong` command in the test app; fails the test with its output unless it succeeds.
    Paths are passed as strings; returns the output."""

    def run(*args: str | Path, input: str | None = None) -> str:
        result = runner.invoke(args=[str(a) for a in args], input=input)
        assert result.exit_code == 0, (args, result.output)
        return result.output

    return run


@pytest.fixture
def import_files(cli) -> Callable[..., None]:
    """`xinyong import` each file in turn (a name under tests/fixtures/ or a path), each must succeed."""

    def run(*files: str | Path) -> None:
        for file in files:
            cli("import", fixture_path(file))

    return run


@pytest.fixture
def admin_client(client, runner):
    """The test client signed in as a platform administrator (`admin`, support.admin.PASSWORD)."""
    create_operator(runner, "admin", name="市信用办")
    sign_in(client, "admin", PASSWORD)
    return client


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
