"""The publication rule book: severity rules, rule versions by decision date, states."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from xinyong.records.publication.rules import Period, Rule, RuleBook, add_months, state_of
from xinyong.records.publication.seed import PERIODS, SEVERITY_RULES


def seeded() -> RuleBook:
    rules = [
        Rule(frozenset((c or "").split(";")) - {""}, a, frozenset((d or "").split(";")) - {""}, f, s, e)
        for c, a, d, f, s, e, _ in SEVERITY_RULES
    ]
    periods: dict[str, list[Period]] = {}
    for version, since, table, _ in PERIODS:
        for severity, (low, high) in table.items():
            periods.setdefault(severity, []).append(Period(version, since, low, high))
    return RuleBook(rules, periods)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 11, 12), 3, date(2027, 2, 12)),
        (date(2026, 5, 1), 36, date(2029, 5, 1)),
        (date(2026, 5, 1), 0, date(2026, 5, 1)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("categories", "domain", "fine", "expected"),
    [
        ("警告", "food_drug", None, ("轻微", True)),
        ("警告;通报批评", None, None, ("轻微", True)),
        ("警告;罚款", None, Decimal("0.5"), ("一般", True)),
        ("罚款", None, Decimal("100"), ("严重", True)),
        ("罚款", None, Decimal("99.99"), ("一般", True)),
        ("吊销许可证件", "food_drug", None, ("严重", False)),
        ("吊销许可证件", "tourism", None, ("严重", True)),
        ("责令停产停业;罚款", "environment", None, ("严重", True)),
        ("", None, None, ("一般", True)),
    ],
)
def test_first_matching_severity_rule_wins(categories, domain, fine, expected):
    assert seeded().classify(categories, domain, fine) == expected


def test_rule_version_is_the_one_in_force_on_the_decision_date():
    book = seeded()
    assert book.period("严重", date(2019, 7, 1)).rule_version == "2019"
    assert book.period("严重", date(2016, 1, 1)).rule_version == "2019"  # older: the oldest rule
    assert book.period("严重", date(2023, 4, 30)).max_months == 36
    assert book.period("严重", date(2023, 5, 1)).min_months == 12
    assert book.period("轻微", date(2026, 4, 1)).rule_version == "2025"


def test_derive_counts_from_the_decision_and_respects_an_earlier_end():
    book = seeded()
    record = {"decision_date": date(2026, 11, 12), "categories": "罚款", "fine_amount": Decimal(1)}
    derived = book.derive(record)
    assert derived["publication_end"] == date(2027, 11, 11)
    assert derived["repair_from"] == date(2027, 2, 12)
    assert book.derive({**record, "publish_until": date(2027, 1, 1)})["publication_end"] == date(2027, 1, 1)
    assert book.derive({**record, "publish_until": date(2030, 1, 1)})["publication_end"] == date(
        2027, 11, 11
    )  # never longer than the rule allows


@pytest.mark.parametrize(
    ("extra", "today", "state"),
    [
        ({}, date(2026, 6, 1), "公示中"),
        ({}, date(2025, 12, 31), "待公示"),
        ({}, date(2027, 1, 1), "已到期"),
        ({"objection_open": True}, date(2026, 6, 1), "异议中"),
        ({"repaired_on": date(2026, 5, 1)}, date(2026, 6, 1), "已修复"),
        ({"withdrawn_on": date(2026, 5, 1), "repaired_on": date(2026, 4, 1)}, date(2026, 6, 1), "已撤销"),
    ],
)
def test_state_of(extra, today, state):
    record = {
        "publication_start": date(2026, 1, 1),
        "publication_end": date(2026, 12, 31),
        "withdrawn_on": None,
        "repaired_on": None,
        "objection_open": False,
        **extra,
    }
    assert state_of(record, today) == state


def test_minor_is_not_published_unless_the_department_opted_in():
    from xinyong.records.publication.rules import OptIn

    record = {
        "decision_date": date(2026, 11, 2),
        "categories": "警告",
        "domain_code": None,
        "fine_amount": None,
        "department_id": 7,
    }
    plain = seeded().derive(record)
    assert plain["severity"] == "轻微" and plain["publication_end"] < plain["publication_start"]
    assert state_of(plain, date(2026, 11, 3)) == "不公示"
    book = seeded()
    book.opt_ins = [
        OptIn(7, frozenset({"警告"}), 3, date(2026, 1, 1), None),
        OptIn(8, frozenset(), 3, date(2026, 1, 1), None),
    ]
    opted = book.derive(record)
    assert opted["publication_end"] == date(2027, 2, 1)
    assert state_of(opted, date(2026, 11, 3)) == "公示中"
    assert book.derive({**record, "categories": "通报批评"})["publication_end"] < record["decision_date"]


def test_fire_safety_revocations_are_not_repairable_early():
    assert seeded().classify("吊销许可证件", "fire_safety", None) == ("严重", False)
