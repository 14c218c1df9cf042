"""Batch checks (批量核查): every line of a list identified and judged as an ordinary counter check,
in a handful of queries for the whole list rather than a few per line.

Each line takes the path `checks.identify` takes for one query — a valid code (USCC, 注册号,
组织机构代码) looked up by its column, a natural person by full ID number (and name), an exact
registered or former name, else candidates from the search (AMBIGUOUS) — and its verdict comes from
`checks.begin` / `checks.load_facts` / `checks.conclude`, the single check's own functions. So the
seven states and their measures are one implementation; only the reading is done in bulk.

A line that cannot be checked says why in Chinese (`message`): nothing entered → ERROR (the check
did not run); an invalid code → NOT_IDENTIFIED, never a lookup by its name instead (the code is
what the bidder declared; a wrong one must be corrected, not guessed around).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from xinyong.records.checks.batch_input import BatchLine
from xinyong.records.checks.verdict import (
    EXPLANATIONS,
    PERSON,
    Identification,
    _fold_name,
    begin,
    code_column,
    conclude,
    identified,
    identify,
    load_facts,
    name_forms,
    split_person,
)
from xinyong.records.identifiers import normalize_code, validate_resident_id
from xinyong.records.models import Subject, SubjectName
from xinyong.records.pii import mask_id_number, mask_ids_in_text

NOTHING = "名称和统一社会信用代码均为空，未核查"


@dataclass
class Checked:
    line: BatchLine
    who: Identification | None  # None: the line was not checked (ERROR)
    message: str | None = None
    result: dict[str, Any] | None = None

    @property
    def entered(self) -> str:
        """What the log records as entered: name and code, any ID number masked."""
        return mask_ids_in_text(
            " ".join(p for p in (self.line.name, self.line.code) if p), check_digit=False
        )[:200]


def identify_lines(
    session: Session, lines: list[BatchLine], id_hash_key: bytes, candidates_for: Callable[[str], list[int]]
) -> list[Checked]:
    out: list[Checked] = []
    by_code: dict[str, list[Checked]] = {}
    by_name: dict[str, list[Checked]] = {}
    forms: dict[str, str] = {}  # each form of a name as looked up → the folded name
    for line in lines:
        who = Identification()  # item.who until a branch below replaces or clears it
        item = Checked(line, who)
        out.append(item)
        code = normalize_code(line.code)
        if not line.code and line.name and code_column(normalize_code(line.name)) is not None:
            code = normalize_code(line.name)  # a code in the name column: looked up as a code
        if line.problem or not (line.name or line.code or line.id_number):
            item.who, item.message = None, line.problem or NOTHING
        elif line.id_number or (line.code and _is_id(code)) or (not line.code and split_person(line.name)):
            _person(session, item, id_hash_key)
        elif code:
            who.query_shown = item.entered
            if code_column(code) is not None:
                who.query_normalised = code
                by_code.setdefault(code, []).append(item)
            elif len(code) == 18 and code[:17].isdigit():
                who.query_normalised = mask_id_number(code)
                item.message = "证件号码无效：校验位不正确，请核对"
            else:
                who.query_normalised = mask_ids_in_text(code, check_digit=False)[:200]
                item.message = "统一社会信用代码无效（长度或校验位不符），请核对后重新核查"
        else:
            name = _fold_name(line.name)
            who.query_shown = item.entered
            who.query_normalised = mask_ids_in_text(name, check_digit=False)[:200]
            by_name.setdefault(name, []).append(item)
            forms.update(dict.fromkeys(name_forms(line.name), name))
    _by_codes(session, by_code)
    _by_names(session, by_name, forms, candidates_for)
    _note_other_names(session, [i for items in by_code.values() for i in items])
    return out


def _is_id(code: str) -> bool:
    try:
        validate_resident_id(code)
    except ValueError:
        return False
    return True


def _person(session: Session, item: Checked, id_hash_key: bytes) -> None:
    """A natural person: the single check's own identification (one query; persons are rare in
    a bidders' list, and each one counts against the operator's daily limit)."""
    line = item.line
    number = line.id_number or line.code or None
    try:
        item.who = identify(session, line.name, normalize_code(number) if number else None, id_hash_key)
    except ValueError as exc:
        item.who = Identification(query_shown=item.entered, query_normalised="")
        item.message = f"证件号码无效：{exc}"
    item.who.query_shown = item.entered


def _by_codes(session: Session, by_code: dict[str, list[Checked]]) -> None:
    if not by_code:
        return
    columns: dict[Any, set[str]] = {}
    for code in by_code:
        columns.setdefault(code_column(code), set()).add(code)
    found: dict[str, list[Subject]] = {}
    conditions = [column.in_(codes) for column, codes in columns.items()]
    for s in session.scalars(select(Subject).where(or_(*conditions)).order_by(Subject.id)):
        for value in by_code.keys() & {s.uscc, s.reg_no, s.org_code}:
            found.setdefault(value, []).append(s)
    for code, items in by_code.items():
        for item in items:
            _one_or_many(_who(item), found.get(code, []))


def _by_names(
    session: Session,
    by_name: dict[str, list[Checked]],
    forms: dict[str, str],
    candidates_for: Callable[[str], list[int]],
) -> None:
    if not by_name:
        return
    names = list(forms)
    former: dict[int, set[str]] = {}
    for subject_id, name in session.execute(
        select(SubjectName.subject_id, SubjectName.name).where(SubjectName.name.in_(names))
    ):
        former.setdefault(subject_id, set()).add(name)
    organisations = select(Subject).where(Subject.kind != PERSON)  # persons: by ID number only
    exact: dict[str, list[Subject]] = {}
    for s in session.scalars(
        organisations.where(or_(Subject.name.in_(names), Subject.id.in_(former))).order_by(Subject.id)
    ):
        for name in {forms[n] for n in ({s.name} | former.get(s.id, set())) & forms.keys()}:
            exact.setdefault(name, []).append(s)
    wanted: dict[str, list[int]] = {n: candidates_for(n)[:5] for n in by_name if n not in exact}
    ids = {i for found in wanted.values() for i in found}
    pool = {s.id: s for s in session.scalars(organisations.where(Subject.id.in_(ids)))} if ids else {}
    for name, items in by_name.items():
        for item in items:
            if name in exact:
                _one_or_many(_who(item), exact[name])
            else:
                _who(item).candidates = [pool[i] for i in wanted[name] if i in pool]


def _who(item: Checked) -> Identification:
    """The identification of a line that was looked up: only checked lines reach the lookups."""
    if item.who is None:
        raise AttributeError("a line that was not checked reached the lookups")
    return item.who


def _one_or_many(who: Identification, found: list[Subject]) -> None:
    if len(found) == 1:
        who.subject = found[0]
    else:
        who.candidates = list(found)


def _note_other_names(session: Session, items: list[Checked]) -> None:
    """A line found by its code whose name is neither the registered nor a former name: the
    verdict stands (the code decides), but the list says so, since a bidders' list with a
    mismatched name and code needs a second look."""
    named = [
        (i, subject)
        for i in items
        if i.line.name and i.line.code and (subject := _who(i).subject) is not None
    ]
    if not named:
        return
    ids = {subject.id for _, subject in named}
    former: dict[int, set[str]] = {}
    for subject_id, name in session.execute(
        select(SubjectName.subject_id, SubjectName.name).where(SubjectName.subject_id.in_(ids))
    ):
        former.setdefault(subject_id, set()).add(name)
    for item, subject in named:
        # Lines are read NFKC-folded (（有限合伙） arrives as (有限合伙)): names are compared in
        # every form on both sides, so a name typed as registered is never "不一致".
        known = {form for name in (subject.name, *former.get(subject.id, set())) for form in name_forms(name)}
        if not name_forms(item.line.name) & known:
            item.message = f"所填名称与该代码登记的名称（{subject.name}）不一致，请核对"


def evaluate_lines(session: Session, items: list[Checked], approval_type: str, today: date) -> None:
    """Each line's verdict, with the single check's functions; the facts of all lines at once."""
    pending: list[tuple[dict[str, Any], Identification]] = []
    for item in items:
        if item.who is None:
            item.result = {**begin(Identification()), "state": "ERROR", "explanation": EXPLANATIONS["ERROR"]}
            continue
        item.result = result = begin(item.who)
        if "state" not in result:
            pending.append((result, item.who))
    if not pending:
        return
    facts = load_facts(session, sorted({identified(who).id for _, who in pending}), approval_type, today)
    for result, who in pending:
        conclude(result, who, facts)
