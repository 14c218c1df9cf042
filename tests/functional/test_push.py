"""Pushing changed records to the city platform in the national layout, tracked per record."""

from __future__ import annotations

import csv
import io

from tests.support.files import FIXTURES, rewrite_csv
from xinyong.records.push import push_rate


def read(path):
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_batches_carry_what_changed_since_the_last_one(runner, tmp_path, session_factory):
    out = tmp_path / "push"
    for name in ("penalties-current.csv", "licences.xlsx", "list-entries.json"):
        assert runner.invoke(args=["import", str(FIXTURES / name)]).exit_code == 0
    first = runner.invoke(args=["push", "export", "--out", str(out)])
    assert first.exit_code == 0 and "报送批次 1" in first.output, first.output
    penalties = read(out / "city-000001-penalty.csv")
    assert penalties[0][0] == "行政相对人名称" and "行政处罚决定书文号" in penalties[0]
    assert len(penalties) == 7 and "法定代表人证件号码" not in penalties[0]
    assert {p.name for p in out.iterdir()} == {
        "city-000001-licence.csv",
        "city-000001-list_entry.csv",
        "city-000001-penalty.csv",
    }
    with session_factory() as s:
        assert push_rate(s, "penalty") == (6, 6)
    assert "没有新的变更" in runner.invoke(args=["push", "export", "--out", str(out)]).output
    corrected = rewrite_csv(
        "penalties-current.csv",
        tmp_path / "p.csv",
        {"武汉恒通商贸有限公司": {"违法事实": "更正后的违法事实"}},
    )
    assert runner.invoke(args=["import", str(corrected)]).exit_code == 0
    second = runner.invoke(args=["push", "export", "--out", str(out)])
    assert "报送批次 2" in second.output
    rows = read(out / "city-000002-penalty.csv")
    assert len(rows) == 2 and "更正后的违法事实" in rows[1]
    assert runner.invoke(args=["push", "ack", "2"]).exit_code == 0
    listing = runner.invoke(args=["push", "list"]).output.splitlines()
    assert "已确认" in listing[0] and "待确认" in listing[1]
    assert runner.invoke(args=["push", "ack", "99"]).exit_code != 0
