"""CPU cost of a search page nobody asked for before (the page store off), per query class.

Run: .venv/bin/python bench/search_cost.py [--subjects 100000] [--per-class 40] [--profile]
    [--classes full_name,pinyin]
Needs the dataset, index and queries.json of bench/search_bench.py. Each query is asked once
through the real app (Flask test client, no network) and timed by the process's CPU time
(time.process_time), which other processes on a shared machine do not inflate, as well as by
the wall clock. Prints the median and p95 per class and over all pages; with --profile, the
functions that took the most CPU over every page (cProfile, cumulative), to see where a page
goes: the index query, facet counts, stored fields, summaries or the template.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from xinyong.settings import load_settings  # noqa: E402
from xinyong.site import create_app  # noqa: E402

CLASSES = (
    "full_name",
    "brand_trade",
    "fragment",
    "pinyin",
    "homophone_typo",
    "missing_extra_char",
    "hubei_full_name",
    "hubei_brand_trade",
    "hubei_missing_extra_char",
)


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subjects", type=int, default=100_000)
    ap.add_argument("--per-class", type=int, default=40)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--classes", default=",".join(CLASSES), help="comma-separated query classes")
    args = ap.parse_args()
    data = ROOT / "bench" / "data" / str(args.subjects)
    settings = load_settings(
        {
            "XINYONG_DATABASE_URL": f"sqlite:///{data / 'xinyong.sqlite3'}",
            "XINYONG_INDEX_DIR": str(data / "index"),
            "XINYONG_INSTANCE_DIR": str(data / "instance"),
            "XINYONG_RATE_LIMITS": "off",
            "XINYONG_PAGE_CACHE_SECONDS": "0",
        }
    )
    queries = json.loads((data / "queries.json").read_text(encoding="utf-8"))
    by_class: dict[str, list[str]] = defaultdict(list)
    for q in queries:
        if q["cls"] in CLASSES and q["q"] not in by_class[q["cls"]]:
            by_class[q["cls"]].append(q["q"])
    rnd = random.Random(5)
    classes = tuple(c for c in args.classes.split(",") if c)
    picked = [(c, q) for c in classes for q in rnd.sample(by_class[c], min(args.per_class, len(by_class[c])))]
    client = create_app(settings).test_client()
    for _, q in picked[:: max(1, len(picked) // 10)][:10]:  # open searchers, warm the code
        client.get("/search?q=" + quote(q + "预热")).get_data()
    cpu: dict[str, list[float]] = defaultdict(list)
    wall: dict[str, list[float]] = defaultdict(list)
    profiler = cProfile.Profile() if args.profile else None
    for cls, q in picked:
        started_cpu, started = time.process_time(), time.perf_counter()
        if profiler:
            profiler.enable()
        response = client.get("/search?q=" + quote(q))
        response.get_data()
        if profiler:
            profiler.disable()
        cpu[cls].append((time.process_time() - started_cpu) * 1000)
        wall[cls].append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (q, response.status_code)
    print("| class | pages | CPU ms p50 / p95 | wall ms p50 / p95 |\n|---|---|---|---|")
    for cls in (*classes, "all"):
        c = [v for vs in cpu.values() for v in vs] if cls == "all" else cpu[cls]
        w = [v for vs in wall.values() for v in vs] if cls == "all" else wall[cls]
        print(
            f"| {cls} | {len(c)} | {statistics.median(c):.1f} / {pct(c, 95):.1f} | "
            f"{statistics.median(w):.1f} / {pct(w, 95):.1f} |"
        )
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
        print(out.getvalue())
        profiler.dump_stats(ROOT / "bench" / "out" / f"search-cost-{args.subjects}.prof")


if __name__ == "__main__":
    main()
