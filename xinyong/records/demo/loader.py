"""Loading the demo city: register departments, write the files, import them in delivery order."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from xinyong.records.db import utcnow
from xinyong.records.demo.files import DemoFile, write_files
from xinyong.records.demo.generator import authority_uscc, generate
from xinyong.records.demo.templates import DEPARTMENTS
from xinyong.records.ingest.importer import ImportFailed, ImportOptions, import_file
from xinyong.records.models import Department, Subject
from xinyong.records.reference.districts import place_new

LOCAL = ZoneInfo("Asia/Shanghai")
DELIVERY_HOUR = clock(10, 0)  # daily deliveries land mid-morning, Beijing time


@dataclass
class DemoTotals:
    files: int = 0
    rows: int = 0
    accepted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    failed_files: int = 0
    planted_errors: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def has_subjects(factory: sessionmaker[Session]) -> bool:
    with factory() as session:
        return bool(session.scalar(select(func.count()).select_from(Subject)))


def register_departments(session: Session) -> None:
    """The departments the city has registered (an administrator's job; done here for the demo)."""
    known = set(session.scalars(select(Department.name)))
    for dept in DEPARTMENTS.values():
        if dept.name not in known:
            found = Department(
                name=dept.name,
                uscc=authority_uscc(dept.name),
                domain_code=dept.domain,
                district_code=dept.district,
            )
            place_new(found)
            session.add(found)
    session.commit()


def load_demo(
    factory: sessionmaker[Session],
    *,
    subjects: int,
    seed: int,
    out_dir: Path,
    id_hash_key: bytes,
    wrap: Callable[[list[DemoFile]], Iterable[DemoFile]] = lambda files: files,
    on_failure: Callable[[DemoFile, str], None] = lambda f, message: None,
) -> DemoTotals:
    """Generate and import; ``wrap`` may put a progress bar around the file list."""
    with factory() as session:
        register_departments(session)
    data = generate(subjects, seed, datetime.now(LOCAL).date())
    files = write_files(data, out_dir)
    totals = DemoTotals(files=len(files), planted_errors=data.planted_errors)
    for f in wrap(files):
        now = None
        if f.delivered is not None:
            local = datetime.combine(f.delivered, DELIVERY_HOUR, LOCAL)
            # Today's delivery before 10:00 would be stamped in the future: new uploads would then
            # sort below it in the feeds and profiles would show a collection yet to happen.
            now = min(local.astimezone(UTC).replace(tzinfo=None), utcnow())
        options = ImportOptions(id_hash_key=id_hash_key, submitted_by="demo", now=now)
        try:
            summary = import_file(factory, f.path, options)
        except ImportFailed as exc:
            totals.failed_files += 1
            on_failure(f, exc.message)
            continue
        for key in ("rows", "accepted", "updated", "unchanged", "rejected"):
            setattr(totals, key, getattr(totals, key) + getattr(summary, key))
    return totals
