"""Load test on 127.0.0.1: the portal under gunicorn on the 1,000,000-subject benchmark
dataset, route by route and in a realistic mix, against a minimal Flask endpoint on the same
server stack (the ceiling). Bounded in time: DURATION seconds per run.

Usage: .venv/bin/python bench/load/load_bench.py [--subjects 1000000] [--duration 20]
       [--connections 16] [--runs 3]
Needs the dataset and index of bench/search_bench.py and Debian's `wrk` (installed if missing).
Prints a Markdown table (median of --runs runs per route) for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
WORKERS, THREADS = "2", "4"


def serve(app: str, env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen([str(BIN / "gunicorn"), "-c", str(ROOT / "deploy/gunicorn.conf.py"),
                               "--chdir", str(ROOT), "--access-logfile", "/dev/null", app],
                              env={**env, "PORT": str(port), "WORKERS": WORKERS, "THREADS": THREADS},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/{'ping' if 'ceiling' in app else 'healthz'}",
                                   timeout=5)
            return server
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{app} did not start")


def rss_mb(server: subprocess.Popen) -> list[float]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    out = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                out.append(int(line.split()[1]) / 1024)
    return out


def wrk(port: int, requests: list[str], args, key: str, workdir: Path) -> dict:
    listing = workdir / "requests.txt"
    listing.write_text("\n".join(requests) + "\n", encoding="utf-8")
    result = subprocess.run(["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "10s",
                             "-s", str(ROOT / "bench/load/paths.lua"), f"http://127.0.0.1:{port}"],
                            env={**os.environ, "WRK_REQUESTS": str(listing), "WRK_API_KEY": key},
                            capture_output=True, text=True, check=True)
    line = next(x for x in result.stdout.splitlines() if x.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def request_sets(db: Path, queries: list[dict]) -> dict[str, list[str]]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rnd = random.Random(7)
    usccs = [r[0] for r in con.execute("SELECT uscc FROM subjects WHERE uscc IS NOT NULL AND id % 997 = 0")]
    rnd.shuffle(usccs)
    names = [q["q"] for q in queries if q["cls"] in ("full_name", "brand_trade", "fragment")]
    search = [f"GET /search?q={urllib.request.quote(q)}" for q in names[:400]]
    profile = [f"GET /credit/{u}" for u in usccs[:400]]
    check = [f'POST /api/v1/checks {json.dumps({"query": u, "approval_type": "gov_procurement"})}'
             for u in usccs[400:800]]
    feeds = ["GET /feeds/latest.atom"] + [f"GET /feeds/subject/{u}.atom" for u in usccs[800:1000]]
    # The mix: what a city portal sees — mostly searches and profiles, counter checks, some feeds.
    mix = search[:200] * 4 + profile[:200] * 3 + check[:200] * 2 + feeds[:200]
    rnd.shuffle(mix)
    return {"search": search, "profile": profile, "check": check, "feeds": feeds, "mix": mix}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subjects", type=int, default=1_000_000)
    ap.add_argument("--duration", type=int, default=20)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    subprocess.run([str(ROOT / "scripts/system-packages.sh"), "wrk"], check=True)
    data = ROOT / "bench" / "data" / str(args.subjects)
    db = data / "xinyong.sqlite3"
    env = {**os.environ, "XINYONG_ENV": "development", "XINYONG_DATABASE_URL": f"sqlite:///{db}",
           "XINYONG_INDEX_DIR": str(data / "index"), "XINYONG_INSTANCE_DIR": str(data / "instance"),
           "XINYONG_RATE_LIMITS": "off"}
    cli = [str(BIN / "xinyong")]
    subprocess.run([*cli, "db", "upgrade"], env=env, check=True)
    key = subprocess.run([*cli, "widget-key", "create", "--center", "压测服务中心", "--origin",
                          "http://load.example"], env=env, check=True, capture_output=True,
                         text=True).stdout.splitlines()[1].strip()
    sets = request_sets(db, json.loads((data / "queries.json").read_text(encoding="utf-8")))
    workdir = data / "load"
    workdir.mkdir(exist_ok=True)
    results: dict[str, list[dict]] = {}
    ceiling = serve("bench.load.ceiling_app:app", {**os.environ, "PYTHONPATH": str(ROOT)}, 8091)
    try:
        results["ceiling"] = [wrk(8091, ["GET /ping"], args, key, workdir) for _ in range(args.runs)]
    finally:
        ceiling.terminate()
        ceiling.wait()
    portal = serve("wsgi:app", env, 8092)
    try:
        for name in sets:  # warm every worker once, then measure
            wrk(8092, sets[name], argparse.Namespace(connections=4, duration=3), key, workdir)
        for name, requests in sets.items():
            results[name] = [wrk(8092, requests, args, key, workdir) for _ in range(args.runs)]
        memory = rss_mb(portal)
    finally:
        portal.terminate()
        portal.wait()
    top = statistics.median(r["rps"] for r in results["ceiling"])
    print(f"gunicorn {WORKERS} workers × {THREADS} threads, wrk -t2 -c{args.connections} "
          f"-d{args.duration}s, median of {args.runs} runs; worker RSS after the runs: "
          + ", ".join(f"{m:.0f} MB" for m in memory))
    print("| route | requests/s | share of ceiling | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|---|")
    for name, runs in results.items():
        med = {k: statistics.median(r[k] for r in runs) for k in ("rps", "p50_ms", "p95_ms", "p99_ms")}
        errors = sum(r["errors"] for r in runs)
        print(f"| {name} | {med['rps']:.0f} | {100 * med['rps'] / top:.0f}% | {med['p50_ms']:.1f} | "
              f"{med['p95_ms']:.1f} | {med['p99_ms']:.1f} | {errors} |")


if __name__ == "__main__":
    main()
