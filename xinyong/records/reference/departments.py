"""Departments that deliver or decide records: found by name, created on first delivery."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.records.ingest.values import name_key
from xinyong.records.models import Department, District
from xinyong.records.reference.districts import place_new

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
    ("消防", "fire_safety"),
]


def guess_domain(name: str) -> str | None:
    return next((code for word, code in DOMAIN_KEYWORDS if word in name), None)


# What a record is about says more than who decided it: since 2018 one 市场监督管理局 decides
# 工商, 食品药品 and 质量 matters, and one 金融局 three finance domains.
RECORD_DOMAIN_KEYWORDS: list[tuple[str, str]] = [
    ("融资担保", "financing_guarantee"),
    ("小额贷款", "microcredit"),
    ("网络借贷", "internet_finance"),
    ("互联网金融", "internet_finance"),
    ("电子商务", "ecommerce"),
    ("网络交易", "ecommerce"),
    ("招标", "bidding"),
    ("投标", "bidding"),
    ("旅行社", "tourism"),
    ("导游", "tourism"),
    ("食品", "food_drug"),
    ("药品", "food_drug"),
    ("医疗器械", "food_drug"),
    ("特种设备", "quality"),
    ("产品质量", "quality"),
    ("计量", "quality"),
    ("排污", "environment"),
    ("污染", "environment"),
    ("环境影响", "environment"),
    ("建筑", "construction"),
    ("施工", "construction"),
    ("消防", "fire_safety"),
]
_TOPIC_FIELDS = ("violation_type", "doc_name", "cert_name", "legacy_title", "matter")


def classify_domain(values: dict, department_domain: str | None) -> str | None:
    """The record's domain from its own topic fields, else its department's."""
    for name in _TOPIC_FIELDS:
        text = values.get(name)
        if text:
            for word, code in RECORD_DOMAIN_KEYWORDS:
                if word in text:
                    return code
    return department_domain


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
            place_new(dept)  # district and level from the name (records/reference/districts.py)
            self.session.add(dept)
            self.session.flush()
            self._by_name[key] = dept
            self._by_id[dept.id] = dept
        elif uscc and not dept.uscc:
            dept.uscc = uscc
        return dept.id

    def name_of(self, department_id: int | None) -> str:
        dept = self._by_id.get(department_id) if department_id else None
        return dept.name if dept else "（未记录报送部门）"

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
