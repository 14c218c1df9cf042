"""counter sessions: secret keys for service centres

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26 01:00:00

Each widget key gets a secret key (stored hashed, found by its prefix) that only the host's back
end holds; `secret_version` goes up on every rotation so that counter sessions minted with an
older secret stop working. Existing keys get no secret until they are rotated.
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN and a unique index, not a batch table rebuild: on SQLite a rebuild drops
    # widget_keys, which check_records rows reference, and fails with foreign keys on.
    op.add_column('widget_keys', sa.Column('secret_prefix', sa.String(length=12), nullable=True))
    op.add_column('widget_keys', sa.Column('secret_hash', sa.String(length=64), nullable=True))
    op.add_column('widget_keys', sa.Column('secret_version', sa.Integer(), nullable=False,
                                           server_default='0'))
    op.add_column('widget_keys', sa.Column('rotated_at', sa.DateTime(), nullable=True))
    op.create_index('ix_widget_keys_secret_prefix', 'widget_keys', ['secret_prefix'], unique=True)


def downgrade() -> None:
    op.drop_index('ix_widget_keys_secret_prefix', table_name='widget_keys')
    with op.batch_alter_table('widget_keys', schema=None) as batch_op:
        batch_op.drop_column('rotated_at')
        batch_op.drop_column('secret_version')
        batch_op.drop_column('secret_hash')
        batch_op.drop_column('secret_prefix')
