"""Writing one index with several processes, each reading and analysing its own share of ids.

Whoosh's own `MpWriter` has the parent build every document and pickle it to its workers: at
1,000,000 subjects the parent's analysis alone took ~90 s of one core while the workers waited,
and a worker that died was silently left out (its segment missing, no error). Here each forked
process reads one id range from the database, builds its documents and writes one segment; the
parent only forwards progress and commits the table of contents — and only when every share
arrived, so a build that lost a worker fails instead of serving a partial index.

One process (`procs=1`) writes in the calling process: no fork where threads may be running
(tests serving pages from a thread share the process).
"""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from whoosh.index import FileIndex

from xinyong.search_index.documents import IdRange
from xinyong.search_index.writing.term_writer import TermWriter

Progress = Callable[[int], None]
REPORT_EVERY = 1000
POLL_SECONDS = 1.0


class BuildWorkerFailed(RuntimeError):
    """A writer process failed or vanished: the build is abandoned, the current one serves."""


def id_ranges(session: Session, id_column, procs: int) -> list[IdRange]:
    """`procs` ranges holding about the same number of rows (bounds read from the id index)."""
    count = session.scalar(select(func.count(id_column))) or 0
    bounds = [0]
    for k in range(1, procs):
        at = session.scalar(select(id_column).order_by(id_column).offset(k * count // procs).limit(1))
        if at is not None and at > bounds[-1]:
            bounds.append(at)
    top = session.scalar(select(func.max(id_column))) or 0
    return [(low, high) for low, high in zip(bounds, [*bounds[1:], top], strict=True)]


def write_index(
    factory: sessionmaker[Session],
    ix: FileIndex,
    shares: list[Any],
    produce: Callable[[Session, Any], Iterator[dict[str, Any]]],
    options: dict[str, Any],
    progress: Progress | None = None,
) -> None:
    """Write the documents `produce` gives for every share into `ix`, one segment per share."""
    writer = TermWriter(ix, **options)
    if len(shares) == 1:
        try:
            with factory() as session:
                _add_all(writer, produce(session, shares[0]), progress)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        return
    context = multiprocessing.get_context("fork")
    messages = context.Queue()
    workers = [
        context.Process(
            target=_write_share,
            args=(n, factory, ix, share, produce, options, messages),
            daemon=True,
        )
        for n, share in enumerate(shares)
    ]
    try:
        for worker in workers:
            worker.start()
        segments = _collect(workers, messages, progress)
        for worker in workers:
            worker.join()
    except BaseException:
        for worker in workers:
            if worker.is_alive():
                worker.kill()
        writer.cancel()
        raise
    existing = writer._merge_segments(None, False, False)  # a fresh index: none
    writer._close_segment()  # the parent's own segment stays empty
    writer._commit_toc([*existing, *(segments[n] for n in sorted(segments))])
    writer._finish()


def _collect(workers, messages, progress: Progress | None) -> dict[int, Any]:
    segments: dict[int, Any] = {}
    exited_quietly = False
    while len(segments) < len(workers):
        try:
            kind, n, value = messages.get(timeout=POLL_SECONDS)
        except queue.Empty:
            # A worker killed (OOM, signal) sends nothing: notice it by its exit code. One that
            # exited cleanly has flushed its segment before, so it gets one more poll to arrive.
            waiting = [w.exitcode for n, w in enumerate(workers) if n not in segments]
            failed = [code for code in waiting if code not in (None, 0)]
            if failed or exited_quietly:
                raise BuildWorkerFailed(f"index writer exited with {(failed or waiting)[0]}") from None
            exited_quietly = None not in waiting
            continue
        if kind == "progress" and progress:
            progress(value)
        elif kind == "segment":
            segments[n] = value
        elif kind == "error":
            raise BuildWorkerFailed(value)
    return segments


def _write_share(n, factory, ix, share, produce, options, messages) -> None:
    try:
        # The parent's pooled connections are not this process's to use or to close.
        factory.kw["bind"].dispose(close=False)
        writer = TermWriter(ix, _lk=False, **options)
        with factory() as session:
            _add_all(writer, produce(session, share), lambda k: messages.put(("progress", n, k)))
        messages.put(("segment", n, writer._finalize_segment()))
    except BaseException as exc:
        messages.put(("error", n, f"{type(exc).__name__}: {exc}"))
        raise SystemExit(1) from exc


def _add_all(writer, docs: Iterator[dict[str, Any]], progress: Progress | None) -> None:
    count = 0
    for count, doc in enumerate(docs, start=1):
        writer.add_document(**doc)
        if progress and count % REPORT_EVERY == 0:
            progress(REPORT_EVERY)
    if progress and count % REPORT_EVERY:  # the rest, so the closing summary counts every one
        progress(count % REPORT_EVERY)
