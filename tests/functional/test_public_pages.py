"""Rendered public pages reused per data version (xinyong/site/page_store.py): a page is
rendered again as soon as the data or the index it shows has changed, and never served from
the store to a request that carries cookies."""

from __future__ import annotations

import os
import time

import pytest
from sqlalchemy import update

from tests.support.apps import extra_app
from tests.support.files import FIXTURES, rewrite_csv
from xinyong.records.models import Subject
from xinyong.search_index.searchers import CHECK_EVERY as SEARCHERS_CHECK_EVERY
from xinyong.settings import SettingsError, load_settings
from xinyong.site.page_store import CHECK_EVERY, PageStore

HENGTONG, USCC = "武汉恒通商贸有限公司", "91420102MA4K00010N"
PERSON_ID = "420102199001011236"  # a valid resident ID number: never kept, even in memory


@pytest.fixture
def cached(runner, settings):
    for name in ("penalties-current.csv", "list-entries.json"):
        assert runner.invoke(args=["import", str(FIXTURES / name)]).exit_code == 0
    assert runner.invoke(args=["index", "rebuild"]).exit_code == 0
    with extra_app(settings.with_overrides(page_cache_seconds=60)) as app:
        yield app


def _rename_behind_the_outbox(session_factory, name: str) -> None:
    """A change that writes no outbox event: only the page store's time limit would show it."""
    with session_factory() as session:
        session.execute(update(Subject).where(Subject.uscc == USCC).values(name=name))
        session.commit()


def test_a_page_is_rendered_again_once_the_data_changes(cached, runner, session_factory, tmp_path):
    client = cached.test_client()
    assert HENGTONG in client.get(f"/credit/{USCC}").get_data(as_text=True)
    _rename_behind_the_outbox(session_factory, "武汉改名未发事件有限公司")
    assert HENGTONG in client.get(f"/credit/{USCC}").get_data(as_text=True)  # the kept page
    renamed = rewrite_csv(
        "penalties-current.csv",
        tmp_path / "renamed.csv",
        {HENGTONG: {"行政相对人名称": "武汉恒通新材料有限公司"}},
    )
    assert runner.invoke(args=["import", str(renamed)]).exit_code == 0
    time.sleep(CHECK_EVERY + 0.1)  # the newest outbox event is looked up once a second
    assert "武汉恒通新材料有限公司" in client.get(f"/credit/{USCC}").get_data(as_text=True)


def test_search_results_follow_the_index_not_only_the_database(cached, runner, tmp_path):
    client = cached.test_client()
    assert "武汉恒通新材料有限公司" not in client.get("/search?q=新材料").get_data(as_text=True)
    renamed = rewrite_csv(
        "penalties-current.csv",
        tmp_path / "renamed.csv",
        {HENGTONG: {"行政相对人名称": "武汉恒通新材料有限公司"}},
    )
    assert runner.invoke(args=["import", str(renamed)]).exit_code == 0
    time.sleep(CHECK_EVERY + 0.1)
    # The database has the new name, the index not yet: kept at this data version ...
    assert "武汉恒通新材料有限公司" not in client.get("/search?q=新材料").get_data(as_text=True)
    assert runner.invoke(args=["index", "update"]).exit_code == 0
    time.sleep(SEARCHERS_CHECK_EVERY + 0.1)  # until the searchers look at the index again
    # ... and rendered again once the searchers read the index's new generation.
    assert "武汉恒通<mark>新材料</mark>有限公司" in client.get("/search?q=新材料").get_data(as_text=True)


def test_requests_with_cookies_and_failed_pages_are_never_served_from_the_store(cached, session_factory):
    client = cached.test_client()
    client.get(f"/credit/{USCC}")
    _rename_behind_the_outbox(session_factory, "武汉改名未发事件有限公司")
    client.set_cookie("preference", "1")
    assert "武汉改名未发事件有限公司" in client.get(f"/credit/{USCC}").get_data(as_text=True)
    anonymous = cached.test_client()
    assert HENGTONG in anonymous.get(f"/credit/{USCC}").get_data(as_text=True)
    asked_with_id = anonymous.get(f"/search?q={PERSON_ID}")
    assert asked_with_id.status_code == 200 and PERSON_ID not in asked_with_id.get_data(as_text=True)
    missing = "91420102MA4K00012J"
    assert anonymous.get(f"/credit/{missing}").status_code == 404
    kept = [key[0] for key in cached.extensions["xinyong.public_pages"]._pages]
    assert kept and not any(missing in url or PERSON_ID in url for url in kept)


def test_kept_pages_headers_and_hooks_are_those_of_a_fresh_render(cached):
    client = cached.test_client()
    fresh, kept = client.get("/feeds/latest.atom"), client.get("/feeds/latest.atom")
    assert kept.get_data() == fresh.get_data()
    assert kept.content_type == fresh.content_type == "application/atom+xml; charset=utf-8"
    assert kept.headers["Content-Security-Policy"] == fresh.headers["Content-Security-Policy"]


def test_the_store_is_bounded_by_size_and_age():
    store = PageStore(max_bytes=1000)
    for n in range(10):
        store.put((n,), os.urandom(90), [])  # random bytes do not compress: ~100 bytes each
    store.get((5,), 60)  # recently used: kept
    store.put((10,), os.urandom(110), [])
    assert store.size <= 1000 and store.get((5,), 60) is not None and store.get((0,), 60) is None
    store.put(("big",), os.urandom(200), [])  # over an eighth of the store: not kept at all
    assert store.get(("big",), 60) is None
    assert store.get((10,), 0) is None  # older than the time limit


def test_a_bad_time_limit_is_refused():
    with pytest.raises(SettingsError, match="XINYONG_PAGE_CACHE_SECONDS"):
        load_settings({"XINYONG_ENV": "test", "XINYONG_PAGE_CACHE_SECONDS": "forever"})
    assert load_settings({"XINYONG_ENV": "development"}).page_cache_seconds == 60
    assert load_settings({"XINYONG_ENV": "test"}).page_cache_seconds == 0
