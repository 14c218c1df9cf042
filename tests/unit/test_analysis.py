"""Name analysis: cores, keys, bigrams, pinyin, query classes."""

import pytest
from markupsafe import Markup

from xinyong.search_index.analysis import (
    bigrams,
    classify_query,
    fold,
    initials,
    is_generic,
    name_core,
    name_key,
    pinyin_terms,
)
from xinyong.search_index.highlight import highlight


@pytest.mark.parametrize(("name", "core"), [
    ("武汉恒通商贸有限公司", "恒通商贸"),
    ("武汉市恒通商贸有限公司", "恒通商贸"),
    ("江岸区恒通建筑工程有限公司", "恒通建筑工程"),
    ("湖北省武汉市江岸区恒通建筑工程有限公司", "恒通建筑工程"),
    ("湖北楚天建设集团股份有限公司", "楚天建设集团"),
    ("武汉恒通商贸有限公司江汉分公司", "恒通商贸"),
    ("武汉鑫隆合伙企业（有限合伙）", "鑫隆"),
    ("江汉区老王热干面馆", "老王热干面馆"),
    ("武汉市", "武汉市"),
])
def test_name_core_strips_region_and_legal_form(name, core):
    assert name_core(name) == core


def test_one_key_for_the_ways_a_name_is_written():
    keys = {name_key(n) for n in ("武汉恒通商贸有限公司", "武汉市恒通商贸有限公司", "恒通商贸有限公司",
                                  "恆通商貿有限公司", "武汉 恒通商贸 有限公司")}
    assert keys == {"恒通商贸"}


def test_query_and_index_cores_agree_for_bracketed_legal_forms():
    name = "蔡甸区鼎宏供应链管理合伙企业（有限合伙）"
    assert name_core(name) == "鼎宏供应链管理"
    assert name_core(name.replace("（", "(").replace("）", ")")) == "鼎宏供应链管理"


def test_fold_handles_width_case_and_traditional():
    assert fold("ＡＢＣ恆通") == "abc恒通"


def test_bigrams():
    assert bigrams("恒通") == ["恒通"]
    assert bigrams("恒通商贸") == ["恒通", "通商", "商贸"]
    assert bigrams("恒") == ["恒"]
    assert bigrams("ABC科技") == ["abc", "科技"]


def test_homophones_share_pinyin_terms_and_initials():
    assert pinyin_terms("恒通商贸") == ["hengtong", "tongshang", "shangmao", "hengtongshangmao"]
    assert set(pinyin_terms("恒同商贸")) == set(pinyin_terms("恒通商贸"))
    assert initials("恒通商贸") == "htsm"


@pytest.mark.parametrize(("q", "kind"), [
    ("91110108551385082Q", "uscc"), ("91110108551385082q", "uscc"),
    ("55138508-2", "org_code"), ("420103600123456", "reg_no"),
    ("武市监处罚〔2024〕123号", "document_number"), ("武市监处罚[2024]123号", "document_number"),
    ("JY14201020012345", "document_number"), ("hengtong", "pinyin"), ("HTSM", "pinyin"),
    ("恒通", "name"), ("恒通 商贸", "name"),
])
def test_query_classes(q, kind):
    assert classify_query(q) == kind


@pytest.mark.parametrize("q", ["武汉 公司", "有限公司", "武汉市", "江岸区"])
def test_generic_queries(q):
    assert is_generic(name_core(fold(q)))


def test_highlight_escapes_before_marking():
    marked = highlight("<b>恒通</b>商贸", ["恒通"])
    assert isinstance(marked, Markup)
    assert str(marked) == "&lt;b&gt;<mark>恒通</mark>&lt;/b&gt;商贸"
