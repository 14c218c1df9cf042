"""Public pages at city scale: each route's first request in a fresh process (cold caches) and
the median of five more, through the real app on the 1M-subject benchmark database.

Usage: .venv/bin/python bench/pages_bench.py [--subjects 1000000]
Needs the dataset and index of bench/search_bench.py; builds the open-data files (and with
them the home-page figures and statistics) into bench/data/<n>/instance if missing.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from xinyong.records.clock import local_date  # noqa: E402
from xinyong.records.db import make_engine, make_session_factory, utcnow  # noqa: E402
from xinyong.records.opendata.build import build, current_manifest  # noqa: E402
from xinyong.settings import load_settings  # noqa: E402
from xinyong.site import create_app  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subjects", type=int, default=1_000_000)
    args = ap.parse_args()
    data = ROOT / "bench" / "data" / str(args.subjects)
    url = f"sqlite:///{data / 'xinyong.sqlite3'}"
    settings = load_settings(
        {
            "XINYONG_DATABASE_URL": url,
            "XINYONG_INDEX_DIR": str(data / "index"),
            "XINYONG_INSTANCE_DIR": str(data / "instance"),
            "XINYONG_RATE_LIMITS": "off",
        }
    )
    if current_manifest(settings.opendata_dir) is None:
        started = time.perf_counter()
        build(make_session_factory(make_engine(url)), settings.opendata_dir, local_date(utcnow()))
        print(f"open-data build: {time.perf_counter() - started:.1f} s")
    con = sqlite3.connect(f"file:{data / 'xinyong.sqlite3'}?mode=ro", uri=True)
    uscc = con.execute(
        "SELECT uscc FROM subjects WHERE uscc IS NOT NULL ORDER BY id LIMIT 1 OFFSET 12345"
    ).fetchone()[0]
    penalty = con.execute("SELECT max(id) FROM penalties").fetchone()[0]
    routes = [
        "/",
        f"/credit/{uscc}",
        f"/record/penalty/{penalty}",
        "/disclosure/penalties",
        "/disclosure/penalties?domain=food_drug&sort=fine_desc",
        "/disclosure/licences?from=2026-01-01",
        "/lists",
        "/lists/serious_illegal",
        "/cases",
        "/statistics",
        "/search?q=恒通商贸",
        "/search?q=超标排放&tab=records&scope=facts",
        f"/feeds/subject/{uscc}.atom",
        "/feeds/latest.atom",
        "/open-data",
        "/about/data",
    ]
    client = create_app(settings).test_client()
    print("| route | first request ms | median of next 5 ms |\n|---|---|---|")
    for route in routes:
        timings = []
        for _ in range(6):
            started = time.perf_counter()
            response = client.get(route)
            response.get_data()
            assert response.status_code == 200, (route, response.status_code)
            timings.append((time.perf_counter() - started) * 1000)
        print(f"| `{route}` | {timings[0]:.1f} | {statistics.median(timings[1:]):.1f} |")


if __name__ == "__main__":
    main()
