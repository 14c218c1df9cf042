"""Name analysis: folding, cores and keys, bigrams, pinyin, query classes."""

import pytest
from markupsafe import Markup
from pypinyin import lazy_pinyin

from xinyong.search_index.text.analysis import (
    bigrams,
    classify_query,
    deletions,
    fold,
    initials,
    is_generic,
    name_core,
    name_key,
    pinyin_syllables,
    pinyin_terms,
)
from xinyong.search_index.text.highlight import highlight


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("恆通商貿", "恒通商贸"),
        ("ＡＢＣ恆通", "abc恒通"),
        ("武汉　恒通 商贸（江汉）·有限公司！", "武汉恒通商贸江汉有限公司"),
        ("９１４２０１００", "91420100"),
        ("軟體", "软体"),  # character conversion only, no Taiwan → mainland vocabulary swap (软件)
    ],
)
def test_fold_unifies_width_case_script_and_drops_punctuation(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("name", "core"),
    [
        ("武汉恒通商贸有限公司", "恒通商贸"),
        ("武汉市恒通商贸有限公司", "恒通商贸"),
        ("江岸区恒通建筑工程有限公司", "恒通建筑工程"),
        ("湖北省武汉市江岸区恒通建筑工程有限公司", "恒通建筑工程"),
        ("武汉东湖新技术开发区恒通科技有限公司", "恒通科技"),
        ("东湖高新区恒通科技有限公司", "恒通科技"),
        ("武汉硚口恒通商贸有限公司", "恒通商贸"),
        ("湖北楚天建设集团股份有限公司", "楚天建设"),  # 集团 is a legal form (brand + trade)
        ("武汉恒通商贸有限公司江汉分公司", "恒通商贸"),
        ("中国建设银行股份有限公司武汉江汉支行", "建设银行"),  # 中国 is a region
        ("恒通商贸（武汉）有限公司", "恒通商贸"),
        ("武汉鑫隆合伙企业（有限合伙）", "鑫隆"),
        ("武汉鑫隆投资中心(有限合伙)", "鑫隆投资中心"),
        ("锦恒生鲜超市合伙企业（有限合伙）有限公司蔡甸分公司", "锦恒生鲜超市"),
        ("江夏区恒通蔬菜种植专业合作社", "恒通蔬菜种植"),
        ("武汉市恒通服装厂", "恒通服装"),
        ("江汉区老王热干面馆", "老王热干面馆"),
        ("洪山区黄氏干洗店", "黄氏干洗店"),  # 店 is part of the name
        ("武汉青山绿水环保科技有限公司", "青山绿水环保科技"),  # bare 青山 is also a brand word
        ("武汉市场开发有限公司", "市场开发"),  # 武汉 + 市场, not 武汉市 + 场
    ],
)
def test_name_core_strips_region_prefixes_and_legal_forms(name, core):
    assert name_core(name) == core


@pytest.mark.parametrize("name", ["武汉市", "有限公司", "江岸区"])
def test_name_core_is_never_empty(name):
    assert name_core(name) == fold(name)


def test_one_key_for_the_ways_a_name_is_written():
    keys = {
        name_key(n)
        for n in (
            "武汉恒通商贸有限公司",
            "武汉市恒通商贸有限公司",
            "恒通商贸有限公司",
            "恆通商貿有限公司",
            "武汉 恒通商贸 有限公司",
            "湖北武汉恒通商贸有限公司",
        )
    }
    assert keys == {"恒通商贸"}


def test_query_and_index_cores_agree_for_bracketed_legal_forms():
    name = "蔡甸区鼎宏供应链管理合伙企业（有限合伙）"
    assert name_core(name) == "鼎宏供应链管理"
    assert name_core(name.replace("（", "(").replace("）", ")")) == "鼎宏供应链管理"
    assert name_core(fold(name)) == "鼎宏供应链管理"


