"""The publication rules a new database starts with (domain.md §3); administrators edit them.

Seeded once: after that the tables belong to the city credit office, and a sync never
overwrites an edit.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.records.models import PublicationPeriod, SeverityRule

_R2019 = "发改办财金〔2019〕527号"
_R2023 = "国家发展改革委令第58号"
_R2025 = "国家发展改革委令第36号《信用修复管理办法》"

# (rule version, effective from, {severity: (minimum months, maximum months)}, source).
# 2019 knew only 一般 and 严重; a 轻微 record decided then takes the 一般 periods.
PERIODS = [
    ("2019", date(2019, 7, 1), {"轻微": (3, 12), "一般": (3, 12), "严重": (6, 36)}, _R2019),
    ("2023", date(2023, 5, 1), {"轻微": (0, 3), "一般": (3, 12), "严重": (12, 36)}, _R2023),
    # 令第36号: 轻微 is not published by default; a department may opt a category in for at most
    # 3 months (MinorPublicationOptIn, /admin/tables/minor_opt_ins).
    ("2025", date(2026, 4, 1), {"轻微": (0, 0), "一般": (3, 12), "严重": (12, 36)}, _R2025),
]

# 2019 rule: closures and revocations in these domains cannot be repaired early (消防 included).
_SAFETY_DOMAINS = "food_drug;environment;construction;work_safety;quality;fire_safety"
_HARSHEST = "吊销许可证件;责令关闭;限制从业"
# (categories, all categories, domains, minimum fine in 万元, severity, early repair, note).
SEVERITY_RULES = [
    (
        _HARSHEST,
        False,
        _SAFETY_DOMAINS,
        None,
        "严重",
        False,
        "食品药品、环境、工程质量、安全生产、质量、消防领域的吊销、关闭、限制从业：不可提前修复（527号）",
    ),
    (
        _HARSHEST + ";责令停产停业;降低资质等级",
        False,
        None,
        None,
        "严重",
        True,
        "吊销许可证件、责令关闭、限制从业、责令停产停业、降低资质等级",
    ),
    (None, False, None, Decimal("100"), "严重", True, "罚款 100 万元及以上（本市设定）"),
    ("警告;通报批评", True, None, None, "轻微", True, "仅警告或通报批评"),
]


def ensure_publication_rules(session: Session) -> int:
    added = 0
    if session.scalar(select(PublicationPeriod.rule_version).limit(1)) is None:
        for version, since, periods, source in PERIODS:
            for severity, (low, high) in periods.items():
                session.add(
                    PublicationPeriod(
                        rule_version=version,
                        severity=severity,
                        effective_from=since,
                        min_months=low,
                        max_months=high,
                        source=source,
                    )
                )
                added += 1
    if session.scalar(select(SeverityRule.id).limit(1)) is None:
        for position, (cats, all_cats, domains, fine, severity, early, note) in enumerate(
            SEVERITY_RULES, start=1
        ):
            session.add(
                SeverityRule(
                    position=position,
                    categories=cats,
                    all_categories=all_cats,
                    domains=domains,
                    min_fine=fine,
                    severity=severity,
                    early_repair=early,
                    note=note,
                )
            )
            added += 1
    return added
