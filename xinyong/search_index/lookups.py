"""Exact lookups that the database answers better than any text index: codes, document numbers."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.records.identifiers import (
    IdentifierError,
    normalize_code,
    suggest_uscc_corrections,
    validate_uscc,
)
from xinyong.records.models import Licence, Penalty, Subject
from xinyong.records.models.subjects import KIND_PERSON
from xinyong.records.values import document_key


def subjects_by_code(session: Session, query_class: str, text: str) -> tuple[list[int], list[str]]:
    """(subject ids, did-you-mean codes) for a code the user typed."""
    code = normalize_code(text)
    public = Subject.kind != KIND_PERSON
    if query_class == "uscc":
        try:
            code = validate_uscc(code)
        except IdentifierError:
            # The check digit says a character is wrong: offer the codes one character away
            # that exist here.
            candidates = suggest_uscc_corrections(code)
            known = list(session.scalars(select(Subject.uscc).where(
                Subject.uscc.in_(candidates), public))) if candidates else []
            return [], sorted(known)
        return list(session.scalars(select(Subject.id).where(Subject.uscc == code, public))), []
    if query_class == "org_code":
        code = code.replace("-", "")
        return list(session.scalars(select(Subject.id).where(Subject.org_code == code, public))), []
    if query_class == "reg_no":
        return list(session.scalars(select(Subject.id).where(Subject.reg_no == code, public))), []
    return [], []


def records_by_document_number(session: Session, text: str, limit: int = 50) -> list[tuple[str, int]]:
    """(entity, id) of licences and penalties whose 文号 (or 许可编号) is the one typed."""
    key = document_key(text)
    found: list[tuple[str, int]] = []
    for entity, model in (("penalty", Penalty), ("licence", Licence)):
        # The natural key starts with the folded document number: a range scan on its index.
        prefix = key + "|"
        found.extend((entity, i) for i in session.scalars(
            select(model.id).where(model.natural_key >= prefix, model.natural_key < prefix + "\uffff")
            .limit(limit)))
    found.extend(("licence", i) for i in session.scalars(
        select(Licence.id).where(Licence.licence_no == text.strip()).limit(limit)))
    return list(dict.fromkeys(found))


def subjects_by_code_prefix(session: Session, prefix: str, limit: int) -> list[int]:
    """Subjects whose USCC starts with what has been typed so far (a range scan on its index)."""
    return list(session.scalars(
        select(Subject.id).where(Subject.uscc >= prefix, Subject.uscc < prefix + "\uffff",
                                 Subject.kind != KIND_PERSON).order_by(Subject.uscc).limit(limit)))


def subjects_by_exact_name(session: Session, text: str, limit: int = 10) -> list[int]:
    """Subjects whose current name is exactly what was typed (the name column's index)."""
    name = text.strip()
    return list(session.scalars(select(Subject.id).where(
        Subject.name == name, Subject.kind != KIND_PERSON).limit(limit)))
