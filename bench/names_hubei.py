"""A second, independent name generator for the search benchmark: names from all over 湖北.

Written apart from the demo city's generator (xinyong/records/demo/names.py) and from the
analyser's vocabularies (xinyong/search_index/text/name_parts.py), with its own brand characters,
trades (some the analyser does not know), regions of every prefecture, brackets, groups,
branches, 个体工商户 and 合作社 — so the benchmark measures more than the team's own demo names.
Each name comes with its parts, which label the queries (the analyser is not asked).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

BRAND_CHARS = ("旭辉骏凯锐沃磐卓晨鸿铭图悦润穗禾翰泽朗煜晟钧弘毅烨霖澜祺瀚曦麒璟炜昊皓"
               "泓峻岚桐楠枫柏蔚芊蕴韬骐骁琪瑾瑜琨璞珂瑶岱嵘崇巍峰屹宸宇寰坤乾奕昱晖"
               "森淼焱垚鑫犇朔望恒久源丰泰裕隆盈")
TRADES = ("农机销售", "粮食收购", "汽车租赁", "物流配送", "装饰设计", "电子科技", "信息咨询",
          "食品加工", "酒店用品", "建筑劳务", "机电设备", "包装材料", "水产养殖", "中药材种植",
          "房屋中介", "图文设计", "快递服务", "文化传播", "生物科技", "光电科技", "新材料科技",
          "钢结构工程", "门窗加工", "石材加工", "茶叶种植", "油茶种植", "家庭农场", "农业开发",
          "渔具经营", "酒类销售", "建材贸易", "机械租赁", "环境工程", "测绘服务", "安防科技",
          "医疗科技", "教育咨询", "人力资源服务", "数码科技", "车业")
SHOP_TRADES = ("便民超市", "副食批发", "农资", "汽车修理", "手机维修", "烟酒", "早餐", "美发",
               "土菜馆", "药店", "五金建材", "日用百货", "粮油", "水果批发", "生鲜")
# Prefecture (as written: bare or with 市) → a few of its county-level divisions.
REGIONS = {
    "武汉": ("江岸区", "硚口区", "洪山区", "黄陂区", "江夏区", "新洲区", "东西湖区"),
    "黄石": ("下陆区", "阳新县", "大冶市"), "十堰": ("张湾区", "郧阳区", "竹山县", "丹江口市"),
    "宜昌": ("西陵区", "夷陵区", "秭归县", "宜都市", "枝江市"), "襄阳": ("樊城区", "襄州区", "枣阳市"),
    "鄂州": ("鄂城区", "华容区"), "荆门": ("东宝区", "钟祥市", "京山市"),
    "孝感": ("孝南区", "汉川市", "应城市"), "荆州": ("沙市区", "公安县", "监利市", "洪湖市"),
    "黄冈": ("黄州区", "麻城市", "蕲春县", "武穴市"), "咸宁": ("咸安区", "赤壁市", "通山县"),
    "随州": ("曾都区", "广水市"), "恩施": ("利川市", "巴东县", "建始县"),
    "仙桃": (), "潜江": (), "天门": (),
}
ELSEWHERE = ("长沙", "南昌", "郑州", "上海", "深圳", "湖南省", "河南", "江西省")
NUMBERS = "一二三四五六七八"
ROADS = ("解放路", "中山大道", "建设路", "人民路", "沿江大道", "光明街", "胜利街", "新华路")


@dataclass(frozen=True)
class Name:
    name: str
    brand: str
    trade: str
    kind: str  # 法人及非法人组织 | 个体工商户
    district: str | None  # the Wuhan district written in the name, if any


def _brand(rnd: random.Random) -> str:
    size = rnd.choices((2, 3, 4), weights=(6, 3, 1))[0]
    return "".join(rnd.choice(BRAND_CHARS) for _ in range(size))


def _region(rnd: random.Random) -> tuple[str, str, str | None]:
    """(written in front, written in brackets, Wuhan district) — at most one of the two."""
    roll = rnd.random()
    prefecture = rnd.choice(list(REGIONS))
    county = rnd.choice(REGIONS[prefecture]) if REGIONS[prefecture] else ""
    district = county if prefecture == "武汉" and county else None
    if roll < 0.15:
        return "", "", None
    if roll < 0.25:
        return "", rnd.choice((prefecture, "湖北", "中国")), None
    if roll < 0.3:
        return rnd.choice(ELSEWHERE), "", None
    written = rnd.choice((prefecture, prefecture + "市", "湖北省" + prefecture + "市", "湖北"))
    if county and rnd.random() < 0.4:
        written = rnd.choice((prefecture + "市", "")) + county
    return written, "", district if county and county in written else None


def organisation(rnd: random.Random) -> Name:
    brand, trade = _brand(rnd), rnd.choice(TRADES)
    front, bracket, district = _region(rnd)
    roll = rnd.random()
    if trade.endswith(("种植", "养殖", "农场")) and roll < 0.5:
        form = rnd.choice(("农民专业合作社", "专业合作社"))
    elif roll < 0.45:
        form = rnd.choice(("有限公司", "有限责任公司"))
    elif roll < 0.55:
        form = "股份有限公司"
    elif roll < 0.7:
        form = rnd.choice(("集团有限公司", "（集团）有限公司", "集团股份有限公司"))
    elif roll < 0.78:
        form = "合伙企业（有限合伙）"
    elif roll < 0.85:
        form = rnd.choice(("经营部", "门市部", "厂"))
    else:
        form = "有限公司"
    middle = f"（{bracket}）" if bracket else ""
    name = f"{front}{brand}{trade}{middle}{form}"
    if form.endswith("公司") and rnd.random() < 0.15:  # a branch
        county = rnd.choice(REGIONS["武汉"]).removesuffix("区")
        name += rnd.choice((f"第{rnd.choice(NUMBERS)}分公司", f"{county}分公司"))
    return Name(name, brand, trade, "法人及非法人组织", district)


def individual_business(rnd: random.Random) -> Name:
    """个体工商户: 宜昌市西陵区旭辉便民超市（个体工商户）, 鸿铭烟酒解放路店 …"""
    brand, trade = _brand(rnd), rnd.choice(SHOP_TRADES)
    front, _, district = _region(rnd)
    ending = rnd.choice(("店", "", "行", "部")) if not trade.endswith(("馆", "店")) else ""
    roll = rnd.random()
    if roll < 0.5:
        tail = "（个体工商户）"
    elif roll < 0.7:
        tail = rnd.choice(ROADS) + "店"
        ending = "" if ending == "店" else ending
    else:
        tail = ""
    return Name(f"{front}{brand}{trade}{ending}{tail}", brand, trade + ending,
                "个体工商户", district)


def names(count: int, seed: int = 11) -> list[Name]:
    rnd = random.Random(seed)
    out: dict[str, Name] = {}
    while len(out) < count:
        n = individual_business(rnd) if rnd.random() < 0.3 else organisation(rnd)
        out.setdefault(n.name, n)
    return list(out.values())
