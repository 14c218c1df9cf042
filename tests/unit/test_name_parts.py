"""Chinese company names taken apart: region, brand, trade, legal form, branch — one case each."""

import pytest

from xinyong.search_index.documents import subject_document
from xinyong.search_index.text.analysis import initials, is_generic, name_core, name_parts, only_regions
from xinyong.search_index.text.name_parts import HUBEI, REGION_PREFIXES
from xinyong.search_index.text.typos import by_brand, one_edit_apart, swapped


@pytest.mark.parametrize(
    ("name", "region", "brand", "trade", "form", "branch"),
    [
        # Regions of every kind, in front
        ("宜昌市恒通商贸有限公司", "宜昌市", "恒通", "商贸", "有限公司", ""),
        ("十堰恒通商贸有限公司", "十堰", "恒通", "商贸", "有限公司", ""),
        ("湖北恒通商贸有限公司", "湖北", "恒通", "商贸", "有限公司", ""),
        ("湖北省荆州市沙市区恒通商贸有限公司", "湖北省荆州市沙市区", "恒通", "商贸", "有限公司", ""),
        ("恩施土家族苗族自治州恒通商贸有限公司", "恩施土家族苗族自治州", "恒通", "商贸", "有限公司", ""),
        ("长阳土家族自治县恒通茶叶有限公司", "长阳土家族自治县", "恒通", "茶叶", "有限公司", ""),
        ("神农架林区恒通旅游有限公司", "神农架林区", "恒通", "旅游", "有限公司", ""),
        ("湖南省恒通商贸有限公司", "湖南省", "恒通", "商贸", "有限公司", ""),
        ("深圳市恒通电子科技有限公司", "深圳市", "恒通", "电子科技", "有限公司", ""),
        ("中国恒通商贸有限公司", "中国", "恒通", "商贸", "有限公司", ""),
        # … or in brackets
        ("恒通商贸（宜昌）有限公司", "宜昌", "恒通", "商贸", "有限公司", ""),
        ("恒通商贸(中国)有限公司", "中国", "恒通", "商贸", "有限公司", ""),
        ("恒通商贸（湖北）有限公司", "湖北", "恒通", "商贸", "有限公司", ""),
        # Legal forms and suffixes
        ("武汉恒通商贸有限责任公司", "武汉", "恒通", "商贸", "有限责任公司", ""),
        ("武汉恒通商贸股份有限公司", "武汉", "恒通", "商贸", "股份有限公司", ""),
        ("荆州恒通商贸集团有限公司", "荆州", "恒通", "商贸", "集团有限公司", ""),
        ("恒通商贸（集团）有限公司", "", "恒通", "商贸", "有限公司", ""),
        ("湖北楚天建设集团股份有限公司", "湖北", "楚天", "建设", "集团股份有限公司", ""),
        ("武汉市江岸区老王热干面馆（个体工商户）", "武汉市江岸区", "老王", "热干面馆", "个体工商户", ""),
        ("老王五金店(个体工商户)", "", "老王", "五金店", "个体工商户", ""),
        ("武汉鼎宏投资合伙企业（有限合伙）", "武汉", "鼎宏", "投资", "合伙企业有限合伙", ""),
        ("江夏区恒通蔬菜种植农民专业合作社", "江夏区", "恒通", "蔬菜种植", "农民专业合作社", ""),
        ("恒通养殖专业合作社", "", "恒通", "养殖", "专业合作社", ""),
        ("武汉市恒通服装厂", "武汉市", "恒通", "服装", "厂", ""),
        ("洪山区黄氏干洗店", "洪山区", "黄氏", "干洗店", "", ""),
        ("恒通五金经营部", "", "恒通", "五金", "经营部", ""),
        ("恒通建材门市部", "", "恒通", "建材", "门市部", ""),
        # Branches: numbered, by district, by street
        ("武汉恒通商贸有限公司第一分公司", "武汉", "恒通", "商贸", "有限公司", "第一分公司"),
        ("武汉恒通商贸有限公司江岸分公司", "武汉", "恒通", "商贸", "有限公司", "江岸分公司"),
        ("宜昌市恒通商贸集团有限公司夷陵分公司", "宜昌市", "恒通", "商贸", "集团有限公司", "夷陵分公司"),
        ("恒通大药房第二分店", "", "恒通", "大药房", "", "第二分店"),
        ("恒通超市中山路店", "", "恒通", "超市", "", "中山路店"),
        ("恒通超市（解放大道店）", "", "恒通", "超市", "", "解放大道店"),
        ("中国建设银行股份有限公司武汉江汉支行", "中国", "建设", "银行", "股份有限公司", "武汉江汉支行"),
        # Brands and trades of several words; the brand keeps two characters
        ("武汉恒通建筑工程有限公司", "武汉", "恒通", "建筑工程", "有限公司", ""),
        ("新世纪国际旅行社有限公司", "", "新世纪", "国际旅行社", "有限公司", ""),
        ("武汉科技有限公司", "武汉", "科技", "", "有限公司", ""),
        ("武汉市场开发有限公司", "武汉", "市场", "开发", "有限公司", ""),  # not 武汉市 + 场
        # Towns and street offices after a county-level division say where, not who
        ("汉川市马口镇恒通商贸有限公司", "汉川市马口镇", "恒通", "商贸", "有限公司", ""),
        (
            "湖北省鄂州市梁子湖区三里岗镇恒通商贸有限公司",
            "湖北省鄂州市梁子湖区三里岗镇",
            "恒通",
            "商贸",
            "有限公司",
            "",
        ),
        (
            "武汉市青山区金沙街道恒通超市（个体工商户）",
            "武汉市青山区金沙街道",
            "恒通",
            "超市",
            "个体工商户",
            "",
        ),
        ("仙桃市彭场镇恒通服装厂", "仙桃市彭场镇", "恒通", "服装", "厂", ""),
        ("江夏区小镇恒通商贸有限公司", "江夏区", "小镇恒通", "商贸", "有限公司", ""),  # 小镇: a brand word
        ("江陵县鱼米乡香菇有限公司", "江陵县", "鱼米乡香菇", "", "有限公司", ""),  # 乡 ends brands too
        ("宜昌马口镇商贸有限公司", "宜昌", "马口镇", "商贸", "有限公司", ""),  # only after a county
    ],
)
def test_name_parts(name, region, brand, trade, form, branch):
    parts = name_parts(name)
    assert (parts.region, parts.brand, parts.trade, parts.form, parts.branch) == (
        region,
        brand,
        trade,
        form,
        branch,
    )
    assert name_core(name) == brand + trade


