"""Creating and migrating the database schema with Alembic (the only way tables are made)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

from xinyong.records.clock import today_local
from xinyong.records.db import make_session_factory, transaction
from xinyong.records.publication.refresh import refresh
from xinyong.records.reference.seed import ensure_reference_data

MIGRATIONS = Path(__file__).parent / "migrations"
# Made by migrations in each database's own dialect, outside the ORM metadata (FTS5 and its
# shadow tables on SQLite, a tsvector table on PostgreSQL): autogenerate must leave them alone.
NATIVE_TABLE_PREFIXES = ("penalty_facts_",)


def include_name(name: str | None, type_: str, parent_names: Mapping[Any, Any]) -> bool:
    return not (type_ == "table" and name and name.startswith(NATIVE_TABLE_PREFIXES))


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(engine: Engine) -> int:
    """Migrate to the newest schema, then add missing reference rows; return rows added."""
    config = alembic_config(str(engine.url.render_as_string(hide_password=False)))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with transaction(make_session_factory(engine)) as session:
        added = ensure_reference_data(session)
        # Penalties from before the publication rules existed get their state now.
        refresh(session, today_local(), reason="publication rules introduced")
        return added


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
