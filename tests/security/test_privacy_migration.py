"""Attack replay (issue 11 §4): what was stored before the ID finder knew every written form.

Rows holding full ID numbers in the forms the old import let through are written with plain SQL
at revision 0009's schema (penalty text, a subject, a rejected row, a revision, a check record,
a case, the audit log, full-text terms); migration 0012 must mask every one of them, keep what
is not an ID (a USCC, a 文号), rewrite the full-text terms and queue the changed records for
the index.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime

import sqlalchemy as sa
from alembic import command

from xinyong.records import migrate
from xinyong.records.db import make_engine
from xinyong.records.identifiers import make_resident_id
from xinyong.records.pii import contains_full_id, find_ids

A = make_resident_id("420104", date(1985, 3, 17), 123)
B = "11010519491231002X"
WIDE = A.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
USCC = "91110108551385082Q"
_unique = itertools.count(1)


def _insert(conn: sa.Connection, table_name: str, /, **values) -> int:
    """A row with the given values; every other NOT NULL column gets a plain value of its type
    (the table as reflected at this revision, not the ORM models)."""
    table = sa.Table(table_name, sa.MetaData(), autoload_with=conn)
    for column in table.columns:
        if column.name in values or column.nullable or column.primary_key:
            continue
        kind = column.type.python_type if not isinstance(column.type, sa.JSON) else dict
        values[column.name] = {
            str: lambda: f"v{next(_unique)}",
            int: lambda: 0,
            bool: lambda: False,
            date: lambda: date(2026, 11, 12),
            datetime: lambda: datetime(2026, 11, 12, 8),
            dict: dict,
        }[datetime if kind is datetime else kind]()
    result = conn.execute(table.insert().values(**values))
    return result.inserted_primary_key[0] if result.inserted_primary_key else 0


def test_migration_0012_masks_what_was_stored_in_full(db_url):
    engine = make_engine(db_url)
    config = migrate.alembic_config(str(engine.url.render_as_string(hide_password=False)))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0009")
    with engine.begin() as conn:
        batch = _insert(conn, "import_batches", filename=f"处罚{A}.csv", message=f"sfz{A}")
        subject = _insert(
            conn,
            "subjects",
            name=f"王五{A}",
            match_key=f"name:{A}",
            kind="自然人",
            legal_rep=f"ID:{B.lower()}",
        )
        penalty = _insert(
            conn,
            "penalties",
            subject_id=subject,
            batch_id=batch,
            subject_name="王五",
            subject_kind="自然人",
            decision_no="武市监处罚〔2026〕420105202405060001号",
            facts=f"当事人sfz{A}拒不整改",
            remarks=f"ID:{B.lower()}",
            content=f"经办人{WIDE}",
            basis=f"依据；当事人{A[:6]}-{A[6:14]}-{A[14:]}；代码{USCC}",
            categories="罚款",
            authority="武汉市市场监督管理局",
            decision_date=date(2026, 11, 12),
            natural_key="武市监处罚〔2026〕420105202405060001号|武汉市市场监督管理局",
        )
        _insert(
            conn,
            "rejected_rows",
            batch_id=batch,
            row_number=2,
            values={"违法事实": f"sfz{A}", "证件号码": "420104********1238"},
            errors=[{"column": "备注", "value": f"ID:{B.lower()}", "reason": "内容过长"}],
        )
        _insert(
            conn,
            "record_revisions",
            batch_id=batch,
            record_table="penalties",
            record_id=penalty,
            revision=1,
            values={"facts": f"当事人sfz{A}"},
        )
        _insert(conn, "approval_types", code="gov_procurement", name="政府采购")
        centre = _insert(conn, "service_centres", name="市民之家")
        key = _insert(conn, "widget_keys", centre_id=centre, origins=["http://counter.example"])
        _insert(
            conn,
            "check_records",
            centre_id=centre,
            key_id=key,
            approval_type_code="gov_procurement",
            query_entered=f"王五 {A}",
            query_normalised=f"王五{A}",
            result={"query": f"王五 {A}"},
        )
        _insert(
            conn,
            "audit_log",
            operator="admin",
            action="edit",
            target=f"penalty:{penalty}",
            after={"facts": f"sfz{A}", "note": [f"ID:{B}"]},
        )
        _insert(
            conn,
            "procedure_cases",
            kind="objection",
            entity="penalty",
            record_id=penalty,
            status="submitted",
            applicant="王五",
            contact_name="王五",
            statement=f"本人身份证{WIDE}，请更正",
        )
        if engine.dialect.name == "sqlite":
            conn.execute(
                sa.text("INSERT INTO penalty_facts_fts(rowid, terms) VALUES (:i, :t)"),
                {"i": penalty, "t": f"当事 事人 sfz{A.lower()}"},
            )
        else:
            conn.execute(
                sa.text(
                    "INSERT INTO penalty_facts_terms(penalty_id, terms) "
                    "VALUES (:i, to_tsvector('simple', :t))"
                ),
                {"i": penalty, "t": f"当事 事人 sfz{A.lower()}"},
            )
        before = sa.inspect(conn).get_table_names()

    migrate.upgrade(engine)  # 0012 (and whatever follows it), as `xinyong db upgrade` runs it

    with engine.connect() as conn:
        dumps = {
            t: " ".join(str(r) for r in conn.execute(sa.text(f'SELECT * FROM "{t}"')))
            for t in before
            if t != "alembic_version"
        }
        outbox = set(conn.execute(sa.text("SELECT entity, entity_id FROM outbox")).all())
        facts = conn.execute(sa.text("SELECT facts, basis, decision_no FROM penalties")).one()
    leaks = {
        t: [d[f.start - 20 : f.end] for f in find_ids(d)] or d
        for t, d in dumps.items()
        if contains_full_id(d) or A in d or B in d
    }
    assert leaks == {}
    assert facts.facts == "当事人sfz420104********1238拒不整改"
    assert USCC in facts.basis and "420104********1238" in facts.basis
    assert facts.decision_no == "武市监处罚〔2026〕420105202405060001号"  # a 文号 is left alone
    assert "110105********002X" in dumps["check_records"] + dumps["audit_log"]
    assert "420104********1238" in dumps["procedure_cases"] and "sfz" in dumps["rejected_rows"]
    assert ("penalty", penalty) in outbox and ("subject", subject) in outbox
    engine.dispose()
