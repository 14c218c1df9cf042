"""districts of departments, list periods, 轻微 publication opt-ins

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-26 00:45:00

- departments.level (district | city | province; NULL = not placed, shown as 未分区); existing
  departments are placed from their names (records/reference/districts.py), the functional zones are
  added as districts first;
- list_entries.expires_on (期满移出), filled from each list type's period;
- minor_publication_opt_ins: a department's choice to publish 轻微 penalties (at most 3 months);
- penalties.fine_from_content: the fine was read from 处罚内容 (Chinese numerals included);
- seeded rules corrected where still as seeded: 轻微 not published under 令第36号, 消防 among the
  cases that cannot be repaired early. Penalties those touch lose their derived window, so the
  publication refresh `xinyong db upgrade` runs next derives them again.
"""
from datetime import date

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

_OLD_SAFETY = "food_drug;environment;construction;work_safety;quality"


def upgrade() -> None:
    with op.batch_alter_table('departments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('level', sa.String(length=10), nullable=True))
    with op.batch_alter_table('penalties', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fine_from_content', sa.Boolean(), nullable=True))
    with op.batch_alter_table('list_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_list_entries_expires_on'), ['expires_on'], unique=False)
    op.create_table(
        'minor_publication_opt_ins',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('department_id', sa.Integer(), nullable=False),
        sa.Column('categories', sa.String(length=300), nullable=True),
        sa.Column('months', sa.Integer(), nullable=False),
        sa.Column('effective_from', sa.Date(), nullable=False),
        sa.Column('effective_to', sa.Date(), nullable=True),
        sa.Column('note', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['department_id'], ['departments.id'],
                                name=op.f('fk_minor_publication_opt_ins_department_id_departments')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_minor_publication_opt_ins')),
    )
    with op.batch_alter_table('minor_publication_opt_ins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_minor_publication_opt_ins_department_id'),
                              ['department_id'], unique=False)
    _data(op.get_bind())


def _data(bind) -> None:  # noqa: ANN001
    from xinyong.records.reference.departments import guess_domain
    from xinyong.records.reference.districts import ZONES, place
    from xinyong.records.publication.list_periods import expiry

    meta = sa.MetaData()
    districts = sa.Table('districts', meta, autoload_with=bind)
    departments = sa.Table('departments', meta, autoload_with=bind)
    list_types = sa.Table('list_types', meta, autoload_with=bind)
    entries = sa.Table('list_entries', meta, autoload_with=bind)
    known = set(bind.scalars(sa.select(districts.c.code)))
    names = set(bind.scalars(sa.select(districts.c.name)))
    for code, name, pilot in ZONES:
        if code not in known and name not in names:
            bind.execute(districts.insert().values(code=code, name=name, is_pilot=pilot))
            known.add(code)
    domains = set(bind.scalars(sa.select(sa.Table('domains', meta, autoload_with=bind).c.code)))
    for dept_id, name, district, domain in bind.execute(
            sa.select(departments.c.id, departments.c.name, departments.c.district_code,
                      departments.c.domain_code)).all():
        found = place(name)
        code = district or (found.district_code if found.district_code in known else None)
        level = "district" if code else (found.level if found.level != "district" else None)
        guessed = domain or guess_domain(name)
        bind.execute(departments.update().where(departments.c.id == dept_id)
                     .values(district_code=code, level=level,
                             domain_code=guessed if guessed in domains else domain))
    months = dict(bind.execute(sa.select(list_types.c.code, list_types.c.default_period_months)).all())
    for entry_id, code, entered in bind.execute(
            sa.select(entries.c.id, entries.c.list_type_code, entries.c.entered_on)).all():
        ends = expiry(entered, months.get(code))
        if ends is not None:
            bind.execute(entries.update().where(entries.c.id == entry_id).values(expires_on=ends))
    _correct_seeded_rules(bind, meta)


def _correct_seeded_rules(bind, meta) -> None:  # noqa: ANN001
    periods = sa.Table('publication_periods', meta, autoload_with=bind)
    rules = sa.Table('severity_rules', meta, autoload_with=bind)
    penalties = sa.Table('penalties', meta, autoload_with=bind)
    bind.execute(periods.update().where(periods.c.rule_version == '2025', periods.c.severity == '轻微',
                                        periods.c.min_months == 0, periods.c.max_months == 3)
                 .values(max_months=0))
    bind.execute(rules.update().where(rules.c.domains == _OLD_SAFETY)
                 .values(domains=_OLD_SAFETY + ";fire_safety"))
    bind.execute(penalties.update().where(penalties.c.severity == '轻微',
                                          penalties.c.decision_date >= date(2026, 4, 1))
                 .values(publication_start=None, publication_state=None))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+): a batch recreate of departments would trip the foreign
    # keys of every table that references it.
    with op.batch_alter_table('minor_publication_opt_ins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_minor_publication_opt_ins_department_id'))
    op.drop_table('minor_publication_opt_ins')
    op.drop_index(op.f('ix_list_entries_expires_on'), table_name='list_entries')
    op.drop_column('list_entries', 'expires_on')
    op.drop_column('departments', 'level')
    op.drop_column('penalties', 'fine_from_content')
