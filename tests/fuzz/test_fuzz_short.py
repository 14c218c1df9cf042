"""The fuzz suite's short version: every atheris target for a few seconds, from a seed corpus
of the fixture files (`make test-fuzz` runs them for minutes). A crash fails the test with the
input libFuzzer saved and the traceback it printed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.files import FIXTURES

HARNESS = Path(__file__).with_name("fuzz_targets.py")
SUFFIXES = (".csv", ".xlsx", ".json", ".txt")  # the harness picks a suffix by the first byte
SECONDS = 6
FRESH = "import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:]).returncode)"


def seed_corpus(target: str, folder: Path) -> Path:
    folder.mkdir()
    if target == "readers":
        for path in FIXTURES.iterdir():
            if path.suffix in SUFFIXES:
                (folder / path.name).write_bytes(bytes([SUFFIXES.index(path.suffix)]) + path.read_bytes())
    else:
        for n, text in enumerate(
            [
                "91420102MA4K00010N",
                "武汉恒通商贸有限公司",
                "wuhan hengtong",
                "420102199001011234",
                "武市监处罚〔2026〕101号",
            ]
        ):
            (folder / f"seed{n}").write_bytes(text.encode("utf-8"))
    return folder


@pytest.mark.parametrize("target", ["readers", "identifiers", "query", "uploads", "masking"])
def test_target_survives_fuzzing(target, tmp_path):
    corpus = seed_corpus(target, tmp_path / "corpus")
    # Through a small intermediate process: Linux keeps ru_maxrss across fork and exec, so a
    # harness forked straight from this (by now large) pytest process would start "using" its
    # memory and trip -rss_limit_mb at once.
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            FRESH,
            sys.executable,
            str(HARNESS),
            target,
            f"-max_total_time={SECONDS}",
            "-rss_limit_mb=300",
            "-timeout=10",
            f"-artifact_prefix={tmp_path}/",
            str(corpus),
        ],
        capture_output=True,
        text=True,
        timeout=SECONDS + 120,
    )
    crashes = [p.name for p in tmp_path.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-"))]
    assert run.returncode == 0 and not crashes, run.stderr[-4000:]
    assert "Done" in run.stderr  # libFuzzer really ran: it reports its runs at the end
