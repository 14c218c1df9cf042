"""Credit reports (信用报告): a dated snapshot of a subject's public profile with a number.

Issuing a report stores exactly what it says (a JSON snapshot and its SHA-256), so the public
verification page can confirm a printed report is genuine and show what it said, even after
the records in it have left their publication period — and it lists which of them have
stopped being published since (no_longer_published). The number carries a random part: it
cannot be guessed to enumerate other people's reports.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.records.clock import to_local
from xinyong.records.db import utcnow
from xinyong.records.display.profile import CreditProfile, build_profile
from xinyong.records.models import CreditReport, Licence, ListEntry, Penalty, Subject
from xinyong.records.opendata.build import data_version
from xinyong.records.record_types import in_force_rules

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U to misread


def new_number(today: date) -> str:
    random_part = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"XYBG-{today:%Y%m%d}-{random_part[:5]}-{random_part[5:]}"


def normalise_number(raw: str) -> str:
    return raw.strip().upper().replace("O", "0").replace("I", "1").replace("L", "1")


def snapshot(profile: CreditProfile) -> dict[str, Any]:
    s = profile.subject
    return {
        "subject": {
            "name": s.name,
            "uscc": s.uscc,
            "kind": s.kind,
            "legal_rep": s.legal_rep,
            "district": profile.district,
            "domain": profile.domain,
            "former_names": profile.former_names,
        },
        "as_of": profile.as_of.isoformat(),
        "status_line": profile.status_line,
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "empty_text": section.empty_text,
                "records": [
                    {
                        "entity": r.entity,
                        "id": r.id,
                        "title": r.title,
                        "document_no": r.document_no,
                        "authority": r.authority,
                        "decided": r.decided.isoformat(),
                        "until": r.until_text,
                        "department": r.department,
                        "detail": r.detail,
                        "collected_at": _local(r.collected_at),
                        **({"state": r.state, "severity": r.severity} if r.entity == "penalty" else {}),
                    }
                    for r in section.records
                ],
            }
            for section in profile.sections
        ],
    }


def _local(moment: datetime | None) -> str | None:
    return to_local(moment).strftime("%Y-%m-%d %H:%M") if moment else None


def content_digest(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def issue_report(session: Session, subject: Subject, today: date) -> CreditReport:
    """Store a new report for the subject's profile as of today; the caller commits."""
    content = snapshot(build_profile(session, subject, today))
    report = CreditReport(
        number=new_number(today),
        subject_id=subject.id,
        generated_at=utcnow(),
        data_version=data_version(session, today),
        content=content,
        content_sha256=content_digest(content),
    )
    session.add(report)
    session.flush()
    return report


@dataclass(frozen=True)
class Withdrawn:
    """A record a report contains that is no longer published today, and why."""

    section: str
    title: str
    decided: str
    reason: str


_IN_FORCE = in_force_rules()


def no_longer_published(session: Session, report: CreditReport, today: date) -> list[Withdrawn]:
    """The report's records that have stopped being published since it was issued (repaired,
    withdrawn, expired, removed): the verification page says so beside the genuine report."""
    wanted: dict[str, list[tuple[str, dict]]] = {}
    for section in report.content.get("sections", []):
        for record in section.get("records", []):
            if record.get("entity") in _IN_FORCE:
                wanted.setdefault(record["entity"], []).append((section["title"], record))
    out: list[Withdrawn] = []
    for entity, items in wanted.items():
        model, rule = _IN_FORCE[entity]
        ids = [r["id"] for _, r in items]
        shown = set(session.scalars(select(model.id).where(model.id.in_(ids), rule(today))))
        reasons = _reasons(session, entity, [i for i in ids if i not in shown], today)
        out += [
            Withdrawn(title, r["title"], r["decided"], reasons.get(r["id"], "已删除"))
            for title, r in items
            if r["id"] not in shown
        ]
    return out


def _reasons(session: Session, entity: str, ids: list[int], today: date) -> dict[int, str]:
    if not ids:
        return {}
    if entity == "penalty":
        return {
            i: f"{state or '已停止公示'}"
            for i, state in session.execute(
                select(Penalty.id, Penalty.publication_state).where(Penalty.id.in_(ids))
            )
        }
    if entity == "list_entry":
        from xinyong.records.publication.list_periods import removal_text

        return {
            i: f"已移出名单（{removal_text(removed, expires, today)}）"
            for i, removed, expires in session.execute(
                select(ListEntry.id, ListEntry.removed_on, ListEntry.expires_on).where(ListEntry.id.in_(ids))
            )
        }
    return {i: "已失效或注销" for i in session.scalars(select(Licence.id).where(Licence.id.in_(ids)))}


def find_report(session: Session, number: str) -> CreditReport | None:
    report = session.scalar(select(CreditReport).where(CreditReport.number == normalise_number(number)))
    if report is None or content_digest(report.content) != report.content_sha256:
        return None  # unknown, or altered in the database since it was issued: not genuine
    return report
