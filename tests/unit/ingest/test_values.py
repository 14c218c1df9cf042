"""Cell parsers: the formats departments really send, and clear reasons for the rest."""

from datetime import date
from decimal import Decimal

import pytest

from xinyong.records.ingest.values import (
    FieldError,
    document_key,
    extract_fine,
    parse_amount,
    parse_date,
    parse_multi_enum,
    parse_open_date,
)

CATEGORIES = ("警告", "罚款", "没收违法所得", "没收非法财物", "吊销许可证件", "其他")
ALIASES = {"没收违法所得、没收非法财物": ["没收违法所得", "没收非法财物"], "吊销许可证": ["吊销许可证件"]}


@pytest.mark.parametrize(
    "raw",
    [
        "2024-05-06",
        "2024/5/6",
        "2024.05.06",
        "2024年5月6日",
        "20240506",
        "2024-05-06 00:00:00",
        "２０２４-05-06",
        45418,
        "45418",
    ],
)
def test_dates_in_every_department_format_parse_to_the_same_day(raw):
    assert parse_date(raw) == date(2024, 5, 6)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("2024-02-30", "日期不存在：2024-02-30"),
        ("2023-13-01", "日期不存在：2023-13-01"),
        ("明年五月", "日期格式无法识别：明年五月，应为 2024-05-06、2024/5/6 或 2024.05.06 等格式"),
    ],
)
def test_bad_dates_say_why(raw, reason):
    with pytest.raises(FieldError) as err:
        parse_date(raw)
    assert err.value.reason == reason


@pytest.mark.parametrize("raw", ["9999-9-9", "9999-12-31", "2099-12-31", "长期"])
def test_open_ended_validity_is_recognised(raw):
    assert parse_open_date(raw) == (None, True)


def test_amounts_keep_six_decimals_without_a_cap():
    assert parse_amount("12345678.123456") == Decimal("12345678.123456")
    assert parse_amount(" 1,234.5 ") == Decimal("1234.5")
    assert parse_amount(0.2) == Decimal("0.2")
    assert parse_amount("3万元") == Decimal("3")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("0.1234567", "金额最多保留6位小数（单位万元，精确到0.01元）：0.1234567"),
        ("-1", "金额不能为负数：-1"),
        ("2000元", "金额单位应为万元：2000元"),
        ("两千", "金额不是有效数字：两千"),
    ],
)
def test_bad_amounts_say_why(raw, reason):
    with pytest.raises(FieldError) as err:
        parse_amount(raw)
    assert err.value.reason == reason


def test_several_penalty_categories_in_one_cell_in_statutory_order():
    assert parse_multi_enum("罚款；警告", CATEGORIES, ALIASES) == ["警告", "罚款"]
    assert parse_multi_enum("罚款、没收违法所得、没收非法财物", CATEGORIES, ALIASES) == [
        "罚款",
        "没收违法所得",
        "没收非法财物",
    ]
    with pytest.raises(FieldError):
        parse_multi_enum("警告;批评教育", CATEGORIES, ALIASES)


def test_an_alias_is_not_matched_inside_a_longer_value():
    assert parse_multi_enum("吊销许可证件", CATEGORIES, ALIASES) == ["吊销许可证件"]
    assert parse_multi_enum("罚款;吊销许可证", CATEGORIES, ALIASES) == ["罚款", "吊销许可证件"]


@pytest.mark.parametrize(
    ("text", "fine"),
    [
        ("责令改正，罚款2000元", Decimal("0.2")),
        ("罚款人民币1.5万元", Decimal("1.5")),
        ("罚款 12,000 元", Decimal("1.2")),
        ("警告", None),
    ],
)
def test_fines_are_read_from_old_layout_prose(text, fine):
    assert extract_fine(text) == fine


def test_document_numbers_fold_bracket_variants():
    variants = [
        "武市监处罚〔2024〕123号",
        "武市监处罚[2024]123号",
        "武市监处罚【2024】123号",
        "武市监处罚（2024）123号",
        "武市监处罚(2024)123号",
        "武市监处罚 [2024] 123号",
    ]
    assert len({document_key(v) for v in variants}) == 1
