"""The second, independent name generator of the search benchmark: names from all over 湖北.

How it is kept independent of what it measures (checked by tests/unit/test_names_hubei.py):
- it imports nothing from `xinyong` (neither the demo city's generator,
  xinyong/records/demo/names.py, nor the analyser's vocabularies, search_index/text/name_parts.py);
- its word lists were written from scratch and share no entry with the demo generator's:
  brands are whole words (云帆, 楚韵, 金穗丰) rather than random pairs of a fixed character set,
  and no brand is made only of the demo's brand characters; trades are whole phrases chosen
  from Hubei's own industries (鱼糕加工, 小龙虾养殖, 香菇种植, 磷化工, 汽车零部件) that the demo
  city never uses; 个体工商户 are named after their owner's full name or a shop word, not the
  demo's 老王 / 王记 pattern;
- regions are every prefecture and every county-level division of 湖北省 (2023), typed as a
  table of its own, and written the ways real registrations write them: bare, with 市, with
  湖北省 in front, county alone, prefecture + county, + a town (镇/乡/街道, which the
  analyser does not list), or in brackets; a few other provinces and cities;
- legal forms and endings include 个体工商户 in brackets, 农民专业合作社 and 股份经济合作社,
  合伙企业（有限合伙）/（普通合伙）, 个人独资企业, 工作室, 商行, （集团）, numbered branches
  (第三分公司, 二分店) and branches by place (襄阳樊城分公司, 宜昌分公司).
Labels come from the generator's parts (brand, trade), never from the analyser under test.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


def _words(text: str) -> list[str]:
    return text.split()


# Brand words of organisations: two to four characters, as registered brands are.
BRANDS = _words(
    "云帆 楚韵 金穗 青禾 蓝海 星辰 春晓 绿野 远航 朝晖 银杏 翠微 清泉 碧水 丹枫 紫荆 松柏 "
    "白鹭 灵犀 书香 墨韵 匠心 初心 拓维 致远 卓越 启航 睿思 知行 博纳 凌峰 驰骋 腾跃 "
    "荆楚 汉风 三峡 神农 昭君 屈原 黄梅 赤壁 武当 岘山 清江 汉水 沮漳 大别 九宫 "
    "凤凰 麒麟 玉龙 金鹰 天鹅 海燕 雄鹰 骏马 "
    "立信 诚达 众合 襄江 共赢 齐心 协力 百川 千帆 万象 "
    "金穗丰 云中鹤 绿水湾 桃花源 鱼米乡 好日子 小太阳 一品轩 二月春 三和堂 四季青 "
    "五谷香 六合 七彩虹 八方来 九州通达 十全美 新起点 大洪山 小蜜蜂 老字号 "
    "鄂西北 鄂东南 楚风汉韵 荆山楚水 长江之星 武陵秀色 清江画廊 神农百草"
)
# Trades of organisations: whole phrases, Hubei's industries.
TRADES = _words(
    "鱼糕加工 小龙虾养殖 香菇种植 茶叶加工 磷化工 汽车零部件 无纺布制品 纺织服装 船舶修造 "
    "液压件制造 轴承制造 电缆桥架 钢管制造 水利水电工程 建筑安装工程 园林绿化工程 "
    "农产品电子商务 网约车服务 家政服务 月子会所 健康管理 养老服务 物业服务 人力资源开发 "
    "教育科技 软件开发 信息技术 光纤通信 激光科技 生物医药 中药饮片 医疗器械 "
    "食用菌种植 莲藕种植 稻虾共作 生猪养殖 蛋鸡养殖 中华鳖养殖 黄酒酿造 米酒酿造 "
    "豆制品加工 粮油贸易 冷链物流 城乡配送 汽车运输 客运 驾驶员培训 机动车检测"
)
# Trades of 个体工商户: what the sign over the door says.
SHOP_TRADES = _words(
    "卤菜店 粉面馆 农家乐 渔家乐 裁缝店 修车行 电动车行 土特产店 烟花爆竹店 炒货店 "
    "服装店 鞋店 母婴店 眼镜店 手机店 花店 蛋糕店 棋牌室 足浴店 汗蒸馆 麻辣烫 烧烤 "
    "豆皮馆 汤包馆 锅盔 藕汤馆 鱼馆 药铺 茶楼 诊所"
)
OWNER_SURNAMES = "聂鲁熊龚邹柯喻舒殷邬阮涂万夏雷严谭付江艾童詹卢甘汪"
OWNER_GIVEN = (
    "红梅",
    "建华",
    "春生",
    "秋菊",
    "志刚",
    "小琴",
    "德胜",
    "玉珍",
    "海波",
    "丽萍",
    "国庆",
    "金凤",
    "长青",
    "友谊",
    "冬梅",
    "卫东",
)
SHOP_WORDS = ("便民", "好运", "惠民", "乡里", "邻家", "巷口", "老街", "河边", "街角", "福满")

# 湖北省: every prefecture-level division and its county-level divisions (2023).
_HUBEI_TABLE = """
武汉市: 江岸区 江汉区 硚口区 汉阳区 武昌区 青山区 洪山区 东西湖区 汉南区 蔡甸区 江夏区 黄陂区 新洲区
黄石市: 黄石港区 西塞山区 下陆区 铁山区 阳新县 大冶市
十堰市: 茅箭区 张湾区 郧阳区 郧西县 竹山县 竹溪县 房县 丹江口市
宜昌市: 西陵区 伍家岗区 点军区 猇亭区 夷陵区 远安县 兴山县 秭归县
    长阳土家族自治县 五峰土家族自治县 宜都市 当阳市 枝江市
