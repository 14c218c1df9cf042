"""Credit profiles and record pages as a citizen or a journalist sees them."""

from __future__ import annotations

import re

import pytest

from tests.support.files import rewrite_csv

HENGTONG = "91420102MA4K00010N"
CHUTIAN = "91420117MA4K000376"


@pytest.fixture
def site(client, import_files, tmp_path):
    penalties = rewrite_csv(
        "penalties-current.csv",
        tmp_path / "penalties.csv",
        {
            # a penalty whose publication period is over: it must not be shown anywhere
            "武汉金桥餐饮管理有限公司": {"处罚决定日期": "2024-03-01", "处罚有效期": "2025-03-01"},
            "武汉华信环保科技有限公司": {"行政相对人名称": "武汉<script>alert(1)</script>环保科技有限公司"},
        },
    )
    import_files(penalties, "licences.xlsx", "list-entries.json", "commitments.csv", "joint-cases.csv")
    return client


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_profile_status_line_and_sections_in_national_order(site):
    page = site.get(f"/credit/{HENGTONG}")
    assert page.status_code == 200
    text = text_of(page.get_data(as_text=True))
    assert re.search(
        r"截至\d{4}年\d{1,2}月\d{1,2}日，该主体有1条有效行政处罚信息，"
        r"未被列入严重失信主体名单。",
        text,
    )
    assert "不等于该主体失信" in text
    headings = (
        "行政许可 （",
        "行政处罚 （",
        "守信激励 （",
        "失信惩戒（严重失信主体名单） （",
        "经营异常 （",
        "信用承诺 （",
        "联合奖惩案例 （",
    )
    order = [text.index(t) for t in headings]
    assert order == sorted(order)
    assert "A级纳税人" in text and "武市监处罚〔2026〕101号" in text
    assert "武汉市市场监督管理局，" in text and "归集" in text  # provenance


def test_black_listed_subject_says_so_by_list_name(site):
    text = text_of(site.get(f"/credit/{CHUTIAN}").get_data(as_text=True))
    assert "被列入严重失信主体名单（严重违法失信企业）" in text


def test_expired_records_are_not_published(site):
    text = text_of(site.get("/credit/91420106MA4K00029D").get_data(as_text=True))
    assert "该主体没有有效的行政处罚信息" in text
    assert "未被列入经营异常名录" in text  # removed from the list on 2026-02-01


def test_codes_are_canonical_and_unknown_ones_are_a_chinese_404(site):
    moved = site.get(f"/credit/{HENGTONG.lower()}")
    assert moved.status_code == 301 and moved.headers["Location"].endswith(f"/credit/{HENGTONG}")
    missing = site.get("/credit/91420100MA4K99999X")  # fails its check character: says so
    assert missing.status_code == 404 and "统一社会信用代码有误" in missing.get_data(as_text=True)
    unknown = site.get("/credit/91420100MA4K99997H")  # a valid code nobody here has
    assert unknown.status_code == 404 and "页面不存在" in unknown.get_data(as_text=True)
    assert site.get("/credit/not-a-code").status_code == 404


def test_a_natural_person_has_no_profile(site, session_factory):
    from sqlalchemy import select

    from xinyong.records.models import Subject

    with session_factory() as s:
        person = s.scalar(select(Subject.id).where(Subject.kind == "自然人"))
    assert person is not None
    assert site.get(f"/credit/id/{person}").status_code == 404


def test_record_page_shows_national_labels_and_hides_unpublished_fields(site, session_factory):
    from sqlalchemy import select

    from xinyong.records.models import Penalty

    with session_factory() as s:
        hengtong = s.scalar(select(Penalty.id).where(Penalty.uscc == HENGTONG))
        expired = s.scalar(select(Penalty.id).where(Penalty.uscc == "91420106MA4K00029D"))
        person = s.scalar(select(Penalty.id).where(Penalty.subject_kind == "自然人"))
    text = text_of(site.get(f"/record/penalty/{hengtong}").get_data(as_text=True))
    for label in (
        "行政相对人名称",
        "行政处罚决定书文号",
        "违法事实",
        "处罚类别",
        "罚款金额(万元)",
        "处罚决定日期",
        "数据来源单位统一社会信用代码",
    ):
        assert label in text
    assert "法定代表人证件号码" not in text
    assert "警告、罚款" in text
    assert site.get(f"/record/penalty/{expired}").status_code == 404
    person_page = site.get(f"/record/penalty/{person}").get_data(as_text=True)
    assert re.search(r"\d{6}\*{8}\d{3}[\dX]", person_page)  # the masked form only
    assert not re.search(r"\d{17}[\dX]", person_page)


def test_hostile_names_show_as_text(site):
    from_search = site.get("/credit/91420111MA4K00045A").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in from_search
    assert "<script>alert(1)" not in from_search


def test_subjects_without_a_uscc_have_a_profile_by_id(site, session_factory):
    from sqlalchemy import select

    from xinyong.records.models import Subject

    with session_factory() as s:
        stall = s.scalar(select(Subject.id).where(Subject.name == "江汉区老王热干面馆"))
        hengtong = s.scalar(select(Subject.id).where(Subject.uscc == HENGTONG))
    page = site.get(f"/credit/id/{stall}")
    assert page.status_code == 200
    text = text_of(page.get_data(as_text=True))
    assert "江汉区老王热干面馆" in text and "经营者" in text and "420103600123456" in text
    moved = site.get(f"/credit/id/{hengtong}")
    assert moved.status_code == 301 and moved.headers["Location"].endswith(f"/credit/{HENGTONG}")
