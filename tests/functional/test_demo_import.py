"""`xinyong demo` writes department files and imports them through the real importer."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from tests.support.admin import sign_in
from xinyong.records.models import ImportBatch, Penalty, Subject


def test_demo_loads_through_the_importer_and_only_planted_rows_are_rejected(
    runner, session_factory, tmp_path
):
    result = runner.invoke(
        args=["demo", "--subjects", "400", "--seed", "3", "--json", "--out", str(tmp_path / "files")]
    )
    assert result.exit_code == 0, result.output
    totals = json.loads(result.output.strip().splitlines()[-1])
    assert totals["failed_files"] == 0
    assert totals["rejected"] == totals["planted_errors"]
    assert totals["accepted"] == totals["rows"] - totals["rejected"]
    with session_factory() as s:
        assert 350 <= s.scalar(select(func.count()).select_from(Subject)) <= 400
        assert s.scalar(select(func.count()).select_from(ImportBatch)) == totals["files"]
        formats = set(s.scalars(select(ImportBatch.file_format)))
        layouts = set(s.scalars(select(Penalty.layout)))
        in_time = s.scalar(select(func.count()).where(Penalty.collected_in_time.is_(True)))
    assert formats == {"csv", "xlsx", "json"}
    assert layouts == {"current", "legacy"}
    assert in_time > 0  # daily deliveries of recent decisions


def test_demo_if_empty_skips_a_loaded_database(runner):
    runner.invoke(args=["demo", "--subjects", "50", "--seed", "1", "--json"])
    again = runner.invoke(args=["demo", "--subjects", "50", "--seed", "1", "--if-empty"])
    assert again.exit_code == 0 and "已有数据，跳过演示数据" in again.output


def test_demo_comes_with_one_sign_in_account_per_role(runner, client, settings):
    result = runner.invoke(args=["demo", "--subjects", "50", "--seed", "1"])
    assert "演示管理账号" in result.stdout and "导入演示数据" not in result.stdout
    assert "（100%）" in result.stderr and "演示数据导入完毕" in result.stderr  # progress on stderr
    lines = (settings.instance_dir / "demo-accounts.txt").read_text(encoding="utf-8").splitlines()
    accounts = {u: (r, p) for u, r, p in (line.split() for line in lines[1:])}
    assert {u: r for u, (r, _) in accounts.items()} == {
        "admin": "platform",
        "scj": "department",
        "jiangan": "centre",
    }
    assert (settings.instance_dir / "demo-accounts.txt").stat().st_mode & 0o077 == 0
    signed_in = sign_in(client, "scj", accounts["scj"][1])
    assert signed_in.status_code == 302
    assert "数据报送" in client.get("/admin/").get_data(as_text=True)
