"""Vocabularies of Chinese organisation names: regions, legal forms, branches and trades.

Data only (plus the ordered tuples built from it); `analysis.py` decides how they are used.
Regions: every prefecture-level division of 湖北省 and its counties, county-level cities and
districts (2023 divisions), the provinces, the major cities of China and 中国. A county or
district is stripped only with its suffix (县, 市, 区): bare 青山, 汉阳 or 大悟 are also brand
words; a prefecture, province or major city also bare (宜昌恒通…, 湖南恒通…), since nobody
registers a brand that is a prefecture's name without a region in front.
"""

from __future__ import annotations

# 湖北省: prefecture-level division → its county-level divisions (with their suffixes).
HUBEI: dict[str, tuple[str, ...]] = {
    "武汉市": ("江岸区", "江汉区", "硚口区", "汉阳区", "武昌区", "青山区", "洪山区", "东西湖区",
             "汉南区", "蔡甸区", "江夏区", "黄陂区", "新洲区"),
    "黄石市": ("黄石港区", "西塞山区", "下陆区", "铁山区", "阳新县", "大冶市"),
    "十堰市": ("茅箭区", "张湾区", "郧阳区", "郧西县", "竹山县", "竹溪县", "房县", "丹江口市"),
    "宜昌市": ("西陵区", "伍家岗区", "点军区", "猇亭区", "夷陵区", "远安县", "兴山县", "秭归县",
             "长阳土家族自治县", "五峰土家族自治县", "宜都市", "当阳市", "枝江市"),
    "襄阳市": ("襄城区", "樊城区", "襄州区", "南漳县", "谷城县", "保康县", "老河口市", "枣阳市",
             "宜城市"),
    "鄂州市": ("梁子湖区", "华容区", "鄂城区"),
    "荆门市": ("东宝区", "掇刀区", "沙洋县", "钟祥市", "京山市"),
    "孝感市": ("孝南区", "孝昌县", "大悟县", "云梦县", "应城市", "安陆市", "汉川市"),
    "荆州市": ("沙市区", "荆州区", "公安县", "监利市", "江陵县", "石首市", "洪湖市", "松滋市"),
    "黄冈市": ("黄州区", "团风县", "红安县", "罗田县", "英山县", "浠水县", "蕲春县", "黄梅县",
             "麻城市", "武穴市"),
    "咸宁市": ("咸安区", "嘉鱼县", "通城县", "崇阳县", "通山县", "赤壁市"),
    "随州市": ("曾都区", "随县", "广水市"),
    "恩施土家族苗族自治州": ("恩施市", "利川市", "建始县", "巴东县", "宣恩县", "咸丰县", "来凤县",
                    "鹤峰县"),
    "仙桃市": (),
    "潜江市": (),
    "天门市": (),
    "神农架林区": (),
}
# Other names a prefecture goes by in company names.
PREFECTURE_ALIASES = ("恩施州", "恩施", "神农架", "襄樊")
# Development zones written in front of Wuhan names.
ZONES = ("东湖新技术开发区", "东湖新技术产业开发区", "东湖高新技术开发区", "东湖高新区", "东湖高新",
         "经济技术开发区", "武汉经济技术开发区", "经开区", "临空港经济技术开发区", "长江新区",
         "长江新城")
# Wuhan districts whose bare name is never a brand word (measured on the demo city's names).
SAFE_BARE_DISTRICTS = ("硚口", "东西湖", "蔡甸", "黄陂", "新洲")

PROVINCES = ("北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏",
             "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南",
             "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏",
             "宁夏", "新疆", "香港", "澳门")
PROVINCE_SUFFIXES = ("省", "市", "自治区", "壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区")
MAJOR_CITIES = ("广州", "深圳", "杭州", "南京", "成都", "西安", "长沙", "郑州", "合肥", "南昌",
                "济南", "青岛", "苏州", "厦门", "福州", "沈阳", "大连", "哈尔滨", "长春", "昆明",
                "贵阳", "南宁", "太原", "石家庄", "兰州", "乌鲁木齐", "呼和浩特", "银川", "西宁",
                "拉萨", "海口", "宁波", "无锡", "东莞", "佛山", "珠海", "温州", "常州", "南通",
                "徐州", "烟台", "泉州", "岳阳", "九江", "信阳", "南阳", "常德", "株洲", "洛阳")
