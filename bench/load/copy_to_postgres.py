"""Copy the SQLite benchmark database into PostgreSQL, so that the load test can measure the
production stack on the same 1,000,000 subjects (generating them again through the importer
takes 15 minutes; copying takes a few).

Usage: .venv/bin/python bench/load/copy_to_postgres.py SQLITE_PATH POSTGRES_URL
The PostgreSQL schema is created (or upgraded) by the portal's migrations and emptied first;
rows keep their ids, so the Whoosh index built from the SQLite copy fits this one too. The
database's own full text over penalty facts (a native structure per database) is not copied:
no route of the load test uses it.
"""

from __future__ import annotations

import sqlite3
import sys
import time

from sqlalchemy import text

from xinyong.records import migrate
from xinyong.records.db import Base, make_engine

BATCH = 20_000


def copy_table(source: sqlite3.Connection, raw, table) -> int:
    columns = [c.name for c in table.columns]
    listing = ", ".join(f'"{c}"' for c in columns)
    rows = source.execute(f'SELECT {listing} FROM "{table.name}" ORDER BY rowid')
    count = 0
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({listing}) FROM STDIN') as copy:
        # SQLite hands back dates and times as ISO text and booleans as 0/1; PostgreSQL's text
        # input reads both as they are.
        while batch := rows.fetchmany(BATCH):
            for row in batch:
                copy.write_row(row)
            count += len(batch)
    return count


def main() -> None:
    sqlite_path, postgres_url = sys.argv[1], sys.argv[2]
    engine = make_engine(postgres_url)
    migrate.upgrade(engine)
    tables = Base.metadata.sorted_tables
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE " + ", ".join(f'"{t.name}"' for t in tables) + " CASCADE"))
    source = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    raw = engine.raw_connection()
    try:
        for table in tables:
            started = time.perf_counter()
            count = copy_table(source, raw.driver_connection, table)
            raw.driver_connection.commit()
            print(f"{table.name}: {count} rows in {time.perf_counter() - started:.1f} s", flush=True)
    finally:
        raw.close()
    with engine.begin() as connection:
        for table in tables:
            if "id" in table.columns and table.columns["id"].autoincrement is not False:
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                        f'COALESCE((SELECT max(id) FROM "{table.name}"), 0) + 1, false) '
                        f"WHERE pg_get_serial_sequence('\"{table.name}\"', 'id') IS NOT NULL"
                    )
                )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ANALYZE"))


if __name__ == "__main__":
    main()
