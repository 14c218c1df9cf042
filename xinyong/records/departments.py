"""Departments that deliver or decide records: found by name, created on first delivery."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.records.models import Department, District
from xinyong.records.values import name_key

# A new department's default domain, guessed from its name; administrators correct it.
# Order matters: the first keyword found wins.
DOMAIN_KEYWORDS: list[tuple[str, str]] = [
    ("食品药品", "food_drug"),
    ("药品监督", "food_drug"),
    ("质量技术监督", "quality"),
    ("质监", "quality"),
    ("市场监督", "industry_commerce"),
    ("工商行政", "industry_commerce"),
    ("生态环境", "environment"),
    ("环境保护", "environment"),
    ("城乡建设", "construction"),
    ("城建", "construction"),
    ("住房", "construction"),
    ("旅游", "tourism"),
    ("商务", "ecommerce"),
    ("公共资源交易", "bidding"),
    ("税务", "taxation"),
    ("应急管理", "work_safety"),
    ("安全生产", "work_safety"),
    ("交通运输", "transport"),
    ("人力资源", "human_resources"),
]


def guess_domain(name: str) -> str | None:
    return next((code for word, code in DOMAIN_KEYWORDS if word in name), None)


class DepartmentCache:
    """Per-import cache: one query per new name, not per row."""

    def __init__(self, session: Session):
        self.session = session
        self._by_name = {name_key(d.name): d for d in session.scalars(select(Department))}
        self._by_id = {d.id: d for d in self._by_name.values()}
        self._districts = set(session.scalars(select(District.code)))

    def resolve(self, name: str | None, uscc: str | None) -> int | None:
        if not name:
            return None
        key = name_key(name)
        dept = self._by_name.get(key)
        if dept is None:
            dept = Department(name=name.strip(), uscc=uscc, domain_code=guess_domain(name))
            self.session.add(dept)
            self.session.flush()
            self._by_name[key] = dept
            self._by_id[dept.id] = dept
        elif uscc and not dept.uscc:
            dept.uscc = uscc
        return dept.id

    def domain_of(self, department_id: int | None) -> str | None:
        dept = self._by_id.get(department_id) if department_id else None
        return dept.domain_code if dept else None

    def district_for(self, uscc: str, legacy_region: str | None) -> str | None:
        """District from the USCC's region code (positions 3–8) or the old 地方编码."""
        if len(uscc) == 18 and uscc[2:8] in self._districts:
            return uscc[2:8]
        if legacy_region and legacy_region[:6] in self._districts:
            return legacy_region[:6]
        return None
