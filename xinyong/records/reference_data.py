"""Reference values seeded into a new database and kept in sync by ``xinyong db upgrade``.

Administrators may edit these rows later; syncing only inserts what is missing, it never
overwrites an edit. Sources: domain.md §2 (region codes), §5 (lists), §6 (pilot).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.records.districts import ZONES
from xinyong.records.models import ApprovalType, District, Domain, JointMeasure, ListType
from xinyong.records.publication_seed import ensure_publication_rules

CITY_REGION = "420100"
# 东湖新技术开发区 and the other functional zones (records/districts.py) are not GB/T 2260
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

# Memoranda (备忘录) of domain.md §5; document numbers only where the source names them — an
# administrator completes the rest in the joint_measures table.
_TAX = ("关于对重大税收违法案件当事人实施联合惩戒措施的合作备忘录", "发改财金〔2014〕3062号")
_SERIOUS = ("严重违法失信企业联合惩戒备忘录", None)
_LISTED = ("失信上市公司联合惩戒备忘录", None)
_PROCUREMENT = ("政府采购严重违法失信联合惩戒备忘录", None)
_A_TAX = ("关于对纳税信用A级纳税人实施联合激励措施的合作备忘录", None)
# (list type, approval type, kind, memorandum, measure)
JOINT_MEASURES: list[tuple[str, str, str, tuple[str, str | None], str]] = [
    ("major_tax_violation", "gov_procurement", "restrict", _TAX, "限制参加政府采购活动"),
    ("serious_illegal", "gov_procurement", "restrict", _SERIOUS, "限制参加政府采购活动"),
    ("listed_company", "gov_procurement", "restrict", _LISTED, "限制参加政府采购活动"),
    ("gov_procurement", "gov_procurement", "restrict", _PROCUREMENT, "禁止参加政府采购活动"),
    ("listed_company", "fiscal_funds", "restrict", _LISTED, "限制申请财政性资金项目"),
    ("serious_illegal", "fiscal_funds", "restrict", _SERIOUS, "限制申请财政性资金项目"),
    ("gov_procurement", "fiscal_funds", "restrict", _PROCUREMENT, "限制申请财政性资金项目"),
    ("serious_illegal", "land_supply", "restrict", _SERIOUS, "限制取得政府供应土地"),
    ("gov_procurement", "land_supply", "restrict", _PROCUREMENT, "限制取得政府供应土地"),
    ("serious_illegal", "public_franchise", "restrict", _SERIOUS, "限制参与公共资源特许经营"),
    ("gov_procurement", "public_franchise", "restrict", _PROCUREMENT, "限制参与公共资源特许经营"),
    ("gov_procurement", "bidding", "restrict", _PROCUREMENT, "限制参与政府投资工程招标投标"),
    ("a_taxpayer", "admin_licence", "incentive", _A_TAX, "绿色通道、容缺受理"),
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
    if session.scalar(select(JointMeasure.id).limit(1)) is None:  # seeded once; then edited
        for list_code, approval, kind, (memo, doc_no), measure in JOINT_MEASURES:
            session.add(JointMeasure(list_type_code=list_code, approval_type_code=approval, kind=kind,
                                     memorandum=memo, document_no=doc_no, measure=measure))
            added += 1
    added += ensure_publication_rules(session)
    session.flush()
    return added
