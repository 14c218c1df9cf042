"""penalty publication state is not indexed

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25 15:30:00

Six distinct values: without statistics SQLite chose this index over subject_id for a subject's
penalties in force, which made every search page at 1M subjects 137 ms slower.
"""
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('penalties', schema=None) as batch_op:
        batch_op.drop_index('ix_penalties_publication_state')


def downgrade() -> None:
    with op.batch_alter_table('penalties', schema=None) as batch_op:
        batch_op.create_index('ix_penalties_publication_state', ['publication_state'], unique=False)
