"""A Whoosh segment writer for documents whose fields already hold their terms.

Every indexed field here is filled by `text/analysis.py` with space-separated terms, or is a
single ID, so Whoosh's generic path (an analyzer generator, a Token object per term, the
format's word values) only splits strings again: ~140 µs per subject document at 100,000
subjects, a third of a rebuild's writer time. This writer adds the very same postings
directly. Fields it cannot prove simple (another analyzer or format, vectors, spelling) take
Whoosh's path; `tests/unit/test_term_writer.py` checks that a segment written either way has
identical terms, postings, stored fields and columns.

Its postings are grouped by term as they come (`TermPool`) instead of going through Whoosh's
external sort: that sort keeps a 5-tuple per posting (~170 bytes) and, past its memory limit,
pickles every posting to a run file and merges the runs back — at 1,000,000 subjects each of two
writers held ~14 million postings, 2.8 GB, and spent most of its time there. Grouped, a posting
of the common kind (weight and value the field's default) is one document number in a list,
and only the distinct terms are sorted.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter

from whoosh.analysis import IDTokenizer, RegexTokenizer
from whoosh.fields import FieldType, Schema
from whoosh.formats import Existence, Frequency
from whoosh.system import pack_uint
from whoosh.writing import SegmentWriter

_SPACES = r"[^ \t\r\n]+"  # Whoosh's SpaceSeparatedTokenizer
_split = re.compile(_SPACES).findall


def _plan(field: FieldType) -> str | None:
    """How a field's terms are found: "id" (the value), "spaces" (split), None (Whoosh's way)."""
    if not field.indexed or field.vector or field.separate_spelling():
        return None
    if type(field.format) not in (Existence, Frequency):
        return None
    if type(field.analyzer) is IDTokenizer:
        return "id"
    analyzer = field.analyzer
    if type(analyzer) is RegexTokenizer and not analyzer.gaps and analyzer.expression.pattern == _SPACES:
        return "spaces"
    return None


class TermPool:
    """Postings grouped per field and term, in the order added (document numbers only grow
    within one writer: each added document or merged reader gets the next numbers)."""

    def __init__(self, schema: Schema) -> None:
        self.fieldnames: set[str] = set()
        self._terms: dict[str, dict[bytes, list]] = {}
        # The posting most terms get: weight = the field's boost, frequency 1.
        self._usual = {name: _usual_posting(field) for name, field in schema.items()}

    def add(self, item) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        terms = self._terms.get(fieldname)
        if terms is None:
            terms = self._terms[fieldname] = {}
            self.fieldnames.add(fieldname)
        postings = terms.get(tbytes)
        if postings is None:
            postings = terms[tbytes] = []
        postings.append(
            docnum if (weight, vbytes) == self._usual.get(fieldname) else (docnum, weight, vbytes)
        )

    def write_to(self, fieldwriter, schema, lengths) -> None:
        """Write every term's postings, as Whoosh's `add_postings` does, minus its per-posting
        order checks and its length lookups for fields that are not scored."""
        for fieldname in sorted(self._terms):
            field, terms = schema[fieldname], self._terms[fieldname]
            weight, vbytes = self._usual.get(fieldname) or (1.0, b"")
            scored = lengths is not None and field.scorable
            add = fieldwriter.add
            fieldwriter.start_field(fieldname, field)
            for tbytes in sorted(terms):
                fieldwriter.start_term(tbytes)
                postings = terms[tbytes]
                unusual = any(type(p) is tuple for p in postings)
                if not unusual and not scored:
                    _add_usual(fieldwriter._postwriter, postings, weight, vbytes)
                    fieldwriter.finish_term()
                    continue
                if unusual:
                    rows = sorted(p if type(p) is tuple else (p, weight, vbytes) for p in postings)
                else:
                    rows = [(docnum, weight, vbytes) for docnum in postings]
                for docnum, w, v in rows:
                    add(docnum, w, v or b"", lengths.doc_field_length(docnum, fieldname) if scored else 0)
                fieldwriter.finish_term()
            fieldwriter.finish_field()

    def cleanup(self) -> None:
        self._terms = {}


def _add_usual(postwriter, docnums: list[int], weight: float, vbytes: bytes) -> None:
    """Add postings that all carry the usual weight and value and no length, a block's worth
    at a time — what Whoosh's `add_posting` does one posting at a time, with four type
    assertions each: 14 million calls for each writer of a 1,000,000-subject rebuild."""
    limit = postwriter._blocklimit
    start = 0
    while start < len(docnums):
        if len(postwriter._ids) >= limit:  # as add_posting: a full block is written first
            postwriter._write_block()
        take = docnums[start : start + limit - len(postwriter._ids)]
        postwriter._ids.extend(take)
        postwriter._weights.extend(array("f", [weight]) * len(take))
        if vbytes:
            postwriter._values.extend([vbytes] * len(take))
        postwriter._maxweight = max(postwriter._maxweight, weight)
        start += len(take)


def _usual_posting(field: FieldType) -> tuple[float, bytes] | None:
    fmt = field.format
    if type(fmt) is Existence:
        return (fmt.field_boost, b"")
    if type(fmt) is Frequency:
        return (fmt.field_boost, pack_uint(1))
    return None


class TermWriter(SegmentWriter):
    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self._plans = {name: _plan(field) for name, field in self.schema.items()}
        self.pool.cleanup()
        self.pool = TermPool(self.schema)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        self.pool.write_to(self.fieldwriter, self.schema, lengths)
        self.fieldwriter.close()
        if lengths:
            lengths.close()

    def add_document(self, **fields) -> None:
        if any(name.startswith("_") for name in fields):  # boosts, custom stored values
            return super().add_document(**fields)
        self._check_state()
        schema = self.schema
        add_post = self.pool.add
        perdoc = self.perdocwriter
        docnum = self.docnum
        names = sorted(fields)
        self._check_fields(schema, names)
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if field.indexed:
                    length = self._index(name, field, value, docnum, add_post)
                perdoc.add_field(name, field, value if field.stored else None, length)
                column = field.column_type
                if column:
                    perdoc.add_column_value(name, column, field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _index(self, name: str, field: FieldType, value, docnum: int, add_post) -> int:
        """Add one field's postings; return its length (terms counted) when it is scored."""
        plan = self._plans[name]
        length = 0
        if plan is None or not isinstance(value, str):
            for tbytes, freq, weight, vbytes in field.index(value):
                length += freq
                add_post((name, tbytes, docnum, weight, vbytes))
            return length if field.scorable else 0
        terms = [value] if plan == "id" else _split(value)
        boost = field.format.field_boost
        if type(field.format) is Existence:  # one posting per distinct term, frequency 1
            distinct = set(terms)
            for term in distinct:
                add_post((name, term.encode("utf-8"), docnum, boost, b""))
            return len(distinct) if field.scorable else 0
        for term, freq in Counter(terms).items():
            add_post((name, term.encode("utf-8"), docnum, freq * boost, pack_uint(freq)))
        return len(terms) if field.scorable else 0
