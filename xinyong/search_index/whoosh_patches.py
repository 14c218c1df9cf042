"""One fix to whoosh-reloaded 2.7.5 (unmaintained), applied when the search package loads.

`W3PerDocReader._cached_reader` caches a field's length column only when it exists; for an
unscored field it checks the file system again on every call — once per posting while a
segment is written. Profiling a rebuild of 56,000 documents showed 1.6 million `stat` calls
and 29% of the time there. Caching the "no column" answer too is safe: a segment's files never
change after it is written.
"""

from __future__ import annotations

from whoosh.codec import whoosh3

_MISSING = object()


def _cached_reader(self, fieldname, column):
    reader = self._readers.get(fieldname, _MISSING)
    if reader is _MISSING:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
    return reader


def apply() -> None:
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