def test_every_hubei_prefecture_and_county_is_a_region():
    assert len(HUBEI) == 17
    # 103 county-level divisions (2023): 99 under prefectures, plus 仙桃, 潜江, 天门, 神农架林区
    assert sum(len(c) for c in HUBEI.values()) == 99
    for prefecture, counties in HUBEI.items():
        for place in (prefecture, *counties):
            assert place in REGION_PREFIXES
            assert name_core(place + "恒通商贸有限公司") == "恒通商贸", place


@pytest.mark.parametrize(
    ("name", "core"),
    [
        ("汉阳造文化创意有限公司", "汉阳造文化创意"),  # bare district names are brand words
        ("青山绿水环保科技有限公司", "青山绿水环保科技"),
        ("大冶恒通有限公司", "大冶恒通"),  # a county only with its suffix
        ("十堰恒有限公司", "十堰恒"),  # a prefix never leaves less than two characters
    ],
)
def test_what_is_not_stripped(name, core):
    assert name_core(name) == core


def test_the_same_core_however_the_name_is_written():
    cores = {
        name_core(n)
        for n in (
            "恒通商贸有限公司",
            "宜昌市恒通商贸有限公司",
            "恒通商贸（宜昌）有限公司",
            "湖北恒通商贸集团有限公司",
            "恒通商贸（集团）有限公司",
            "十堰恒通商贸有限公司第一分公司",
            "恒通商贸（个体工商户）",
        )
    }
    assert cores == {"恒通商贸"}


def test_initials_of_the_first_characters_find_a_brand_whose_trade_is_unknown():
    # 轴承制造 is not in the analyser's trade list: the brand is read as 金穗轴承, yet the
    # initials of the first two characters still find 金穗 (js).
    doc = subject_document(1, "法人及非法人组织", "湖北金穗轴承制造有限公司", [], None, None, set(), 0)
    assert doc["inip"].split() == ["js", "jsz", "jszc"]
    assert "jszczz" in doc["ini"].split()
    assert subject_document(2, "法人及非法人组织", "恒通有限公司", [], None, None, set(), 0)["inip"] == ""


def test_initials_of_brand_and_of_brand_and_trade():
    parts = name_parts("宜昌市恒通商贸集团有限公司")
    assert initials(parts.brand) == "ht" and initials(parts.core) == "htsm"


@pytest.mark.parametrize("q", ["武汉市江岸区", "江岸区", "宜昌 有限公司", "湖北省 集团", "中国"])
def test_regions_and_forms_alone_are_generic(q):
    assert is_generic(name_core(q))


def test_only_regions():
    assert only_regions("武汉市江岸区") == "武汉市江岸区"
    assert only_regions("江岸区") == "江岸区"
    assert only_regions("江岸区恒通") == ""


def test_adjacent_swaps_are_near_matches():
    assert swapped("恒商通贸", "恒通商贸") and not one_edit_apart("恒商通贸", "恒通商贸")
    assert not swapped("恒通商贸", "恒通商贸")
    assert not swapped("恒贸商通", "恒通商贸")  # not adjacent
    assert not swapped("恒通商", "恒通商贸")


def test_names_found_by_initials_are_grouped_by_brand_the_most_registered_first():
    found = {1: "新华书店", 2: "旭辉商贸", 3: "旭辉物流", 4: "星河科技", 5: "旭辉建材"}
    assert by_brand("xh", found) == [2, 3, 5, 1, 4]
    assert by_brand("xhs", {1: "新华书店", 2: "旭辉商贸"}) == [1, 2]  # ties keep the score order
