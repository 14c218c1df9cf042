"""The `xinyong` command line as a department operator uses it."""

from __future__ import annotations

import json

from tests.support.files import FIXTURES


def test_db_upgrade_is_repeatable(runner):
    first = runner.invoke(args=["db", "upgrade"])
    assert first.exit_code == 0, first.output
    assert "数据库已是最新结构（0016）" in first.output
    assert "新增参考数据 0 条" in first.output  # the engine fixture already migrated


def test_import_json_summary_and_exit_code(runner):
    result = runner.invoke(args=["import", str(FIXTURES / "penalties-bad.csv"), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert {k: summary[k] for k in ("accepted", "updated", "unchanged", "rejected")} == {
        "accepted": 1,
        "updated": 1,
        "unchanged": 1,
        "rejected": 8,
    }
    assert isinstance(summary["batch"], int)


def test_import_prints_a_chinese_summary_and_writes_the_error_report(runner, tmp_path):
    report = tmp_path / "错误报告.xlsx"
    result = runner.invoke(args=["import", str(FIXTURES / "penalties-bad.csv"), "--errors", str(report)])
    assert result.exit_code == 0, result.output
    assert "共 11 行，新增 1，更新 1，未变 1，拒收 8" in result.output
    from openpyxl import load_workbook

    rows = list(load_workbook(report).active.iter_rows(values_only=True))
    assert rows[0][-1] == "错误原因" and len(rows) == 9


def test_unreadable_file_exits_non_zero_with_a_message(runner):
    result = runner.invoke(args=["import", str(FIXTURES / "wrong-encoding.csv")])
    assert result.exit_code == 2
    assert "导入失败：无法识别文件编码" in result.output
    as_json = runner.invoke(args=["import", str(FIXTURES / "penalties-missing-columns.csv"), "--json"])
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


# Newcomers (issue 16): the command from any folder, settings errors as one line, empty listings.


def _run(args: list[str], cwd, **env: str):
    import os
    import subprocess
    import sys
    from pathlib import Path

    base = {k: v for k, v in os.environ.items() if not k.startswith("XINYONG_")}
    return subprocess.run(
        [str(Path(sys.executable).parent / args[0]), *args[1:]],
        cwd=cwd,
        env={**base, "XINYONG_RATE_LIMITS": "off", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_command_finds_the_project_instance_from_any_folder(tmp_path):
    from xinyong.site.startup import locate_instance, project_root

    root = project_root()
    assert root is not None and (root / "xinyong" / "__init__.py").is_file()
    elsewhere: dict[str, str] = {}
    locate_instance(elsewhere, cwd=tmp_path)
    assert elsewhere == {"XINYONG_INSTANCE_DIR": str(root / "instance")}
    chosen = {"XINYONG_INSTANCE_DIR": str(tmp_path / "mine")}
    locate_instance(chosen, cwd=tmp_path)
    assert chosen == {"XINYONG_INSTANCE_DIR": str(tmp_path / "mine")}
    other_project = tmp_path / "other"
    other_project.mkdir()
    (other_project / "pyproject.toml").write_text("[project]\nname = 'other'\n")
    beside: dict[str, str] = {}
    locate_instance(beside, cwd=other_project)
    assert beside == {"XINYONG_INSTANCE_DIR": str(root / "instance")}
    other_project.joinpath("pyproject.toml").unlink()
    other_project.rmdir()
    in_project: dict[str, str] = {}
    locate_instance(in_project, cwd=root)
    assert in_project == {}  # the documented ./instance default stays
    # A real run from another folder never opens or creates a database beside the caller.
    result = _run(["xinyong", "batch", "list"], cwd=tmp_path, XINYONG_ENV="test")
    assert "Traceback" not in result.stderr and list(tmp_path.iterdir()) == []
    if result.returncode != 0:  # the project has no database yet: one line saying where and how
        assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
        assert str(root / "instance") in result.stderr and "XINYONG_INSTANCE_DIR" in result.stderr


def test_a_missing_database_is_one_line_with_the_way_to_point_at_it(tmp_path):
    result = _run(
        ["xinyong", "batch", "list"],
        cwd=tmp_path,
        XINYONG_ENV="test",
        XINYONG_INSTANCE_DIR=str(tmp_path / "nowhere"),
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "无法打开数据库" in result.stderr and "XINYONG_INSTANCE_DIR" in result.stderr
    upgraded = _run(
        ["xinyong", "db", "upgrade"],
        cwd=tmp_path,
        XINYONG_ENV="test",
        XINYONG_INSTANCE_DIR=str(tmp_path / "inst"),
    )
    assert upgraded.returncode == 0, upgraded.stderr
    listing = _run(
        ["xinyong", "batch", "list"], cwd="/", XINYONG_ENV="test", XINYONG_INSTANCE_DIR=str(tmp_path / "inst")
    )
    assert listing.returncode == 0 and "还没有导入批次" in listing.stdout


def test_settings_errors_are_one_line_naming_the_variable(tmp_path):
    from xinyong.site.startup import project_root

    cases = [
        ({"XINYONG_ENV": "production"}, "XINYONG_SECRET_KEY"),
        ({"XINYONG_IMPORT_MAX_BYTES": "10MB"}, "XINYONG_IMPORT_MAX_BYTES"),
        ({"XINYONG_PROXY_HOPS": "x"}, "XINYONG_PROXY_HOPS"),
        ({"XINYONG_ENV": "prod"}, "XINYONG_ENV"),
    ]
    for env, variable in cases:
        result = _run(["xinyong", "batch", "list"], cwd=tmp_path, **env)
        assert result.returncode == 2, (env, result.stderr)
        assert "Traceback" not in result.stderr and variable in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "配置错误" in result.stderr
    # gunicorn stops at once ("App failed to load") with the same line, instead of a traceback.
    served = _run(
        ["gunicorn", "-b", "127.0.0.1:0", "--control-socket", str(tmp_path / "ctl"), "wsgi:app"],
        cwd=project_root(),
        XINYONG_ENV="production",
        XINYONG_SECRET_KEY="k" * 40,
    )
    assert served.returncode == 4 and "Traceback" not in served.stderr
    assert "配置错误 / settings error: production needs these secrets" in served.stderr
    assert "XINYONG_ID_HASH_KEY" in served.stderr and "XINYONG_SECRET_KEY," not in served.stderr


def test_empty_listings_say_so(runner):
    assert "还没有导入批次" in runner.invoke(args=["batch", "list"]).output
    assert "还没有报送批次（city）" in runner.invoke(args=["push", "list"]).output
    assert "还没有密钥" in runner.invoke(args=["widget-key", "list"]).output
    assert "还没有管理账号" in runner.invoke(args=["operator", "list"]).output
    created = runner.invoke(
        args=[
            "operator",
            "create",
            "--username",
            "scj",
            "--name",
            "市监操作员",
            "--role",
            "platform",
            "--password-stdin",
        ],
        input="a-long-enough-Passw0rd-for-tests\n",
    )
    assert created.exit_code == 0, created.output
    listing = runner.invoke(args=["operator", "list"]).output
    assert "scj  市监操作员  平台管理员  -  有效" in listing and "Passw0rd" not in listing
