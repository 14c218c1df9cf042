"""How well any ranking can answer brand initials that do not say which brand was meant.

Run: .venv/bin/python bench/search_initials_bound.py [--subjects 100000]
For each `hubei_brand_initials` query of the last benchmark run (bench/data/<n>/queries.json),
counts the distinct brands in the database that the same letters spell: the initials of the
first two to four characters of every subject's name core (the analyser's core: this is an
explanation, not a label). A ranking that cannot know which of k brands was meant shows the
wanted names in its first ten at the rate a random order of the names spelled alike would;
the mean of that over the queries is the bound printed, per number of letters.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from xinyong.records.db import make_engine, make_session_factory  # noqa: E402
from xinyong.records.models import Subject  # noqa: E402
from xinyong.search_index.text.analysis import initials, name_core  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subjects", type=int, default=100_000)
    args = ap.parse_args()
    data = ROOT / "bench" / "data" / str(args.subjects)
    queries = [
        q
        for q in json.loads((data / "queries.json").read_text(encoding="utf-8"))
        if q["cls"] == "hubei_brand_initials"
    ]
    letters = {q["q"] for q in queries}
    names_of: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    factory = make_session_factory(make_engine(f"sqlite:///{data / 'xinyong.sqlite3'}"))
    with factory() as session:
        for name in session.scalars(select(Subject.name).where(Subject.kind != "自然人")):
            core = name_core(name)
            spelled = initials(core)
            for k in (2, 3, 4):
                if spelled[:k] in letters and len(core) >= k:
                    names_of[spelled[:k]][core[:k]] += 1
    by_length: dict[int, list[float]] = defaultdict(list)
    spelled_alike: dict[int, list[int]] = defaultdict(list)
    for q in queries:
        total = max(1, sum(names_of.get(q["q"], {}).values()))
        wanted = max(1, len(q["wanted"]))
        # A random order of `total` names holds 10 * wanted / total wanted ones in its first ten.
        by_length[len(q["q"])].append(min(1.0, 10 * wanted / (total * min(wanted, 10))))
        spelled_alike[len(q["q"])].append(total)
    for n, values in sorted(by_length.items()):
        print(
            f"{n} letters: {len(values)} queries, chance bound recall@10 "
            f"{statistics.mean(values):.3f}, median names spelled alike "
            f"{statistics.median(spelled_alike[n])}"
        )
    every = [v for values in by_length.values() for v in values]
    print(f"all: {len(every)} queries, chance bound recall@10 {statistics.mean(every):.3f}")


if __name__ == "__main__":
    main()
