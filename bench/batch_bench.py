"""Batch checks (批量核查): a list of 500 subjects answered through POST /api/v1/batches, end to end
(identification, verdicts, 500 check-log rows + the batch receipt, the JSON answer), in the real
app on the demo city, with the secret key as a counter's back end would call it.

Usage: .venv/bin/python bench/batch_bench.py [--subjects 20000] [--rows 500] [--runs 5]
       [--database-url postgresql://…]   (default: a fresh SQLite file under a temporary folder)
The list: 80% by 统一社会信用代码 (with the name, as a bidders' list has it), 20% by exact name only.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from xinyong.records import migrate  # noqa: E402
from xinyong.records.db import make_engine, make_session_factory  # noqa: E402
from xinyong.records.models import Subject  # noqa: E402
from xinyong.settings import load_settings  # noqa: E402
from xinyong.site import create_app  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subjects", type=int, default=20_000)
    ap.add_argument("--rows", type=int, default=500)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--database-url")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="batch-bench-"))
    url = args.database_url or f"sqlite:///{folder / 'bench.sqlite3'}"
    settings = load_settings(
        {
            "XINYONG_DATABASE_URL": url,
            "XINYONG_INDEX_DIR": str(folder / "index"),
            "XINYONG_INSTANCE_DIR": str(folder / "instance"),
            "XINYONG_RATE_LIMITS": "off",
        }
    )
    engine = make_engine(url)
    migrate.upgrade(engine)
    app = create_app(settings)
    cli, client = app.test_cli_runner(), app.test_client()
    started = time.perf_counter()
    for command in (
        ["demo", "--subjects", str(args.subjects), "--seed", "1", "--out", str(folder / "files")],
        ["index", "rebuild"],
    ):
        result = cli.invoke(args=command)
        assert result.exit_code == 0, result.output
    print(f"demo city of {args.subjects} subjects and its index: {time.perf_counter() - started:.1f} s")
    created = cli.invoke(
        args=["widget-key", "create", "--center", "基准测试中心", "--origin", "https://bench.example"]
    )
    secret = created.output.splitlines()[1].strip()
    with make_session_factory(engine)() as s:
        organisations = s.execute(
            select(Subject.name, Subject.uscc)
            .where(Subject.uscc.is_not(None), Subject.kind != "自然人")
            .order_by(Subject.id)
        ).all()
    rng = random.Random(1)
    timings, states = [], {}
    for _ in range(args.runs):
        chosen = rng.sample(organisations, args.rows)
        subjects = [
            {"name": name, "uscc": uscc} if i % 5 else {"name": name} for i, (name, uscc) in enumerate(chosen)
        ]
        body = json.dumps({"subjects": subjects, "approval_type": "gov_procurement", "operator": "基准"})
        t0 = time.perf_counter()
        response = client.post(
            "/api/v1/batches",
            data=body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {secret}"},
        )
        answer = response.get_json()
        timings.append(time.perf_counter() - t0)
        assert response.status_code == 201, answer
        assert len(answer["lines"]) == args.rows
        states = answer["batch"]["counts"]
    print(f"{args.rows} subjects per batch, runs (s): {', '.join(f'{t:.2f}' for t in timings)}")
    print(
        f"median: {statistics.median(timings):.2f} s; states of the last run: "
        + ", ".join(f"{k} {v}" for k, v in states.items() if v)
    )
    engine.dispose()


if __name__ == "__main__":
    main()
