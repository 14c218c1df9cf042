"""The embedded alternative a user might pick instead of Whoosh: SQLite FTS5 with trigrams."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from xinyong.search_index.text.analysis import classify_query, fold


def build_fts(db_path: Path, fts_path: Path) -> float:
    """Copy organisation names into an FTS5 trigram table; return the build seconds."""
    import time

    started = time.perf_counter()
    fts_path.unlink(missing_ok=True)
    conn = sqlite3.connect(fts_path)
    conn.execute("ATTACH DATABASE ? AS src", (str(db_path),))
    conn.execute("CREATE VIRTUAL TABLE names USING fts5(name, tokenize='trigram')")
    conn.execute("INSERT INTO names(rowid, name) SELECT id, name FROM src.subjects WHERE kind != '自然人'")
    conn.commit()
    conn.execute("DETACH DATABASE src")
    conn.close()
    return time.perf_counter() - started


class Fts5Search:
    def __init__(self, db_path: Path, fts_path: Path):
        self.db = sqlite3.connect(db_path)
        self.fts = sqlite3.connect(fts_path)

    def search(self, q: str, limit: int = 10) -> list[int]:
        kind = classify_query(q)
        if kind == "uscc":
            return [
                r[0] for r in self.db.execute("SELECT id FROM subjects WHERE uscc = ?", (q.strip().upper(),))
            ]
        if kind == "document_number":
            return [
                r[0]
                for r in self.db.execute(
                    "SELECT subject_id FROM penalties WHERE decision_no = ? LIMIT ?", (q, limit)
                )
            ]
        text = fold(q)
        if len(text) < 3:
            # A trigram index cannot answer 2 characters: LIKE scans (what a user would get).
            return [
                r[0]
                for r in self.fts.execute(
                    "SELECT rowid FROM names WHERE name LIKE ? LIMIT ?", (f"%{text}%", limit)
                )
            ]
        phrase = '"' + text.replace('"', '""') + '"'
        return [
            r[0]
            for r in self.fts.execute(
                "SELECT rowid FROM names WHERE names MATCH ? ORDER BY bm25(names) LIMIT ?", (phrase, limit)
            )
        ]
