"""Fines written in 处罚内容 (Chinese numerals included) fill an empty amount column, flagged."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.support.files import rewrite_csv
from xinyong.records.ingest.values import chinese_number, extract_fine
from xinyong.records.models import Penalty


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("罚款人民币拾万元", "10"),
        ("罚款伍仟元", "0.5"),
        ("罚款2.5万元", "2.5"),
        ("警告，并处罚款人民币壹万贰仟伍佰元整", "1.25"),
        ("罚款三千元", "0.3"),
        ("罚款两万元", "2"),
        ("警告，并处罚款", None),
    ],
)
def test_fines_in_words(text, amount):
    assert extract_fine(text) == (Decimal(amount) if amount else None)


def test_chinese_numbers():
    assert chinese_number("拾万") == 100_000 and chinese_number("一千零五") == 1005
    assert chinese_number("壹亿贰仟万") == 120_000_000 and chinese_number("元") is None


def test_an_empty_amount_column_is_filled_from_the_content_and_flagged(
    client, runner, tmp_path, session_factory
):
    path = rewrite_csv(
        "penalties-current.csv",
        tmp_path / "p.csv",
        {
            "武汉恒通商贸有限公司": {"罚款金额（万元）": "", "处罚内容": "警告，并处罚款人民币拾万元"},
            "武汉金桥餐饮管理有限公司": {"罚款金额（万元）": "", "处罚内容": "罚款伍仟元，没收违法所得"},
        },
    )
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 0 and "拒收 0" in result.output, result.output
    with session_factory() as s:
        rows = {p.subject_name: p for p in s.scalars(select(Penalty))}
    hengtong = rows["武汉恒通商贸有限公司"]
    assert (hengtong.fine_amount, hengtong.fine_from_content) == (Decimal("10"), True)
    assert rows["武汉金桥餐饮管理有限公司"].fine_amount == Decimal("0.5")
    assert not rows["武汉楚天建筑工程有限公司"].fine_from_content  # its column was filled
    page = client.get(f"/record/penalty/{hengtong.id}").get_data(as_text=True)
    assert "10（据处罚内容填写）" in page
