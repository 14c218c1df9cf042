"""Import throughput: rows per second for a 100,000-row penalty CSV into a fresh SQLite database.

Run: .venv/bin/python bench/import_bench.py [--rows 100000] [--runs 3] [--postgres URL]
Prints each run and the median; record the result in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.penalty_file import write_penalty_file
from xinyong.records import migrate
from xinyong.records.db import make_engine, make_session_factory
from xinyong.records.ingest.importer import ImportOptions, import_file


def one_run(csv_path: Path, url: str) -> tuple[float, object]:
    engine = make_engine(url)
    migrate.upgrade(engine)
    factory = make_session_factory(engine)
    started = time.perf_counter()
    summary = import_file(factory, csv_path, ImportOptions(id_hash_key=b"bench-key"))
    elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed, summary


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = write_penalty_file(Path(tmp) / "penalties.csv", args.rows)
        rates = []
        for run in range(args.runs):
            url = f"sqlite:///{tmp}/bench-{run}.sqlite3"
            elapsed, summary = one_run(csv_path, url)
            assert summary.accepted == args.rows, summary
            rates.append(args.rows / elapsed)
            print(f"run {run + 1}: {elapsed:.1f} s, {rates[-1]:,.0f} rows/s")
        print(
            f"median: {statistics.median(rates):,.0f} rows/s over {args.runs} runs of {args.rows:,} rows "
            f"({platform.python_version()}, {platform.machine()})"
        )


if __name__ == "__main__":
    main()
