"""The search interface the site and the API use. Everything Whoosh stays behind it.

Input is classified first: a code or a document number is looked up exactly in the database;
a name goes to the index — exact normalised name first, then the strict bigram query, then,
only when that finds nothing, the typo-tolerant fallbacks (pinyin for homophones, most-bigrams
for a missing or extra character).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from sqlalchemy.orm import Session
from whoosh import index as whoosh_index
from whoosh.collectors import (
    Collector,
    FacetCollector,
    FilterCollector,
    TimeLimit,
    TimeLimitCollector,
    TopCollector,
)
from whoosh.query import Every, Or, Prefix, Query, Term
from whoosh.sorting import Count, FieldFacet

from xinyong.search_index.errors import IndexUnavailable, fails_closed
from xinyong.search_index.lookups import (
    records_by_document_number,
    subjects_by_code,
    subjects_by_code_prefix,
    subjects_by_exact_name,
    subjects_of_records,
)
from xinyong.search_index.outcome import (
    MAX_QUERY_CHARS,
    PAGE_SIZE,
    SearchOutcome,
    clean_query,
    page_bounds,
    paged,
)
from xinyong.search_index.queries import (
    exact_keys_query,
    filters_query,
    strict_terms_query,
)
from xinyong.search_index.record_search import RecordSearch
from xinyong.search_index.schema import SUBJECTS
from xinyong.search_index.searchers import Searchers
from xinyong.search_index.store import IndexMissing, IndexStore
from xinyong.search_index.text.analysis import (
    bigrams,
    classify_query,
    fold,
    is_generic,
    name_core,
    name_key,
    only_regions,
)
from xinyong.search_index.text.typos import (
    NEAR_POOL,
    NEAR_POOL_AFTER_EXACT,
    WHOLE_NAME_RERANK,
    by_brand,
    by_whole_name,
    framed_alike_first,
    hits,
    is_homophone,
    near_candidates,
    pooled_candidates,
    ranked,
)

SUGGEST_TERMS = 50
RERANK_TOP = 50  # how many top names are checked for containing the whole query
BROAD_TIME_LIMIT = 0.05  # seconds of work a broad query may take before results are cut
INITIALS_POOL = 200  # names read to group a short Latin query's matches by brand
INITIALS_MAX = 4  # letters up to which a query spelling initials is grouped by brand
SHORT_LATIN = 3  # letters up to which a Latin query is bounded like a broad one (sh, ji, xin)
SUBJECT_FACETS = ("kind", "district", "domain", "flag")


class SearchService(RecordSearch):
    def __init__(self, store: IndexStore):
        self.store = store
        self.searchers = Searchers(store)

    def close(self) -> None:
        self.searchers.close()

    def _searcher(self, name: str):
        try:
            return self.searchers.get(name)
        except (IndexMissing, whoosh_index.EmptyIndexError, OSError) as exc:
            raise IndexUnavailable() from exc

    # Every public search fails closed: a damaged index met mid-query raises IndexUnavailable.
    search_records = fails_closed(RecordSearch.search_records)

    # -- subjects ------------------------------------------------------------------------
    @fails_closed
    def search_subjects(
        self,
        session: Session,
        raw: str,
        *,
        filters: dict[str, str | None] | None = None,
        page: int = 1,
        page_size: int = PAGE_SIZE,
    ) -> SearchOutcome:
        text = clean_query(raw)
        page, page_size = page_bounds(page, page_size)
        query_class = classify_query(text)
        outcome = SearchOutcome(text, query_class, 0, page, 0)
        if query_class in ("uscc", "org_code", "reg_no"):
            ids, outcome.did_you_mean = subjects_by_code(session, query_class, text)
            return paged(outcome, ids, page, page_size, exact=bool(ids))
        if query_class == "document_number":
            records = records_by_document_number(session, text)
            subject_ids = subjects_of_records(session, records)
            outcome.record_ids = records
            return paged(outcome, subject_ids, page, page_size, exact=bool(subject_ids))
        searcher = self._searcher(SUBJECTS)
        filter_q = filters_query(filters or {})
        if query_class == "pinyin":
            q = fold(text)
            if len(q) <= SHORT_LATIN:
                return self._short_latin(searcher, outcome, q, filter_q, page, page_size)
            if len(q) <= INITIALS_MAX and (
                searcher.doc_frequency("ini", q) or searcher.doc_frequency("inip", q)
            ):
                # Four letters spelling a brand's initials (jscs): its names together too.
                return self._short_latin(searcher, outcome, q, filter_q, page, page_size, partial=False)
            query: Query = Or([Term("py", q), Term("ini", q), Term("inip", q), Prefix("py", q)])
            return self._run(searcher, outcome, query, filter_q, page, page_size, SUBJECT_FACETS)
        core = name_core(text)
        if is_generic(core):
            return self._broad(searcher, outcome, filter_q, page, page_size)
        terms = bigrams(core)
        outcome.terms = [core]
        df = searcher.doc_frequency
        n = searcher.doc_count()
        exact_names = subjects_by_exact_name(session, text)
        same_key_found = self._found(searcher, exact_keys_query([name_key(text)]), filter_q, 10)
        same_key = list(same_key_found)
        exact_ids = list(dict.fromkeys([*exact_names, *same_key]))
        # Typed as a whole name (with region or legal form) and not registered so: a name with
        # the same core under another region and form (硚口区宏民医药连锁有限公司) is not surely
        # likelier than one a character away under the typed ones (汉阳区宏民盛医药连锁个人独资
        # 企业) — both are ranked by the whole name (`by_whole_name`, the same core weighing).
        typed_whole = fold(text) != core
        first = exact_names if typed_whole else exact_ids
        strict = strict_terms_query("core", terms, df, n)
        # Names one typo away are looked up even when the query is itself a name: 同禾大药房 may
        # exist and still not be the 通禾大药房 the user means; they follow the exact matches.
        near = near_candidates(searcher, core, filter_q, NEAR_POOL_AFTER_EXACT if exact_ids else NEAR_POOL)
        known: dict[int, tuple[str, str]] = {}  # core and whole name, for `by_whole_name`
        if typed_whole:
            near = framed_alike_first(text, near, WHOLE_NAME_RERANK)
            known = {**same_key_found, **{n.id: (n.core, n.name) for n in near}}
        if strict is not None:
            # A query typed as a whole name (with region or legal form) is compared as a whole:
            # for 武汉市旺贸易有限公司, 武汉市旺邦贸易有限公司 is likelier than 民旺贸易股份有限公司.
            order = (lambda ids, hit: by_whole_name(text, ids, {**known, **hit})) if typed_whole else None
            result = self._run(
                searcher,
                outcome,
                strict,
                filter_q,
                page,
                page_size,
                SUBJECT_FACETS,
                first=first,
                near=[*(same_key if typed_whole else []), *(n.id for n in near)],
                order=order,
                exact=set(same_key),
            )
            # Done when the whole query was found as (part of) a name or one typo away from
            # one; otherwise the query may be a mistyped name, and the looser pools run.
            containing = any(core in c for c in outcome.top_cores)
            if result.total and (exact_ids or containing or near):
                if near and not containing:
                    outcome.fallback = _fallback_kind(core, near[0][1])
                return result
        elif exact_ids or near:
            if near and not exact_ids:
                outcome.fallback = _fallback_kind(core, near[0][1])
            ids = [n.id for n in near]
            if typed_whole:  # the whole name typed decides among names one typo from its core
                ids = [*by_whole_name(text, ids[:WHOLE_NAME_RERANK], known), *ids[WHOLE_NAME_RERANK:]]
            return paged(outcome, [*exact_ids, *ids], page, page_size, exact=bool(exact_ids))
        pool = ranked(core, pooled_candidates(searcher, core, terms, filter_q))
        if not pool:
            return outcome if strict is not None else paged(outcome, [], page, page_size)
        outcome.fallback = _fallback_kind(core, pool[0][1])
        outcome.facets = {}
        return paged(outcome, [i for i, _ in pool], page, page_size, exact=False)

    def _found(
        self, searcher, query: Query, filter_q: Query | None, limit: int
    ) -> dict[int, tuple[str, str]]:
        """Subject id → (name core, folded whole name) of the best `limit` matches."""
        if query is None:
            return {}
        return {
            int(hit["id"]): (hit.get("name_core", ""), hit.get("name", ""))
            for hit in searcher.search(query, limit=limit, filter=filter_q)
        }

    def _run(
        self,
        searcher,
        outcome: SearchOutcome,
        query: Query,
        filter_q: Query | None,
        page: int,
        page_size: int,
        facet_fields: tuple[str, ...],
        first: list[int] | None = None,
        near: list[int] | None = None,
        order: Callable[[list[int], dict[int, tuple[str, str]]], list[int]] | None = None,
        exact: set[int] | None = None,
    ) -> SearchOutcome:
        """Exact matches first, then names containing the whole query or one typo away from it
        (`near`) — in `order` when given —, then the other matches by score. The outcome is
        exact when there were `first` ids, or when the best is one of `exact` (same name key)."""
        facets = {f: FieldFacet(f, maptype=Count) for f in facet_fields}
        # Near names are listed whole below; the scored hits only fill the page after them.
        # (Adding len(near) here read the stored fields of up to 1,000 more hits a query.)
        limit = max(page * page_size + len(first or []), RERANK_TOP)
        # Facets count every match, but only the top `limit` are kept and read: Whoosh's
        # search(groupedby=…) keeps every match instead, and reading the stored fields of all
        # of them cost 30–80 ms for a core like 兴商贸 (2,146 names contain 兴商) at 1,000,000.
        collector: Collector = FacetCollector(TopCollector(limit, usequality=False), facets)
        if filter_q is not None:
            collector = FilterCollector(collector, filter_q)
        searcher.search_with_collector(query, collector)
        results = collector.results()
        hits = {int(h["id"]): (h.get("name_core", ""), h.get("name", "")) for h in results}
        outcome.top_cores = [c for c, _ in list(hits.values())[:RERANK_TOP]]
        whole = outcome.terms[0] if outcome.terms else ""
        head = list(
            dict.fromkeys(
                [
                    *(i for i, (c, _) in hits.items() if whole and whole in c),
                    *(near or [])[:WHOLE_NAME_RERANK],
                ]
            )
        )
        if order and len(head) > 1:
            head = order(head, hits)
        ids = list(dict.fromkeys([*(first or []), *head, *(near or []), *hits]))
        total = max(len(results) + len(set(near or []) - set(hits)), len(ids))
        outcome.facets = {f: sorted(results.groups(f).items(), key=lambda kv: -kv[1]) for f in facet_fields}
        outcome.exact = bool(first) or bool(exact and ids and ids[0] in exact)
        return paged(outcome, ids, page, page_size, total=total)

    def _broad(
        self, searcher, outcome: SearchOutcome, filter_q: Query | None, page: int, page_size: int
    ) -> SearchOutcome:
        """A query with nothing distinctive ("武汉 公司"): bounded work, flagged as partial."""
        collector = TimeLimitCollector(
            searcher.collector(limit=page * page_size), timelimit=BROAD_TIME_LIMIT, use_alarm=False
        )
        with contextlib.suppress(TimeLimit):
            searcher.search_with_collector(filter_q or Every(), collector)
        results = collector.results()
        outcome.partial = True
        ids = [int(h["id"]) for h in results]
        return paged(outcome, ids, page, page_size)

    def _short_latin(
        self,
        searcher,
        outcome: SearchOutcome,
        q: str,
        filter_q: Query | None,
        page: int,
        page_size: int,
        partial: bool = True,
    ) -> SearchOutcome:
        """`sh`, `ji`, `xin`: brand initials or the start of a reading, flagged as partial.

        Exact initials and readings are looked up first (a brand's initials, the initials of a
        name's first characters), the names of one brand together, the brand most names carry
        first (`by_brand`): a few term lookups within the time limit.
        Readings that merely start with the letters (a prefix over at most SUGGEST_TERMS
        readings) only fill a page the exact terms left short: unbounded, that prefix cost
        0.6–0.9 s on 100k names, and cut by the time limit it reached only the oldest names.
        """
        wanted = page * page_size
        exact = Or([Term("ini", q, boost=4.0), Term("py", q, boost=4.0), Term("inip", q, boost=2.0)])
        found = hits(searcher, exact, filter_q, max(wanted, INITIALS_POOL), BROAD_TIME_LIMIT)
        ids = by_brand(q, found)[:wanted]
        if len(ids) < wanted and (prefix := _bounded_prefix(searcher, ("py",), q)) is not None:
            ids = list(dict.fromkeys([*ids, *_limited_ids(searcher, prefix, filter_q, wanted)]))
        outcome.partial = partial
        return paged(outcome, ids, page, page_size)

    # -- suggestions ---------------------------------------------------------------------
    @fails_closed
    def suggest(self, session: Session, raw: str | None, limit: int = 10) -> list[int]:
        """Subject ids for search-as-you-type: name-key, pinyin and code prefixes (≤ 10)."""
        text = (raw or "").strip()[:MAX_QUERY_CHARS]
        folded = fold(text)
        if len(folded) < 2 and not any("\u4e00" <= c <= "\u9fff" for c in folded):
            return []
        limit = max(1, min(limit, 10))
        if folded.isalnum() and folded.isascii() and any(c.isdigit() for c in folded):
            return subjects_by_code_prefix(session, folded.upper(), limit)
        searcher = self._searcher(SUBJECTS)
        if folded.isascii():
            query: Query | None = _bounded_prefix(searcher, ("ini", "py"), folded)
        elif region := only_regions(folded):
            return self._suggest_region(session, searcher, region, limit)
        else:
            core = name_core(folded)
            query = _bounded_prefix(searcher, ("key",), name_key(text))
            if query is None and len(core) >= 2:
                query = strict_terms_query(
                    "core", bigrams(core), searcher.doc_frequency, searcher.doc_count()
                )
        if query is None:
            return []
        return [int(h["id"]) for h in searcher.search(query, limit=limit)]

    def _suggest_region(self, session: Session, searcher, region: str, limit: int) -> list[int]:
        """武汉市江岸区 or 江岸区: subjects of that district, those with the most records in force
        first (what a visitor typing a district most likely looks for), within a time limit."""
        from sqlalchemy import select

        from xinyong.records.models import District

        names = session.execute(select(District.name, District.code)).all()
        code = next((c for n, c in sorted(names, key=lambda r: -len(r[0])) if region.endswith(n)), None)
        if code is None:
            return []
        collector = TimeLimitCollector(
            searcher.collector(limit=limit, sortedby="in_force", reverse=True),
            timelimit=BROAD_TIME_LIMIT,
            use_alarm=False,
        )
        with contextlib.suppress(TimeLimit):
            searcher.search_with_collector(Term("district", code), collector)
        return [int(h["id"]) for h in collector.results()]


def _limited_ids(searcher, query: Query, filter_q: Query | None, limit: int) -> list[int]:
    """The best `limit` ids for a query, within the time limit of a broad query."""
    collector = TimeLimitCollector(
        searcher.collector(limit=limit, filter=filter_q), timelimit=BROAD_TIME_LIMIT, use_alarm=False
    )
    with contextlib.suppress(TimeLimit):
        searcher.search_with_collector(query, collector)
    return [int(h["id"]) for h in collector.results()]


def _fallback_kind(core: str, best: str) -> str:
    return "pinyin" if is_homophone(core, best) else "tolerant"


def _bounded_prefix(searcher, fields: tuple[str, ...], prefix: str) -> Query | None:
    """Prefix matching over at most SUGGEST_TERMS index terms per field: a one-character
    prefix would otherwise expand to tens of thousands of terms."""
    reader = searcher.reader()
    terms = []
    for field_name in fields:
        for n, term in enumerate(reader.expand_prefix(field_name, prefix)):
            if n >= SUGGEST_TERMS:
                break
            value = term.decode("utf-8") if isinstance(term, bytes) else term
            terms.append(Term(field_name, value))
    return Or(terms) if terms else None
