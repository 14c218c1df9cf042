"""Index documents built from the database: subjects, and the records published about them.

Built in chunks with one aggregate query per chunk (former names, lists in force, counts),
never one query per subject: a rebuild reads 1,000,000 subjects.
Natural persons get no subject document (a person is not a searchable "credit profile");
their published records are indexed under the name the record carries.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xinyong.records.models import Licence, ListEntry, ListType, Penalty, Subject, SubjectName
from xinyong.records.models.subjects import KIND_PERSON
from xinyong.records.publication.in_force import licence_in_force, list_entry_in_force, penalty_in_force
from xinyong.records.record_types import InForce
from xinyong.search_index.text.analysis import (
    bigrams,
    deletions,
    fold,
    initials,
    name_core,
    name_key,
    name_parts,
    pinyin_syllables,
    pinyin_terms,
)

CHUNK = 5000
IdRange = tuple[int, int | None]  # (after, up to): after < id <= up to; None: no upper bound
INITIAL_PREFIXES = (2, 3, 4)  # brands are two to four characters long


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def subject_documents(
    session: Session, today: date, ids: Iterable[int] | None = None, within: IdRange | None = None
) -> Iterator[dict[str, Any]]:
    """Documents for the given subject ids (all subjects when None, or those `within` an id
    range: after < id <= up to), in id order."""
    columns = (Subject.id, Subject.kind, Subject.name, Subject.district_code, Subject.domain_code)
    if ids is not None:
        for chunk in _chunks(sorted(set(ids))):
            rows = session.execute(select(*columns).where(Subject.id.in_(chunk))).all()
            yield from _subject_chunk(session, today, rows)
        return
    last, upto = within or (0, None)
    while True:
        scan = select(*columns).where(Subject.id > last)
        if upto is not None:
            scan = scan.where(Subject.id <= upto)
        rows = session.execute(scan.order_by(Subject.id).limit(CHUNK)).all()
        if not rows:
            return
        last = rows[-1].id
        yield from _subject_chunk(session, today, rows)


def _subject_chunk(session: Session, today: date, rows) -> Iterator[dict[str, Any]]:
    ids = [r.id for r in rows if r.kind != KIND_PERSON]
    former: dict[int, list[str]] = defaultdict(list)
    for sid, name in session.execute(
        select(SubjectName.subject_id, SubjectName.name).where(SubjectName.subject_id.in_(ids))
    ):
        former[sid].append(name)
    lists: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for sid, code, color in session.execute(
        select(ListEntry.subject_id, ListEntry.list_type_code, ListType.color)
        .join(ListType, ListType.code == ListEntry.list_type_code)
        .where(ListEntry.subject_id.in_(ids), list_entry_in_force(today))
    ):
        lists[sid].add((code, color))
    in_force: dict[int, int] = defaultdict(int)
    for model, rule in ((Penalty, penalty_in_force(today)), (Licence, licence_in_force(today))):
        for sid, count in session.execute(
            select(model.subject_id, func.count())
            .where(model.subject_id.in_(ids), rule)
            .group_by(model.subject_id)
        ):
            in_force[sid] += count
    for r in rows:
        if r.kind == KIND_PERSON:
            continue
        yield subject_document(
            r.id, r.kind, r.name, former[r.id], r.district_code, r.domain_code, lists[r.id], in_force[r.id]
        )


def subject_document(
    subject_id: int,
    kind: str,
    name: str,
    former: list[str],
    district: str | None,
    domain: str | None,
    lists: set[tuple[str, str]],
    in_force: int,
) -> dict[str, Any]:
    names = [name, *former]
    cores = list(dict.fromkeys(name_core(n) for n in names))
    # Brands as people abbreviate them: initials (ht for 恒通) and whole pinyin (hengtong).
    brands = [b for n in names if (b := _brand_syllables(n))]
    doc: dict[str, Any] = {
        "id": str(subject_id),
        "name_core": cores[0],
        "name": fold(name),
        "core": " ".join(dict.fromkeys(t for c in cores for t in bigrams(c))),
        "key": " ".join(dict.fromkeys(name_key(n) for n in names)),
        "py": " ".join(
            dict.fromkeys([*(t for c in cores for t in pinyin_terms(c)), *("".join(b) for b in brands)])
        ),
        "ini": " ".join(
            dict.fromkeys(
                [*(i for c in cores if (i := initials(c))), *("".join(x[0] for x in b) for b in brands)]
            )
        ),
        "inip": " ".join(
            dict.fromkeys(
                i[:k] for c in cores if len(i := initials(c)) > 2 for k in INITIAL_PREFIXES if k < len(i)
            )
        ),
        "near": " ".join(dict.fromkeys(d for c in cores for d in deletions(c))),
        "kind": kind,
        "in_force": in_force,
    }
    if district:
        doc["district"] = district
    if domain:
        doc["domain"] = domain
    colors = {color for _, color in lists}
    doc["flag"] = next((c for c in ("black", "watch", "red") if c in colors), "none")
    if lists:
        doc["lists"] = " ".join(sorted(code for code, _ in lists))
        doc["colors"] = " ".join(sorted(colors))
    return with_digest(doc)


def _brand_syllables(name: str) -> tuple[str, ...]:
    """The brand's syllables, cut from the core's (one per character when the core is all
    Chinese, which saves converting the brand again); empty when the brand is the core."""
    parts = name_parts(name)
    if not parts.brand or not parts.trade:
        return ()
    syllables = tuple(pinyin_syllables(parts.core))
    if len(syllables) == len(parts.core):
        return syllables[: len(parts.brand)]
    return tuple(pinyin_syllables(parts.brand))


def with_digest(doc: dict[str, Any]) -> dict[str, Any]:
    payload = json.dumps(doc, sort_keys=True, ensure_ascii=False).encode("utf-8")
    doc["digest"] = hashlib.blake2b(payload, digest_size=12).hexdigest()
    return doc


# entity → (model, in-force rule, date column, columns giving the searchable topic text); the
# model is Any, as in record_types.models(): the three classes share their columns by convention.
RECORD_ENTITIES: dict[str, tuple[Any, InForce, Any, tuple[Any, ...]]] = {
    # The deciding authority is a facet (department), not text: its long name would add ten
    # bigrams to every record for little search value.
    "penalty": (
        Penalty,
        penalty_in_force,
        Penalty.decision_date,
        (Penalty.violation_type, Penalty.categories),
    ),
    "licence": (
        Licence,
        licence_in_force,
        Licence.decision_date,
        (Licence.doc_name, Licence.cert_name, Licence.category),
    ),
    "list_entry": (ListEntry, list_entry_in_force, ListEntry.entered_on, (ListEntry.list_type_code,)),
}


def record_documents(
    session: Session,
    today: date,
    entity: str,
    ids: Iterable[int] | None = None,
    within: IdRange | None = None,
) -> Iterator[dict[str, Any]]:
    """Documents for published records of one entity type (all when ids is None, or those
    `within` an id range)."""
    model, rule, decided, topic = RECORD_ENTITIES[entity]
    department = model.department_id
    category = getattr(model, "categories", None) or getattr(model, "category", None)
    columns = [
        model.id,
        model.subject_name,
        decided,
        model.domain_code,
        model.district_code,
        department,
        *topic,
    ]
    if category is not None:
        columns.append(category.label("category_value"))
    if entity == "list_entry":
        columns.append(ListEntry.list_type_code.label("list_type"))
    base = select(*columns).where(rule(today))

    def build(rows) -> Iterator[dict[str, Any]]:
        for r in rows:
            yield _record_document(entity, r, topic)

    if ids is not None:
        for chunk in _chunks(sorted(set(ids))):
            yield from build(session.execute(base.where(model.id.in_(chunk))))
        return
    last, upto = within or (0, None)
    if upto is not None:
        base = base.where(model.id <= upto)
    while True:
        rows = session.execute(base.where(model.id > last).order_by(model.id).limit(CHUNK)).all()
        if not rows:
            return
        last = rows[-1].id
        yield from build(rows)


def _record_document(entity: str, r, topic) -> dict[str, Any]:
    when: date = r[2]
    text_parts = [getattr(r, col.key) for col in topic]
    doc: dict[str, Any] = {
        "id": f"{entity}:{r.id}",
        "type": entity,
        "subject": " ".join(bigrams(name_core(r.subject_name))),
        "text": " ".join(dict.fromkeys(t for part in text_parts if part for t in bigrams(str(part)))),
        "year": str(when.year),
        "decided": when.year * 10000 + when.month * 100 + when.day,
    }
    for field, value in (
        ("domain", r.domain_code),
        ("district", r.district_code),
        ("department", r.department_id),
    ):
        if value is not None:
            doc[field] = str(value)
    value = getattr(r, "category_value", None)
    if value:
        doc["category"] = " ".join(value.split(";"))
    if entity == "list_entry":
        doc["list_type"] = r.list_type
    return with_digest(doc)
