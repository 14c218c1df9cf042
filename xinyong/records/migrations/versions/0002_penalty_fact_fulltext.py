"""full-text search over penalty facts (违法事实), in the database's own engine

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

Not ORM tables: each database gets its native structure — an SQLite FTS5 table (rowid = the
penalty's id) or a PostgreSQL tsvector column with a GIN index. Both hold the facts as
space-separated character bigrams, so phrase queries are substring queries for Chinese text.
"""
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE penalty_facts_fts USING fts5(terms)")
    else:
        op.execute("CREATE TABLE penalty_facts_terms ("
                   " penalty_id INTEGER PRIMARY KEY REFERENCES penalties(id) ON DELETE CASCADE,"
                   " terms TSVECTOR NOT NULL)")
        op.execute("CREATE INDEX ix_penalty_facts_terms ON penalty_facts_terms USING GIN (terms)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE penalty_facts_fts")
    else:
        op.execute("DROP TABLE penalty_facts_terms")
