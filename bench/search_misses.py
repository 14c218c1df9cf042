"""The queries of one class that the portal misses at @10, and why they may be ambiguous.

Run: .venv/bin/python bench/search_misses.py CLASS [--subjects 1000000]
Needs the dataset, index and queries.json of bench/search_bench.py. For every miss prints the
query, the wanted name, how many indexed names share its exact core (`key`) and its whole
reading (`py`), and the first three names found: a reading shared by more than ten names, or a
core one edit from several names, cannot be told apart from the letters or characters typed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from xinyong.records.db import make_engine, make_session_factory  # noqa: E402
from xinyong.records.models import Subject  # noqa: E402
from xinyong.search_index.service import SearchService  # noqa: E402
from xinyong.search_index.store import IndexStore  # noqa: E402
from xinyong.search_index.text.analysis import fold, name_core, name_key, pinyin_syllables  # noqa: E402
from xinyong.search_index.text.typos import near_candidates, whole_name_key  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("cls")
    ap.add_argument("--subjects", type=int, default=1_000_000)
    args = ap.parse_args()
    data = ROOT / "bench" / "data" / str(args.subjects)
    factory = make_session_factory(make_engine(f"sqlite:///{data / 'xinyong.sqlite3'}"))
    service = SearchService(IndexStore(data / "index"))
    queries = [
        q for q in json.loads((data / "queries.json").read_text(encoding="utf-8")) if q["cls"] == args.cls
    ]
    searcher = service.searchers.get("subjects")
    misses = 0
    with factory() as session:
        for q in queries:
            found = service.search_subjects(session, q["q"], page_size=10).subject_ids
            if not q["wanted"] or set(q["wanted"]) & set(found):
                continue
            misses += 1
            wanted = session.get(Subject, q["wanted"][0]).name
            reading = "".join(pinyin_syllables(name_core(wanted)))
            print(
                f"{q['q']} | wanted {wanted} | same core {searcher.doc_frequency('key', name_key(wanted))}"
                f" | same reading {searcher.doc_frequency('py', reading)}"
                f" | {_tied(searcher, q['q'], wanted)}"
                f" | found {[session.get(Subject, i).name for i in found[:3]]}"
            )
    print(f"misses: {misses} of {len(queries)}")


def _tied(searcher, typed: str, wanted: str) -> str:
    """Among the names one typo from the typed core, how many the whole-name ranking puts
    ahead of the wanted one and how many it cannot tell from it (the same key)."""
    near = near_candidates(searcher, name_core(typed), None)
    if not near:
        return "no one-typo names"
    key = whole_name_key(typed)
    wanted_key = key(name_core(wanted), fold(wanted))
    keys = [key(n.core, n.name) for n in near if n.name != fold(wanted)]
    ahead = sum(k < wanted_key for k in keys)
    return f"one typo away {len(near)}, ranked ahead {ahead}, tied {sum(k == wanted_key for k in keys)}"


if __name__ == "__main__":
    main()
