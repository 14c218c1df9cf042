"""Names a mistyped query may have meant, and how they rank.

Two stages, cheapest first. Near keys: every one-character typo — missing, extra, wrong, a
homophone, or two adjacent characters swapped — is a few exact term lookups
(`analysis.deletions`, and the whole pinyin for a homophone of any length), measured at a few
milliseconds on 1,000,000 names. Only when those find nothing do the bounded candidate pools
run (shared rare bigrams, shared trade words), which are slower and looser.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import suppress
from difflib import SequenceMatcher
from typing import NamedTuple

from whoosh.collectors import TimeLimit, TimeLimitCollector
from whoosh.query import And, Or, Query, Term

from xinyong.search_index.queries import COMMON_SHARE, strict_terms_query
from xinyong.search_index.term_pool import term_pool
from xinyong.search_index.text.analysis import (
    NEAR_MIN_CHARS,
    deletions,
    fold,
    name_core,
    pinyin_syllables,
    pinyin_terms,
)

TYPO_POOL = 200  # candidates per loose query, re-ranked by similarity to the query
NEAR_POOL = 1000  # near keys are exact, but 康生鲜超市 is one typo from hundreds of names
NEAR_POOL_AFTER_EXACT = 30  # query is itself a name: a few alternatives (200 cost 7 ms at p95)
WHOLE_NAME_RERANK = 100  # near candidates compared by whole name (an SQL read each)
TYPO_TIME_LIMIT = 0.03  # seconds for the broad "same trade words" candidate query
TYPO_MIN_SIMILARITY = 0.5
# The typed core found as it is outweighs a region and legal form typed differently
# (武汉恒通商贸有限公司 → 恒通商贸有限公司 before 武汉恒同商贸有限公司: 0.89 + 0.15 > 0.90), not
# a whole name typed alike but for one character of the core (0.57 + 0.15 < 0.97).
SAME_CORE_BONUS = 0.15
CLOSER_TYPO_BOOST = 4.0
HOMOPHONE_BONUS = 0.3  # same reading outranks the same characters: input methods type by sound


def near_terms(core: str) -> list[Term]:
    """Exact lookups that find every name one character away from the core, or read alike."""
    # A character missing or extra (and a homophone) is a closer match than one character
    # replaced by any other: 宏民医药连锁 is one deletion from 宏民盛医药连锁, one replacement
    # from hundreds of 宏X医药连锁 at 1,000,000 names. Boosts put the closer ones first in a
    # bounded pool instead of leaving them to the order the segments happen to list them.
    terms: list[Query] = []
    if len(core) >= NEAR_MIN_CHARS - 1:
        terms.append(Term("near", core, boost=CLOSER_TYPO_BOOST))  # the query lacks a character
    for d in deletions(core):
        terms.append(Term("key", d, boost=CLOSER_TYPO_BOOST))  # the query has a character too many
        terms.append(Term("near", d))  # one character differs
    syllables = pinyin_syllables(core)
    if len(syllables) >= 2:
        terms.append(Term("py", "".join(syllables), boost=CLOSER_TYPO_BOOST))  # a homophone
    return terms


class Near(NamedTuple):
    id: int
    core: str
    name: str  # the folded whole name


def near_candidates(searcher, core: str, filter_q: Query | None, limit: int = NEAR_POOL) -> list[Near]:
    """Names one typo away, most likely first (see `rank_near`)."""
    found = term_pool(searcher, near_terms(core), filter_q, limit)
    # The pinyin term also matches names that merely contain the reading (恒同商贸 for 恒通):
    # keep only names one edit away or reading exactly alike.
    reading = pinyin_syllables(core)
    kept = {
        i: c
        for i, (c, _) in found.items()
        if one_edit_apart(core, c)
        or swapped(core, c)
        or (len(c) == len(core) and pinyin_syllables(c) == reading)
    }
    return [Near(i, c, found[i][1]) for i, c in rank_near(core, kept)]


def framed_alike_first(typed: str, near: list[Near], limit: int) -> list[Near]:
    """The `limit` near names whose whole names share the most of the typed name's beginning
    and end (its region and legal form) first, in their order, then the others.

    Only `limit` of up to NEAR_POOL names are compared by whole name (`by_whole_name`); taking
    them in `rank_near` order left out the very name typed with its region and form when a
    short core is one character from hundreds (武昌区恒食品有限公司: 630 names, 恒康食品 among
    200 equally close by core alone)."""
    target = fold(typed)
    reversed_target = target[::-1]

    def shared(candidate: Near) -> int:
        return common_prefix(target, candidate.name) + common_prefix(reversed_target, candidate.name[::-1])

    chosen = sorted(near, key=lambda n: -shared(n))[:limit]  # stable: rank order among equals
    ids = {n.id for n in chosen}
    return [*chosen, *(n for n in near if n.id not in ids)]


def one_edit_apart(a: str, b: str) -> bool:
    """At most one character inserted, deleted or replaced."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = common_prefix(short, long_)
    return short[i:] == long_[i + 1 :]


