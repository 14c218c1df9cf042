"""The demo generator: deterministic, valid codes, the messy names search must handle."""

from __future__ import annotations

from datetime import date

import pytest

from xinyong.records.demo.generator import generate
from xinyong.records.identifiers import is_valid_resident_id, is_valid_uscc

TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def data():
    return generate(3000, seed=7, today=TODAY)


def test_same_seed_same_city(data):
    again = generate(3000, seed=7, today=TODAY)
    assert [s.name for s in again.subjects] == [s.name for s in data.subjects]
    assert again.rows == data.rows


def test_codes_are_valid_unique_and_regional(data):
    codes = [s.uscc for s in data.subjects if s.uscc and s.uscc != "00000000000000000X"]
    assert len(codes) == len(set(codes))
    assert all(is_valid_uscc(c) for c in codes)
    assert all(c[2:8].startswith("4201") for c in codes)
    ids = [s.id_no for s in data.subjects if s.kind == "自然人"]
    assert ids and all(is_valid_resident_id(i) for i in ids)
    kinds = {s.kind for s in data.subjects}
    assert kinds == {"法人及非法人组织", "个体工商户", "自然人"}
    assert any(c.startswith(("N", "Y", "5")) for c in codes)


def test_shared_brands_and_near_duplicates_exist(data):
    orgs = [s.name for s in data.subjects if s.kind == "法人及非法人组织"]
    assert len(orgs) == len(set(orgs)) or len(set(orgs)) > 0.95 * len(orgs)
    cores = [n.removeprefix("武汉市").removeprefix("武汉").removeprefix("湖北")[:2] for n in orgs]
    assert len(cores) - len(set(cores)) > 100  # brands reused
    assert any("分公司" in n for n in orgs)


def test_records_are_dated_in_the_past_and_reference_subjects(data):
    penalties = data.rows[("penalty", "current")]
    licences = data.rows[("licence", "current")]
    assert all(
        r["decision_date"] <= TODAY.isoformat()
        for r in penalties + licences
        if not r["decision_date"].endswith("02-30")
    )
    assert any(r["valid_to"] in ("9999-12-31", "2099-12-31") for r in licences)
    names = {s.name for s in data.subjects}
    assert all(e["subject_name"] in names for e in data.rows[("list_entry", "current")])
    assert len(data.rows[("joint_case", "current")]) >= 6
    assert data.planted_errors > 0
