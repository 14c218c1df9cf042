"""The index writers a rebuild uses write what Whoosh's own writer writes, and fail as a whole.

`TermWriter` skips Whoosh's analyzer path for fields that already hold their terms; the codec
inlines postings lists of one document (a patched Whoosh bug); `write_index` splits a build
across forked processes. Each is compared with plain Whoosh on the same documents.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from sqlalchemy import text
from whoosh import index as whoosh_index
from whoosh.query import Term
from whoosh.writing import SegmentWriter

from xinyong.records.db import make_engine, make_session_factory
from xinyong.search_index.documents import subject_document, with_digest
from xinyong.search_index.schema import record_schema, subject_schema
from xinyong.search_index.whoosh_patches import index_codec
from xinyong.search_index.writing.parallel_build import BuildWorkerFailed, write_index
from xinyong.search_index.writing.term_writer import TermWriter

NAMES = (
    "武汉恒通商贸有限公司",
    "宜昌市金穗轴承制造有限公司江岸分公司",
    "湖北楚天建设集团股份有限公司",
    "聂红梅服装店（个体工商户）",
    "恒通商贸（武汉）有限公司",
    "abc科技有限公司",
)


def _subject_docs() -> list[dict]:
    lists = [set(), {("B01", "black")}, set(), {("R01", "red"), ("W01", "watch")}, set(), set()]
    return [
        subject_document(
            n, "法人及非法人组织", name, ["老" + name] if n % 2 else [], "420102", "A", lists[n], n
        )
        for n, name in enumerate(NAMES)
    ]


def _many_subject_docs() -> list[dict]:
    """Enough documents that shared terms span several postings blocks (Whoosh's hold 128)."""
    return [
        subject_document(n, "法人及非法人组织", NAMES[n % len(NAMES)], [], "420102", "A", set(), n % 3)
        for n in range(700)
    ]


def _record_docs() -> list[dict]:
    return [
        with_digest(
            {
                "id": f"penalty:{n}",
                "type": "penalty",
                "subject": "恒通 通商 商贸 恒通",  # a repeated term: frequency 2 in a scored field
                "text": "违反 反规 规定",
                "year": "2025",
                "decided": 20250101 + n,
                "department": str(n),
                "category": "警告 罚款",
            }
        )
        for n in range(4)
    ]


def _contents(ix) -> dict:
    """Everything a reader sees: terms with postings, stored fields, lengths, columns."""
    with ix.searcher() as searcher:
        reader = searcher.reader()
        out: dict = {"stored": list(reader.all_stored_fields())}
        for fieldname, term in reader.all_terms():
            matcher = reader.postings(fieldname, term)
            rows = []
            while matcher.is_active():
                rows.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            out[(fieldname, term)] = rows
            # How the postings were laid out: the term's statistics and each block's.
            info = reader.term_info(fieldname, term)
            out[("info", fieldname, term)] = (
                info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                info.max_weight(), info.min_id(), info.max_id(), info.is_inlined(),
            )  # fmt: skip
            leaf = getattr(m := reader.postings(fieldname, term), "child", m)
            blocks = []
            while hasattr(leaf, "_blocklength") and leaf.is_active():  # a postings-file list
                blocks.append(
                    (leaf._blocklength, leaf._maxid, leaf._maxweight, leaf._minlength, leaf._maxlength)
                )
                leaf._next_block()
            out[("blocks", fieldname, term)] = blocks
        for name, field in ix.schema.items():
            if field.scorable:
                out[("length", name)] = [
                    reader.doc_field_length(d, name) for d in range(reader.doc_count_all())
                ]
            if field.column_type:
                out[("column", name)] = list(reader.column_reader(name))
        return out


@pytest.mark.parametrize(
    ("schema", "docs"),
    [(subject_schema, _subject_docs), (subject_schema, _many_subject_docs), (record_schema, _record_docs)],
)
def test_term_writer_writes_what_whoosh_writes(tmp_path: Path, schema, docs) -> None:
    indexes = {}
    for name, writer_class in (("whoosh", SegmentWriter), ("terms", TermWriter)):
        (tmp_path / name).mkdir()
        ix = whoosh_index.create_in(tmp_path / name, schema())
        writer = writer_class(ix, codec=index_codec())
        for doc in docs():
            writer.add_document(**doc)
        writer.commit()
        indexes[name] = _contents(ix)
    assert indexes["terms"] == indexes["whoosh"]
    assert len(indexes["terms"]) > 20


def _subject_index(tmp_path: Path):
    """The subject documents written by TermWriter with the portal's codec."""
    ix = whoosh_index.create_in(tmp_path, subject_schema())
    writer = TermWriter(ix, codec=index_codec())
    for doc in _subject_docs():
        writer.add_document(**doc)
    writer.commit()
    return ix


def test_postings_of_one_document_are_inlined_and_found(tmp_path: Path) -> None:
    ix = _subject_index(tmp_path)
    with ix.searcher() as searcher:
        info = searcher.reader().term_info("key", "金穗轴承制造")
        assert info.is_inlined()  # without the patch Whoosh raised AttributeError on writing
        assert [h["id"] for h in searcher.search(Term("key", "金穗轴承制造"))] == ["1"]
        assert searcher.doc_frequency("kind", "法人及非法人组织") == len(NAMES)


def _factory(tmp_path: Path):
    """A real session factory: each writer process opens its own connection through it."""
    return make_session_factory(make_engine(f"sqlite:///{tmp_path / 'build.sqlite3'}"))


def _docs_of(share: tuple[int, int], session) -> list[dict]:
    assert session.execute(text("select 1")).scalar() == 1  # the process's own connection works
    return _subject_docs()[share[0] : share[1]]


def test_parallel_build_writes_one_segment_per_share(tmp_path: Path) -> None:
    docs = _subject_docs()
    ix = whoosh_index.create_in(tmp_path, subject_schema())
    progressed: list[int] = []
    write_index(
        _factory(tmp_path),
        ix,
        [(0, 3), (3, 6)],
        lambda session, share: iter(_docs_of(share, session)),
        {"codec": index_codec()},
        progressed.append,
    )
    ix = whoosh_index.open_dir(tmp_path)
    assert len(ix._segments()) == 2
    assert sum(progressed) == len(docs)
    with ix.searcher() as searcher:
        assert sorted(int(d["id"]) for d in searcher.all_stored_fields()) == list(range(len(docs)))


def _fails_in_second_share(session, share):
    if share == 1:
        raise ValueError("数据库读取失败")
    return iter(_subject_docs())


def test_a_failed_writer_process_fails_the_whole_build(tmp_path: Path) -> None:
    ix = whoosh_index.create_in(tmp_path, subject_schema())
    with pytest.raises(BuildWorkerFailed, match="数据库读取失败"):
        write_index(_factory(tmp_path), ix, [0, 1], _fails_in_second_share, {"codec": index_codec()})
    # Nothing was committed: the index holds no document, and its lock was released.
    ix = whoosh_index.open_dir(tmp_path)
    assert ix.doc_count_all() == 0
    assert ix.lock("WRITELOCK").acquire(blocking=False)


def test_a_killed_writer_process_fails_the_whole_build(tmp_path: Path) -> None:
    def killed(session, share):
        if share == 1:
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's OOM killer would
        return iter(_subject_docs())

    ix = whoosh_index.create_in(tmp_path, subject_schema())
    with pytest.raises(BuildWorkerFailed, match="-9"):
        write_index(_factory(tmp_path), ix, [0, 1], killed, {"codec": index_codec()})
    assert whoosh_index.open_dir(tmp_path).doc_count_all() == 0


def test_a_writer_process_that_ends_without_its_segment_fails_the_build(tmp_path: Path) -> None:
    def vanished(session, share):
        if share == 1:
            os._exit(0)  # a clean exit code, but no segment sent
        return iter(_subject_docs())

    ix = whoosh_index.create_in(tmp_path, subject_schema())
    with pytest.raises(BuildWorkerFailed, match="exited with 0"):
        write_index(_factory(tmp_path), ix, [0, 1], vanished, {"codec": index_codec()})
    assert whoosh_index.open_dir(tmp_path).doc_count_all() == 0


def test_facet_columns_are_opened_once_per_segment_reader(tmp_path: Path) -> None:
    from whoosh.sorting import Count, FieldFacet

    ix = _subject_index(tmp_path)
    with ix.searcher() as searcher:
        facets = {"flag": FieldFacet("flag", maptype=Count)}
        everyone = Term("kind", "法人及非法人组织")
        counts = [searcher.search(everyone, groupedby=facets).groups("flag") for _ in range(2)]
        assert counts[0] == counts[1] == {"none": 4, "black": 1, "watch": 1}
        perdoc = searcher.reader()._perdoc
        column = subject_schema()["flag"].column_type
        assert perdoc.column_reader("flag", column) is perdoc.column_reader("flag", column)
