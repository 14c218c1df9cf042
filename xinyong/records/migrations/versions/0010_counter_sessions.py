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
    with op.batch_alter_table('widget_keys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('secret_prefix', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('secret_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('secret_version', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('rotated_at', sa.DateTime(), nullable=True))
        batch_op.create_unique_constraint('uq_widget_keys_secret_prefix', ['secret_prefix'])


def downgrade() -> None:
    with op.batch_alter_table('widget_keys', schema=None) as batch_op:
        batch_op.drop_constraint('uq_widget_keys_secret_prefix', type_='unique')
        batch_op.drop_column('rotated_at')
        batch_op.drop_column('secret_version')
        batch_op.drop_column('secret_hash')
        batch_op.drop_column('secret_prefix')
