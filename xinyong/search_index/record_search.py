"""Searching records (licences, penalties, list entries): text, filters, facets, newest first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session
from whoosh.query import Every, Query
from whoosh.sorting import Count, FieldFacet

from xinyong.records.clock import today_local
from xinyong.search_index.errors import PageOutOfRange
from xinyong.search_index.fact_search import search_facts
from xinyong.search_index.lookups import published_records, records_by_document_number
from xinyong.search_index.outcome import PAGE_SIZE, SearchOutcome, clean_query, page_bounds
from xinyong.search_index.queries import filters_query, strict_terms_query
from xinyong.search_index.schema import RECORDS
from xinyong.search_index.text.analysis import bigrams, classify_query, name_core

RECORD_FACETS = ("type", "domain", "district", "department", "year", "list_type")


class RecordSearch:
    """Mixed into SearchService, which provides `_searcher`."""

    _searcher: Callable[[str], Any]  # the named index's searcher (whoosh is untyped)

    def search_records(
        self,
        session: Session,
        raw: str | None,
        *,
        filters: dict[str, str | None] | None = None,
        page: int = 1,
        page_size: int = PAGE_SIZE,
        scope: str = "all",
    ) -> SearchOutcome:
        """`scope="facts"` searches the text of penalty facts (违法事实) instead of names and
        topics: that one field is served by the database's full-text engine."""
        page, page_size = page_bounds(page, page_size)
        text = clean_query(raw) if (raw or "").strip() else ""
        if scope == "facts":
            return search_facts(session, text, today_local(), filters or {}, page, page_size)
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
            core = name_core(text)
            outcome.terms = [core]
            terms = bigrams(core)
            df, n = searcher.doc_frequency, searcher.doc_count()
            query = strict_terms_query("subject", terms, df, n) or strict_terms_query("text", terms, df, n)
            if query is None:
                return outcome
        facets = {f: FieldFacet(f, maptype=Count) for f in RECORD_FACETS}
        results = searcher.search(
            query,
            limit=page * page_size,
            filter=filter_q,
            groupedby=facets,
            sortedby=None if text else "decided",
            reverse=not text,
        )
        outcome.facets = {f: sorted(results.groups(f).items(), key=lambda kv: -kv[1]) for f in RECORD_FACETS}
        hits = [h["id"].split(":") for h in results]
        outcome.total = len(results)
        outcome.pages = -(-outcome.total // page_size)
        if outcome.total and page > outcome.pages:
            raise PageOutOfRange("页码超出范围")
        start = (page - 1) * page_size
        # The index is derived: its page is checked against the one definition of "published".
        outcome.record_ids = published_records(
            session, [(e, int(i)) for e, i in hits[start : start + page_size]]
        )
        return outcome