def test_bigrams_overlap_cjk_keep_ascii_runs_and_single_characters():
    assert bigrams("恒通") == ["恒通"]
    assert bigrams("恒通商贸") == ["恒通", "通商", "商贸"]
    assert bigrams("恒") == ["恒"]
    assert bigrams("ABC科技") == ["abc", "科技"]
    assert bigrams("３Ｄ打印a座") == ["3d", "打印", "a", "座"]
    assert bigrams("") == []


def test_pinyin_terms_are_syllable_bigrams_plus_the_whole():
    assert pinyin_terms("恒通商贸") == ["hengtong", "tongshang", "shangmao", "hengtongshangmao"]
    assert pinyin_terms("恒") == ["heng"]
    assert pinyin_terms("") == []


def test_homophone_typo_shares_the_pinyin_terms():
    typo, right = set(pinyin_terms("恒同商贸")), set(pinyin_terms("恒通商贸"))
    assert {"hengtong", "tongshang", "shangmao"} <= typo & right
    # a different (non-homophone) character still shares the bigrams away from it
    assert set(pinyin_terms("恒达商贸")) & right == {"shangmao"}


def test_pinyin_reads_words_in_context_like_lazy_pinyin():
    assert pinyin_syllables("中国建设银行重庆分行") == lazy_pinyin("中国建设银行重庆分行")
    assert pinyin_syllables("银行")[1] == "hang"
    assert pinyin_syllables("恆通") == ["heng", "tong"]  # folded first


def test_deletions_put_names_one_typo_apart_on_a_shared_key():
    assert deletions("恒通商贸") == ["通商贸", "恒商贸", "恒通贸", "恒通商"]
    assert deletions("恒通商") == []  # 2-character keys would be shared by thousands of names
    name = "华信环保科技"
    assert "华信环保技" in deletions(name)  # the query lacks 科
    assert name in deletions("华信环保达科技")  # the query has 达 too many
    assert set(deletions("华信环采科技")) & set(deletions(name))  # one character wrong


def test_initials():
    assert initials("恒通商贸") == "htsm"
    assert initials("abc科技") == "abckj"  # a Latin brand is typed whole
    assert initials("") == ""


@pytest.mark.parametrize(
    ("q", "kind"),
    [
        ("91420100551385082Q", "uscc"),
        ("91420100551385082q", "uscc"),
        ("９１４２０１００５５１３８５０８２Ｑ", "uscc"),
        (" 91420100 551385082Q ", "uscc"),
        ("55138508-2", "org_code"),
        ("551385082", "org_code"),
        ("MA4K0001-X", "org_code"),
        ("420103600123456", "reg_no"),
        ("武市监处罚〔2024〕123号", "document_number"),
        ("武市监处罚[2024]123号", "document_number"),
        ("鄂环罚【2023】第5号", "document_number"),
        ("武江工商处字（2019）12号", "document_number"),
        ("JY14201020012345", "document_number"),
        ("jy14201020012345", "document_number"),
        ("hengtong", "pinyin"),
        ("HTSM", "pinyin"),
        ("heng tong", "pinyin"),
        ("hengtongshangmaoab", "pinyin"),  # 18 letters: not a USCC
        ("hengtongx", "pinyin"),  # 9 characters but no digit: not an organisation code
        ("恒通", "name"),
        ("恒通 商贸", "name"),
        ("a", "name"),
        ("2024年", "name"),
        ("〔2024〕", "name"),
    ],
)
def test_query_classes(q, kind):
    assert classify_query(q) == kind


@pytest.mark.parametrize(
    "q", ["武汉 公司", "有限公司", "武汉市", "江岸区", "湖北省武汉市", "武汉集团有限公司"]
)
def test_generic_queries(q):
    assert is_generic(name_core(q))
    assert is_generic(name_core(fold(q)))


@pytest.mark.parametrize("q", ["恒通", "武汉恒通", "老王热干面馆", "青山"])
def test_distinctive_queries_are_not_generic(q):
    assert not is_generic(name_core(q))


def test_highlight_escapes_before_marking():
    marked = highlight("<b>恒通</b>商贸", ["恒通"])
    assert isinstance(marked, Markup)
    assert str(marked) == "&lt;b&gt;<mark>恒通</mark>&lt;/b&gt;商贸"
