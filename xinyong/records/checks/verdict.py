"""The counter check (信用核查): who the applicant is, and what applies to this approval.

States, exactly one per check:
NO_RECORD (identified, nothing in force), INCENTIVE (on a red list), HIT (on a black list whose
memorandum restricts this approval type), CAUTION (penalties or lists in force that do not
restrict this approval type), AMBIGUOUS (several candidates: ask for the code), NOT_IDENTIFIED,
ERROR (the check did not run — the caller must never show a clean result then).

Identification is deliberately strict: a code, an exact registered (or former) name, or a
natural person's ID number matched by keyed hash. Anything looser only produces candidates.

Natural persons are identified by the full ID number only (a name, if given, must match too):
a name alone is NOT_IDENTIFIED and never a candidate, so the check is no oracle for ID numbers.
The answer about a person carries only what the operator typed, and "this ID (and name) has
nothing in force" reads the same whether the person is unknown, the name does not match, or a
minor's records are withheld.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from xinyong.records.identifiers import (
    is_valid_org_code,
    is_valid_uscc,
    normalize_code,
    validate_resident_id,
)
from xinyong.records.models import JointMeasure, ListEntry, ListType, Penalty, Subject, SubjectName
from xinyong.records.pii import hash_id_number, mask_id_number, mask_ids_in_text
from xinyong.records.publication.in_force import list_entry_in_force, penalty_in_force

PERSON = "自然人"
STATES = ("NO_RECORD", "INCENTIVE", "HIT", "CAUTION", "AMBIGUOUS", "NOT_IDENTIFIED", "ERROR")

# The seven states in words, for every page a person reads (the codes stay in the API and CSV).
STATE_LABELS = {
    "NO_RECORD": "未发现失信记录",
    "INCENTIVE": "守信激励对象",
    "HIT": "失信惩戒：限制办理",
    "CAUTION": "请审慎办理",
    "AMBIGUOUS": "无法确定主体",
    "NOT_IDENTIFIED": "未识别主体",
    "ERROR": "核查未完成",
}

EXPLANATIONS = {
    "NO_RECORD": "已识别该主体：目前没有在公示期内的失信惩戒、经营异常或行政处罚信息。",
    "INCENTIVE": "该主体在守信激励名单中，可按所列措施给予激励。",
    "HIT": "该主体在失信惩戒名单中，且相关联合惩戒备忘录对本审批事项有限制措施，请按所列措施办理。",
    "CAUTION": "该主体有在公示期内的行政处罚或名单信息，但不涉及本审批事项的限制措施，请审慎办理。",
    "AMBIGUOUS": "有多个可能的主体，无法确定是哪一个。请输入统一社会信用代码后重新核查。",
    "AMBIGUOUS_ONE": "只找到一个名称相近的主体，名称不完全一致，无法确认是否为申请人。"
    "请核对后按统一社会信用代码核查。",
    "NOT_IDENTIFIED": "未能识别该主体。单位请核对名称或输入统一社会信用代码；自然人须输入完整的身份证号码"
    "（可同时填写姓名以便核对），仅凭姓名不能核查自然人。",
    "NO_RECORD_PERSON": "按所填身份证号码（及姓名）未发现在公示期内的失信惩戒或行政处罚信息。"
    "请确认证件号码和姓名与申请人所持证件一致。",
    "ERROR": "核查未能完成，不能据此作出判断。请稍后重试；如仍失败，请联系信用办。",
}


@dataclass
class Identification:
    subject: Subject | None = None
    candidates: list[Subject] = field(default_factory=list)
    query_shown: str = ""  # what the receipt records as entered (an ID number masked)
    query_normalised: str = ""
    used_id_number: bool = False
    person: bool = False  # checked as a natural person (by ID number)
    typed_name: str | None = None  # the person's name as the operator typed it


def identified(who: Identification) -> Subject:
    """The subject of a check whose verdict is still open (`begin` set no state), which always
    has one; a check without one reaching the facts is a bug and fails, never answers "clean"."""
    if who.subject is None:
        raise AttributeError("a check without an identified subject reached its verdict")
    return who.subject


def _fold_name(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def name_forms(query: str) -> set[str]:
    """The forms an exact name is looked up in: folded (NFKC) and as typed, without spaces."""
    return {_fold_name(query), "".join(query.split())}


def split_person(query: str) -> tuple[str, str] | None:
    """ "李四 4201…" (or the number alone) typed into one field: (name, ID), when the last word is
    a valid resident ID number."""
    words = query.split()
    if not words:
        return None
    try:
        number = validate_resident_id(words[-1])
    except ValueError:
        return None
    return " ".join(words[:-1]), number


def identify(
    session: Session,
    query: str,
    id_number: str | None,
    id_hash_key: bytes,
    candidates_for: Callable[[str], list[int]] | None = None,
) -> Identification:
    result = Identification(query_shown=mask_ids_in_text(query.strip(), check_digit=False)[:200])
    if not id_number and (typed := split_person(query)):
        query, id_number = typed
    if id_number:
        return _person(session, result, query, id_number, id_hash_key)
    code = normalize_code(query)
    if (column := code_column(code)) is not None:
        result.query_normalised = code
        return _one_or_many(result, list(session.scalars(select(Subject).where(column == code))))
    if len(code) == 18 and code[:17].isdigit():  # an ID number with a wrong check digit
        result.query_shown = result.query_normalised = mask_id_number(code)
        return result
    name = _fold_name(query)
    result.query_normalised = mask_ids_in_text(name, check_digit=False)[:200]
    # Registered names keep full-width brackets (（有限合伙）), which NFKC folding turns half-width.
    forms = name_forms(query)
    former = select(SubjectName.subject_id).where(SubjectName.name.in_(forms))
    organisations = select(Subject).where(Subject.kind != PERSON)  # persons: by ID number only
    exact = list(session.scalars(organisations.where(or_(Subject.name.in_(forms), Subject.id.in_(former)))))
    if exact or candidates_for is None:
        return _one_or_many(result, exact)
    ids = candidates_for(name)[:5]
    result.candidates = list(session.scalars(organisations.where(Subject.id.in_(ids)))) if ids else []
    return result


def code_column(code: str) -> Any:
    """The subjects' column a normalised code is looked up in, or None when it is no valid code."""
    if is_valid_uscc(code) or is_valid_org_code(code) or (code.isdigit() and len(code) == 15):
        return Subject.uscc if len(code) == 18 else Subject.reg_no if len(code) == 15 else Subject.org_code
    return None


