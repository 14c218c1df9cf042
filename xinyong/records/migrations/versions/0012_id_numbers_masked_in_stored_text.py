"""ID numbers masked in stored text (data only)

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-26 01:00:00

The ID finder (records/pii.py) now knows written forms the import let through — an ID next to
ASCII letters (`sfz4201…`, `ID:…x`), in full-width digits, grouped with spaces or hyphens, a
"姓名 + ID" check query. Every stored text that can hold a department's, a citizen's or an
operator's text is masked again here, in batches of BATCH rows, on SQLite and PostgreSQL:
records' free text and published codes, subjects' names, rejected rows and revisions (JSON),
check records, repair/objection cases and steps, the audit log, batch messages, notes, and
credit-report snapshots (their digest recomputed, so verification still passes). Penalties
whose facts changed get their full-text terms rewritten, and every changed record or subject
an outbox event, so that `xinyong maintain` (or `index update` and `opendata build`) brings
the search index and the open-data files up to date. Not reversible: masking loses the digits.
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

BATCH = 1000
_CODES = ("tax_no", "institution_no", "social_org_no")  # not reg_no/org_code: subjects match by them
_RECORD = ("subject_name", "legal_rep", *_CODES)
# table → (text columns, JSON columns, outbox entity or None)
TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...], str | None]] = {
    "penalties": ((*_RECORD, "violation_type", "facts", "basis", "content", "licence_affected",
                   "remarks", "legacy_title", "legacy_status"), (), "penalty"),
    "licences": ((*_RECORD, "doc_name", "cert_name", "category_detail", "content", "remarks",
                  "legacy_title", "legacy_approval_kind", "status"), (), "licence"),
    "list_entries": (("subject_name", "reason", "remarks"), (), "list_entry"),
    "commitments": (("subject_name", "matter", "content", "remarks", "fulfilment"), (), "commitment"),
    "joint_cases": (("title", "subject_name", "list_name", "measures", "description"), (),
                    "joint_case"),
    "subjects": (("name", "legal_rep", *_CODES, "match_key"), (), "subject"),
    "subject_names": (("name",), (), None),
    "rejected_rows": ((), ("values", "errors"), None),
    "record_revisions": ((), ("values",), None),
    "check_records": (("query_entered", "query_normalised", "operator_ref"), ("result",), None),
    "procedure_cases": (("applicant", "contact_name", "statement", "commitment",
                         "decision_reason"), (), None),
    "procedure_steps": (("note",), ("details",), None),
    "procedure_documents": (("filename",), (), None),
    "audit_log": (("target",), ("before", "after"), None),
    "import_batches": (("filename", "message"), ("headers",), None),
    "publication_changes": (("reason",), (), None),
    "severity_rules": (("note",), (), None),
    "calendar_overrides": (("note",), (), None),
    "credit_reports": ((), ("content",), None),
}


def _mask(value: Any) -> Any:  # noqa: ANN401 - any JSON value
    from xinyong.records.pii import mask_ids_in_text

    if isinstance(value, str):
        return mask_ids_in_text(value)
    if isinstance(value, list):
        return [_mask(v) for v in value]
    if isinstance(value, dict):
        return {_mask(k): _mask(v) for k, v in value.items()}
    return value


def _remask_table(conn: sa.Connection, name: str, texts: tuple[str, ...], jsons: tuple[str, ...]
                  ) -> list[Any]:
    inspector = sa.inspect(conn)
    existing = {c["name"] for c in inspector.get_columns(name)}
    texts = tuple(c for c in texts if c in existing)
    jsons = tuple(c for c in jsons if c in existing)
    key = inspector.get_pk_constraint(name)["constrained_columns"]
    if not texts and not jsons or len(key) != 1:
        return []
    # Batches in key order (calendar_overrides is keyed by its date, the rest by id).
    table = sa.table(name, sa.column(key[0]),
                     *(sa.column(c, sa.Text) for c in texts),
                     *(sa.column(c, sa.JSON) for c in jsons),
                     *([sa.column("content_sha256", sa.String)] if name == "credit_reports" else []))
    pk = table.c[key[0]]
    columns = [table.c[c] for c in (*texts, *jsons)]
    changed: list[int] = []
    last = None
    while True:
        query = sa.select(pk.label("key_"), *columns).order_by(pk).limit(BATCH)
        rows = conn.execute(query if last is None else query.where(pk > last)).all()
        if not rows:
            return changed
        last = rows[-1].key_
        updates = []
        for row in rows:
            new = {c: _mask(getattr(row, c)) for c in (*texts, *jsons)}
            diff = {c: v for c, v in new.items() if v != getattr(row, c)}
            if diff:
                if name == "credit_reports":
                    from xinyong.records.reports.snapshots import content_digest

                    diff["content_sha256"] = content_digest(diff["content"])
                updates.append((row.key_, diff))
        for row_key, diff in updates:
            if "match_key" in diff and conn.execute(sa.select(pk).where(
                    table.c.match_key == diff["match_key"])).first() is not None:
                # A subject matched by a name holding an ID: its masked key is taken already.
                diff["match_key"] = f"{diff['match_key']}#{row_key}"[:120]
            conn.execute(sa.update(table).where(pk == row_key).values(**diff))
            changed.append(row_key)


def _refresh_fact_terms(conn: sa.Connection, penalty_ids: list[int]) -> None:
    from xinyong.search_index.fulltext import fact_terms

    sqlite = conn.dialect.name == "sqlite"
    present = set(sa.inspect(conn).get_table_names())
    if ("penalty_facts_fts" if sqlite else "penalty_facts_terms") not in present:
        return
    for start in range(0, len(penalty_ids), BATCH):
        chunk = penalty_ids[start:start + BATCH]
        rows = conn.execute(sa.text("SELECT id, facts FROM penalties WHERE id IN :ids")
                            .bindparams(sa.bindparam("ids", expanding=True)), {"ids": chunk}).all()
        for row in rows:
            terms = fact_terms(row.facts)
            if sqlite:
                conn.execute(sa.text("DELETE FROM penalty_facts_fts WHERE rowid = :id"), {"id": row.id})
                if terms:
                    conn.execute(sa.text("INSERT INTO penalty_facts_fts(rowid, terms) "
                                         "VALUES (:id, :terms)"), {"id": row.id, "terms": terms})
            else:
                conn.execute(sa.text("DELETE FROM penalty_facts_terms WHERE penalty_id = :id"),
                             {"id": row.id})
                if terms:
                    conn.execute(sa.text("INSERT INTO penalty_facts_terms(penalty_id, terms) "
                                         "VALUES (:id, to_tsvector('simple', :terms))"),
                                 {"id": row.id, "terms": terms})
    if sqlite:
        # Deleted terms stay in FTS5's segments until they are merged: merge them now. (On
        # PostgreSQL the old rows are dead tuples, gone at the next VACUUM.)
        conn.execute(sa.text("INSERT INTO penalty_facts_fts(penalty_facts_fts) VALUES ('optimize')"))


def upgrade() -> None:
    from xinyong.records.db import utcnow

    conn = op.get_bind()
    present = set(sa.inspect(conn).get_table_names())
    outbox = sa.table("outbox", sa.column("entity", sa.String), sa.column("entity_id", sa.Integer),
                      sa.column("op", sa.String), sa.column("created_at", sa.DateTime))
    for name, (texts, jsons, entity) in TABLES.items():
        if name not in present:
            continue
        changed = _remask_table(conn, name, texts, jsons)
        if name == "penalties" and changed:
            _refresh_fact_terms(conn, changed)
        if entity and changed:
            now = utcnow()
            for start in range(0, len(changed), BATCH):
                conn.execute(sa.insert(outbox), [
                    {"entity": entity, "entity_id": i, "op": "upsert", "created_at": now}
                    for i in changed[start:start + BATCH]])


def downgrade() -> None:
    pass  # masked digits cannot be restored (nor should they be)
