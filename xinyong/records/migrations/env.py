"""Alembic environment: migrations run against the URL given by xinyong.records.migrate."""

from __future__ import annotations

from alembic import context

import xinyong.records.models  # noqa: F401 - registers every table on Base.metadata
from xinyong.records.db import Base, make_engine
from xinyong.records.migrate import include_name

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is not None:
        _run(connectable)
        return
    url = config.get_main_option("sqlalchemy.url")
    if url is None:  # alembic_config always sets it; without it this failed (AttributeError) as now
        raise AttributeError("the Alembic config has no sqlalchemy.url")
    engine = make_engine(url)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `xinyong db upgrade`")
run_migrations_online()
