"""one open objection per record and contact (no longer per record, whoever applies)

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-26 04:00:00

procedure_cases gains contact_key, the applicant's telephone number reduced to its digits
(records/procedure_limits.contact_key), filled for the cases already stored. 0014's unique
partial index (one open case of a kind per record) is replaced by two: one open repair per
record, and one open objection per record and contact. Nothing existing can break them (the
old rule was stricter). Downgrading restores 0014's index, refusing (as 0014 did) all but the
first of the open objections on a record that several contacts opened meanwhile.
"""
import re

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

OPEN = "status IN ('已提交', '已受理')"
REASON = "同一信息已有正在办理的申请，本申请不予受理（系统降级时处理重复申请）"


def _contact_key(phone: str | None) -> str:
    # A frozen copy of procedure_limits.contact_key: a migration must not change with the code.
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits[:30]


def upgrade() -> None:
    bind = op.get_bind()
    op.add_column('procedure_cases', sa.Column('contact_key', sa.String(length=30), nullable=True))
    rows = bind.execute(sa.text("SELECT id, contact_phone FROM procedure_cases")).all()
    for case_id, phone in rows:
        bind.execute(sa.text("UPDATE procedure_cases SET contact_key = :k WHERE id = :id"),
                     {"k": _contact_key(phone), "id": case_id})
    op.drop_index('uq_procedure_cases_open', table_name='procedure_cases')
    repair = sa.text(f"kind = 'repair' AND {OPEN}")
    objection = sa.text(f"kind = 'objection' AND {OPEN}")
    op.create_index('uq_procedure_cases_open_repair', 'procedure_cases',
                    ['kind', 'entity', 'record_id'], unique=True,
                    sqlite_where=repair, postgresql_where=repair)
    op.create_index('uq_procedure_cases_open_contact', 'procedure_cases',
                    ['kind', 'entity', 'record_id', 'contact_key'], unique=True,
                    sqlite_where=objection, postgresql_where=objection)
    op.create_index('ix_procedure_cases_contact_key', 'procedure_cases', ['contact_key'])


def downgrade() -> None:
    bind = op.get_bind()
    op.drop_index('ix_procedure_cases_contact_key', table_name='procedure_cases')
    op.drop_index('uq_procedure_cases_open_contact', table_name='procedure_cases')
    op.drop_index('uq_procedure_cases_open_repair', table_name='procedure_cases')
    query = (f"SELECT id FROM procedure_cases c WHERE {OPEN} AND EXISTS ("  # noqa: S608 - constants
             "SELECT 1 FROM procedure_cases o WHERE o.kind = c.kind AND o.entity = c.entity "
             f"AND o.record_id = c.record_id AND o.{OPEN} AND o.id < c.id)")
    for case_id in bind.execute(sa.text(query)).scalars().all():
        bind.execute(sa.text("UPDATE procedure_cases SET status = '不予受理', decision_reason = :r "
                             "WHERE id = :id"), {"r": REASON, "id": case_id})
        bind.execute(sa.text("INSERT INTO procedure_steps (case_id, status, note, at) "
                             "VALUES (:id, '不予受理', :r, CURRENT_TIMESTAMP)"),
                     {"r": REASON, "id": case_id})
    op.create_index('uq_procedure_cases_open', 'procedure_cases', ['kind', 'entity', 'record_id'],
                    unique=True, sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))
    op.drop_column('procedure_cases', 'contact_key')
