"""Files left where they should not be: upload folders of a worker killed mid-import (removed at
server start and by `maintain`), demo department files with full ID numbers (owner only)."""

from __future__ import annotations

import os
import stat
import time

import pytest

OLD = time.time() - 2 * 86400


def left_behind(instance, name: str, age: float | None = OLD):
    """An upload folder as a killed worker leaves it: a department file with an ID number."""
    folder = instance / "incoming" / name
    folder.mkdir(parents=True)
    (folder / "处罚.csv").write_text("行政相对人名称,证件号码\n张三,420104198503171238\n", encoding="utf-8")
    if age is not None:
        os.utime(folder, (age, age))
    return folder


def test_maintain_removes_stale_upload_folders_and_keeps_running_ones(runner, settings):
    stale = left_behind(settings.instance_dir, "tmpkilled")
    running = left_behind(settings.instance_dir, "tmprunning", age=None)
    result = runner.invoke(args=["maintain", "--once"])
    assert result.exit_code == 0, result.output
    assert "已清理中断的上传：1 个" in result.output
    assert not stale.exists() and running.exists()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_demo_department_files_are_the_owners_only(runner, settings):
    result = runner.invoke(args=["demo", "--subjects", "50", "--seed", "1"])
    assert result.exit_code == 0, result.output
    folder = settings.instance_dir / "demo-files"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = list(folder.iterdir())
    assert files and all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
