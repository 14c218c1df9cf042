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
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from sqlalchemy import text

from xinyong.records.db import make_engine

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
WORKERS, THREADS = "2", "4"
# Routes whose pages must each be rendered afresh: not warmed, a separate share in each run.
FRESH = ("search (each query once)", "profile (each subject once)")


def serve(app: str, env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-c",
            str(ROOT / "deploy/gunicorn.conf.py"),
            "--chdir",
            str(ROOT),
            "--access-logfile",
            "/dev/null",
            app,
        ],
        env={**env, "PORT": str(port), "WORKERS": WORKERS, "THREADS": THREADS},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(600):
        try:
            urllib.request.urlopen(
                f"http://127.0.0.1:{port}/{'ping' if 'ceiling' in app else 'healthz'}", timeout=5
            )
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
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "bench/load/paths.lua"),
            f"http://127.0.0.1:{port}",
        ],
        env={**os.environ, "WRK_REQUESTS": str(listing), "WRK_API_KEY": key},
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def request_sets(
    database_url: str, names: list[str], per_route: int = 400, unique: int = 0
) -> dict[str, list[str]]:
    """The requests wrk cycles through, per route: searches for the given names, profiles and
    counter checks of random subjects, feeds. The portal keeps rendered pages per data version
    (xinyong/site/page_store.py), so routes cycling through `per_route` requests measure
    pages people open again; with `unique`, two more routes search for and open that many
    different subjects, none twice in a run — every one rendered afresh."""
    engine = make_engine(database_url)
    with engine.connect() as connection:
        subjects = connection.execute(text("SELECT uscc, name FROM subjects WHERE uscc IS NOT NULL")).all()
    engine.dispose()
    rnd = random.Random(7)
    subjects = rnd.sample(subjects, min(len(subjects), 3 * per_route + unique))
    usccs = [u for u, _ in subjects[: 3 * per_route]]
    third = len(usccs) // 3
    search = [f"GET /search?q={urllib.request.quote(q)}" for q in names[:per_route]]
    profile = [f"GET /credit/{u}" for u in usccs[:third]]
    # The secret key (X-API-Key, paths.lua) checks server to server: it names the operator.
    body = {"approval_type": "gov_procurement", "operator": "压测"}
    check = [f"POST /api/v1/checks {json.dumps({'query': u, **body})}" for u in usccs[third : 2 * third]]
    feeds = ["GET /feeds/latest.atom"] + [f"GET /feeds/subject/{u}.atom" for u in usccs[2 * third :]]
    # The mix: what a city portal sees — mostly searches and profiles, counter checks, some feeds.
    half = per_route // 2
    mix = search[:half] * 4 + profile[:half] * 3 + check[:half] * 2 + feeds[:half]
    rnd.shuffle(mix)
    sets = {"search": search, "profile": profile, "check": check, "feeds": feeds, "mix": mix}
    if unique:
        others = subjects[3 * per_route :]
        sets[FRESH[0]] = [f"GET /search?q={urllib.request.quote(n)}" for _, n in others]
        sets[FRESH[1]] = [f"GET /credit/{u}" for u, _ in others]
    return sets


def measure(
    env: dict,
    sets: dict[str, list[str]],
    key: str,
    workdir: Path,
    *,
    duration: int,
    connections: int,
    runs: int,
    ports: tuple[int, int] = (8091, 8092),
) -> tuple[dict, list]:
    """wrk against the ceiling app, then against the portal route by route: every run's figures
    and the portal workers' memory afterwards."""
    args = argparse.Namespace(connections=connections, duration=duration)
    results: dict[str, list[dict]] = {}
    ceiling = serve("bench.load.ceiling_app:app", {**os.environ, "PYTHONPATH": str(ROOT)}, ports[0])
    try:
        results["ceiling"] = [wrk(ports[0], ["GET /ping"], args, key, workdir) for _ in range(runs)]
    finally:
        ceiling.terminate()
        ceiling.wait()
    portal = serve("wsgi:app", env, ports[1])
    try:
        for name in sets:  # warm every worker once (not with pages that must be fresh), then measure
            if name in FRESH:
                continue
            wrk(
                ports[1],
                sets[name],
                argparse.Namespace(connections=4, duration=min(duration, 3)),
                key,
                workdir,
            )
        for name, requests in sets.items():
            results[name] = [
                wrk(ports[1], requests[i::runs] if name in FRESH else requests, args, key, workdir)
                for i in range(runs)
            ]
        memory = rss_mb(portal)
    finally:
        portal.terminate()
        portal.wait()
    return results, memory


