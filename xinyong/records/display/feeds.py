"""Atom feeds of new publications: all, per domain, per department, per subject.

Newest first by id (the order records are collected in), only records in force, at most
FEED_SIZE entries: a reader polls the feed and sees what is new since its last visit.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.records.display.summaries import RecordSummary, record_summaries
from xinyong.records.record_types import in_force_rules

FEED_SIZE = 50
ENTITIES = tuple((key, model, rule) for key, (model, rule) in in_force_rules().items())


def feed_entries(
    session: Session,
    today: date,
    *,
    domain: str | None = None,
    department: int | None = None,
    subject_id: int | None = None,
) -> list[tuple[RecordSummary, object]]:
    """(summary, collected_at) of the newest published records matching the one filter."""
    found: list[tuple[str, int, datetime]] = []
    for entity, model, rule in ENTITIES:
        if entity == "list_entry" and subject_id is None:
            continue  # list entries are in the subject's feed; the others are 双公示 feeds
        query = select(model.id, model.collected_at).where(rule(today))
        if domain is not None:
            query = query.where(model.domain_code == domain)
        if department is not None:
            query = query.where(model.department_id == department)
        if subject_id is not None:
            query = query.where(model.subject_id == subject_id)
        found += [
            (entity, i, at) for i, at in session.execute(query.order_by(model.id.desc()).limit(FEED_SIZE))
        ]
    found.sort(key=lambda e: e[2], reverse=True)
    found = found[:FEED_SIZE]
    collected = {(e, i): at for e, i, at in found}
    summaries = record_summaries(session, [(e, i) for e, i, _ in found])
    return [(s, collected[(s.entity, s.id)]) for s in summaries]