def _person(
    session: Session, result: Identification, name: str, id_number: str, id_hash_key: bytes
) -> Identification:
    normalised = validate_resident_id(id_number)  # raises ValueError with a Chinese message
    result.used_id_number = result.person = True
    result.query_normalised = mask_id_number(normalised)
    result.typed_name = _fold_name(name) or None
    people = session.scalars(
        select(Subject).where(Subject.id_hash == hash_id_number(normalised, id_hash_key)).order_by(Subject.id)
    ).all()
    if result.typed_name:
        people = [p for p in people if _fold_name(p.name) == result.typed_name]
    result.subject = people[0] if people else None
    return result


def _one_or_many(result: Identification, found: list[Subject]) -> Identification:
    if len(found) == 1:
        result.subject = found[0]
    else:
        result.candidates = found
    return result


def evaluate(session: Session, who: Identification, approval_type: str, today: date) -> dict[str, Any]:
    """The verdict and everything the counter is shown, as JSON-ready data."""
    out = begin(who)
    if "state" in out:
        return out
    return conclude(out, who, load_facts(session, [identified(who).id], approval_type, today))


def begin(who: Identification) -> dict[str, Any]:
    """The answer's frame; with its state already set when no subject's records are read."""
    out: dict[str, Any] = {
        "subject": None,
        "candidates": [],
        "lists": [],
        "measures": [],
        "incentives": [],
        "penalties": [],
    }
    if who.person:
        # Only what the operator typed; the same shape whether or not the person is known.
        out["subject"] = {"id": None, "name": who.typed_name, "uscc": None, "kind": PERSON}
        if who.subject is None:
            out["state"], out["explanation"] = "NO_RECORD", EXPLANATIONS["NO_RECORD_PERSON"]
            return out
    elif who.subject is None:
        out["state"] = "AMBIGUOUS" if who.candidates else "NOT_IDENTIFIED"
        out["candidates"] = [_subject(s) for s in who.candidates[:10]]
        one = len(out["candidates"]) == 1
        out["explanation"] = EXPLANATIONS["AMBIGUOUS_ONE" if one else out["state"]]
        return out
    out["subject"] = out["subject"] or _subject(who.subject)
    return out


