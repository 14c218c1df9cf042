"""The fixture files under tests/fixtures/, copies of them with some cells changed, and the fixed
"now" they were written for."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# A fixed "now" keeps timeliness (7 working days) and "date in the future" checks stable.
FIXED_NOW = datetime(2026, 11, 20, 2, 0, 0)


def fixture_path(path: str | Path) -> Path:
    """A name under tests/fixtures/, or a path as given (absolute, or existing from the cwd)."""
    path = Path(path)
    if not path.is_absolute() and not path.exists():
        path = FIXTURES / path
    return path


def rewrite_csv(source: str, target: Path, changes: dict[str, dict[str, str]]) -> Path:
    """Copy a fixture CSV, changing cells: {subject name in column 1: {label: new value}}.
    A change may rename the subject too (its new value under the first column's label)."""
    with (FIXTURES / source).open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    for row in rows[1:]:
        for label, value in changes.get(row[0], {}).items():
            row[header.index(label)] = value
    with target.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    return target
