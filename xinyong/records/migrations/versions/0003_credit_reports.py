"""issued credit reports

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'credit_reports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('number', sa.String(length=40), nullable=False),
        sa.Column('subject_id', sa.Integer(), nullable=False),
        sa.Column('generated_at', sa.DateTime(), nullable=False),
        sa.Column('data_version', sa.String(length=40), nullable=False),
        sa.Column('content', sa.JSON(), nullable=False),
        sa.Column('content_sha256', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['subject_id'], ['subjects.id'],
                                name=op.f('fk_credit_reports_subject_id_subjects')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_credit_reports')),
        sa.UniqueConstraint('number', name=op.f('uq_credit_reports_number')),
    )
    op.create_index(op.f('ix_credit_reports_subject_id'), 'credit_reports', ['subject_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_credit_reports_subject_id'), table_name='credit_reports')
    op.drop_table('credit_reports')
