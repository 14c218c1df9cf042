"""Where index builds live and which one is current.

    <index_dir>/builds/<build id>/   one complete Whoosh build (subjects + records indexes)
                                     and its cursor file: the last outbox event applied
    <index_dir>/CURRENT              the build id being served (replaced atomically)
    <index_dir>/PREVIOUS             the build before it, kept for rollback

A rebuild writes a new build directory while the current one keeps serving, then switches by
replacing CURRENT (os.replace is atomic on POSIX). Searchers notice the switch and reopen.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from xinyong.search_index.schema import SCHEMA_VERSION


class IndexMissing(RuntimeError):
    """No usable index build: run `xinyong index rebuild`."""


@dataclass(frozen=True)
class Build:
    path: Path

    @property
    def id(self) -> str:
        return self.path.name

    @property
    def meta(self) -> dict:
        return json.loads((self.path / "META.json").read_text(encoding="utf-8"))

    def read_cursor(self) -> int:
        try:
            return int((self.path / "CURSOR").read_text(encoding="ascii").strip() or 0)
        except FileNotFoundError:
            return 0

    def write_cursor(self, position: int) -> None:
        _atomic_write(self.path / "CURSOR", str(position))

    def read_as_of(self) -> date | None:
        """The local day whose in-force state the build reflects (None: before this existed)."""
        try:
            return date.fromisoformat((self.path / "AS_OF").read_text(encoding="ascii").strip())
        except (FileNotFoundError, ValueError):
            return None

    def write_as_of(self, day: date) -> None:
        _atomic_write(self.path / "AS_OF", day.isoformat())


class IndexStore:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.builds = self.root / "builds"

    def new_build(self) -> Build:
        self.builds.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        path = self.builds / f"v{SCHEMA_VERSION}-{stamp}"
        path.mkdir()
        try:
            _atomic_write(
                path / "META.json",
                json.dumps({"schema_version": SCHEMA_VERSION, "started_at": datetime.now(UTC).isoformat()}),
            )
        except OSError:
            shutil.rmtree(path, ignore_errors=True)  # a full disk: no empty build left behind
            raise
        return Build(path)

    def current(self) -> Build:
        """The build being served; refuses a build made for another schema version."""
        try:
            build_id = (self.root / "CURRENT").read_text(encoding="ascii").strip()
        except FileNotFoundError:
            raise IndexMissing("搜索索引尚未建立") from None
        build = Build(self.builds / build_id)
        if not build.path.is_dir():
            raise IndexMissing(f"搜索索引目录缺失：{build_id}")
        if build.meta.get("schema_version") != SCHEMA_VERSION:
            raise IndexMissing("搜索索引版本过旧，需要重建")
        return build

    def current_id(self) -> str | None:
        try:
            return (self.root / "CURRENT").read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None

    def switch_to(self, build: Build) -> None:
        old = self.current_id()
        if old and old != build.id:
            _atomic_write(self.root / "PREVIOUS", old)
        _atomic_write(self.root / "CURRENT", build.id)
        self._prune(keep={build.id, old})

    def rollback(self) -> Build:
        try:
            previous = (self.root / "PREVIOUS").read_text(encoding="ascii").strip()
        except FileNotFoundError:
            raise IndexMissing("没有可回退的上一版索引") from None
        build = Build(self.builds / previous)
        if not build.path.is_dir():
            raise IndexMissing(f"上一版索引目录缺失：{previous}")
        current = self.current_id()
        _atomic_write(self.root / "CURRENT", build.id)
        if current:
            _atomic_write(self.root / "PREVIOUS", current)
        return build

    def _prune(self, keep: set[str | None]) -> None:
        """Builds other than the current and the previous one (abandoned or superseded)."""
        for path in self.builds.iterdir():
            if path.is_dir() and path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)  # a full disk: the old file stays, no half-written one
        raise
