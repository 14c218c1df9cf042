"""Keeping the index in step with the database: full rebuilds and incremental updates.

The database is the system of record. Every committed change left an outbox row in the same
transaction; `update` drains those rows into the current build and moves its cursor, `rebuild`
writes a fresh build from the database and switches to it atomically. Applying an event twice
is harmless (documents are replaced by id), so a crash between the Whoosh commit and the cursor
write loses nothing and doubles nothing: the next update re-applies the same events.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from collections.abc import Callable
from contextlib import suppress
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from whoosh import index as whoosh_index
from whoosh.index import TOC, FileIndex, clean_files
from whoosh.writing import SegmentWriter

from xinyong.records.clock import today_local
from xinyong.records.models import OutboxEvent, Subject
from xinyong.records.publication.in_force import in_force_changed
from xinyong.records.record_types import keys_where, models
from xinyong.search_index import fulltext
from xinyong.search_index.documents import RECORD_ENTITIES, record_documents, subject_documents
from xinyong.search_index.schema import RECORDS, SUBJECTS, record_schema, subject_schema
from xinyong.search_index.store import Build, IndexStore
from xinyong.search_index.whoosh_patches import index_codec
from xinyong.search_index.writing.parallel_build import id_ranges, write_index
from xinyong.search_index.writing.term_writer import TermWriter

# One writer at a time: a second one waits this long for Whoosh's write lock, then fails
# with LockError (the periodic updater simply tries again on its next round).
WRITE_LOCK_TIMEOUT = 30.0
# Segments stay separate files: Whoosh opens a compound segment by copying all of it into a
# BytesIO, which cost each search worker ~800 MB of private memory on the 1M-subject index;
# separate files are read through the page cache, shared by all workers.
UPDATE_BATCH = 5000
RECORD_MODELS = models(*keys_where(indexed=True))


def rebuild(
    factory: sessionmaker[Session],
    store: IndexStore,
    *,
    procs: int = 1,
    progress: Callable[[str, int], None] | None = None,
    today: date | None = None,
) -> Build:
    """Build a complete new index from the database, then make it current."""
    today = today or today_local()
    with factory() as session:
        # Read the outbox position first: events committed during the build are applied by the
        # update that follows the switch, so nothing written meanwhile is missed.
        position = session.scalar(select(func.max(OutboxEvent.id))) or 0
        build = store.new_build()
        try:
            _write_build(session, build, today, procs, progress)
            build.write_cursor(position)
            build.write_as_of(today)
        except BaseException:
            # A full disk (or a kill signal turned exception): the half-written build goes, so
            # its space is free for the next attempt; the current build keeps serving.
            shutil.rmtree(build.path, ignore_errors=True)
            raise
    store.switch_to(build)
    update(factory, store, today=today)
    return build


def _write_build(
    session: Session, build: Build, today: date, procs: int, progress: Callable[[str, int], None] | None
) -> None:
    factory = sessionmaker(bind=session.get_bind())
    # A build writer keeps its postings in memory (`term_writer.TermPool`, no spilling):
    # 1.4 GB per writer for half of 1,000,000 subjects, measured (docs/operations.md).
    options = {"compound": False, "codec": index_codec()}

    def counted(name: str) -> Callable[[int], None] | None:
        return (lambda n: progress(name, n)) if progress else None

    subjects = whoosh_index.create_in(build.path, subject_schema(), indexname=SUBJECTS)
    write_index(
        factory,
        subjects,
        id_ranges(session, Subject.id, procs),
        lambda s, within: subject_documents(s, today, within=within),
        options,
        counted(SUBJECTS),
    )
    # Each writer takes a share of every record type: (type → id range) per writer.
    per_entity = {e: id_ranges(session, RECORD_ENTITIES[e][0].id, procs) for e in RECORD_ENTITIES}
    shares = [{e: ranges[k] for e, ranges in per_entity.items() if k < len(ranges)} for k in range(procs)]
    records = whoosh_index.create_in(build.path, record_schema(), indexname=RECORDS)
    write_index(
        factory,
        records,
        [share for share in shares if share],
        lambda s, share: (
            doc for e, within in share.items() for doc in record_documents(s, today, e, within=within)
        ),
        options,
        counted(RECORDS),
    )
    if progress:
        progress("facts", 0)
    written = fulltext.refresh(session)
    session.commit()
    if progress:
        progress("facts", written)


def update(
    factory: sessionmaker[Session], store: IndexStore, *, limit: int | None = None, today: date | None = None
) -> int:
    """Apply outbox events after the current build's cursor, and on a new day the records
    whose in-force state changed; return how many changes were applied."""
    build = store.current()
    today = today or today_local()
    applied = _refresh_for_new_day(factory, build, today)
    while limit is None or applied < limit:
        cursor = build.read_cursor()
        with factory() as session:
            events = session.execute(
                select(OutboxEvent.id, OutboxEvent.entity, OutboxEvent.entity_id)
                .where(OutboxEvent.id > cursor)
                .order_by(OutboxEvent.id)
                .limit(UPDATE_BATCH)
            ).all()
            if not events:
                return applied
            changed: dict[str, set[int]] = defaultdict(set)
            for _, entity, entity_id in events:
                changed[entity].add(entity_id)
            # A record's change also changes its subject's document (counts, list flags).
            for entity, model in RECORD_MODELS.items():
                if changed.get(entity):
                    changed["subject"].update(
                        session.scalars(select(model.subject_id).where(model.id.in_(changed[entity])))
                    )
            _apply(build, session, today, changed)
            if changed.get("penalty"):
                fulltext.refresh(session, changed["penalty"])
                session.commit()
        build.write_cursor(events[-1].id)
        applied += len(events)
    return applied


def _refresh_for_new_day(factory: sessionmaker[Session], build: Build, today: date) -> int:
    """Once a day: re-index records that left (or entered) force since the build's day, and
    their subjects — a penalty whose period ended yesterday is no longer published today,
    though nothing in the database changed."""
    since = build.read_as_of()
    if since is None or since >= today:
        if since is None:
            build.write_as_of(today)
        return 0
    changed: dict[str, set[int]] = defaultdict(set)
    with factory() as session:
        for entity, model in RECORD_MODELS.items():
            for record_id, subject_id in session.execute(
                select(model.id, model.subject_id).where(in_force_changed(model, since, today))
            ):
                changed[entity].add(record_id)
                changed["subject"].add(subject_id)
        _apply(build, session, today, changed)
    build.write_as_of(today)
    return sum(len(ids) for ids in changed.values())


def _apply(build: Build, session: Session, today: date, changed: dict[str, set[int]]) -> None:
    subject_ids = changed.get("subject", set())
    if subject_ids:
        _write(
            build,
            SUBJECTS,
            lambda writer: _replace(
                writer, subject_documents(session, today, subject_ids), {str(i) for i in subject_ids}
            ),
        )
    record_changes = {e: ids for e, ids in changed.items() if e in RECORD_ENTITIES and ids}
    if record_changes:

        def fill(writer) -> None:
            for entity, ids in record_changes.items():
                _replace(
                    writer, record_documents(session, today, entity, ids), {f"{entity}:{i}" for i in ids}
                )

        _write(build, RECORDS, fill)


def _write(build: Build, name: str, fill: Callable[[SegmentWriter], None]) -> None:
    """One writer on one index; when it fails (a full disk), its partial files go with it."""
    ix = whoosh_index.open_dir(str(build.path), indexname=name)
    writer = TermWriter(ix, timeout=WRITE_LOCK_TIMEOUT, compound=False, codec=index_codec())
    try:
        fill(writer)
        writer.commit()
    except BaseException:
        _abandon(ix, writer, name)
        raise


def _abandon(ix: FileIndex, writer: SegmentWriter, name: str) -> None:
    """Cancel a failed writer and delete the files of the segment it was writing: left behind,
    they keep the disk full and the next update fails the same way. Only files no table of
    contents refers to are deleted, under the write lock (Whoosh's own cleanup after a commit)."""
    if not writer.is_closed:
        with suppress(Exception):
            writer.cancel()
    with suppress(Exception):
        writer._tempstorage.destroy()  # the writer's own spill directory
    with suppress(Exception):
        if writer.writelock is not None:
            writer.writelock.release()
    lock = ix.lock("WRITELOCK")
    if not lock.acquire(blocking=False):
        return  # another writer already: its commit deletes the leftovers
    try:
        toc = TOC.read(ix.storage, name)
        clean_files(ix.storage, name, toc.generation, toc.segments)
        for filename in list(ix.storage):
            if filename.startswith(f"_{name}_") and ".toc." in filename:  # a TOC half written
                with suppress(OSError):
                    ix.storage.delete_file(filename)
    finally:
        lock.release()


def _replace(writer, docs, wanted_ids: set[str]) -> None:
    """Update documents that should exist; delete the ones that no longer should."""
    present = set()
    for doc in docs:
        writer.update_document(**doc)
        present.add(doc["id"])
    for gone in wanted_ids - present:
        writer.delete_by_term("id", gone)
