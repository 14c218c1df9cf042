"""The best-weighted names matching any of a few exact terms, read straight from the postings.

Near keys are a union of exact terms, and some of them are shared by thousands of names: at
1,000,000 names, the near keys of 东江商务咨询 hold 3,254 postings (东X商务咨询, X江商务咨询 …).
Whoosh's `Or` query scores every one of them through a tree of matchers and a collector, about
6 µs a posting: half of a full-name search page went there. A union of exact terms needs none
of that: each term's document numbers are read whole, a document weighs the sum of its terms'
weights, and only the best `limit` documents' stored fields are read — three to four times
cheaper (`bench/search_cost.py`).

The weight of a term is its boost times Whoosh's BM25 idf — the score BM25F gives a term found
once, without the field-length normalisation: callers rank the pool by their own measure (one
edit apart, same reading, shared beginning); the weights only decide which names enter a pool
bounded at `limit`, the closer kinds of typo (boosted) and the rarer keys first.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence

from whoosh.query import Query, Term

from xinyong.search_index.errors import IndexUnavailable


def term_weights(searcher, terms: Sequence[Term]) -> list[tuple[Term, float]]:
    """Each term found in the index with its weight; terms found nowhere are left out."""
    total = searcher.doc_count_all()
    weighted = []
    for term in terms:
        df = searcher.doc_frequency(term.fieldname, term.text)
        if df:
            weighted.append((term, term.boost * (math.log(total / (df + 1)) + 1.0)))
    return weighted


def scored_docs(searcher, terms: Sequence[Term]) -> dict[int, float]:
    """Document number → summed weight of the terms it holds (deleted documents left out)."""
    scores: dict[int, float] = {}
    get = scores.get
    leaves = searcher.reader().leaf_readers()
    for term, weight in term_weights(searcher, terms):
        key = (term.fieldname, term.text)
        for reader, offset in leaves:
            if key in reader:
                for docnum in reader.postings(term.fieldname, term.text).all_ids():
                    docnum += offset
                    scores[docnum] = get(docnum, 0.0) + weight
    return scores


def term_pool(
    searcher, terms: Sequence[Term], filter_q: Query | None, limit: int
) -> dict[int, tuple[str, str]]:
    """Subject id → (name core, folded whole name) of the `limit` best-weighted documents
    matching any term, best first; ties in document order, as Whoosh's collector keeps them."""
    scores = scored_docs(searcher, terms)
    if filter_q is not None and scores:
        allowed = set(searcher.docs_for_query(filter_q))
        scores = {d: s for d, s in scores.items() if d in allowed}
    best = heapq.nsmallest(limit, scores.items(), key=lambda item: (-item[1], item[0]))
    found: dict[int, tuple[str, str]] = {}
    for docnum, _ in best:
        fields = searcher.stored_fields(docnum)
        found[_subject_id(fields)] = (fields.get("name_core", ""), fields.get("name", ""))
    return found


def _subject_id(fields: dict) -> int:
    """A document's subject id; one without a sound id is a damaged index, and the search
    fails closed on it (Whoosh's own hits raise inside Whoosh, which `fails_closed` knows;
    a plain dict read here would not be recognised as index damage and answer 500)."""
    raw = fields.get("id")
    if not isinstance(raw, str) or not raw.isdigit():
        raise IndexUnavailable()
    return int(raw)
