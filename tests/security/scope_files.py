"""Department files for the scope tests: one-row penalty CSVs built from the fixture's layout."""

from __future__ import annotations

import csv
import io

from tests.support.admin import PASSWORD as PASSWORD  # the scope tests sign in with it
from tests.support.admin import create_operator
from tests.support.files import FIXTURES

SCJ = "武汉市市场监督管理局"  # the fixture file's department (处罚机关 and 数据来源单位)
HBJ = "武汉市生态环境局"


def penalty_csv(*rows: dict[str, str]) -> bytes:
    """The fixture's first penalty row, with each given row's cells changed (by label)."""
    with (FIXTURES / "penalties-current.csv").open(encoding="utf-8-sig", newline="") as f:
        header, first = list(csv.reader(f))[:2]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for changes in rows:
        row = list(first)
        for label, value in changes.items():
            row[header.index(label)] = value
        writer.writerow(row)
    return out.getvalue().encode("utf-8-sig")


def create_operators(runner, session_factory) -> None:
    """scj and hbj (department operators of SCJ and HBJ) and admin (platform)."""
    from xinyong.records.models import Department

    with session_factory() as s:
        s.add_all([Department(name=SCJ), Department(name=HBJ)])
        s.commit()
    for username, role, dept in (
        ("scj", "department", SCJ),
        ("hbj", "department", HBJ),
        ("admin", "platform", None),
    ):
        create_operator(runner, username, role, department=dept)
