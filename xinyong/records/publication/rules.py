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

from xinyong.records.models import MinorPublicationOptIn, PublicationPeriod, SeverityRule

PENDING, SHOWN, EXPIRED, REPAIRED, WITHDRAWN, OBJECTED = (
    "待公示",
    "公示中",
    "已到期",
    "已修复",
    "已撤销",
    "异议中",
)
NOT_PUBLISHED = "不公示"  # 轻微 under 令第36号 when its department has not opted in
STATES = (PENDING, SHOWN, OBJECTED, EXPIRED, REPAIRED, WITHDRAWN, NOT_PUBLISHED)
SHOWN_STATES = (SHOWN, OBJECTED)  # 异议中 stays public, marked, until the objection is resolved
SEVERITIES = ("轻微", "一般", "严重")
DEFAULT_SEVERITY = "一般"
# The columns this module derives; the importer never takes them from a file.
DERIVED = (
    "severity",
    "rule_version",
    "publication_start",
    "publication_end",
    "repair_from",
    "early_repair",
    "publication_state",
)


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


MINOR = "轻微"
MINOR_MAX_MONTHS = 3  # 令第36号: a department that opts in publishes 轻微 for at most 3 months


@dataclass(frozen=True)
class OptIn:
    """A department publishing its 轻微 penalties of some categories (none: all)."""

    department_id: int
    categories: frozenset[str]
    months: int
    effective_from: date
    effective_to: date | None

    def covers(self, department_id: int | None, categories: set[str], decided: date) -> bool:
        return (
            department_id == self.department_id
            and self.effective_from <= decided
            and (self.effective_to is None or decided <= self.effective_to)
            and (not self.categories or bool(categories & self.categories))
        )


def _split(text: str | None) -> frozenset[str]:
    return frozenset(p.strip() for p in (text or "").split(";") if p.strip())


class RuleBook:
    """The severity rules and period tables as they stand in the database."""

    def __init__(
        self, rules: list[Rule], periods: dict[str, list[Period]], opt_ins: list[OptIn] | None = None
    ) -> None:
        self.rules = rules
        self.opt_ins = opt_ins or []
        # Per severity, newest rule version first.
        self.periods = {
            s: sorted(p, key=lambda x: x.effective_from, reverse=True) for s, p in periods.items()
        }

    @classmethod
    def load(cls, session: Session) -> RuleBook:
        rules = [
            Rule(
                _split(r.categories),
                bool(r.all_categories),
                _split(r.domains),
                r.min_fine,
                r.severity,
                bool(r.early_repair),
            )
            for r in session.scalars(select(SeverityRule).order_by(SeverityRule.position, SeverityRule.id))
        ]
        periods: dict[str, list[Period]] = {}
        for p in session.scalars(select(PublicationPeriod)):
            periods.setdefault(p.severity, []).append(
                Period(p.rule_version, p.effective_from, p.min_months, p.max_months)
            )
        opt_ins = [
            OptIn(
                o.department_id,
                _split(o.categories),
                min(o.months, MINOR_MAX_MONTHS),
                o.effective_from,
                o.effective_to,
            )
            for o in session.scalars(select(MinorPublicationOptIn))
        ]
        return cls(rules, periods, opt_ins)

    def classify(self, categories: str | None, domain: str | None, fine: Decimal | None) -> tuple[str, bool]:
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

    def minor_months(self, record: dict[str, Any], decided: date) -> int:
        """How long a 轻微 penalty is published: 0 unless its department opted its category in."""
        have = set(_split(record.get("categories")))
        return max(
            (o.months for o in self.opt_ins if o.covers(record.get("department_id"), have, decided)),
            default=0,
        )

    def derive(self, record: dict[str, Any]) -> dict[str, Any]:
        """Severity, rule version and publication window of one penalty (a column dict)."""
        decided: date = record["decision_date"]
        severity, early = self.classify(
            record.get("categories"), record.get("domain_code"), record.get("fine_amount")
        )
        period = self.period(severity, decided)
        if period is None:  # no period table at all: publish for the national maximum
            period = Period("", decided, 36, 36)
        months = period.max_months
        if severity == MINOR and months == 0:  # not published unless the department opted in
            months = self.minor_months(record, decided)
        end = add_months(decided, months) - timedelta(days=1)  # last day shown
        if record.get("publish_until"):  # 公示截止期: a department may end earlier, never later
            end = min(end, record["publish_until"])
        return {
            "severity": severity,
            "rule_version": period.rule_version or None,
            "publication_start": decided,
            "publication_end": end,
            "repair_from": add_months(decided, period.min_months) if early else None,
            "early_repair": early,
        }


def state_of(record: dict[str, Any] | Any, today: date) -> str:
    """The publication state of a penalty (a column dict or a Penalty) on `today`."""
    get = record.get if isinstance(record, dict) else lambda k: getattr(record, k)
    if get("withdrawn_on"):
        return WITHDRAWN
    if get("repaired_on"):
        return REPAIRED
    start, end = get("publication_start"), get("publication_end")
    if start is not None and end is not None and end < start:  # a window of no days
        return NOT_PUBLISHED
    if end is not None and today > end:
        return EXPIRED
    if start is not None and today < start:
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