COUNTRY = ("中华人民共和国", "中国")


def _unsuffixed(name: str) -> str:
    for suffix in ("土家族苗族自治州", "土家族自治县", "林区", "市", "县", "区", "州"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _regions() -> tuple[str, ...]:
    names: set[str] = {*COUNTRY, *ZONES, *PREFECTURE_ALIASES, *SAFE_BARE_DISTRICTS}
    for prefecture, counties in HUBEI.items():
        names.update((prefecture, _unsuffixed(prefecture)))
        names.update(counties)
    for place in (*PROVINCES, *MAJOR_CITIES):
        names.add(place)
        names.update(place + s for s in PROVINCE_SUFFIXES)
    return tuple(sorted(names, key=len, reverse=True))  # longest first: 武汉市 before 武汉


# Every region written in front of a name, longest first.
REGION_PREFIXES = _regions()
# The county-level names (bare and suffixed) a branch may carry: 恒通商贸有限公司江岸分公司.
BRANCH_PLACES = tuple(sorted({p for cs in HUBEI.values() for c in cs for p in (c, _unsuffixed(c))}
                             | {_unsuffixed(p) for p in HUBEI}, key=len, reverse=True))
# County-level divisions (and the province's directly administered cities), after which a
# name may write its town: 汉川市马口镇…, 仙桃市彭场镇….
COUNTY_LEVEL = tuple({c for cs in HUBEI.values() for c in cs}
                     | {p for p, cs in HUBEI.items() if not cs} | {"仙桃", "潜江", "天门"})
# Regions in brackets anywhere in the name say where, not who: 恒通商贸（宜昌）有限公司.
BRACKETED_REGIONS = frozenset(REGION_PREFIXES) | frozenset(BRANCH_PLACES)

# Legal forms and registration suffixes, folded (brackets dropped), stripped from the end.
LEGAL_FORMS = tuple(sorted(
    {"有限责任公司", "股份有限公司", "有限公司", "合伙企业有限合伙", "合伙企业普通合伙", "有限合伙",
     "普通合伙", "合伙企业", "个人独资企业", "农民专业合作社", "专业合作社", "合作社", "分公司", "公司",
     "厂", "个体工商户", "集团有限公司", "集团股份有限公司", "控股集团", "集团", "经营部", "门市部",
     "营业部"},
    key=len, reverse=True))
# What a legal form is called on a result (the longest match decides).
GROUP_MARKS = ("集团",)
# A branch's own part after its parent's name: 第一分公司, 江岸分公司, 中山路店, 二分店.
BRANCH_ENDINGS = ("分公司", "分店", "分厂", "分行", "支行", "营业部", "分部", "分社", "门店")
STREET_MARKS = ("路", "街", "大道", "广场", "巷", "镇", "村")
NUMBERS = "第一二三四五六七八九十百0123456789"

# Trade words, folded. A name's trade is the longest run of these at the end of its core
# (恒通建筑工程 → 建筑 + 工程); what is in front is the brand. Single characters only where they
# end a shop name (店, 馆 …), and then only when the brand keeps two characters.
TRADES = frozenset((
    "商贸", "贸易", "商务", "咨询", "管理", "服务", "物业", "广告", "传媒", "文化", "汽车", "销售",
    "食品", "餐饮", "药房", "大药房", "医药", "连锁", "生鲜", "超市", "机械", "制造", "电梯",
    "工程", "计量", "检测", "锅炉", "安装", "电线", "电缆", "环保", "科技", "化工", "再生", "资源",
    "回收", "印染", "水泥", "制品", "建筑", "市政", "装饰", "建材", "劳务", "旅行社", "国际",
    "酒店", "景区", "电子", "商务", "网络", "供应链", "跨境", "电商", "招标", "代理", "造价",
    "项目", "融资", "担保", "信用", "小额", "贷款", "金融", "信息", "中介", "借贷", "技术",
    "开发", "房地产", "置业", "投资", "实业", "发展", "物流", "运输", "货运", "仓储", "农业",
    "种植", "养殖", "蔬菜", "水果", "花卉", "苗木", "生态", "农产品", "专业", "建设", "设备",
    "五金", "家具", "家居", "装修", "设计", "教育", "培训", "健康", "医疗", "器械", "生物",
    "新能源", "能源", "电力", "照明", "通信", "软件", "数据", "智能", "自动化", "材料", "塑料",
    "包装", "印刷", "纸业", "服装", "服饰", "纺织", "鞋业", "皮具", "珠宝", "首饰", "眼镜",
    "日用品", "百货", "批发", "零售", "经营", "粮油", "副食", "烟酒", "茶叶", "茶业", "酒业",
    "饮品", "小吃", "热干面", "面馆", "火锅", "烧烤", "早点", "美容", "美发", "理发", "美甲",
    "干洗", "洗衣", "汽修", "汽配", "维修", "保洁", "家政", "保安", "人力资源", "会展", "摄影",
    "印务", "办公", "文具", "体育", "健身", "娱乐", "影视", "传播", "策划", "营销", "电器",
    "家电", "数码", "手机", "电脑", "宾馆", "旅馆", "民宿", "客栈", "药店", "诊所", "门诊",
    "口腔", "药业", "制药", "钢材", "钢结构", "金属", "铝业", "玻璃", "陶瓷", "石材", "木业",
    "混凝土", "砂石", "土石方", "园林", "绿化", "景观", "消防", "防水", "水电", "暖通", "空调",
    "楼宇", "门窗", "幕墙", "交通", "设施", "加工", "生产", "冷链", "水产", "肉类", "禽业",
    "蛋品", "乳业", "米业", "面业", "调味品", "农资", "化肥", "种业", "渔业", "畜牧", "兽药",
    "宠物", "银行", "商行", "中心", "母婴", "孕婴", "玩具", "礼品", "工艺品", "艺术", "乐器",
    "书店", "图书", "出版", "租赁", "配送", "收购", "粮食", "用品", "机电", "光电", "新材料",
    "测绘", "安防", "快递", "环境", "图文", "渔具", "酒类", "中药材", "农场", "家庭农场", "车业",
    "修理", "早餐", "土菜", "菜馆", "便民", "便利", "日用", "油茶", "茶叶", "家纺", "床上用品", "灯饰",
    "卫浴", "瓷砖", "涂料", "油漆", "化妆品", "日化", "清洁", "环卫", "水务", "燃气", "石油",
    "石化", "加油站", "矿业", "采矿", "爆破", "隧道", "桥梁", "路桥", "公路", "铁路", "港口",
    "航运", "船舶", "航空", "货代", "报关", "进出口", "外贸", "电商", "直播", "游戏", "动漫",
    "文创", "旅游", "票务", "餐饮服务", "食堂", "配餐", "外卖", "烘焙", "糕点", "饮料", "酿酒",
    "白酒", "啤酒", "矿泉水", "纯净水", "养老", "护理", "康复", "月子", "托育", "幼儿", "职业",
    "技能", "驾驶", "驾校", "考试", "留学", "翻译", "法律", "会计", "财务", "税务", "审计",
    "评估", "拍卖", "典当", "保险", "证券", "基金", "资产", "私募", "创业", "孵化", "产业园",
    "租车", "停车", "充电", "洗车", "轮胎", "汽车用品", "摩托车", "电动车", "自行车", "农机",
    "机械设备", "仪器", "仪表", "模具", "五金机电", "电气", "线缆", "光伏", "储能", "电池",
))
# Shop endings: a trade of one character at the very end (老王热干面馆, 黄氏干洗店).
SHOP_ENDINGS = frozenset("店馆铺行部坊社所厂站院场城屋阁楼庄园")
