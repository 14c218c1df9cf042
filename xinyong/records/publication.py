"""Publication rules: a penalty's severity, its publication window and its state.

Severity comes from the city's editable severity rules (the national layout has no severity
column); the periods come from the rule version in force on the decision date, so a record
decided under an older rule keeps that rule's periods (domain.md §3). Everything here is pure:
the rule book is read once from the database and then applied to many records.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.records.models import PublicationPeriod, SeverityRule

PENDING, SHOWN, EXPIRED, REPAIRED, WITHDRAWN, OBJECTED = (
    "待公示", "公示中", "已到期", "已修复", "已撤销", "异议中")
STATES = (PENDING, SHOWN, OBJECTED, EXPIRED, REPAIRED, WITHDRAWN)
SHOWN_STATES = (SHOWN, OBJECTED)  # 异议中 stays public, marked, until the objection is resolved
SEVERITIES = ("轻微", "一般", "严重")
DEFAULT_SEVERITY = "一般"
# The columns this module derives; the importer never takes them from a file.
DERIVED = ("severity", "rule_version", "publication_start", "publication_end", "repair_from",
           "early_repair", "publication_state")


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day (31 Jan + 1 month = 28/29 Feb)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Period:
    rule_version: str
    effective_from: date
    min_months: int
    max_months: int


@dataclass(frozen=True)
class Rule:
    categories: frozenset[str]
    all_categories: bool
    domains: frozenset[str]
    min_fine: Decimal | None
    severity: str
    early_repair: bool

    def matches(self, categories: set[str], domain: str | None, fine: Decimal | None) -> bool:
        if self.categories:
            if self.all_categories and not (categories and categories <= self.categories):
                return False
            if not self.all_categories and not categories & self.categories:
                return False
        if self.domains and domain not in self.domains:
            return False
        return self.min_fine is None or (fine is not None and fine >= self.min_fine)


def _split(text: str | None) -> frozenset[str]:
    return frozenset(p.strip() for p in (text or "").split(";") if p.strip())


class RuleBook:
    """The severity rules and period tables as they stand in the database."""

    def __init__(self, rules: list[Rule], periods: dict[str, list[Period]]) -> None:
        self.rules = rules
        # Per severity, newest rule version first.
        self.periods = {s: sorted(p, key=lambda x: x.effective_from, reverse=True)
                        for s, p in periods.items()}

    @classmethod
    def load(cls, session: Session) -> RuleBook:
        rules = [Rule(_split(r.categories), bool(r.all_categories), _split(r.domains), r.min_fine,
                      r.severity, bool(r.early_repair))
                 for r in session.scalars(select(SeverityRule).order_by(SeverityRule.position,
                                                                         SeverityRule.id))]
        periods: dict[str, list[Period]] = {}
        for p in session.scalars(select(PublicationPeriod)):
            periods.setdefault(p.severity, []).append(
                Period(p.rule_version, p.effective_from, p.min_months, p.max_months))
        return cls(rules, periods)

    def classify(self, categories: str | None, domain: str | None,
                 fine: Decimal | None) -> tuple[str, bool]:
        """(severity, whether credit repair may end publication before the maximum)."""
        have = set(_split(categories))
        for rule in self.rules:
            if rule.matches(have, domain, fine):
                return rule.severity, rule.early_repair
        return DEFAULT_SEVERITY, True

    def period(self, severity: str, decided: date) -> Period | None:
        """The rule version in force on the decision date; decisions older than every rule
        take the oldest rule's periods."""
        candidates = self.periods.get(severity) or []
        for p in candidates:
            if p.effective_from <= decided:
                return p
        return candidates[-1] if candidates else None

    def derive(self, record: dict[str, Any]) -> dict[str, Any]:
        """Severity, rule version and publication window of one penalty (a column dict)."""
        decided: date = record["decision_date"]
        severity, early = self.classify(record.get("categories"), record.get("domain_code"),
                                        record.get("fine_amount"))
        period = self.period(severity, decided)
        if period is None:  # no period table at all: publish for the national maximum
            period = Period("", decided, 36, 36)
        end = add_months(decided, period.max_months) - timedelta(days=1)  # last day shown
        if record.get("publish_until"):  # 公示截止期: a department may end earlier, never later
            end = min(end, record["publish_until"])
        return {"severity": severity, "rule_version": period.rule_version or None,
                "publication_start": decided, "publication_end": end,
                "repair_from": add_months(decided, period.min_months) if early else None,
                "early_repair": early}


def state_of(record: dict[str, Any] | Any, today: date) -> str:
    """The publication state of a penalty (a column dict or a Penalty) on `today`."""
    get = record.get if isinstance(record, dict) else lambda k: getattr(record, k)
    if get("withdrawn_on"):
        return WITHDRAWN
    if get("repaired_on"):
        return REPAIRED
    if get("publication_end") is not None and today > get("publication_end"):
        return EXPIRED
    if get("publication_start") is not None and today < get("publication_start"):
        return PENDING
    return OBJECTED if get("objection_open") else SHOWN


# Columns the repair and objection procedures set; a re-delivered file leaves them alone.
PROCEDURE = ("repaired_on", "withdrawn_on", "objection_open")


def deriver(book: RuleBook, today: date):
    """For the importer: the derived columns of a penalty as delivered (`record`), keeping what
    the procedures decided about its earlier version (`old`, None for a new record)."""
    def derive(record: dict[str, Any], old: dict[str, Any] | None) -> dict[str, Any]:
        derived = book.derive(record)
        procedure = {k: (old or {}).get(k) for k in PROCEDURE}
        derived["publication_state"] = state_of({**derived, **procedure}, today)
        return derived
    return derive
