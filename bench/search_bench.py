"""Search benchmark on the 1,000,000-subject demo city, Whoosh against SQLite FTS5.

Run: .venv/bin/python bench/search_bench.py [--subjects 1000000] [--per-class 200] [--procs 2]
     [--hubei-names 2000] [--skip-rebuild]
Generates the dataset once (bench/data/<subjects>/, through the real importer), adds the
second generator's names (bench/names_hubei.py: Hubei-wide regions, groups, branches,
个体工商户; classes `hubei_*`), rebuilds the index (timed), then runs a labelled query set per
class through SearchService — the code the site uses — and the same queries against an FTS5
trigram table. Prints a Markdown table and
writes bench/out/search-<subjects>.json. Record the table in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.fts5_baseline import build_fts  # noqa: E402
from bench.search_queries import build_queries  # noqa: E402
from bench.search_queries_hubei import add_names  # noqa: E402
from bench.search_queries_hubei import build as build_hubei_queries  # noqa: E402
from xinyong.records import migrate  # noqa: E402
from xinyong.records.db import make_engine, make_session_factory  # noqa: E402
from xinyong.records.demo.loader import has_subjects, load_demo  # noqa: E402
from xinyong.search_index.indexer import rebuild  # noqa: E402
from xinyong.search_index.store import IndexStore  # noqa: E402


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subjects", type=int, default=1_000_000)
    ap.add_argument("--per-class", type=int, default=200)
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument(
        "--hubei-names",
        type=int,
        default=2000,
        help="names from the second generator added to the dataset (once)",
    )
    ap.add_argument("--skip-rebuild", action="store_true")
    args = ap.parse_args()
    data = ROOT / "bench" / "data" / str(args.subjects)
    data.mkdir(parents=True, exist_ok=True)
    db_path = data / "xinyong.sqlite3"
    engine = make_engine(f"sqlite:///{db_path}")
    migrate.upgrade(engine)
    factory = make_session_factory(engine)
    report: dict = {"subjects": args.subjects, "python": platform.python_version()}
    if not has_subjects(factory):
        started = time.perf_counter()
        totals = load_demo(
            factory, subjects=args.subjects, seed=1, out_dir=data / "files", id_hash_key=b"bench-key"
        )
        report["dataset_seconds"] = round(time.perf_counter() - started, 1)
        report["dataset_rows"] = totals.rows
    fts_path = data / "fts5.sqlite3"
    if args.hubei_names and add_names(factory, args.hubei_names):
        fts_path.unlink(missing_ok=True)  # the baseline must hold the added names too
    store = IndexStore(data / "index")
    if not args.skip_rebuild:
        started = time.perf_counter()
        phase_started: dict[str, float] = {}

        def progress(phase: str, _n: int) -> None:
            phase_started.setdefault(phase, time.perf_counter())

        build = rebuild(factory, store, procs=args.procs, progress=progress)
        ended = time.perf_counter()
        report["rebuild_seconds"] = round(ended - started, 1)
        # Phases end where the next begins: subjects → records → facts (database full text).
        records_at = phase_started.get("records", ended)
        facts_at = phase_started.get("facts", ended)
        report["rebuild_phases_seconds"] = {
            "subjects": round(records_at - started, 1),
            "records": round(facts_at - records_at, 1),
            "facts_fulltext": round(ended - facts_at, 1),
        }
        # The forked index writers are this process's only children so far: their peak RSS.
        if args.procs > 1:  # (with one writer, it is this process)
            peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            report["rebuild_writer_max_rss_mb"] = peak_kb // 1024
        size = subprocess.run(["du", "-sm", str(build.path)], capture_output=True, text=True)
        report["index_mb"] = int(size.stdout.split()[0])
    if not fts_path.exists():
        report["fts5_build_seconds"] = round(build_fts(db_path, fts_path), 1)

    with factory() as session:
        queries = build_queries(session, args.per_class)
        if args.hubei_names:
            queries += build_hubei_queries(session, args.hubei_names, args.per_class)
    queries_path = data / "queries.json"
    queries_path.write_text(
        json.dumps(
            [{"cls": q.cls, "q": q.q, "wanted": sorted(q.wanted)} for q in queries], ensure_ascii=False
        ),
        encoding="utf-8",
    )
    measured = {}
    for engine_name in ("whoosh", "fts5"):
        worker = subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "search_worker.py"),
                str(data),
                str(queries_path),
                engine_name,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        measured[engine_name] = json.loads(worker.stdout)
    results: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for e, m in measured.items():
        for row in m["rows"]:
            r = results[row["cls"]]
            wanted = set(row["wanted"])
            ids = row["ids"]
            r[f"{e}_ms"].append(row["ms"])
            if wanted:
                r[f"{e}_r1"].append(bool(ids) and ids[0] in wanted)
                r[f"{e}_r10"].append(len(wanted & set(ids[:10])) / min(len(wanted), 10))
            if e == "whoosh":
                r["partial"].append(row["partial"])
    measured = measured["whoosh"] | {"fts5_max_rss_mb": measured["fts5"]["max_rss_mb"]}
    suggest_ms = measured["suggest_ms"]
    report["suggest_ms"] = {
        "p50": pct(suggest_ms, 50),
        "p95": pct(suggest_ms, 95),
        "p99": pct(suggest_ms, 99),
    }
    report["worker_max_rss_mb"] = measured["max_rss_mb"]
    report["fts5_worker_max_rss_mb"] = measured["fts5_max_rss_mb"]
    report["classes"] = {}
    for cls, r in results.items():
        row = {}
        for e in ("whoosh", "fts5"):
            ms = r[f"{e}_ms"]
            row[e] = {
                "p50": pct(ms, 50),
                "p95": pct(ms, 95),
                "p99": pct(ms, 99),
                "recall@1": _mean(r.get(f"{e}_r1")),
                "recall@10": _mean(r.get(f"{e}_r10")),
            }
        row["n"] = len(r["whoosh_ms"])
        row["partial_share"] = _mean(r["partial"])
        report["classes"][cls] = row
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / f"search-{args.subjects}.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    print(_markdown(report))


def _mean(values) -> float | None:
    return round(statistics.mean(values), 3) if values else None


def _markdown(report: dict) -> str:
    lines = [
        f"subjects: {report['subjects']:,}; rebuild: {report.get('rebuild_seconds')} s "
        f"{report.get('rebuild_phases_seconds')}, writer peak RSS "
        f"{report.get('rebuild_writer_max_rss_mb')} MB; "
        f"index: {report.get('index_mb')} MB; worker max RSS: {report['worker_max_rss_mb']} MB; "
        f"suggest p50/p95/p99: {report['suggest_ms']['p50']:.1f}/{report['suggest_ms']['p95']:.1f}/"
        f"{report['suggest_ms']['p99']:.1f} ms",
        "",
        "| class | n | Whoosh p50 / p95 / p99 ms | recall@1 | recall@10 | FTS5 p50 / p95 / p99 ms | "
        "FTS5 recall@10 | p95 Whoosh/FTS5 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for cls, row in report["classes"].items():
        w, f = row["whoosh"], row["fts5"]
        ratio = w["p95"] / f["p95"] if f["p95"] and cls != "fact_text" else float("nan")
        lines.append(
            f"| {cls} | {row['n']} | {w['p50']:.1f} / {w['p95']:.1f} / {w['p99']:.1f} | "
            f"{w['recall@1']} | {w['recall@10']} | {f['p50']:.1f} / {f['p95']:.1f} / "
            f"{f['p99']:.1f} | {f['recall@10']} | {ratio:.1f}× |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
