"""Plausible Wuhan names: organisations, 个体工商户 and people.

Brands are shared across districts and near-duplicates (恒通/恒同, 鑫隆/鑫龙, one character more or
less) are made on purpose: that is what search has to cope with.
"""

from __future__ import annotations

import random

BRAND_CHARS = (
    "恒通鑫隆华信楚天汉江金桥长江东湖晴川黄鹤龟山江城盛达宏远永兴顺发博雅融创中南光谷"
    "聚丰嘉禾瑞祥德润荣昌安泰福源天成新世纪明珠锦绣佳和康宁益民兴旺万家同心鼎盛宝利润邦"
)
# Homophone and look-alike swaps (the usual pinyin input-method errors).
NEAR = {
    "通": "同",
    "隆": "龙",
    "信": "新",
    "达": "大",
    "远": "源",
    "兴": "星",
    "发": "法",
    "华": "化",
    "昌": "长",
    "泰": "太",
    "祥": "翔",
    "丰": "峰",
    "盛": "胜",
    "利": "力",
    "和": "合",
}
REGION_PREFIXES = ("武汉", "武汉市", "湖北", "")
LEGAL_FORMS = (
    "有限公司",
    "有限公司",
    "有限公司",
    "有限责任公司",
    "股份有限公司",
    "合伙企业（有限合伙）",
    "个人独资企业",
)

# Trades by domain code: the trade decides which departments deal with the subject.
TRADES: dict[str, tuple[str, ...]] = {
    "industry_commerce": ("商贸", "贸易", "商务咨询", "物业管理", "广告传媒", "汽车销售"),
    "food_drug": ("食品", "餐饮管理", "大药房", "医药连锁", "生鲜超市"),
    "quality": ("机械制造", "电梯工程", "计量检测", "锅炉安装", "电线电缆"),
    "environment": ("环保科技", "化工", "再生资源回收", "印染", "水泥制品"),
    "construction": ("建筑工程", "市政工程", "装饰工程", "建材", "劳务"),
    "tourism": ("旅行社", "酒店管理", "国际旅行社", "景区管理"),
    "ecommerce": ("电子商务", "网络科技", "供应链管理", "跨境电商"),
    "bidding": ("工程咨询", "招标代理", "造价咨询", "项目管理"),
    "financing_guarantee": ("融资担保", "信用担保"),
    "microcredit": ("小额贷款",),
    "internet_finance": ("金融信息服务", "网络借贷信息中介"),
}
SHOPS = ("热干面馆", "副食店", "小吃店", "烟酒店", "理发店", "五金店", "水果店", "早点铺", "便利店", "干洗店")
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉鹏飞俊凯"


def brand(rnd: random.Random) -> str:
    size = 2 if rnd.random() < 0.8 else 3
    return "".join(rnd.choice(BRAND_CHARS) for _ in range(size))


def near_duplicate(rnd: random.Random, name: str) -> str:
    """One homophone swap, or one character more or less — never the same name."""
    swappable = [i for i, c in enumerate(name) if c in NEAR]
    if swappable and rnd.random() < 0.7:
        i = rnd.choice(swappable)
        return name[:i] + NEAR[name[i]] + name[i + 1 :]
    if len(name) > 2 and rnd.random() < 0.5:
        i = rnd.randrange(len(name))
        return name[:i] + name[i + 1 :]
    return name + rnd.choice(BRAND_CHARS)


def organisation(rnd: random.Random, brand_name: str, trade: str, district: str | None) -> str:
    prefix = district if district and rnd.random() < 0.25 else rnd.choice(REGION_PREFIXES)
    return f"{prefix}{brand_name}{trade}{rnd.choice(LEGAL_FORMS)}"


def branch(parent: str, district: str) -> str:
    base = parent.removesuffix("有限公司").removesuffix("有限责任公司")
    return f"{base}有限公司{district.removesuffix('区')}分公司"


def person(rnd: random.Random) -> str:
    return rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2))))


def shop(rnd: random.Random, district: str) -> str:
    owner = rnd.choice(SURNAMES)
    style = rnd.choice(("老{}", "{}记", "{}氏"))
    return f"{rnd.choice(('', '武汉市'))}{district}{style.format(owner)}{rnd.choice(SHOPS)}"
