"""The joint reward/punishment memoranda (联合奖惩备忘录) the city starts with, as data.

The eight memoranda 武信用办〔2016〕8号 names, with their document numbers (domain.md §7), plus the
government-procurement one of domain.md §5. Measures are what a counter must know: the approval
type a measure applies to. Administrators edit the joint_measures table afterwards
(/admin/tables/measures); `ensure_memoranda` never overwrites an edit: it adds a memorandum's
measures only while its list has none at all, and fills a missing document number only where a
row still carries the seeded memorandum name and no number.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from xinyong.records.models import JointMeasure

A_TAX = ("关于对纳税信用A级纳税人实施联合激励措施的合作备忘录", "发改财金〔2016〕1467号")
DEBTOR = ("关于对失信被执行人实施联合惩戒的合作备忘录", "发改财金〔2016〕141号")
SERIOUS = ("失信企业协同监管和联合惩戒合作备忘录", "发改财金〔2015〕2045号")
LISTED = ("关于对违法失信上市公司相关责任主体实施联合惩戒的合作备忘录", "发改财金〔2015〕3062号")
TAX = ("关于对重大税收违法案件当事人实施联合惩戒措施的合作备忘录", "发改财金〔2014〕3062号")
SAFETY = ("关于对安全生产领域失信生产经营单位及其有关人员开展联合惩戒的合作备忘录", "发改财金〔2016〕1001号")
ENVIRONMENT = (
    "关于对环境保护领域失信生产经营单位及其有关人员开展联合惩戒的合作备忘录",
    "发改财金〔2016〕1580号",
)
FOOD_DRUG = ("关于对食品药品生产经营严重失信者开展联合惩戒的合作备忘录", "发改财金〔2016〕1962号")
PROCUREMENT = ("政府采购严重违法失信联合惩戒备忘录", None)  # domain.md §5 names no number
EIGHT = (A_TAX, DEBTOR, SERIOUS, LISTED, TAX, SAFETY, ENVIRONMENT, FOOD_DRUG)

# Names the first release seeded without a number: their rows get the number filled in.
RENAMED = {"严重违法失信企业联合惩戒备忘录": SERIOUS, "失信上市公司联合惩戒备忘录": LISTED}

# (list type, approval type, kind, memorandum, measure)
JOINT_MEASURES: list[tuple[str, str, str, tuple[str, str | None], str]] = [
    ("major_tax_violation", "gov_procurement", "restrict", TAX, "限制参加政府采购活动"),
    ("serious_illegal", "gov_procurement", "restrict", SERIOUS, "限制参加政府采购活动"),
    ("listed_company", "gov_procurement", "restrict", LISTED, "限制参加政府采购活动"),
    ("gov_procurement", "gov_procurement", "restrict", PROCUREMENT, "禁止参加政府采购活动"),
    ("listed_company", "fiscal_funds", "restrict", LISTED, "限制申请财政性资金项目"),
    ("serious_illegal", "fiscal_funds", "restrict", SERIOUS, "限制申请财政性资金项目"),
    ("gov_procurement", "fiscal_funds", "restrict", PROCUREMENT, "限制申请财政性资金项目"),
    ("serious_illegal", "land_supply", "restrict", SERIOUS, "限制取得政府供应土地"),
    ("gov_procurement", "land_supply", "restrict", PROCUREMENT, "限制取得政府供应土地"),
    ("serious_illegal", "public_franchise", "restrict", SERIOUS, "限制参与公共资源特许经营"),
    ("gov_procurement", "public_franchise", "restrict", PROCUREMENT, "限制参与公共资源特许经营"),
    ("gov_procurement", "bidding", "restrict", PROCUREMENT, "限制参与政府投资工程招标投标"),
    ("a_taxpayer", "admin_licence", "incentive", A_TAX, "绿色通道、容缺受理"),
    # 失信被执行人 (发改财金〔2016〕141号): procurement, public-works bidding, fiscal funds and
    # subsidies, land and state-asset transactions, honours.
    ("dishonest_debtor", "gov_procurement", "restrict", DEBTOR, "限制参与政府采购活动"),
    ("dishonest_debtor", "bidding", "restrict", DEBTOR, "限制参与政府投资或主导的工程建设项目招标投标"),
    ("dishonest_debtor", "fiscal_funds", "restrict", DEBTOR, "限制申请政府补贴资金和社会保障资金支持"),
    ("dishonest_debtor", "land_supply", "restrict", DEBTOR, "限制取得政府供应土地、参与国有产权交易"),
    ("dishonest_debtor", "honours", "restrict", DEBTOR, "不得参加评优评先、授予荣誉称号"),
    ("work_safety", "gov_procurement", "restrict", SAFETY, "限制参加政府采购活动"),
    ("work_safety", "fiscal_funds", "restrict", SAFETY, "限制申请财政性资金项目"),
    ("environment", "gov_procurement", "restrict", ENVIRONMENT, "限制参加政府采购活动"),
    ("environment", "fiscal_funds", "restrict", ENVIRONMENT, "限制申请财政性资金项目"),
    ("food_drug", "gov_procurement", "restrict", FOOD_DRUG, "限制参加政府采购活动"),
    ("food_drug", "fiscal_funds", "restrict", FOOD_DRUG, "限制申请财政性资金项目"),
]


def ensure_memoranda(session: Session) -> int:
    """Add the measures of lists that have none; fill seeded rows' missing document numbers."""
    have = set(session.scalars(select(JointMeasure.list_type_code)))
    added = 0
    for list_code, approval, kind, (memo, doc_no), measure in JOINT_MEASURES:
        if list_code not in have:
            session.add(
                JointMeasure(
                    list_type_code=list_code,
                    approval_type_code=approval,
                    kind=kind,
                    memorandum=memo,
                    document_no=doc_no,
                    measure=measure,
                )
            )
            added += 1
    seeded = {memo: doc for memo, doc in EIGHT} | {old: new[1] for old, new in RENAMED.items()}
    for memo, doc_no in seeded.items():
        session.execute(
            update(JointMeasure)
            .where(JointMeasure.memorandum == memo, JointMeasure.document_no.is_(None))
            .values(document_no=doc_no)
        )
    return added
