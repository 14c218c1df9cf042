"""Progress of long command-line work, run as real subprocesses: a plain line per tenth of the
work (or every XINYONG_PROGRESS_SECONDS) on stderr when it is not a terminal, a line rewritten in
place on a terminal, a closing summary with counts and seconds; stdout stays as scripts read it."""

from __future__ import annotations

import csv
import os
import re
import subprocess

from tests.support.files import FIXTURES
from tests.support.processes import BIN

TENTHS = re.compile(r"生成开放数据：(\d+)/10 个文件（(\d+)%）")


def test_long_commands_show_progress_on_stderr_and_keep_stdout(sqlite_portal, tmp_path):
    portal = sqlite_portal
    # A large file (over 512 kB) shows its rows (a line each step with XINYONG_PROGRESS_SECONDS=0)
    # and ends with a summary on stderr; stdout keeps the one summary scripts read.
    big = _padded(tmp_path / "big.csv")
    portal.env["XINYONG_PROGRESS_SECONDS"] = "0"
    imported = portal.cli("import", str(big))
    assert re.search(r"导入中：[\d,]+ 行", imported.stderr), imported.stderr
    assert re.search(r"导入完毕：6 行.*（用时 [\d.]+ 秒）", imported.stderr)
    assert imported.stdout.startswith("批次 ") and "导入中" not in imported.stdout
    # Open data, not on a terminal: one plain line per tenth (a file each), then the summary.
    built = portal.cli("opendata", "build")
    assert [int(n) for n, _ in TENTHS.findall(built.stderr)] == list(range(1, 11))
    assert "\r" not in built.stderr
    assert re.search(r"开放数据生成完毕：10 个文件.*（用时 [\d.]+ 秒）", built.stderr)
    assert built.stdout.startswith("开放数据已生成：版本 ") and len(built.stdout.splitlines()) == 1
    # On a terminal (index rebuild): the line is rewritten in place, then the summary.
    master, slave = os.openpty()
    try:
        done = subprocess.run(
            [str(BIN / "xinyong"), "index", "rebuild"],
            env=portal.env,
            stdout=subprocess.PIPE,
            stderr=slave,
            timeout=300,
            check=True,
        )
        os.close(slave)
        shown = b""
        while chunk := _read(master):
            shown += chunk
    finally:
        os.close(master)
    text = shown.decode("utf-8")
    assert "\r重建索引：" in text and "\x1b[K" in text
    assert re.search(r"索引重建完毕：主体 [1-9][\d,]*，信息 [1-9][\d,]*.*（用时 [\d.]+ 秒）", text)
    assert done.stdout.decode().startswith("索引已重建并启用")


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except OSError:  # EIO: the child closed its end
        return b""


def _padded(target):
    """The fixture's six penalties with a column the importer ignores, 30,000 characters a row:
    a file over the 512 kB from which the import shows its progress."""
    with (FIXTURES / "penalties-current.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    rows = [rows[0] + ["附注（不导入）"]] + [row + ["附" * 30_000] for row in rows[1:]]
    with target.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    return target
