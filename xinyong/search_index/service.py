"""The search interface the site and the API use. Everything Whoosh stays behind it.

Input is classified first: a code or a document number is looked up exactly in the database;
a name goes to the index — exact normalised name first, then the strict bigram query, then,
only when that finds nothing, the typo-tolerant fallbacks (pinyin for homophones, most-bigrams
for a missing or extra character).
"""

from __future__ import annotations

import contextlib
from contextlib import suppress
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from sqlalchemy.orm import Session
from whoosh import index as whoosh_index
from whoosh.collectors import TimeLimit, TimeLimitCollector
from whoosh.query import And, Every, Or, Prefix, Query, Term
from whoosh.sorting import Count, FieldFacet

from xinyong.search_index.analysis import (
    bigrams,
    classify_query,
    fold,
    is_generic,
    name_core,
    name_key,
    pinyin_syllables,
    pinyin_terms,
)
from xinyong.search_index.errors import PageOutOfRange, QueryEmpty, QueryTooLong, SearchUnavailable
from xinyong.search_index.lookups import (
    records_by_document_number,
    subjects_by_code,
    subjects_by_code_prefix,
    subjects_by_exact_name,
)
from xinyong.search_index.queries import (
    COMMON_SHARE,
    exact_keys_query,
    filters_query,
    strict_terms_query,
)
from xinyong.search_index.schema import RECORDS, SUBJECTS
from xinyong.search_index.searchers import Searchers
from xinyong.search_index.store import IndexMissing, IndexStore

MAX_QUERY_CHARS = 100
SUGGEST_TERMS = 50
MAX_PAGE = 50
PAGE_SIZE = 20
RERANK_TOP = 50  # how many top names are checked for containing the whole query
TYPO_POOL = 200  # candidates per typo-tolerant query, re-ranked by similarity to the query
TYPO_TIME_LIMIT = 0.03  # seconds for the broad "same trade words" candidate query
TYPO_MIN_SIMILARITY = 0.5
BROAD_TIME_LIMIT = 0.05  # seconds of work a broad query may take before results are cut
SUBJECT_FACETS = ("kind", "district", "domain", "flag")
RECORD_FACETS = ("type", "domain", "district", "department", "year", "list_type")


@dataclass
class SearchOutcome:
    query: str
    query_class: str
    total: int
    page: int
    pages: int
    subject_ids: list[int] = field(default_factory=list)
    record_ids: list[tuple[str, int]] = field(default_factory=list)
    exact: bool = False  # the first hit matched the code or the whole name exactly
    fallback: str | None = None  # "pinyin" | "tolerant" when the strict query found nothing
    partial: bool = False  # broad query cut short: results incomplete, ask to narrow
    did_you_mean: list[str] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    terms: list[str] = field(default_factory=list)  # what to highlight
    top_cores: list[str] = field(default_factory=list, repr=False)


def clean_query(raw: str | None) -> str:
    text = (raw or "").strip()
    if len(text) > MAX_QUERY_CHARS:
        raise QueryTooLong(f"查询内容过长：最多{MAX_QUERY_CHARS}个字符")
    if not fold(text):
        raise QueryEmpty("请输入企业名称、统一社会信用代码或决定书文号")
    return text


def _page_bounds(page: int, page_size: int) -> tuple[int, int]:
    if page < 1 or page > MAX_PAGE:
        raise PageOutOfRange(f"页码超出范围：应为1至{MAX_PAGE}")
    return page, max(1, min(page_size, 50))


