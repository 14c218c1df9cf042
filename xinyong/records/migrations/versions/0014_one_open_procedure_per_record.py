"""one open repair or objection per record; supporting documents in the database

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-26 01:20:00

A unique partial index on (kind, entity, record_id) over open cases (已提交, 已受理): the check in
records/procedures/cases.py answers the second applicant, this holds when two applications race.
Existing duplicates (from such a race) are left open but all except the first are refused with a
step explaining why, so the index can be built.

procedure_blobs holds the bytes of supporting documents (once per SHA-256), so every web node
serves them; the files of documents already stored in the upload folder (XINYONG_UPLOAD_DIR,
default <instance>/uploads) are copied in. The files stay where they were (delete them once a
backup of the database holds them); a document whose file is missing keeps its row and
answers 404, as before.
"""
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

OPEN = "status IN ('已提交', '已受理')"
REASON = "同一信息已有正在办理的申请，本申请不予受理（系统升级时处理重复申请）"


def upgrade() -> None:
    bind = op.get_bind()
    query = (f"SELECT id FROM procedure_cases c WHERE {OPEN} AND EXISTS ("  # noqa: S608 - constants
             "SELECT 1 FROM procedure_cases o WHERE o.kind = c.kind AND o.entity = c.entity "
             f"AND o.record_id = c.record_id AND o.{OPEN} AND o.id < c.id)")
    duplicates = bind.execute(sa.text(query)).scalars().all()
    for case_id in duplicates:
        bind.execute(sa.text("UPDATE procedure_cases SET status = '不予受理', decision_reason = :r "
                             "WHERE id = :id"), {"r": REASON, "id": case_id})
        bind.execute(sa.text("INSERT INTO procedure_steps (case_id, status, note, at) "
                             "VALUES (:id, '不予受理', :r, CURRENT_TIMESTAMP)"),
                     {"r": REASON, "id": case_id})
    op.create_table(
        'procedure_blobs',
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('sha256', name=op.f('pk_procedure_blobs')))
    _copy_document_files(bind)
    op.create_index('uq_procedure_cases_open', 'procedure_cases', ['kind', 'entity', 'record_id'],
                    unique=True, sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))


def _copy_document_files(bind) -> None:  # noqa: ANN001
    from xinyong.records.db import utcnow
    from xinyong.settings import load_settings

    root = load_settings().uploads
    blobs = sa.table('procedure_blobs', sa.column('sha256', sa.String),
                     sa.column('data', sa.LargeBinary), sa.column('created_at', sa.DateTime))
    digests = bind.execute(sa.text("SELECT DISTINCT sha256 FROM procedure_documents")).scalars()
    for digest in digests:
        path = Path(root) / digest[:2] / digest
        if len(digest) == 64 and path.is_file():
            bind.execute(blobs.insert().values(sha256=digest, data=path.read_bytes(),
                                               created_at=utcnow()))


def downgrade() -> None:
    op.drop_index('uq_procedure_cases_open', table_name='procedure_cases')
    op.drop_table('procedure_blobs')
