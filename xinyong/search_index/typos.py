"""Names a mistyped query may have meant, and how they rank.

Two stages, cheapest first. Near keys: every one-character typo — missing, extra, wrong or a
homophone — is a few exact term lookups (`analysis.deletions`, and the whole pinyin for a
homophone of any length), measured at a few milliseconds on 1,000,000 names. Only when those
find nothing do the bounded candidate pools run (shared rare bigrams, shared trade words),
which are slower and looser.
"""

from __future__ import annotations

from contextlib import suppress
from difflib import SequenceMatcher

from sqlalchemy import select
from sqlalchemy.orm import Session
from whoosh.collectors import TimeLimit, TimeLimitCollector
from whoosh.query import And, Or, Query, Term

from xinyong.records.models import Subject
from xinyong.search_index.analysis import (
    NEAR_MIN_CHARS,
    deletions,
    fold,
    pinyin_syllables,
    pinyin_terms,
)
from xinyong.search_index.queries import COMMON_SHARE, strict_terms_query

TYPO_POOL = 200  # candidates per query, re-ranked by similarity to the query
TYPO_TIME_LIMIT = 0.03  # seconds for the broad "same trade words" candidate query
TYPO_MIN_SIMILARITY = 0.5
NEAR_MIN_SIMILARITY = 0.6
HOMOPHONE_BONUS = 0.3  # same reading outranks the same characters: input methods type by sound


def near_query(core: str) -> Query | None:
    """Exact lookups that find every name one character away from the core, or read alike."""
    terms: list[Query] = []
    if len(core) >= NEAR_MIN_CHARS - 1:
        terms.append(Term("near", core))  # the query lacks a character of the name
    for d in deletions(core):
        terms.append(Term("key", d))  # the query has a character too many
        terms.append(Term("near", d))  # one character differs
    syllables = pinyin_syllables(core)
    if len(syllables) >= 2:
        terms.append(Term("py", "".join(syllables)))  # same reading: a homophone typo
    return Or(terms) if terms else None


def near_candidates(searcher, core: str, filter_q: Query | None) -> dict[int, str]:  # noqa: ANN001
    query = near_query(core)
    if query is None:
        return {}
    pool = hits(searcher, query, filter_q, TYPO_POOL)
    return {i: c for i, c in pool.items() if similarity(core, c) >= NEAR_MIN_SIMILARITY}


def pooled_candidates(searcher, core: str, terms: list[str],  # noqa: ANN001
                      filter_q: Query | None) -> dict[int, str]:
    """Looser pools for when no near key matched: same pinyin bigrams, or sharing the query's
    rare bigrams, or sharing all its common ones (the trade part) — each pool bounded."""
    df, n = searcher.doc_frequency, searcher.doc_count()
    common_limit = max(1, int(n * COMMON_SHARE))
    present = [t for t in terms if df("core", t) > 0]
    rare = [t for t in present if df("core", t) <= common_limit]
    common = [t for t in present if df("core", t) > common_limit]
    queries: list[tuple[Query | None, float | None]] = [
        (strict_terms_query("py", pinyin_terms(core), df, n), None),
        (Or([Term("core", t) for t in rare]) if rare else None, None),
        (And([Term("core", t) for t in common]) if len(common) > 1 else None, TYPO_TIME_LIMIT),
    ]
    pool: dict[int, str] = {}
    for query, timelimit in queries:
        if query is not None:
            pool.update(hits(searcher, query, filter_q, TYPO_POOL, timelimit))
    return {i: c for i, c in pool.items() if similarity(core, c) >= TYPO_MIN_SIMILARITY}


def similarity(core: str, candidate: str) -> float:
    return SequenceMatcher(None, core, candidate).ratio()


def ranked(core: str, pool: dict[int, str]) -> list[tuple[int, str]]:
    """Most likely meant first: same reading, then most characters in common."""
    reading = pinyin_syllables(core)

    def score(item: tuple[int, str]) -> float:
        bonus = HOMOPHONE_BONUS if pinyin_syllables(item[1]) == reading else 0.0
        return similarity(core, item[1]) + bonus

    return sorted(pool.items(), key=score, reverse=True)


def by_whole_name(session: Session, typed: str, ids: list[int]) -> list[int]:
    """Ids by how alike the whole registered name is to the whole typed name (stable)."""
    names = dict(session.execute(select(Subject.id, Subject.name).where(Subject.id.in_(ids))).all())
    target = fold(typed)
    return sorted(ids, key=lambda i: -similarity(target, fold(names.get(i, ""))))


def is_homophone(core: str, candidate: str) -> bool:
    return pinyin_syllables(candidate) == pinyin_syllables(core)


def hits(searcher, query: Query, filter_q: Query | None, limit: int,  # noqa: ANN001
         timelimit: float | None = None) -> dict[int, str]:
    collector = searcher.collector(limit=limit, filter=filter_q)
    if timelimit:
        collector = TimeLimitCollector(collector, timelimit=timelimit, use_alarm=False)
    with suppress(TimeLimit):
        searcher.search_with_collector(query, collector)
    return {int(h["id"]): h.get("name_core", "") for h in collector.results()}