@dataclass
class Facts:
    """What is in force for some subjects, read in three queries whatever their number (a batch
    check reads its whole list at once): list entries, the measures of their lists for this
    approval type, penalties."""

    entries: dict[int, list[tuple[ListEntry, ListType]]]
    measures: list[JointMeasure]
    penalties: dict[int, list[Any]]


def load_facts(session: Session, subject_ids: list[int], approval_type: str, today: date) -> Facts:
    entries: dict[int, list[tuple[ListEntry, ListType]]] = {}
    for e, t in session.execute(
        select(ListEntry, ListType)
        .join(ListType, ListType.code == ListEntry.list_type_code)
        .where(ListEntry.subject_id.in_(subject_ids), list_entry_in_force(today))
    ).all():
        entries.setdefault(e.subject_id, []).append((e, t))
    codes = {t.code for found in entries.values() for _, t in found}
    measures = (
        list(
            session.scalars(
                select(JointMeasure).where(
                    JointMeasure.list_type_code.in_(codes), JointMeasure.approval_type_code == approval_type
                )
            )
        )
        if codes
        else []
    )  # most subjects are on no list: no query
    # Only the columns shown: a penalty row carries long texts (facts, basis) a check never shows.
    penalties: dict[int, list[Any]] = {}
    for p in session.execute(
        select(
            Penalty.subject_id,
            Penalty.decision_no,
            Penalty.categories,
            Penalty.authority,
            Penalty.decision_date,
            Penalty.severity,
            Penalty.publication_state,
        )
        .where(Penalty.subject_id.in_(subject_ids), penalty_in_force(today))
        .order_by(Penalty.decision_date.desc())
    ).all():
        penalties.setdefault(p.subject_id, []).append(p)
    return Facts(entries, measures, penalties)


def conclude(out: dict[str, Any], who: Identification, facts: Facts) -> dict[str, Any]:
    """The one verdict: the state from what is in force for the identified subject."""
    subject = identified(who)
    entries = facts.entries.get(subject.id, [])
    out["lists"] = [
        {
            "name": t.name,
            "color": t.color,
            "entered_on": e.entered_on.isoformat(),
            "authority": e.authority,
            "basis_doc_no": e.basis_doc_no,
        }
        for e, t in entries
    ]
    codes = {t.code for _, t in entries}
    names = {t.code: t.name for _, t in entries}
    for m in facts.measures:
        if m.list_type_code not in codes:
            continue
        item = {
            "list": names[m.list_type_code],
            "memorandum": m.memorandum,
            "document_no": m.document_no,
            "measure": m.measure,
        }
        out["measures" if m.kind == "restrict" else "incentives"].append(item)
    penalties = facts.penalties.get(subject.id, [])
    out["penalties"] = [
        {
            "decision_no": p.decision_no,
            "categories": p.categories.replace(";", "、"),
            "authority": p.authority,
            "decision_date": p.decision_date.isoformat(),
            "severity": p.severity,
            "state": p.publication_state,
        }
        for p in penalties
    ]
    colors = {t.color for _, t in entries}
    if out["measures"]:
        out["state"] = "HIT"
    elif penalties or colors & {"black", "watch"}:
        out["state"] = "CAUTION"
    elif "red" in colors:
        out["state"] = "INCENTIVE"
    else:
        out["state"] = "NO_RECORD"
    person_clean = who.person and out["state"] == "NO_RECORD"
    out["explanation"] = EXPLANATIONS["NO_RECORD_PERSON" if person_clean else out["state"]]
    return out


def _subject(s: Subject) -> dict[str, Any]:
    return {"id": s.id, "name": s.name, "uscc": s.uscc, "kind": s.kind}
