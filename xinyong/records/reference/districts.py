"""Placing a department in the city from its name: its district (or functional zone) and level.

domain.md §7: 武汉市江岸区市场监督管理局 → 江岸区 (420102); 武汉市…局 / 湖北省…局 → city or province
level, no district. Functional zones deliver like districts: 东湖新技术开发区 (东湖高新区, a pilot),
武汉经济技术开发区 (汉南区 merged into it in 2019), 东湖生态旅游风景区, and 武汉临空港经济技术开发区,
which is one administration with 东西湖区 (so it is counted as 东西湖区). A name none of this
recognises is left unplaced (level None): the pilot dashboard shows it as 未分区 and the platform
administrator places it by hand (/admin/tables/departments).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from xinyong.records.models import Department

EAST_LAKE_ZONE = "DHGX"  # 东湖新技术开发区 (no GB/T 2260 code of its own)
ECONOMIC_ZONE = "WHJK"  # 武汉经济技术开发区（汉南区）
SCENIC_ZONE = "DHFJ"  # 东湖生态旅游风景区

# Functional zones not in GB/T 2260: (code, name, pilot); seeded by reference_data.py.
ZONES: list[tuple[str, str, bool]] = [
    (EAST_LAKE_ZONE, "东湖新技术开发区", True),
    (ECONOMIC_ZONE, "武汉经济技术开发区（汉南区）", False),
    (SCENIC_ZONE, "东湖生态旅游风景区", False),
]

# Name fragments → district code; the first match wins, so zones (whose names contain other
# place names, 东湖…) come before the districts.
NAME_PLACES: list[tuple[str, str]] = [
    ("东湖生态旅游风景区", SCENIC_ZONE),
    ("东湖风景区", SCENIC_ZONE),
    ("东湖新技术开发区", EAST_LAKE_ZONE),
    ("东湖高新技术开发区", EAST_LAKE_ZONE),
    ("东湖高新区", EAST_LAKE_ZONE),
    ("东湖开发区", EAST_LAKE_ZONE),
    ("武汉经济技术开发区", ECONOMIC_ZONE),
    ("武汉经开区", ECONOMIC_ZONE),
    ("汉南区", ECONOMIC_ZONE),
    ("临空港经济技术开发区", "420112"),
    ("临空港", "420112"),
    ("江岸区", "420102"),
    ("江汉区", "420103"),
    ("硚口区", "420104"),
    ("汉阳区", "420105"),
    ("武昌区", "420106"),
    ("青山区", "420107"),
    ("洪山区", "420111"),
    ("东西湖区", "420112"),
    ("蔡甸区", "420114"),
    ("江夏区", "420115"),
    ("黄陂区", "420116"),
    ("新洲区", "420117"),
]
LEVELS = ("district", "city", "province")
LEVEL_LABELS = {"district": "区（功能区）", "city": "市本级", "province": "省级", None: "未分区"}
UNPLACED = "未分区"


@dataclass(frozen=True)
class Placement:
    district_code: str | None
    level: str | None  # district | city | province | None (could not be placed)


def place(name: str | None) -> Placement:
    """Where a department named `name` sits, from its name alone."""
    text = "".join((name or "").split())
    for fragment, code in NAME_PLACES:
        if fragment in text:
            return Placement(code, "district")
    if "武汉市" in text or text.startswith("武汉"):
        return Placement(None, "city")
    if "湖北省" in text:
        return Placement(None, "province")
    return Placement(None, None)


def place_new(department: Department) -> None:
    """Fill a new department's district and level (import creates departments by name)."""
    if department.district_code is None and department.level is None:
        found = place(department.name)
        department.district_code, department.level = found.district_code, found.level
    elif department.level is None:
        department.level = "district" if department.district_code else None


def place_unplaced(session: Session) -> int:
    """Place every department that has neither a district nor a level (after the migration or
    an import from before this existed); an administrator's choices are never overwritten."""
    placed = 0
    for dept_id, name, district in session.execute(
        select(Department.id, Department.name, Department.district_code).where(Department.level.is_(None))
    ):
        found = place(name) if district is None else Placement(district, "district")
        if found.level is not None:
            session.execute(
                update(Department)
                .where(Department.id == dept_id)
                .values(district_code=found.district_code, level=found.level)
            )
            placed += 1
    return placed
