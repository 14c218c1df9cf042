"""Fixes to whoosh-reloaded 2.7.5 (unmaintained), applied when the search package loads,
and the codec the index is written with.

`W3PerDocReader._cached_reader` caches a field's length column only when it exists; for an
unscored field it checks the file system again on every call — once per posting while a
segment is written. Profiling a rebuild of 56,000 documents showed 1.6 million `stat` calls
and 29% of the time there. Caching the "no column" answer too is safe: a segment's files never
change after it is written.

Inlined postings: a term with fewer postings than the codec's `inlinelimit` is meant to be
stored inside its term-dictionary entry instead of as a compressed block of the postings file,
but the writer calls `W3TermInfo.set_inline`, which does not exist (`set_inlined` does), so
the default limit of 1 inlines nothing. Most terms here are one name's own (`near` deletion
keys, whole pinyin, name keys: ~7 of every 10 terms at 100,000 subjects); with the alias and a
limit of 2 they skip the block's pickling and zlib on writing (rebuild measured 25 → 18 s of
writer commit at 100,000 subjects) and the seek into the postings file on reading.

`W3LeafMatcher.skip_to` steps through a postings block one posting at a time and reads every
block header on its way to a later block; it now bisects the block's sorted ids, and jumps to
the block through an index of block positions kept for long postings lists (`_skip_to`).
A block's ids and weights are decoded in C (`_read_ids`, `_read_weights`).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from itertools import accumulate

from whoosh.codec import whoosh3
from whoosh.matching import ReadTooFar
from whoosh.system import _INT_SIZE

_MISSING = object()


def _cached_reader(self, fieldname, column):
    reader = self._readers.get(fieldname, _MISSING)
    if reader is _MISSING:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
    return reader


_column_reader = whoosh3.W3PerDocReader.column_reader


def _reused_column_reader(self, fieldname, column):
    """A segment's column reader, opened once per segment reader instead of once per query.

    Opening a variable-width column (every facet field) reads its whole offsets and lengths
    arrays — a million entries per column at 1,000,000 subjects: profiled at 18% of a search
    page's CPU, four facet columns per query. Segments never change and each thread has its own
    searcher (`searchers.py`), so the reader can be kept with the segment reader."""
    readers = self.__dict__.setdefault("_xinyong_columns", {})
    key = (fieldname, type(column))
    reader = readers.get(key)
    if reader is None:
        reader = readers[key] = _column_reader(self, fieldname, column)
    return reader


# Whoosh's own methods, kept for the tests' comparison.
whoosh_skip_to = whoosh3.W3LeafMatcher.skip_to
whoosh_read_ids = whoosh3.W3LeafMatcher._read_ids
whoosh_read_weights = whoosh3.W3LeafMatcher._read_weights


def _skip_to(self, targetid):
    """Skip to the first posting at or after `targetid`, by bisection within the block.

    Whoosh steps through a block one posting at a time (`id()`, `next()`: two method calls
    each). When a rare term leads a conjunction, the common terms are skipped to each of its
    documents, and at 1,000,000 names that stepping took 200,000 calls — 40% of a search for
    兴商贸, whose 商贸 fills 30,000 postings. Same result: the ids of a block are sorted."""
    if not self.is_active():
        raise ReadTooFar
    if targetid <= self.id():
        return
    if targetid > self.block_max_id():
        _skip_blocks(self, targetid)
        if not self.is_active():
            return
        if self._ids is None:
            self._read_ids()
    self._i = bisect_left(self._ids, targetid, self._i)
    if self._i >= self._blocklength:  # cannot happen for a sound block: its max id is ≥ target
        self._next_block()


INDEXED_POSTINGS_BYTES = 4096  # postings lists longer than this get a block index when skipped
INDEXED_TERMS_PER_READER = 2048  # bound on the block indexes one segment reader keeps


def _skip_blocks(matcher, targetid: int) -> None:
    """Move to the first block whose last id is ≥ `targetid` (or past the end).

    Whoosh has no skip list: it reads every block header in between — a seek and an
    unpickling each. A common bigram's postings (商贸: 30,000 at 1,000,000 names, 240 blocks)
    are skipped through by every query that only ranks by it, so each segment reader keeps the
    positions and last ids of the blocks of its long postings lists, read once, and jumps."""
    index = _block_index(matcher)
    if index is None:
        matcher._skip_to_block(lambda: targetid > matcher.block_max_id())
        return
    positions, max_ids = index
    k = bisect_left(max_ids, targetid)
    if k == len(max_ids):
        matcher._atend = True
    else:
        matcher._goto(positions[k])  # also marks the last block as such


def _block_index(matcher) -> tuple[array, array] | None:
    length = matcher._length  # a 1-tuple when read from the term dictionary (a Whoosh slip)
    if (length[0] if isinstance(length, tuple) else length) <= INDEXED_POSTINGS_BYTES:
        return None
    postfile = matcher._postfile
    indexes = postfile.__dict__.setdefault("_xinyong_blocks", {})
    index = indexes.get(matcher._startoffset)
    if index is None and len(indexes) < INDEXED_TERMS_PER_READER:
        index = indexes[matcher._startoffset] = _read_block_index(postfile, matcher._baseoffset)
    return index


def _read_block_index(postfile, position: int) -> tuple[array, array]:
    """Each block's position and last id, read from the block headers (as `_goto` reads them):
    16 bytes a block of up to 128 postings."""
    positions = array("q")
    max_ids = array("q")
    while True:
        postfile.seek(position)
        length = postfile.read_int()
        info = postfile.read_pickle()
        positions.append(position)
        max_ids.append(info[1])
        if length < 0:  # the last block
            return positions, max_ids
        position += _INT_SIZE + length


def _read_ids(self):
    """A block's ids, delta-decoded by `itertools.accumulate` (C) instead of Whoosh's Python
    generator: a conjunction lands in a new block of each common term for most of its rare
    term's documents, and decoding was the largest single cost of such a query."""
    if self._data is None:
        self._read_data()
    ids = self._data[0]
    self._ids = ids if self._byteids else tuple(accumulate(ids))


def _read_weights(self):
    """A block's weights; one weight for the whole block is repeated by array multiplication
    rather than a generator of `blocklength` items."""
    if self._data is None:
        self._read_data()
    weights = self._data[1]
    if weights is None or isinstance(weights, float):
        self._weights = array("f", [1.0 if weights is None else weights]) * self._blocklength
    else:
        self._weights = weights


INLINE_LIMIT = 2  # postings lists shorter than this live in the term dictionary


def index_codec() -> whoosh3.W3Codec:
    return whoosh3.W3Codec(inlinelimit=INLINE_LIMIT)


def apply() -> None:
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
    whoosh3.W3TermInfo.set_inline = whoosh3.W3TermInfo.set_inlined
    whoosh3.W3PerDocReader.column_reader = _reused_column_reader
    whoosh3.W3LeafMatcher.skip_to = _skip_to
    whoosh3.W3LeafMatcher._read_ids = _read_ids
    whoosh3.W3LeafMatcher._read_weights = _read_weights