class SearchService:
    def __init__(self, store: IndexStore):
        self.store = store
        self.searchers = Searchers(store)

    def _searcher(self, name: str):  # noqa: ANN202
        try:
            return self.searchers.get(name)
        except (IndexMissing, whoosh_index.EmptyIndexError, OSError) as exc:
            raise SearchUnavailable("搜索服务暂时不可用，请稍后再试") from exc

    # -- subjects ------------------------------------------------------------------------
    def search_subjects(self, session: Session, raw: str, *, filters: dict[str, str | None] | None = None,
                        page: int = 1, page_size: int = PAGE_SIZE) -> SearchOutcome:
        text = clean_query(raw)
        page, page_size = _page_bounds(page, page_size)
        query_class = classify_query(text)
        outcome = SearchOutcome(text, query_class, 0, page, 0)
        if query_class in ("uscc", "org_code", "reg_no"):
            ids, outcome.did_you_mean = subjects_by_code(session, query_class, text)
            return _paged(outcome, ids, page, page_size, exact=bool(ids))
        if query_class == "document_number":
            records = records_by_document_number(session, text)
            subject_ids = _subjects_of(session, records)
            outcome.record_ids = records
            return _paged(outcome, subject_ids, page, page_size, exact=bool(subject_ids))
        searcher = self._searcher(SUBJECTS)
        filter_q = filters_query(filters or {})
        if query_class == "pinyin":
            q = fold(text)
            query: Query = Or([Term("py", q), Term("ini", q), Prefix("py", q)])
            return self._run(searcher, outcome, query, filter_q, page, page_size, SUBJECT_FACETS)
        core = name_core(fold(text))
        if is_generic(core):
            return self._broad(searcher, outcome, filter_q, page, page_size)
        terms = bigrams(core)
        outcome.terms = [core]
        df = searcher.doc_frequency
        n = searcher.doc_count()
        exact_ids = list(dict.fromkeys([
            *subjects_by_exact_name(session, text),
            *self._ids(searcher, exact_keys_query([name_key(text)]), filter_q, 10)]))
        strict = strict_terms_query("core", terms, df, n)
        if strict is not None:
            result = self._run(searcher, outcome, strict, filter_q, page, page_size,
                               SUBJECT_FACETS, first=exact_ids)
            # Done when the whole query was found as (part of) a name; otherwise the query may
            # be a mistyped name, and the names it was meant to be compete below.
            if result.total and (exact_ids or any(core in c for c in outcome.top_cores)):
                return result
        pool = self._typo_candidates(searcher, core, terms, filter_q)
        if not pool:
            return outcome if strict is not None else _paged(outcome, [], page, page_size)
        ranked = sorted(pool.items(), key=lambda kv: -SequenceMatcher(None, core, kv[1]).ratio())
        best = ranked[0][1]
        outcome.fallback = "pinyin" if pinyin_syllables(best) == pinyin_syllables(core) else "tolerant"
        outcome.facets = {}
        return _paged(outcome, [i for i, _ in ranked], page, page_size, exact=False)

    def _typo_candidates(self, searcher, core: str, terms: list[str],  # noqa: ANN001
                         filter_q: Query | None) -> dict[int, str]:
        """Names a mistyped query may have meant: same pinyin, or sharing its rare bigrams, or
        sharing all its common ones (the trade part) — each pool bounded."""
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
                pool.update(self._hits(searcher, query, filter_q, TYPO_POOL, timelimit))
        return {i: c for i, c in pool.items()
                if SequenceMatcher(None, core, c).ratio() >= TYPO_MIN_SIMILARITY}

    def _hits(self, searcher, query: Query, filter_q: Query | None, limit: int,  # noqa: ANN001
              timelimit: float | None = None) -> dict[int, str]:
        collector = searcher.collector(limit=limit, filter=filter_q)
        if timelimit:
            collector = TimeLimitCollector(collector, timelimit=timelimit, use_alarm=False)
        with suppress(TimeLimit):
            searcher.search_with_collector(query, collector)
        return {int(h["id"]): h.get("name_core", "") for h in collector.results()}

    def _ids(self, searcher, query: Query, filter_q: Query | None, limit: int) -> list[int]:  # noqa: ANN001
        if query is None:
            return []
        return [int(hit["id"]) for hit in searcher.search(query, limit=limit, filter=filter_q)]

    def _run(self, searcher, outcome: SearchOutcome, query: Query, filter_q: Query | None,  # noqa: ANN001
             page: int, page_size: int, facet_fields: tuple[str, ...],
             first: list[int] | None = None) -> SearchOutcome:
        facets = {f: FieldFacet(f, maptype=Count) for f in facet_fields}
        limit = max(page * page_size + len(first or []), RERANK_TOP)
        results = searcher.search(query, limit=limit, filter=filter_q, groupedby=facets)
        hits = [(int(h["id"]), h.get("name_core", "")) for h in results]
        outcome.top_cores = [c for _, c in hits[:RERANK_TOP]]
        ids = list(dict.fromkeys([*(first or []), *(i for i, _ in hits)]))
        total = max(len(results), len(ids))
        outcome.facets = {f: sorted(results.groups(f).items(), key=lambda kv: -kv[1])
                          for f in facet_fields}
        outcome.exact = bool(first)
        return _paged(outcome, ids, page, page_size, total=total)

    def _broad(self, searcher, outcome: SearchOutcome, filter_q: Query | None, page: int,  # noqa: ANN001
               page_size: int) -> SearchOutcome:
        """A query with nothing distinctive ("武汉 公司"): bounded work, flagged as partial."""
        collector = TimeLimitCollector(searcher.collector(limit=page * page_size),
                                       timelimit=BROAD_TIME_LIMIT, use_alarm=False)
        with contextlib.suppress(TimeLimit):
            searcher.search_with_collector(filter_q or Every(), collector)
        results = collector.results()
        outcome.partial = True
        ids = [int(h["id"]) for h in results]
        return _paged(outcome, ids, page, page_size)

    # -- suggestions ---------------------------------------------------------------------
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
        else:
            core = name_core(folded)
            query = _bounded_prefix(searcher, ("key",), name_key(text))
            if query is None and len(core) >= 2:
                query = strict_terms_query("core", bigrams(core), searcher.doc_frequency,
                                           searcher.doc_count())
        if query is None:
            return []
        return [int(h["id"]) for h in searcher.search(query, limit=limit)]

    # -- records -------------------------------------------------------------------------
    def search_records(self, session: Session, raw: str | None, *,
                       filters: dict[str, str | None] | None = None, page: int = 1,
                       page_size: int = PAGE_SIZE) -> SearchOutcome:
        page, page_size = _page_bounds(page, page_size)
        text = clean_query(raw) if (raw or "").strip() else ""
        query_class = classify_query(text) if text else "browse"
        outcome = SearchOutcome(text, query_class, 0, page, 0)
        if query_class == "document_number":
            outcome.record_ids = records_by_document_number(session, text)
            outcome.total = len(outcome.record_ids)
            outcome.pages = 1 if outcome.total else 0
            outcome.exact = bool(outcome.record_ids)
            return outcome
        searcher = self._searcher(RECORDS)
        filter_q = filters_query(filters or {})
        query: Query | None = Every()
        if text:
            core = name_core(fold(text))
            outcome.terms = [core]
            terms = bigrams(core)
            df, n = searcher.doc_frequency, searcher.doc_count()
            query = (strict_terms_query("subject", terms, df, n)
                     or strict_terms_query("text", terms, df, n))
            if query is None:
                return outcome
        facets = {f: FieldFacet(f, maptype=Count) for f in RECORD_FACETS}
        results = searcher.search(query, limit=page * page_size, filter=filter_q, groupedby=facets,
                                  sortedby=None if text else "decided", reverse=not text)
        outcome.facets = {f: sorted(results.groups(f).items(), key=lambda kv: -kv[1])
                          for f in RECORD_FACETS}
        hits = [h["id"].split(":") for h in results]
        outcome.total = len(results)
        outcome.pages = -(-outcome.total // page_size)
        if outcome.total and page > outcome.pages:
            raise PageOutOfRange("页码超出范围")
        start = (page - 1) * page_size
        outcome.record_ids = [(e, int(i)) for e, i in hits[start : start + page_size]]
        return outcome


def _bounded_prefix(searcher, fields: tuple[str, ...], prefix: str) -> Query | None:  # noqa: ANN001
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


def _paged(outcome: SearchOutcome, ids: list[int], page: int, page_size: int, *,
           exact: bool | None = None, total: int | None = None) -> SearchOutcome:
    outcome.total = len(ids) if total is None else total
    outcome.pages = -(-outcome.total // page_size)
    if outcome.total and page > outcome.pages:
        raise PageOutOfRange("页码超出范围")
    start = (page - 1) * page_size
    outcome.subject_ids = ids[start : start + page_size]
    if exact is not None:
        outcome.exact = exact
    return outcome


def _subjects_of(session: Session, records: list[tuple[str, int]]) -> list[int]:
    from sqlalchemy import select

    from xinyong.records.models import Licence, Penalty

    ids: list[int] = []
    for entity, model in (("penalty", Penalty), ("licence", Licence)):
        wanted = [i for e, i in records if e == entity]
        if wanted:
            ids.extend(session.scalars(select(model.subject_id).where(model.id.in_(wanted))))
    return list(dict.fromkeys(ids))
