"""Reading postings without Whoosh's matcher tree gives what Whoosh's own queries give.

`term_pool` replaces an `Or` of exact terms scored through a collector; the `skip_to` patch
replaces Whoosh's posting-by-posting stepping with bisection. Both are compared with plain
Whoosh on an index of several segments, postings lists of several blocks and deleted documents.
"""

from __future__ import annotations

import random

import pytest
from whoosh import index as whoosh_index
from whoosh.fields import ID, KEYWORD, STORED, Schema
from whoosh.query import And, AndMaybe, Or, Term

from xinyong.search_index import whoosh_patches
from xinyong.search_index.term_pool import term_pool
from xinyong.search_index.whoosh_patches import index_codec

DOCS = 900  # the "all" term spans several postings blocks (Whoosh's block holds 128 postings)


def _terms(n: int) -> str:
    words = ["all"]
    if n % 3 == 0:
        words.append("third")
    if n % 50 == 7:
        words.append("rare")
    if n % 2 == 0:
        words.append("even")
    return " ".join(words)


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    schema = Schema(id=ID(stored=True), name_core=STORED, near=KEYWORD, district=ID)
    ix = whoosh_index.create_in(tmp_path_factory.mktemp("pool"), schema)
    for start in range(0, DOCS, 300):  # three segments
        writer = ix.writer(codec=index_codec())
        for n in range(start, start + 300):
            writer.add_document(
                id=str(n), name_core=f"名{n}", near=_terms(n), district="420102" if n % 4 else "420103"
            )
        writer.commit(merge=False)
    writer = ix.writer(codec=index_codec())
    for n in range(0, DOCS, 37):  # deleted documents must not come back from raw postings
        writer.delete_by_term("id", str(n))
    writer.commit(merge=False)
    with ix.searcher() as s:
        assert len(s.reader().leaf_readers()) == 3
        yield s


def _whoosh_ids(searcher, query, filter_q=None, limit=10_000) -> list[int]:
    collector = searcher.collector(limit=limit, filter=filter_q)
    searcher.search_with_collector(query, collector)
    return [int(hit["id"]) for hit in collector.results()]


def test_an_unbounded_pool_is_every_match_of_the_or_query(searcher):
    terms = [Term("near", "rare"), Term("near", "third"), Term("near", "missing")]
    pool = term_pool(searcher, terms, None, 10_000)
    assert sorted(pool) == sorted(_whoosh_ids(searcher, Or(terms)))
    assert all(pool[i] == (f"名{i}", "") for i in pool)  # this schema stores no whole name
    assert not any(i % 37 == 0 for i in pool)


def test_a_filter_keeps_only_its_documents(searcher):
    terms = [Term("near", "rare"), Term("near", "third")]
    district = Term("district", "420103")
    pool = term_pool(searcher, terms, district, 10_000)
    assert pool and sorted(pool) == sorted(_whoosh_ids(searcher, Or(terms), district))


def test_a_bounded_pool_takes_boosted_and_rarer_terms_first(searcher):
    rare_ids = set(_whoosh_ids(searcher, Term("near", "rare")))
    boosted = term_pool(searcher, [Term("near", "rare", boost=4.0), Term("near", "all")], None, len(rare_ids))
    assert set(boosted) == rare_ids  # a rarer term outweighs a common one at equal boost too
    plain = term_pool(searcher, [Term("near", "even"), Term("near", "third", boost=4.0)], None, 5)
    assert all(i % 3 == 0 for i in plain)
    both = term_pool(searcher, [Term("near", "even"), Term("near", "third")], None, 3)
    assert all(i % 6 == 0 for i in both)  # holding both terms weighs more than either


@pytest.mark.parametrize("indexed_from_bytes", [0, 10**9], ids=["block-index", "block-headers"])
def test_skip_to_by_bisection_lands_where_stepping_does(searcher, monkeypatch, indexed_from_bytes):
    # With a block index every postings list here is long enough to get one; without, the
    # blocks are skipped header by header, as Whoosh does.
    monkeypatch.setattr(whoosh_patches, "INDEXED_POSTINGS_BYTES", indexed_from_bytes)
    rnd = random.Random(3)
    reader = searcher.reader()
    for segment, _offset in reader.leaf_readers():
        for term in ("all", "even", "third"):
            # The leaf matchers themselves (a segment with deletions wraps them in a filter).
            stepped = getattr(m := segment.postings("near", term), "child", m)
            bisected = getattr(m := segment.postings("near", term), "child", m)
            target = 0
            while stepped.is_active():
                target += rnd.choice((0, 1, 5, 40, 200, 400))
                # The original: Whoosh's own method, still on the class before the patch.
                whoosh_patches.whoosh_skip_to(stepped, target)
                bisected.skip_to(target)
                assert bisected.is_active() == stepped.is_active()
                if stepped.is_active():
                    assert bisected.id() == stepped.id()


def test_conjunctions_find_the_same_documents_as_before_the_patch(searcher, monkeypatch):
    monkeypatch.setattr(whoosh_patches, "INDEXED_POSTINGS_BYTES", 0)  # block indexes too
    queries = [
        And([Term("near", "rare"), Term("near", "all")]),
        AndMaybe(Term("near", "third"), Term("near", "even")),
        And([Term("near", "even"), Term("near", "third")]),
    ]
    patched = [_whoosh_ids(searcher, q) for q in queries]
    monkeypatch.setattr(whoosh_patches.whoosh3.W3LeafMatcher, "skip_to", whoosh_patches.whoosh_skip_to)
    assert patched == [_whoosh_ids(searcher, q) for q in queries]
    assert all(patched)


def test_blocks_decode_to_what_whoosh_decodes(searcher):
    reader = searcher.reader()
    blocks = 0
    for segment, _offset in reader.leaf_readers():
        for term in ("all", "even", "third"):
            matcher = getattr(m := segment.postings("near", term), "child", m)
            while matcher.is_active():
                matcher._read_ids(), matcher._read_weights()
                ids, weights = matcher._ids, list(matcher._weights)
                whoosh_patches.whoosh_read_ids(matcher), whoosh_patches.whoosh_read_weights(matcher)
                assert ids == matcher._ids and weights == list(matcher._weights)
                blocks += 1
                matcher._next_block()
    assert blocks > 9  # several blocks per list
