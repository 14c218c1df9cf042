"""`instance/incoming/`: the folders web uploads are saved in while they are imported.

Each upload gets its own private folder, removed when its import ends; a worker killed mid-import
(timeout, OOM, a deploy) leaves its folder behind, with a department's file — ID numbers and all —
in it. They are removed when the server starts (gunicorn's master, before any worker runs) and by
every round of `xinyong maintain` once older than any import can take.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

STALE_AFTER = 3600.0  # seconds; a web import ends long before (gunicorn's timeout is 30 s)


def clean_incoming(instance_dir: Path, older_than: float = STALE_AFTER) -> int:
    """Remove upload folders (and stray files) not touched for `older_than` seconds; return how
    many were removed. `older_than=0` removes all: only when no worker can be importing."""
    incoming = Path(instance_dir) / "incoming"
    if not incoming.is_dir():
        return 0
    cutoff, removed = time.time() - older_than, 0
    for entry in incoming.iterdir():
        try:
            if entry.lstat().st_mtime > cutoff:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed += 1
        except FileNotFoundError:
            continue  # its import just ended and removed it
    return removed
