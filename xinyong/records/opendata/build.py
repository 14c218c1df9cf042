"""Open data: bulk files of everything currently published, versioned, rebuilt when data changes.

The data version is the local day plus the newest outbox event id: every committed change writes
an outbox event, and a new day can end publication periods, so either one changing means the
published set may have changed. A build writes every file into a temporary folder, then renames
it into place and moves the CURRENT pointer, so a download never sees a half-written file.

Only the current version can be downloaded: as soon as a new version is in place, the data
files of earlier versions are deleted and only their manifests (row counts and checksums) are
kept, so a record that stopped being published (repaired, withdrawn, ended) leaves every
downloadable file in the same `maintain` round that builds the new version.
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from xinyong.records.catalog import RECORD_TYPES
from xinyong.records.clock import to_local
from xinyong.records.db import utcnow
from xinyong.records.display.home import HeadlineFigures, headline_figures
from xinyong.records.display.period_stats import cube_to_json, published_cube
from xinyong.records.display.statistics import Chart, all_charts
from xinyong.records.models import OutboxEvent
from xinyong.records.opendata.formats import columns, encode, rows
from xinyong.records.record_types import record_type

DATASETS: dict[str, tuple[Any, Any]] = {  # the manifest's order
    key: (record_type(key).model, record_type(key).in_force)
    for key in ("licence", "penalty", "list_entry", "commitment", "joint_case")
}
FORMATS = ("csv", "jsonl")
# The current version with its files; earlier ones as manifests only (counts, sizes, SHA-256:
# a few kB each), listed at /open-data/versions so that a cited version can still be checked.
KEEP_VERSIONS = 100


@dataclass
class Manifest:
    version: str
    generated_at: str
    files: list[dict[str, Any]]


def data_version(session: Session, today: date) -> str:
    newest = session.scalar(select(func.max(OutboxEvent.id))) or 0
    return f"{today:%Y%m%d}.{newest}"


def published(session: Session, entity: str, today: date, chunk: int = 2000) -> Iterator[Any]:
    model, rule = DATASETS[entity]
    query = select(model).order_by(model.id)
    if rule is not None:
        query = query.where(rule(today))
    # yield_per streams the rows; the session's identity map holds them weakly, so memory stays
    # flat without expunging (expunging while streaming invalidates the map).
    yield from session.scalars(query.execution_options(yield_per=chunk))


def current_manifest(root: Path) -> Manifest | None:
    try:
        version = (root / "CURRENT").read_text(encoding="ascii").strip()
        raw = json.loads((root / version / "manifest.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    return Manifest(raw["version"], raw["generated_at"], raw["files"])


def build(
    factory: sessionmaker[Session],
    root: Path,
    today: date,
    *,
    if_changed: bool = False,
    progress: Callable[[str, int], None] | None = None,
) -> Manifest | None:
    """Write every dataset in both formats; None when `if_changed` and nothing changed.
    `progress(file name, rows)` is called as each file is done (the CLI shows it)."""
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None  # another build is running; the next round will see its result
        return _build(factory, root, today, if_changed, progress)


def _build(
    factory: sessionmaker[Session],
    root: Path,
    today: date,
    if_changed: bool,
    progress: Callable[[str, int], None] | None = None,
) -> Manifest | None:
    with factory() as session:
        version = data_version(session, today)
        current = current_manifest(root)
        if if_changed and current is not None and current.version == version:
            return None
        for stale in root.glob(".building-*"):  # left by a build that was killed
            shutil.rmtree(stale, ignore_errors=True)
        staging = root / f".building-{version}-{os.getpid()}"
        staging.mkdir(parents=True)
        files = []
        for entity in DATASETS:
            header = columns(entity)
            for fmt in FORMATS:
                name = f"{entity}.{fmt}.gz"
                count, digest = _write(
                    staging / name, fmt, header, rows(session, entity, published(session, entity, today))
                )
                files.append(
                    {
                        "name": name,
                        "entity": entity,
                        "title": RECORD_TYPES[entity],
                        "format": fmt,
                        "rows": count,
                        "bytes": (staging / name).stat().st_size,
                        "sha256": digest,
                    }
                )
                if progress is not None:
                    progress(name, count)
        # The figures every visitor sees (home page, statistics) are counted here, in the
        # background, with the files: counted on a request they took 4–6 s at city scale.
        write_figures(staging, session, today)
    manifest = Manifest(version, to_local(utcnow()).isoformat(timespec="seconds"), files)
    (staging / "manifest.json").write_text(
        json.dumps(manifest.__dict__, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    target = root / version
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    pointer = root / ".CURRENT.tmp"
    pointer.write_text(version, encoding="ascii")
    pointer.replace(root / "CURRENT")
    _prune(root, keep=version)
    return manifest


def write_figures(folder: Path, session: Session, today: date) -> None:
    figures = {
        "headline": asdict(headline_figures(session, today)),
        "charts": [asdict(chart) for chart in all_charts(session, today)],
        "periods": cube_to_json(published_cube(session, today)),
    }
    (folder / "figures.json").write_text(json.dumps(figures, ensure_ascii=False), encoding="utf-8")


def current_figures(root: Path) -> tuple[HeadlineFigures, list[Chart]] | None:
    """The figures of the current open-data version, or None before the first build."""
    try:
        version = (root / "CURRENT").read_text(encoding="ascii").strip()
        raw = json.loads((root / version / "figures.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    charts = [
        Chart(c["key"], c["title"], c["unit"], [tuple(r) for r in c["rows"]], c["note"], c.get("target"))
        for c in raw["charts"]
    ]
    return HeadlineFigures(**raw["headline"]), charts


def _write(path: Path, fmt: str, header: list[str], data) -> tuple[int, str]:
    """Gzip-compressed: 2.2 M published records are 2.5 GB as text, and no spreadsheet opens a
    file of more than 1,048,576 rows anyway (filtered downloads on the pages stay plain CSV)."""
    counted = _Counter(data)
    with gzip.open(path, "wt", encoding="utf-8", newline="", compresslevel=5) as out:
        for text in encode(fmt, header, counted):
            out.write(text)
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return counted.n, digest.hexdigest()


class _Counter:
    def __init__(self, data):
        self.data, self.n = data, 0

    def __iter__(self):
        for row in self.data:
            self.n += 1
            yield row


def version_order(folder: Path) -> tuple[str, int]:
    """Versions in the order they were built: by day, then by newest event id. (Not by the
    folder's mtime: deleting an earlier version's files touches it and made it look newest.)"""
    day, _, event = folder.name.partition(".")
    return day, int(event) if event.isdigit() else -1


def _prune(root: Path, keep: str) -> None:
    """Delete every version but the newest KEEP_VERSIONS, and the data files of all but the
    current one (their manifests stay: earlier versions are listed by counts and checksums)."""
    versions = sorted(
        (p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=version_order,
        reverse=True,
    )
    for old in versions:
        if old.name == keep:
            continue
        if old in versions[:KEEP_VERSIONS]:
            for data in old.glob("*.gz"):
                data.unlink(missing_ok=True)
            (old / "figures.json").unlink(missing_ok=True)  # only the current one's are read
        else:
            shutil.rmtree(old, ignore_errors=True)


def earlier_manifests(root: Path) -> list[Manifest]:
    """Manifests of kept earlier versions (no files to download), newest first."""
    current = current_manifest(root)
    out = []
    for folder in (
        sorted(
            (p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
            key=version_order,
            reverse=True,
        )
        if root.is_dir()
        else []
    ):
        if current is not None and folder.name == current.version:
            continue
        try:
            raw = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            continue
        out.append(Manifest(raw["version"], raw["generated_at"], raw["files"]))
    return out
