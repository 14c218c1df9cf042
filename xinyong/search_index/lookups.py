"""Exact lookups that the database answers better than any text index: codes, document numbers.

Every lookup answers with published things only (issue 11 §5): a document number finds only
records in force (`records/publication/in_force.py`, the one definition) — never a minor's withheld
penalty, an expired, repaired or withdrawn one —, and the subjects it leads to are those of
published records and never natural persons (a person has no public profile; the record page
shows the name the record publishes). Code and name lookups never return natural persons.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.records.clock import today_local
from xinyong.records.display.code_suggestions import one_slip_codes
from xinyong.records.identifiers import (
    IdentifierError,
    normalize_code,
    validate_uscc,
)
from xinyong.records.ingest.values import document_key
from xinyong.records.models import Licence, Penalty, Subject
from xinyong.records.models.subjects import KIND_PERSON
from xinyong.records.publication.in_force import licence_in_force, penalty_in_force
from xinyong.records.record_types import in_force_rules


def subjects_by_code(session: Session, query_class: str, text: str) -> tuple[list[int], list[str]]:
    """(subject ids, did-you-mean codes) for a code the user typed."""
    code = normalize_code(text)
    public = Subject.kind != KIND_PERSON
    if query_class == "uscc":
        try:
            code = validate_uscc(code)
        except IdentifierError:
            # The check digit says a character is wrong: offer the codes one slip away (one
            # character replaced, or two neighbours swapped) that exist here.
            candidates = one_slip_codes(code)
            # `uscc IN (…)` never matches NULL; the test only tells the type checker so.
            known = (
                [
                    u
                    for u in session.scalars(select(Subject.uscc).where(Subject.uscc.in_(candidates), public))
                    if u is not None
                ]
                if candidates
                else []
            )
            return [], sorted(known)
        return list(session.scalars(select(Subject.id).where(Subject.uscc == code, public))), []
    if query_class == "org_code":
        code = code.replace("-", "")
        return list(session.scalars(select(Subject.id).where(Subject.org_code == code, public))), []
    if query_class == "reg_no":
        return list(session.scalars(select(Subject.id).where(Subject.reg_no == code, public))), []
    return [], []


def records_by_document_number(
    session: Session, text: str, limit: int = 50, today: date | None = None
) -> list[tuple[str, int]]:
    """(entity, id) of published licences and penalties whose 文号 (or 许可编号) is the one
    typed."""
    today = today or today_local()
    key = document_key(text)
    found: list[tuple[str, int]] = []
    for entity, model, rule in (
        ("penalty", Penalty, penalty_in_force(today)),
        ("licence", Licence, licence_in_force(today)),
    ):
        # The natural key starts with the folded document number: a range scan on its index.
        prefix = key + "|"
        found.extend(
            (entity, i)
            for i in session.scalars(
                select(model.id)
                .where(model.natural_key >= prefix, model.natural_key < prefix + "\uffff", rule)
                .limit(limit)
            )
        )
    found.extend(
        ("licence", i)
        for i in session.scalars(
            select(Licence.id).where(Licence.licence_no == text.strip(), licence_in_force(today)).limit(limit)
        )
    )
    return list(dict.fromkeys(found))


_PUBLISHED = in_force_rules()


def published_records(
    session: Session, keys: list[tuple[str, int]], today: date | None = None
) -> list[tuple[str, int]]:
    """The records of `keys` that are in force today, in the given order: what a text index
    found is checked again, so a record that left force before the index caught up (withdrawn,
    repaired, expired this morning) is never listed."""
    today = today or today_local()
    wanted: dict[str, list[int]] = defaultdict(list)
    for entity, record_id in keys:
        wanted[entity].append(record_id)
    ok: set[tuple[str, int]] = set()
    for entity, ids in wanted.items():
        published = _PUBLISHED.get(entity)
        if published is not None:
            model, rule = published
            ok.update(
                (entity, i) for i in session.scalars(select(model.id).where(model.id.in_(ids), rule(today)))
            )
    return [k for k in keys if k in ok]


def subjects_of_records(
    session: Session, records: list[tuple[str, int]], today: date | None = None
) -> list[int]:
    """Subjects reached through published records, natural persons never (no public profile)."""
    ids: list[int] = []
    for entity, model in (("penalty", Penalty), ("licence", Licence)):
        wanted = [i for e, i in published_records(session, records, today) if e == entity]
        if wanted:
            ids.extend(
                session.scalars(
                    select(model.subject_id)
                    .join(Subject, Subject.id == model.subject_id)
                    .where(model.id.in_(wanted), Subject.kind != KIND_PERSON)
                )
            )
    return list(dict.fromkeys(ids))


def subjects_by_code_prefix(session: Session, prefix: str, limit: int) -> list[int]:
    """Subjects whose USCC starts with what has been typed so far (a range scan on its index)."""
    return list(
        session.scalars(
            select(Subject.id)
            .where(Subject.uscc >= prefix, Subject.uscc < prefix + "\uffff", Subject.kind != KIND_PERSON)
            .order_by(Subject.uscc)
            .limit(limit)
        )
    )


def subjects_by_exact_name(session: Session, text: str, limit: int = 10) -> list[int]:
    """Subjects whose current name is exactly what was typed (the name column's index)."""
    name = text.strip()
    return list(
        session.scalars(
            select(Subject.id).where(Subject.name == name, Subject.kind != KIND_PERSON).limit(limit)
        )
    )
