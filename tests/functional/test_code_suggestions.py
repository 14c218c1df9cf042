""" "Did you mean" for a mistyped code: /credit/<code>, search and the counter (which still
answers NOT_IDENTIFIED: the operator chooses, nothing is substituted)."""

from __future__ import annotations

import pytest

from tests.security.counter_support import check, create_keys, session_token
from tests.support.files import FIXTURES

CHUTIAN = "91420117MA4K000376"
SWAPPED = CHUTIAN[:16] + CHUTIAN[17] + CHUTIAN[16]  # …367: the last two typed the wrong way round
REPLACED = CHUTIAN[:5] + "2" + CHUTIAN[6:]  # 914202…: one wrong digit


@pytest.fixture
def site(client, runner):
    assert runner.invoke(args=["import", str(FIXTURES / "list-entries.json")]).exit_code == 0
    return client


def test_credit_page_offers_the_subject_one_slip_away(site):
    for typo in (SWAPPED, REPLACED, REPLACED.lower()):
        page = site.get(f"/credit/{typo}")
        assert page.status_code == 404
        html = page.get_data(as_text=True)
        assert "校验位不正确" in html and "您是不是要找" in html
        assert f'href="/credit/{CHUTIAN}"' in html and "武汉楚天建筑工程有限公司" in html
    html = site.get("/credit/91110108551385082A").get_data(as_text=True)  # nobody one slip away
    assert "本站没有与之相差一个字符的主体" in html
    assert "统一社会信用代码由18位" in site.get("/credit/abc").get_data(as_text=True)
    found = site.get("/api/v1/search", query_string={"q": SWAPPED}).get_json()
    assert CHUTIAN in found.get("did_you_mean", [])


def test_counter_keeps_not_identified_and_lists_suggestions(site, runner):
    assert runner.invoke(args=["index", "rebuild"]).exit_code == 0
    token = session_token(site, create_keys(runner).secret)
    answer = check(site, token, SWAPPED)
    assert answer.status_code == 201
    body = answer.get_json()
    assert body["state"] == "NOT_IDENTIFIED" and body["subject"] is None
    assert body["suggestions"] == [{"uscc": CHUTIAN, "name": "武汉楚天建筑工程有限公司"}]
    assert "suggestions" not in check(site, token, CHUTIAN).get_json()
    widget = site.post(
        "/widget/v1/check", data={"token": token, "query": SWAPPED, "approval_type": "gov_procurement"}
    )
    html = widget.get_data(as_text=True)
    assert widget.status_code == 200 and 'data-state="NOT_IDENTIFIED"' in html
    assert "代码可能输错了" in html and f'name="query" value="{CHUTIAN}"' in html  # the operator chooses
