"""One search worker process for the benchmark: runs the query set, reports timings and RSS.

Separate from the benchmark driver so its memory is what a web worker holds (a reused
searcher per index, the Python process), not what building the dataset or the query set took.
Usage: python bench/search_worker.py DATA_DIR QUERIES.json whoosh|fts5 → JSON on stdout.
Each engine runs in its own process, so each reported RSS is that engine's alone.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from bench.fts5_baseline import Fts5Search  # noqa: E402
from xinyong.records.db import make_engine, make_session_factory  # noqa: E402
from xinyong.records.models import Penalty  # noqa: E402
from xinyong.search_index.errors import SearchError  # noqa: E402
from xinyong.search_index.service import SearchService  # noqa: E402
from xinyong.search_index.store import IndexStore  # noqa: E402


def main() -> None:
    data, queries_path, engine = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    queries = json.loads(queries_path.read_text(encoding="utf-8"))
    factory = make_session_factory(make_engine(f"sqlite:///{data / 'xinyong.sqlite3'}"))
    service = SearchService(IndexStore(data / "index")) if engine == "whoosh" else None
    fts = Fts5Search(data / "xinyong.sqlite3", data / "fts5.sqlite3") if engine == "fts5" else None
    out = []
    with factory() as session:
        found_records: dict[str, list[tuple[str, int]]] = {}

        def whoosh(text: str) -> tuple[list[int], bool]:
            try:
                outcome = service.search_subjects(session, text, page_size=10)
            except SearchError:
                return [], False
            found_records[text] = outcome.record_ids
            return outcome.subject_ids, outcome.partial

        def facts(text: str) -> tuple[list[int], bool]:
            # Served by the database's full-text engine behind the same interface (no
            # FTS5-baseline counterpart: the baseline indexes names only).
            try:
                outcome = service.search_records(session, text, scope="facts", page_size=10)
            except SearchError:
                return [], False
            return [i for _, i in outcome.record_ids], False

        def run(text: str, cls: str = "") -> tuple[list[int], bool]:
            if cls == "fact_text":
                return facts(text) if fts is None else ([], False)
            return whoosh(text) if fts is None else (fts.search(text), False)

        for q in queries[:20]:  # warm up, as a running worker is
            run(q["q"], q["cls"])
        for q in queries:
            row = {"cls": q["cls"], "wanted": q["wanted"]}
            started = time.perf_counter()
            row["ids"], row["partial"] = run(q["q"], q["cls"])
            row["ms"] = (time.perf_counter() - started) * 1000
            if q["cls"] == "document_number" and fts is None:
                # A natural person has no subject page: the portal shows the penalty itself,
                # so the answer is judged by whose records it lists (outside the timing).
                row["ids"] = _record_subjects(session, found_records.get(q["q"], [])) or row["ids"]
            out.append(row)
        suggest = []
        for q in [q for q in queries if q["cls"] == "full_name" and service is not None]:
            for prefix in (q["q"][:2], q["q"][:4]):
                started = time.perf_counter()
                service.suggest(session, prefix)
                suggest.append((time.perf_counter() - started) * 1000)
    print(json.dumps({"rows": out, "suggest_ms": suggest, "max_rss_mb": _peak_rss_mb()}))


def _record_subjects(session, records: list[tuple[str, int]]) -> list[int]:
    ids = {i for entity, i in records if entity == "penalty"}
    if not ids:
        return []
    rows = dict(session.execute(select(Penalty.id, Penalty.subject_id).where(Penalty.id.in_(ids))).all())
    return list(dict.fromkeys(rows[i] for e, i in records if e == "penalty" and i in rows))


def _peak_rss_mb() -> int:
    # VmHWM, not getrusage: a child forked from the large benchmark driver inherits the
    # driver's ru_maxrss across exec, which reported 691 MB for a worker that peaked at 151 MB.
    status = Path("/proc/self/status").read_text(encoding="ascii")
    return int(status.split("VmHWM:")[1].split()[0]) // 1024


if __name__ == "__main__":
    main()