襄阳市: 襄城区 樊城区 襄州区 南漳县 谷城县 保康县 老河口市 枣阳市 宜城市
鄂州市: 梁子湖区 华容区 鄂城区
荆门市: 东宝区 掇刀区 沙洋县 钟祥市 京山市
孝感市: 孝南区 孝昌县 大悟县 云梦县 应城市 安陆市 汉川市
荆州市: 沙市区 荆州区 公安县 江陵县 石首市 洪湖市 松滋市 监利市
黄冈市: 黄州区 团风县 红安县 罗田县 英山县 浠水县 蕲春县 黄梅县 麻城市 武穴市
咸宁市: 咸安区 嘉鱼县 通城县 崇阳县 通山县 赤壁市
随州市: 曾都区 随县 广水市
恩施土家族苗族自治州: 恩施市 利川市 建始县 巴东县 宣恩县 咸丰县 来凤县 鹤峰县
仙桃市:
潜江市:
天门市:
神农架林区:
"""


def _table(text: str) -> dict[str, tuple[str, ...]]:
    """`prefecture: county …` lines; an indented line continues the one before."""
    out: dict[str, tuple[str, ...]] = {}
    head = ""
    for line in text.strip().splitlines():
        if line.startswith(" "):
            out[head] += tuple(line.split())
            continue
        head, _, rest = line.partition(":")
        out[head] = tuple(rest.split())
    return out


PREFECTURES = _table(_HUBEI_TABLE)
# How a prefecture is written short (恩施土家族苗族自治州 → 恩施州 or 恩施).
SHORT = {"恩施土家族苗族自治州": ("恩施州", "恩施"), "神农架林区": ("神农架",)}
# Towns and streets: written after the county by rural registrations.
TOWNS = (
    "马口镇",
    "毛陈镇",
    "三里岗镇",
    "龙王镇",
    "仙女山街道",
    "沙湖镇",
    "熊口镇",
    "彭场镇",
    "黄陵矶镇",
    "石门乡",
    "新堰镇",
    "长岭镇",
    "城关镇",
    "金沙街道",
)
ELSEWHERE = ("湖南省", "长沙市", "河南省", "郑州市", "江西省", "九江市", "重庆市", "安徽")
NUMERALS = "一二三四五六七八九"
STREETS = ("航空路", "楚河汉街", "珞喻路", "沿江大道", "民主路", "夷陵大道", "人民北路", "解放西路")


@dataclass(frozen=True)
class Name:
    name: str
    brand: str
    trade: str
    kind: str  # 法人及非法人组织 | 个体工商户
    district: str | None  # the Wuhan district written in the name, if any


def _short(prefecture: str) -> str:
    return SHORT.get(prefecture, (prefecture.removesuffix("市"),))[0]


def _region(rnd: random.Random) -> tuple[str, str, str | None]:
    """(written in front, written in brackets, Wuhan district written) — at most one of the two."""
    prefecture = rnd.choice(list(PREFECTURES))
    counties = PREFECTURES[prefecture]
    county = rnd.choice(counties) if counties else ""
    roll = rnd.random()
    if roll < 0.12:
        return "", "", None
    if roll < 0.2:
        return "", rnd.choice((_short(prefecture), "湖北", "中国")), None
    if roll < 0.25:
        return rnd.choice(ELSEWHERE), "", None
    if roll < 0.55 or not county:
        return rnd.choice((prefecture, _short(prefecture), "湖北省" + prefecture, "湖北")), "", None
    written = rnd.choice(("", prefecture, "湖北省" + prefecture)) + county
    if rnd.random() < 0.3:
        written += rnd.choice(TOWNS)
    return written, "", county if prefecture == "武汉市" else None


def organisation(rnd: random.Random) -> Name:
    brand, trade = rnd.choice(BRANDS), rnd.choice(TRADES)
    front, bracket, district = _region(rnd)
    roll = rnd.random()
    if trade.endswith(("种植", "养殖", "共作")) and roll < 0.6:
        form = rnd.choice(("农民专业合作社", "专业合作社", "股份经济合作社", "农民专业合作社联合社"))
    elif roll < 0.4:
        form = rnd.choice(("有限公司", "有限责任公司"))
    elif roll < 0.5:
        form = "股份有限公司"
    elif roll < 0.62:
        form = rnd.choice(("集团有限公司", "（集团）有限公司", "集团股份有限公司"))
    elif roll < 0.7:
        form = rnd.choice(("合伙企业（有限合伙）", "合伙企业（普通合伙）"))
    elif roll < 0.76:
        form = "个人独资企业"
    elif roll < 0.84:
        form = rnd.choice(("工作室", "商行", "经营部", "厂"))
    else:
        form = "有限公司"
    middle = f"（{bracket}）" if bracket else ""
    name = f"{front}{brand}{trade}{middle}{form}"
    if form.endswith("公司") and rnd.random() < 0.2:  # a branch: numbered or by place
        prefecture = rnd.choice(list(PREFECTURES))
        place = rnd.choice((_short(prefecture), *(c.removesuffix("区") for c in PREFECTURES[prefecture][:3])))
        name += rnd.choice(
            (
                f"第{rnd.choice(NUMERALS)}分公司",
                f"{place}分公司",
                f"{_short(prefecture)}{rnd.choice(NUMERALS)}分公司",
            )
        )
    return Name(name, brand, trade, "法人及非法人组织", district)


def individual_business(rnd: random.Random) -> Name:
    """个体工商户: 汉川市马口镇聂红梅服装店（个体工商户）, 惠民卤菜店航空路店 …"""
    if rnd.random() < 0.5:
        brand = rnd.choice(OWNER_SURNAMES) + rnd.choice(OWNER_GIVEN)
    else:
        brand = rnd.choice(SHOP_WORDS)
    trade = rnd.choice(SHOP_TRADES)
    front, _, district = _region(rnd)
    roll = rnd.random()
    if roll < 0.55:
        tail = "（个体工商户）"
    elif roll < 0.7:
        tail = rnd.choice(STREETS) + "店"
    elif roll < 0.8:
        tail = rnd.choice(NUMERALS) + "分店"
    else:
        tail = ""
    return Name(f"{front}{brand}{trade}{tail}", brand, trade, "个体工商户", district)


def names(count: int, seed: int = 23) -> list[Name]:
    rnd = random.Random(seed)
    out: dict[str, Name] = {}
    while len(out) < count:
        n = individual_business(rnd) if rnd.random() < 0.3 else organisation(rnd)
        out.setdefault(n.name, n)
    return list(out.values())
