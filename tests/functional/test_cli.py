"""The `xinyong` command line as a department operator uses it."""

from __future__ import annotations

import json

from tests.conftest import FIXTURES


def test_db_upgrade_is_repeatable(runner):
    first = runner.invoke(args=["db", "upgrade"])
    assert first.exit_code == 0, first.output
    assert "数据库已是最新结构（" in first.output  # the head revision (branches chain theirs)
    assert "新增参考数据 0 条" in first.output  # the engine fixture already migrated


def test_import_json_summary_and_exit_code(runner):
    result = runner.invoke(args=["import", str(FIXTURES / "penalties-bad.csv"), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert {k: summary[k] for k in ("accepted", "updated", "unchanged", "rejected")} == {
        "accepted": 1, "updated": 1, "unchanged": 1, "rejected": 8}
    assert isinstance(summary["batch"], int)


def test_import_prints_a_chinese_summary_and_writes_the_error_report(runner, tmp_path):
    report = tmp_path / "错误报告.xlsx"
    result = runner.invoke(args=["import", str(FIXTURES / "penalties-bad.csv"),
                                 "--errors", str(report)])
    assert result.exit_code == 0, result.output
    assert "共 11 行，新增 1，更新 1，未变 1，拒收 8" in result.output
    from openpyxl import load_workbook

    rows = list(load_workbook(report).active.iter_rows(values_only=True))
    assert rows[0][-1] == "错误原因" and len(rows) == 9


def test_unreadable_file_exits_non_zero_with_a_message(runner):
    result = runner.invoke(args=["import", str(FIXTURES / "wrong-encoding.csv")])
    assert result.exit_code == 2
    assert "导入失败：无法识别文件编码" in result.output
    as_json = runner.invoke(args=["import", str(FIXTURES / "penalties-missing-columns.csv"),
                                  "--json"])
    assert as_json.exit_code == 2
    assert json.loads(as_json.output)["error"] == "行政处罚文件缺少必填列：违法事实、处罚机关"


def test_missing_file_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(args=["import", str(tmp_path / "nope.csv")])
    assert result.exit_code == 2
    assert "导入失败：无法读取文件" in result.output


def test_batch_list_and_errors(runner, tmp_path):
    runner.invoke(args=["import", str(FIXTURES / "penalties-bad.csv")])
    listing = runner.invoke(args=["batch", "list"])
    assert "penalties-bad.csv" in listing.output and "拒收8" in listing.output
    out = tmp_path / "report.csv"
    assert runner.invoke(args=["batch", "errors", "1", "-o", str(out)]).exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    missing = runner.invoke(args=["batch", "errors", "999", "-o", str(out)])
    assert missing.exit_code == 2 and "没有编号为 999 的批次" in missing.output
