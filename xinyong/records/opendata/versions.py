"""The index of open-data versions: every build is a version, listed with its files' record
counts, sizes and SHA-256 from its manifest, whether or not its files can still be downloaded.

Retention (records/opendata/build.py `_prune`): the current version keeps its files; earlier versions
keep only their manifests (a record that stopped being published must leave every downloadable
file, issue 13), for the newest KEEP_VERSIONS versions; older versions are forgotten.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xinyong.records.opendata.build import KEEP_VERSIONS

VERSION = re.compile(r"[0-9]{8}\.[0-9]{1,19}")  # opendata.data_version: day.newest event id
MAX_VERSION_LENGTH = 28
RETENTION = {"files": "current version only", "manifests_kept": KEEP_VERSIONS}


@dataclass(frozen=True)
class VersionEntry:
    version: str
    generated_at: str
    files: list[dict[str, Any]]
    current: bool
    available: bool  # its files can be downloaded (the current version, files present)

    def rows(self, entity: str) -> int | None:
        """Records of one dataset (the CSV's rows; the JSON Lines file holds the same)."""
        return next((f["rows"] for f in self.files if f["entity"] == entity and f["format"] == "csv"), None)

    @property
    def total_bytes(self) -> int:
        return sum(f["bytes"] for f in self.files)

    @property
    def day(self) -> str:
        return f"{self.version[:4]}-{self.version[4:6]}-{self.version[6:8]}"


def valid_version(version: str) -> bool:
    return len(version) <= MAX_VERSION_LENGTH and VERSION.fullmatch(version) is not None


def _order(version: str) -> tuple[str, int]:
    day, event = version.split(".")
    return day, int(event)


def _current(root: Path) -> str | None:
    try:
        return (root / "CURRENT").read_text(encoding="ascii").strip()
    except (FileNotFoundError, UnicodeDecodeError):
        return None


def _entry(root: Path, version: str, current: str | None) -> VersionEntry | None:
    try:
        raw = json.loads((root / version / "manifest.json").read_text(encoding="utf-8"))
        files = [dict(f) for f in raw["files"]]
        if raw["version"] != version:
            return None  # a folder renamed by hand: its manifest speaks of another version
    except (OSError, ValueError, KeyError, TypeError):
        return None  # a folder without a readable manifest is not a version
    is_current = version == current
    available = is_current and all((root / version / f["name"]).is_file() for f in files)
    return VersionEntry(version, raw["generated_at"], files, is_current, available)


def list_versions(root: Path) -> list[VersionEntry]:
    """Every version whose manifest is kept, newest first."""
    if not root.is_dir():
        return []
    current = _current(root)
    names = sorted(
        (p.name for p in root.iterdir() if p.is_dir() and valid_version(p.name)), key=_order, reverse=True
    )
    return [e for e in (_entry(root, name, current) for name in names) if e is not None]


def find_version(root: Path, version: str) -> VersionEntry | None:
    if not valid_version(version) or not root.is_dir():  # checked before touching the disk
        return None
    return _entry(root, version, _current(root))
