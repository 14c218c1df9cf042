"""Reference values seeded into a new database and kept in sync by ``xinyong db upgrade``.

Administrators may edit these rows later; syncing only inserts what is missing, it never
overwrites an edit. Sources: domain.md §2 (region codes), §5 (lists), §6 (pilot).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.records.models import ApprovalType, District, Domain, ListType
from xinyong.records.publication.seed import ensure_publication_rules
from xinyong.records.reference.districts import ZONES
from xinyong.records.reference.memoranda import ensure_memoranda

CITY_REGION = "420100"
# 东湖新技术开发区 and the other functional zones (records/reference/districts.py) are not GB/T 2260
# regions: their subjects carry the region codes of the districts they sit in, so records are
# attributed to them by department instead.

DISTRICTS: list[tuple[str, str, bool]] = [
    ("420102", "江岸区", True),
    ("420103", "江汉区", False),
    ("420104", "硚口区", False),
    ("420105", "汉阳区", False),
    ("420106", "武昌区", False),
    ("420107", "青山区", False),
    ("420111", "洪山区", False),
    ("420112", "东西湖区", False),
    ("420113", "汉南区", False),
    ("420114", "蔡甸区", False),
    ("420115", "江夏区", False),
    ("420116", "黄陂区", False),
    ("420117", "新洲区", True),
    (CITY_REGION, "市本级", False),
    *ZONES,
]

# The eleven pilot domains of 武信用办〔2016〕8号, in the notice's order, plus other domains
# that deliver records.
DOMAINS: list[tuple[str, str, bool]] = [
    ("industry_commerce", "工商", True),
    ("food_drug", "食品药品安全", True),
    ("quality", "质量监督", True),
    ("environment", "环境保护", True),
    ("construction", "工程建设", True),
    ("tourism", "旅游", True),
    ("ecommerce", "电子商务", True),
    ("bidding", "招标投标", True),
    ("financing_guarantee", "融资担保", True),
    ("microcredit", "小额贷款", True),
    ("internet_finance", "互联网金融", True),
    ("taxation", "税务", False),
    ("work_safety", "安全生产", False),
    ("transport", "交通运输", False),
    ("human_resources", "人力资源和社会保障", False),
    ("fire_safety", "消防", False),
    ("other", "其他", False),
]

# (code, name, colour, default period in months or None)
LIST_TYPES: list[tuple[str, str, str, int | None]] = [
    ("a_taxpayer", "A级纳税人", "red", 12),
    ("customs_aeo", "海关高级认证企业", "red", None),
    ("integrity_model", "守信典型", "red", 36),
    ("dishonest_debtor", "失信被执行人", "black", None),
    ("major_tax_violation", "重大税收违法失信主体", "black", 36),
    ("serious_illegal", "严重违法失信企业", "black", 36),
    ("work_safety", "安全生产失信", "black", 12),
    ("environment", "环境保护失信", "black", 36),
    ("food_drug", "食品药品严重失信", "black", 36),
    ("gov_procurement", "政府采购严重违法失信", "black", 36),
    ("wage_arrears", "拖欠农民工工资失信", "black", 36),
    ("listed_company", "失信上市公司责任主体", "black", 36),
    ("abnormal_operation", "经营异常名录", "watch", None),
]


# What a counter approves (domain.md §5: the approval kinds the memoranda name).
APPROVAL_TYPES: list[tuple[str, str]] = [
    ("gov_procurement", "政府采购"),
    ("bidding", "招标投标"),
    ("fiscal_funds", "财政资金"),
    ("admin_licence", "行政许可"),
    ("land_supply", "土地供应"),
    ("public_franchise", "公共资源特许经营"),
    ("honours", "评优评先"),
]


def ensure_reference_data(session: Session) -> int:
    """Insert reference rows that are missing; return how many were added."""
    added = 0
    known = set(session.scalars(select(District.code)))
    for code, name, pilot in DISTRICTS:
        if code not in known:
            session.add(District(code=code, name=name, is_pilot=pilot))
            added += 1
    known = set(session.scalars(select(Domain.code)))
    for order, (code, name, pilot) in enumerate(DOMAINS):
        if code not in known:
            session.add(Domain(code=code, name=name, is_pilot=pilot, sort_order=order))
            added += 1
    known = set(session.scalars(select(ListType.code)))
    for order, (code, name, color, months) in enumerate(LIST_TYPES):
        if code not in known:
            session.add(
                ListType(
                    code=code,
                    name=name,
                    color=color,
                    default_period_months=months,
                    sort_order=order,
                )
            )
            added += 1
    known = set(session.scalars(select(ApprovalType.code)))
    for order, (code, name) in enumerate(APPROVAL_TYPES):
        if code not in known:
            session.add(ApprovalType(code=code, name=name, sort_order=order))
            added += 1
    session.flush()
    added += ensure_memoranda(session)  # records/reference/memoranda.py: never overwrites an edit
    added += ensure_publication_rules(session)
    session.flush()
    return added