def postgres_copy(data: Path, subjects: int) -> str:
    """A PostgreSQL database holding a copy of the benchmark's SQLite file (made if it is empty)."""
    name = f"xinyong_load_{subjects}"
    port = subprocess.run(
        [str(ROOT / "scripts/postgres-up.sh"), "xinyong", "xinyong", name],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    url = f"postgresql+psycopg://xinyong:xinyong@127.0.0.1:{port}/{name}"
    engine = make_engine(url)
    with engine.connect() as connection:
        copied = (
            connection.execute(text("SELECT to_regclass('subjects') IS NOT NULL")).scalar()
            and connection.execute(text("SELECT EXISTS (SELECT 1 FROM subjects)")).scalar()
        )
    engine.dispose()
    if not copied:
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench/load/copy_to_postgres.py"),
                str(data / "xinyong.sqlite3"),
                url,
            ],
            check=True,
        )
    return url


def widget_key(env: dict) -> str:
    created = subprocess.run(
        [
            str(BIN / "xinyong"),
            "widget-key",
            "create",
            "--center",
            "压测服务中心",
            "--origin",
            "http://load.example",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return created.stdout.splitlines()[1].strip()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subjects", type=int, default=1_000_000)
    ap.add_argument("--duration", type=int, default=20)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument(
        "--database",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="the benchmark's SQLite file, or a PostgreSQL copy of it (made if missing)",
    )
    ap.add_argument("--routes", help="only these routes, comma-separated (names as in the table)")
    args = ap.parse_args()
    subprocess.run([str(ROOT / "scripts/system-packages.sh"), "wrk"], check=True)
    data = ROOT / "bench" / "data" / str(args.subjects)
    database_url = f"sqlite:///{data / 'xinyong.sqlite3'}"
    if args.database == "postgresql":
        database_url = postgres_copy(data, args.subjects)
    env = {
        **os.environ,
        "XINYONG_ENV": "development",
        "XINYONG_DATABASE_URL": database_url,
        "XINYONG_INDEX_DIR": str(data / "index"),
        "XINYONG_INSTANCE_DIR": str(data / "instance"),
        "XINYONG_RATE_LIMITS": "off",
    }
    subprocess.run([str(BIN / "xinyong"), "db", "upgrade"], env=env, check=True)
    queries = json.loads((data / "queries.json").read_text(encoding="utf-8"))
    names = [q["q"] for q in queries if q["cls"] in ("full_name", "brand_trade", "fragment")]
    sets = request_sets(database_url, names, unique=20_000)
    if args.routes:
        sets = {name: sets[name] for name in args.routes.split(",")}
    workdir = data / "load"
    workdir.mkdir(exist_ok=True)
    results, memory = measure(
        env,
        sets,
        widget_key(env),
        workdir,
        duration=args.duration,
        connections=args.connections,
        runs=args.runs,
    )
    top = statistics.median(r["rps"] for r in results["ceiling"])
    print(
        f"{database_url.split(':')[0]}; gunicorn {WORKERS} workers × {THREADS} threads, "
        f"wrk -t2 -c{args.connections} "
        f"-d{args.duration}s, median of {args.runs} runs; worker RSS after the runs: "
        + ", ".join(f"{m:.0f} MB" for m in memory)
    )
    print("| route | requests/s | share of ceiling | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|---|")
    for name, runs in results.items():
        med = {k: statistics.median(r[k] for r in runs) for k in ("rps", "p50_ms", "p95_ms", "p99_ms")}
        errors = sum(r["errors"] for r in runs)
        print(
            f"| {name} | {med['rps']:.0f} | {100 * med['rps'] / top:.0f}% | {med['p50_ms']:.1f} | "
            f"{med['p95_ms']:.1f} | {med['p99_ms']:.1f} | {errors} |"
        )


if __name__ == "__main__":
    main()
