"""Small helpers shared by tests: fixture files with some cells changed."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.conftest import FIXTURES


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
