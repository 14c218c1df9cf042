"""Building Whoosh queries from analysed user input. Pure: no I/O besides document frequencies.

Users never write query syntax: their text is analysed into terms and these functions decide
how the terms combine. What measurement showed works on 1,000,000 names: require only the
rarest few bigrams (postings of 公司-like bigrams are huge, rare ones short) and let the rest
rank; a very common bigram neither filters nor ranks unless nothing rarer was typed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from whoosh.query import And, AndMaybe, NullQuery, Or, Query, Term

REQUIRED_RARE = 3  # the three rarest bigrams must match, the others only rank
COMMON_SHARE = 0.02  # a bigram in more than 2% of documents never filters


def _by_rarity(field: str, terms: Sequence[str], doc_frequency: Callable[[str, str], int]):
    return sorted(dict.fromkeys(terms), key=lambda t: doc_frequency(field, t))


def strict_terms_query(
    field: str, terms: Sequence[str], doc_frequency: Callable[[str, str], int], doc_count: int
) -> Query | None:
    """All of the rarest terms must match; the remaining terms add to the score.

    Returns None when some term occurs nowhere: no document can match every term, so the caller
    goes straight to the tolerant fallback instead of running a query that finds nothing.
    """
    ordered = _by_rarity(field, terms, doc_frequency)
    if not ordered:
        return None
    if doc_frequency(field, ordered[0]) == 0:
        return None
    limit = max(1, int(doc_count * COMMON_SHARE))
    selective = [t for t in ordered if doc_frequency(field, t) <= limit]
    required = (selective or ordered[:1])[:REQUIRED_RARE]
    # A common bigram (商务, 咨询: tens of thousands of postings) does not rank either once a
    # rarer one filters: scoring it meant decoding a block of its postings for almost every
    # match — 50 ms for 聚商务咨询 at 1,000,000 names — and changed no benchmark answer's top 10
    # but one (names containing the whole query, and near names, are ranked first anyway).
    rest = [t for t in ordered if t not in required and (not selective or t in selective)]
    must = And([Term(field, t) for t in required]) if len(required) > 1 else Term(field, required[0])
    if not rest:
        return must
    return AndMaybe(must, Or([Term(field, t) for t in rest]))


def exact_keys_query(keys: Sequence[str]) -> Query:
    keys = [k for k in dict.fromkeys(keys) if k]
    if not keys:
        return NullQuery
    return Or([Term("key", k) for k in keys]) if len(keys) > 1 else Term("key", keys[0])


def filters_query(filters: dict[str, str | None]) -> Query | None:
    """Facet filters (district, domain, kind …) as one conjunction of exact terms."""
    terms = [Term(field, value) for field, value in filters.items() if value]
    if not terms:
        return None
    return And(terms) if len(terms) > 1 else terms[0]
