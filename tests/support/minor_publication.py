"""令第36号 in tests: a department that opts in to publishing 轻微 penalties."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from xinyong.records.models import Department, MinorPublicationOptIn


def opt_in_minor(
    session_factory,
    department: str = "武汉市市场监督管理局",
    months: int = 3,
    categories: str | None = "警告",
) -> int:
    """令第36号: 轻微 penalties are published only where their department opted in; the
    department (created if missing) publishes them for `months`. Returns its id."""
    with session_factory() as s:
        dept = s.scalar(select(Department).where(Department.name == department))
        if dept is None:
            dept = Department(name=department)
            s.add(dept)
            s.flush()
        s.add(
            MinorPublicationOptIn(
                department_id=dept.id, categories=categories, months=months, effective_from=date(2019, 1, 1)
            )
        )
        s.commit()
        return dept.id
