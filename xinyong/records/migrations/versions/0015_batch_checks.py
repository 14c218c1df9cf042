"""batch checks: one receipt for a list of subjects, each line an ordinary check

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-26 04:00:00

Two new tables; check_records is not altered (each line of a batch is an ordinary check row,
linked from check_batch_rows), so no SQLite table rebuild is needed.
"""
import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'check_batches',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('receipt_no', sa.String(length=40), nullable=False),
        sa.Column('centre_id', sa.Integer(), nullable=False),
        sa.Column('key_id', sa.Integer(), nullable=False),
        sa.Column('operator_ref', sa.String(length=100), nullable=True),
        sa.Column('approval_type_code', sa.String(length=40), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=True),
        sa.Column('source', sa.String(length=20), nullable=False),
        sa.Column('row_count', sa.Integer(), nullable=False),
        sa.Column('state_counts', sa.JSON(), nullable=False),
        sa.Column('data_version', sa.String(length=40), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['approval_type_code'], ['approval_types.code'],
                                name=op.f('fk_check_batches_approval_type_code_approval_types')),
        sa.ForeignKeyConstraint(['centre_id'], ['service_centres.id'],
                                name=op.f('fk_check_batches_centre_id_service_centres')),
        sa.ForeignKeyConstraint(['key_id'], ['widget_keys.id'],
                                name=op.f('fk_check_batches_key_id_widget_keys')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_check_batches')),
        sa.UniqueConstraint('receipt_no', name=op.f('uq_check_batches_receipt_no')))
    op.create_index(op.f('ix_check_batches_centre_id'), 'check_batches', ['centre_id'])
    op.create_index(op.f('ix_check_batches_created_at'), 'check_batches', ['created_at'])
    op.create_table(
        'check_batch_rows',
        sa.Column('batch_id', sa.Integer(), nullable=False),
        sa.Column('row_no', sa.Integer(), nullable=False),
        sa.Column('check_id', sa.Integer(), nullable=False),
        sa.Column('name_entered', sa.String(length=200), nullable=True),
        sa.Column('code_entered', sa.String(length=40), nullable=True),
        sa.Column('message', sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(['batch_id'], ['check_batches.id'],
                                name=op.f('fk_check_batch_rows_batch_id_check_batches')),
        sa.ForeignKeyConstraint(['check_id'], ['check_records.id'],
                                name=op.f('fk_check_batch_rows_check_id_check_records')),
        sa.PrimaryKeyConstraint('batch_id', 'row_no', name=op.f('pk_check_batch_rows')),
        sa.UniqueConstraint('check_id', name=op.f('uq_check_batch_rows_check_id')))


def downgrade() -> None:
    op.drop_table('check_batch_rows')
    op.drop_index(op.f('ix_check_batches_created_at'), table_name='check_batches')
    op.drop_index(op.f('ix_check_batches_centre_id'), table_name='check_batches')
    op.drop_table('check_batches')
