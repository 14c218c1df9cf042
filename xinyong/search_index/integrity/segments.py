"""Reading every part of an index build, to find damage before a search meets it.

`index check` compares documents with the database by digest, which reads only stored fields;
damaged postings, a truncated term file or a broken column would still pass. This module reads
every segment in full — stored fields, every term's postings (ids ascending, inside the segment,
as many as the term file says), the sortable columns — and names what it could not read.
"""

from __future__ import annotations

from pathlib import Path

from whoosh.reading import IndexReader

from xinyong.search_index.schema import RECORDS, SUBJECTS
from xinyong.search_index.searchers import open_searcher


def damage_in(path: Path) -> list[str]:
    """Chinese descriptions of every damaged part of the build at `path` (empty: intact)."""
    found: list[str] = []
    for name in (SUBJECTS, RECORDS):
        try:
            searcher = open_searcher(path, name)
        except Exception as exc:  # noqa: BLE001 - any failure to open is damage to report
            found.append(f"{name}：无法打开索引（目录或段目录损坏：{type(exc).__name__}）")
            continue
        try:
            for leaf, _ in searcher.reader().leaf_readers():
                problem = _segment_damage(leaf)
                if problem:
                    segment = getattr(leaf.segment(), "segid", "?")
                    found.append(f"{name}：段 {segment} 损坏（{problem}）")
        finally:
            searcher.close()
    return found


def _segment_damage(leaf: IndexReader) -> str | None:
    part = "存储字段"
    try:
        size = leaf.doc_count_all()
        for docnum in range(size):
            if not leaf.is_deleted(docnum):
                leaf.stored_fields(docnum)
        part = "倒排记录"
        deletions = leaf.has_deletions()
        for fieldname, text in leaf.all_terms():
            expected = leaf.term_info(fieldname, text).doc_frequency()
            matcher = leaf.postings(fieldname, text)
            count, last = 0, -1
            while matcher.is_active():
                docnum = matcher.id()
                if not last < docnum < size:
                    return f"{part}：字段 {fieldname} 的文档编号错乱"
                matcher.weight()
                if matcher.supports("positions"):
                    matcher.value_as("positions")
                count, last = count + 1, docnum
                matcher.next()
            # Deleted documents keep their postings but the reader skips them.
            if count > expected or (count < expected and not deletions):
                return f"{part}：字段 {fieldname} 的记录数与词表不符"
        part = "排序列"
        for fieldname, field in leaf.schema.items():
            if field.column_type is not None and leaf.has_column(fieldname):
                list(leaf.column_reader(fieldname))
    except Exception as exc:  # noqa: BLE001 - whatever the damage raises, it is damage
        return f"{part}无法读取：{type(exc).__name__}"
    return None
