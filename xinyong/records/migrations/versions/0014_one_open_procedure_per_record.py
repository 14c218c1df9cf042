"""one open repair or objection per record

Revision ID: 0014
Revises: 0009
Create Date: 2026-11-26 01:20:00

A unique partial index on (kind, entity, record_id) over open cases (已提交, 已受理): the check in
records/procedures.py answers the second applicant, this holds when two applications race.
Existing duplicates (from such a race) are left open but all except the first are refused with a
step explaining why, so the index can be built.
"""
import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0009'
branch_labels = None
depends_on = None

OPEN = "status IN ('已提交', '已受理')"
REASON = "同一信息已有正在办理的申请，本申请不予受理（系统升级时处理重复申请）"


def upgrade() -> None:
    bind = op.get_bind()
    duplicates = bind.execute(sa.text(
        f"SELECT id FROM procedure_cases c WHERE {OPEN} AND EXISTS ("
        f"SELECT 1 FROM procedure_cases o WHERE o.kind = c.kind AND o.entity = c.entity "
        f"AND o.record_id = c.record_id AND o.{OPEN} AND o.id < c.id)")).scalars().all()  # noqa: S608 - constants
    for case_id in duplicates:
        bind.execute(sa.text("UPDATE procedure_cases SET status = '不予受理', decision_reason = :r "
                             "WHERE id = :id"), {"r": REASON, "id": case_id})
        bind.execute(sa.text("INSERT INTO procedure_steps (case_id, status, note, at) "
                             "VALUES (:id, '不予受理', :r, CURRENT_TIMESTAMP)"),
                     {"r": REASON, "id": case_id})
    op.create_index('uq_procedure_cases_open', 'procedure_cases', ['kind', 'entity', 'record_id'],
                    unique=True, sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))


def downgrade() -> None:
    op.drop_index('uq_procedure_cases_open', table_name='procedure_cases')