def swapped(a: str, b: str) -> bool:
    """Two adjacent characters typed the wrong way round (恒商通贸 for 恒通商贸).

    Needs no key of its own: the two names share two of their deletions (恒通贸 and 恒商贸), so
    the deletion keys the index already holds find every swap; only this filter was missing."""
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def rank_near(core: str, pool: dict[int, str]) -> list[tuple[int, str]]:
    """Every candidate is about one edit away by construction, so no similarity measure is
    needed: a homophone (same length, same reading) first, then the longest shared beginning,
    then the closest length. Pinyin is computed only for same-length candidates."""
    reading = pinyin_syllables(core)

    def key(item: tuple[int, str]) -> tuple[int, int, int]:
        candidate = item[1]
        homophone = len(candidate) == len(core) and pinyin_syllables(candidate) == reading
        return (-int(homophone), -common_prefix(core, candidate), abs(len(candidate) - len(core)))

    return sorted(pool.items(), key=key)


def pooled_candidates(searcher, core: str, terms: list[str], filter_q: Query | None) -> dict[int, str]:
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


def common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def ranked(core: str, pool: dict[int, str]) -> list[tuple[int, str]]:
    """Most likely meant first: same reading, then most characters in common, then the same
    beginning (people remember how a name starts: 康生鲜超市 is likelier 康德 than 绣康)."""
    reading = pinyin_syllables(core)

    def score(item: tuple[int, str]) -> tuple[float, int]:
        bonus = HOMOPHONE_BONUS if pinyin_syllables(item[1]) == reading else 0.0
        return (round(similarity(core, item[1]) + bonus, 3), common_prefix(core, item[1]))

    return sorted(pool.items(), key=score, reverse=True)


def by_whole_name(typed: str, ids: list[int], known: Mapping[int, tuple[str, str]]) -> list[int]:
    """Ids by how alike the whole registered name is to the whole typed name — a name with
    the very core typed weighing SAME_CORE_BONUS more —, then by how much of the beginning of
    the core they share (stable). `known`: id → (name core, folded whole name), as stored in
    the index (an SQL read of the names cost 2–7 ms a query at 1,000,000 subjects)."""
    key = whole_name_key(typed)
    return sorted(ids, key=lambda i: key(*known.get(i, ("", ""))))


def whole_name_key(typed: str) -> Callable[[str, str], tuple[float, int]]:
    """The sort key of `by_whole_name` for a registered name's core and folded whole name."""
    target, core = fold(typed), name_core(typed)

    def key(own_core: str, name: str) -> tuple[float, int]:
        alike = similarity(target, name) + (SAME_CORE_BONUS if own_core == core else 0.0)
        return (-round(alike, 3), -common_prefix(core, own_core))

    return key


def by_brand(letters: str, found: dict[int, str]) -> list[int]:
    """Names found by initials, those of one brand together, the brand the most of them carry
    first, then in the order found (score). Two or three letters spell hundreds of brands
    (`xh`: 旭辉, 新华, 星河 …) and nothing says which one is meant; the one with the most
    registrations — a chain, a group and its branches — is the likeliest."""
    size = len(letters)
    groups: dict[str, list[int]] = {}
    for subject_id, core in found.items():
        groups.setdefault(core[:size], []).append(subject_id)
    ordered = sorted(groups.values(), key=len, reverse=True)  # stable: ties keep the score order
    return [i for group in ordered for i in group]


def is_homophone(core: str, candidate: str) -> bool:
    return pinyin_syllables(candidate) == pinyin_syllables(core)


def hits(
    searcher, query: Query, filter_q: Query | None, limit: int, timelimit: float | None = None
) -> dict[int, str]:
    collector = searcher.collector(limit=limit, filter=filter_q)
    if timelimit:
        collector = TimeLimitCollector(collector, timelimit=timelimit, use_alarm=False)
    with suppress(TimeLimit):
        searcher.search_with_collector(query, collector)
    return {int(h["id"]): h.get("name_core", "") for h in collector.results()}
