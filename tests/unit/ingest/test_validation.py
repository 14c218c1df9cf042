"""Row validation: one delivered row against the penalty definition → normalised values, or every
reason it is rejected (with ID numbers masked in what is kept)."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal

import pytest

from tests.support.files import FIXTURES
from xinyong.records.catalog import load_catalog
from xinyong.records.ingest.validation import InvalidRow, Lookups, RowValidator, ValidRow, natural_key
from xinyong.records.pii import hash_id_number

KEY = b"unit-test-id-hash-key"
TODAY = date(2026, 11, 20)
PERSON_ID = "420104198503171238"  # 李四's, valid check digit


@pytest.fixture(scope="module")
def delivered() -> tuple[list[str], dict[str, list[str]]]:
    """The fixture file's header and its rows by subject name."""
    with (FIXTURES / "penalties-current.csv").open(encoding="utf-8-sig", newline="") as f:
        header, *rows = list(csv.reader(f))
    return header, {row[0]: row for row in rows}


@pytest.fixture(scope="module")
def validator(delivered) -> RowValidator:
    header, _rows = delivered
    return RowValidator(
        load_catalog().get("penalty"), header, id_hash_key=KEY, lookups=Lookups({}, {}, {}), today=TODAY
    )


def row(delivered, name: str, **changes: str) -> list[str]:
    header, rows = delivered
    cells = list(rows[name])
    for label, value in changes.items():
        cells[header.index(label)] = value
    return cells


def test_a_valid_row_is_normalised(validator, delivered):
    result = validator.validate(3, row(delivered, "武汉金桥餐饮管理有限公司"))
    assert isinstance(result, ValidRow) and result.row_number == 3
    v = result.values
    assert v["uscc"] == "91420106MA4K00029D"  # delivered in lower case
    assert v["categories"] == ["罚款", "没收违法所得"]  # "；" splits like ";"
    assert v["fine_amount"] == Decimal("0.5") and v["confiscated_amount"] == Decimal("0.12")
    assert v["decision_date"] == date(2026, 11, 12) and v["valid_until"] == date(2027, 11, 11)
    assert v["decision_no"] == "武市监处罚〔2026〕102号"


def test_every_cell_that_cannot_be_read_is_reported_not_only_the_first(validator, delivered):
    result = validator.validate(
        9,
        row(
            delivered,
            "武汉恒通商贸有限公司",
            **{
                "行政相对人代码_1(统一社会信用代码)": "91420102MA4K00010X",  # wrong check character
                "处罚决定日期": "2026-13-45",
                "罚款金额（万元）": "五千元",
            },
        ),
    )
    assert isinstance(result, InvalidRow) and result.row_number == 9
    assert [e["column"] for e in result.errors] == [
        "行政相对人代码_1(统一社会信用代码)",
        "罚款金额（万元）",
        "处罚决定日期",
    ], result.errors
    assert result.errors[0]["reason"] == "统一社会信用代码校验位错误：应为N，实际为X"


def test_every_broken_rule_is_reported_once_the_cells_are_read(validator, delivered):
    result = validator.validate(
        9,
        row(
            delivered,
            "武汉恒通商贸有限公司",
            **{"处罚决定日期": "2026-12-01", "违法事实": "", "罚款金额（万元）": ""},
        ),
    )
    assert isinstance(result, InvalidRow)
    assert sorted((e["column"], e["reason"]) for e in result.errors) == sorted(
        [
            ("处罚决定日期", "日期晚于今天（2026-11-20）"),
            ("罚款金额（万元）", "处罚类别含“罚款”时必填"),
            ("违法事实", "必填项为空"),
        ]
    )


@pytest.mark.parametrize(
    ("changes", "column", "reason"),
    [
        ({"处罚决定日期": "2026-11-21"}, "处罚决定日期", "日期晚于今天（2026-11-20）"),
        ({"处罚有效期": "2026-11-01"}, "处罚有效期", "早于处罚决定日期"),
        ({"罚款金额（万元）": ""}, "罚款金额（万元）", "处罚类别含“罚款”时必填"),
        ({"法定代表人": ""}, "法定代表人", "行政相对人类别为“法人及非法人组织”时必填"),
    ],
)
def test_field_rules(validator, delivered, changes, column, reason):
    result = validator.validate(2, row(delivered, "武汉恒通商贸有限公司", **changes))
    assert isinstance(result, InvalidRow)
    assert [(e["column"], e["reason"]) for e in result.errors] == [(column, reason)]


def test_a_resident_id_is_kept_only_hashed_and_masked(validator, delivered):
    result = validator.validate(7, row(delivered, "李四"))
    assert isinstance(result, ValidRow)
    assert result.values["id"] == (hash_id_number(PERSON_ID, KEY), "420104********1238")
    assert result.values["id__birth"] == date(1985, 3, 17)
    assert PERSON_ID not in repr(result.values.values())


def test_a_rejected_row_keeps_its_cells_with_id_numbers_masked(validator, delivered):
    cells = row(delivered, "李四", **{"处罚决定日期": "明天", "违法事实": f"当事人{PERSON_ID}无证经营"})
    result = validator.validate(7, cells)
    assert isinstance(result, InvalidRow)
    assert result.cells["证件号码"] == "420104********1238"
    assert PERSON_ID not in repr(result.cells) and PERSON_ID not in repr(result.errors)
    assert [e["column"] for e in result.errors] == ["处罚决定日期"]


def test_a_masked_id_of_the_subject_itself_is_refused(validator, delivered):
    result = validator.validate(7, row(delivered, "李四", 证件号码="420104********1238"))
    assert isinstance(result, InvalidRow)
    assert result.errors[0]["reason"] == "证件号码已脱敏，无法校验：请填写完整号码"


def test_natural_key_folds_brackets_of_the_decision_number(validator, delivered):
    definition = load_catalog().get("penalty")
    keys = set()
    for number in ("武市监处罚〔2026〕101号", "武市监处罚[2026]101号", "武市监处罚【2026】101号"):
        result = validator.validate(2, row(delivered, "武汉恒通商贸有限公司", 行政处罚决定书文号=number))
        keys.add(natural_key(definition, result.values))
    other = validator.validate(2, row(delivered, "武汉恒通商贸有限公司", 处罚机关="武汉市生态环境局"))
    assert len(keys) == 1
    assert natural_key(definition, other.values) not in keys  # the authority is part of the key
