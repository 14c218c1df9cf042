"""What departments decide, per pilot domain: the departments, licences and penalties of the demo."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Dept:
    name: str
    code_body: str  # GB 11714 body for the authority's USCC
    domain: str | None
    district: str | None = None
    penalty_prefix: str = ""
    licence_prefix: str = ""


MARKET = Dept("武汉市市场监督管理局", "MB1A0001", "industry_commerce", None, "武市监处罚", "武市监许")
DEPARTMENTS: dict[str, Dept] = {
    d.name: d
    for d in (
        MARKET,
        Dept(
            "武汉市江岸区市场监督管理局", "MB1A0011", "industry_commerce", "420102", "岸市监处罚", "岸市监许"
        ),
        Dept(
            "武汉市新洲区市场监督管理局", "MB1A0012", "industry_commerce", "420117", "新市监处罚", "新市监许"
        ),
        Dept(
            "武汉东湖新技术开发区市场监督管理局",
            "MB1A0013",
            "industry_commerce",
            "DHGX",
            "东新市监处罚",
            "东新市监许",
        ),
        Dept("武汉市生态环境局", "MB1A0002", "environment", None, "武环罚", "武环许"),
        Dept("武汉市城乡建设局", "MB1A0003", "construction", None, "武建罚", "武建许"),
        Dept("武汉市文化和旅游局", "MB1A0004", "tourism", None, "武文旅罚", "武文旅许"),
        Dept("武汉市商务局", "MB1A0005", "ecommerce", None, "武商罚", "武商许"),
        Dept("武汉市公共资源交易监督管理局", "MB1A0006", "bidding", None, "武公管罚", "武公管备"),
        Dept("武汉市地方金融工作局", "MB1A0007", None, None, "武金罚", "武金许"),
        Dept("国家税务总局武汉市税务局", "MB1A0008", "taxation"),
        Dept("武汉市人力资源和社会保障局", "MB1A0009", "human_resources"),
        Dept("武汉市应急管理局", "MB1A0010", "work_safety"),
        Dept("武汉市中级人民法院", "MB1A0014", None),
        Dept("武汉市环境保护局", "MB1A0015", "environment"),  # before the 2019 reform: legacy file
    )
}

# domain → (weight, departments deciding it)
DOMAIN_WEIGHTS: dict[str, int] = {
    "industry_commerce": 30,
    "food_drug": 20,
    "construction": 12,
    "environment": 8,
    "quality": 6,
    "tourism": 5,
    "ecommerce": 8,
    "bidding": 4,
    "financing_guarantee": 2,
    "microcredit": 2,
    "internet_finance": 2,
}
DOMAIN_DEPT: dict[str, str] = {
    "industry_commerce": "武汉市市场监督管理局",
    "food_drug": "武汉市市场监督管理局",
    "quality": "武汉市市场监督管理局",
    "environment": "武汉市生态环境局",
    "construction": "武汉市城乡建设局",
    "tourism": "武汉市文化和旅游局",
    "ecommerce": "武汉市商务局",
    "bidding": "武汉市公共资源交易监督管理局",
    "financing_guarantee": "武汉市地方金融工作局",
    "microcredit": "武汉市地方金融工作局",
    "internet_finance": "武汉市地方金融工作局",
}
# Market supervision in pilot districts is decided by the district bureau.
# The pilot districts' own market regulators. 东湖新技术开发区 has no region code: its firms carry
# 洪山区's (420111), so the zone's regulator decides for some of those — without it the pilot
# dashboard's third district had no records at all in the demo.
DISTRICT_MARKET = {
    "420102": "武汉市江岸区市场监督管理局",
    "420117": "武汉市新洲区市场监督管理局",
    "420111": "武汉东湖新技术开发区市场监督管理局",
}


@dataclass(frozen=True)
class LicenceKind:
    doc_name: str
    cert_name: str
    content: str
    category: str
    number: str  # format with {d} district code, {n} number
    years: int | None  # validity; None = open-ended


LICENCES: dict[str, tuple[LicenceKind, ...]] = {
    "industry_commerce": (
        LicenceKind(
            "企业设立登记核准通知书",
            "营业执照",
            "一般项目：日用百货销售；信息咨询服务",
            "登记",
            "{d}0000{n:08d}",
            None,
        ),
    ),
    "food_drug": (
        LicenceKind(
            "食品经营许可决定书",
            "食品经营许可证",
            "预包装食品（含冷藏冷冻食品）销售；热食类食品制售",
            "普通",
            "JY1{d}{n:08d}",
            5,
        ),
        LicenceKind(
            "药品经营许可决定书",
            "药品经营许可证",
            "处方药、甲类非处方药、乙类非处方药",
            "普通",
            "鄂AA{d}{n:04d}",
            5,
        ),
    ),
    "quality": (
        LicenceKind(
            "特种设备安装改造维修许可决定书",
            "特种设备生产许可证",
            "电梯安装、修理（曳引驱动乘客电梯）",
            "普通",
            "TS33{d}{n:04d}",
            4,
        ),
    ),
    "environment": (
        LicenceKind("排污许可决定书", "排污许可证", "排放大气污染物、水污染物", "普通", "{d}{n:08d}001P", 5),
    ),
    "construction": (
        LicenceKind(
            "建筑业企业资质许可决定书",
            "建筑业企业资质证书",
            "建筑工程施工总承包三级",
            "认可",
            "D3{d}{n:04d}",
            5,
        ),
        LicenceKind(
            "建筑工程施工许可决定书",
            "建筑工程施工许可证",
            "新建厂房及配套工程施工",
            "核准",
            "{d}{n:06d}0101",
            1,
        ),
    ),
    "tourism": (
        LicenceKind(
            "旅行社业务经营许可决定书",
            "旅行社业务经营许可证",
            "国内旅游业务、入境旅游业务",
            "特许",
            "L-HUB-{n:05d}",
            None,
        ),
    ),
    "ecommerce": (
        LicenceKind(
            "单用途商业预付卡发卡企业备案",
            "备案证明",
            "单用途商业预付卡发行",
            "其他（备案）",
            "DYK{d}{n:05d}",
            None,
        ),
    ),
    "bidding": (
        LicenceKind(
            "招标代理机构备案", "备案证明", "工程建设项目招标代理", "其他（备案）", "ZB{d}{n:05d}", None
        ),
    ),
    "financing_guarantee": (
        LicenceKind(
            "融资担保业务经营许可决定书",
            "融资担保业务经营许可证",
            "借款类担保业务、发行债券担保业务",
            "核准",
            "鄂{n:06d}",
            5,
        ),
    ),
    "microcredit": (
        LicenceKind(
            "小额贷款公司设立核准决定书",
            "小额贷款公司经营许可证",
            "发放小额贷款",
            "核准",
            "鄂小贷{n:05d}",
            None,
        ),
    ),
    "internet_finance": (
        LicenceKind(
            "网络借贷信息中介机构备案登记",
            "备案登记证明",
            "网络借贷信息中介服务",
            "其他（备案）",
            "WD{d}{n:05d}",
            None,
        ),
    ),
}


@dataclass(frozen=True)
class PenaltyKind:
    violation_type: str
    facts: str
    basis: str


PENALTIES: dict[str, tuple[PenaltyKind, ...]] = {
    "industry_commerce": (
        PenaltyKind(
            "虚假宣传",
            "当事人在其经营场所及网站发布内容虚假的广告，宣称产品“全国销量第一”，无法提供证明材料。",
            "《中华人民共和国广告法》第五十五条第一款",
        ),
        PenaltyKind(
            "未按规定公示年度报告",
            "当事人未按规定期限公示上一年度年度报告，且未在责令期限内改正。",
            "《中华人民共和国市场主体登记管理条例》第四十七条",
        ),
    ),
    "food_drug": (
        PenaltyKind(
            "食品安全违法行为",
            "经查，当事人经营超过保质期的食品，违反了《中华人民共和国食品安全法》第三十四条第（十）项的规定。",
            "《中华人民共和国食品安全法》第一百二十四条第一款",
        ),
        PenaltyKind(
            "药品经营违法行为",
            "当事人未按规定凭处方销售处方药，违反了《药品经营和使用质量监督管理办法》的规定。",
            "《中华人民共和国药品管理法》第一百二十六条",
        ),
    ),
    "quality": (
        PenaltyKind(
            "特种设备违法行为",
            "当事人使用未经定期检验的电梯，存在安全隐患。",
            "《中华人民共和国特种设备安全法》第八十四条第（一）项",
        ),
    ),
    "environment": (
        PenaltyKind(
            "大气污染违法行为",
            "经监测，当事人锅炉废气中氮氧化物排放浓度超过国家排放标准。",
            "《中华人民共和国大气污染防治法》第九十九条第（二）项",
        ),
    ),
    "construction": (
        PenaltyKind(
            "建筑施工违法行为", "当事人未取得施工许可证擅自施工。", "《中华人民共和国建筑法》第六十四条"
        ),
    ),
    "tourism": (
        PenaltyKind(
            "旅行社违法行为", "当事人未与旅游者签订书面旅游合同。", "《中华人民共和国旅游法》第一百条"
        ),
    ),
    "ecommerce": (
        PenaltyKind(
            "电子商务违法行为",
            "当事人未在网店首页显著位置公示营业执照信息。",
            "《中华人民共和国电子商务法》第七十六条",
        ),
    ),
    "bidding": (
        PenaltyKind(
            "招标投标违法行为",
            "当事人在某工程投标中与其他投标人相互串通投标报价。",
            "《中华人民共和国招标投标法》第五十三条",
        ),
    ),
    "financing_guarantee": (
        PenaltyKind(
            "融资担保违规经营",
            "当事人违规为关联方提供融资担保且未按规定披露。",
            "《融资担保公司监督管理条例》第三十九条",
        ),
    ),
    "microcredit": (
        PenaltyKind(
            "小额贷款违规经营", "当事人超出核准的地域范围发放贷款。", "《湖北省小额贷款公司监督管理办法》"
        ),
    ),
    "internet_finance": (
        PenaltyKind(
            "网络借贷信息中介违规经营",
            "当事人未按规定进行信息披露。",
            "《网络借贷信息中介机构业务活动管理暂行办法》第四十条",
        ),
    ),
}
CATEGORY_MIX = (
    ("警告;罚款", 40),
    ("罚款", 30),
    ("警告", 12),
    ("罚款;没收违法所得", 10),
    ("责令停产停业;罚款", 4),
    ("吊销许可证件", 2),
    ("通报批评", 2),
)

# list code → deciding department
BLACK_LISTS = {
    "serious_illegal": "武汉市市场监督管理局",
    "major_tax_violation": "国家税务总局武汉市税务局",
    "environment": "武汉市生态环境局",
    "food_drug": "武汉市市场监督管理局",
    "gov_procurement": "武汉市公共资源交易监督管理局",
    "wage_arrears": "武汉市人力资源和社会保障局",
    "work_safety": "武汉市应急管理局",
    "dishonest_debtor": "武汉市中级人民法院",
}
RED_LISTS = {"a_taxpayer": "国家税务总局武汉市税务局", "integrity_model": "武汉市市场监督管理局"}
