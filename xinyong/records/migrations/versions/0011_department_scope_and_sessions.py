"""department delivery delegations, operator session versions, sign-in throttles

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26 01:00:00

A department may deliver for another only through `delivery_delegations`; `session_version`
lets logout, password changes and deactivation end every copy of a session; failed sign-ins
are counted per username and client address in `login_throttles` (the per-account counters on
`operators` are no longer used for locking).
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('delivery_delegations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('for_department_id', sa.Integer(), nullable=False),
    sa.Column('granted_by', sa.String(length=50), nullable=False),
    sa.Column('granted_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_delivery_delegations_department_id_departments')),
    sa.ForeignKeyConstraint(['for_department_id'], ['departments.id'], name=op.f('fk_delivery_delegations_for_department_id_departments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery_delegations')),
    sa.UniqueConstraint('department_id', 'for_department_id', name='uq_delivery_delegations_pair')
    )
    with op.batch_alter_table('delivery_delegations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delivery_delegations_department_id'), ['department_id'], unique=False)

    op.create_table('login_throttles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=50), nullable=False),
    sa.Column('address', sa.String(length=45), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('last_failure_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_throttles')),
    sa.UniqueConstraint('username', 'address', name='uq_login_throttles_pair')
    )
    with op.batch_alter_table('login_throttles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_throttles_last_failure_at'), ['last_failure_at'], unique=False)

    with op.batch_alter_table('operators', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('operators', schema=None) as batch_op:
        batch_op.drop_column('session_version')
    with op.batch_alter_table('login_throttles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_throttles_last_failure_at'))
    op.drop_table('login_throttles')
    with op.batch_alter_table('delivery_delegations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delivery_delegations_department_id'))
    op.drop_table('delivery_delegations')
