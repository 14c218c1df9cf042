"""Journalists' full-text search over penalty facts (违法事实), in the database's own engine."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.support.files import FIXTURES
from xinyong.search_index.errors import QueryEmpty
from xinyong.search_index.indexer import rebuild, update
from xinyong.search_index.service import SearchService
from xinyong.search_index.store import IndexStore

FACTS = {
    "武汉恒通商贸有限公司": "2026年10月8日，该公司废水超标排放，化学需氧量超过标准限值。",
    "武汉金桥餐饮管理有限公司": "收费超标，且排放油烟未经处理。",
    "武汉楚天建筑工程有限公司": "施工现场扬尘，负责人王五（身份证号420102198001011231）在场。",
    "武汉华信环保科技有限公司": "<script>alert(1)</script>未按规定公示食品经营许可证",
}


def penalties_with_facts(tmp_path: Path, facts: dict[str, str]) -> Path:
    with (FIXTURES / "penalties-current.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    column = rows[0].index("违法事实")
    for row in rows[1:]:
        row[column] = facts.get(row[0], row[column])
    path = tmp_path / "penalties-with-facts.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


@pytest.fixture
def facts_indexed(do_import, session_factory, settings, tmp_path):
    do_import(penalties_with_facts(tmp_path, FACTS))
    store = IndexStore(settings.index_dir)
    rebuild(session_factory, store)
    service = SearchService(store)
    yield service, store
    service.close()


def found(service, session_factory, q, **kw):
    with session_factory() as s:
        outcome = service.search_records(s, q, scope="facts", **kw)
        from xinyong.records.display.summaries import record_summaries

        return outcome, [r.subject_name for r in record_summaries(s, outcome.record_ids)]


def test_a_phrase_matches_as_a_substring_and_parts_match_anywhere(facts_indexed, session_factory):
    service, _ = facts_indexed
    outcome, names = found(service, session_factory, "超标排放")
    assert names == ["武汉恒通商贸有限公司"]
    assert outcome.facets["type"] == [("penalty", 1)]
    _, names = found(service, session_factory, "超标 排放")
    assert sorted(names) == ["武汉恒通商贸有限公司", "武汉金桥餐饮管理有限公司"]
    _, names = found(service, session_factory, "扬尘 场")  # a lone character: prefix of a bigram
    assert names == ["武汉楚天建筑工程有限公司"]
    _, names = found(service, session_factory, "超標排放")  # traditional folds to simplified
    assert names == ["武汉恒通商贸有限公司"]


def test_filters_and_facets_are_sql(facts_indexed, session_factory):
    service, _ = facts_indexed
    outcome, _ = found(service, session_factory, "超标")
    assert outcome.total == 2
    assert dict(outcome.facets["year"]) == {"2026": 2}
    outcome, names = found(service, session_factory, "超标", filters={"year": "2025"})
    assert (outcome.total, names) == (0, [])
    outcome, _ = found(service, session_factory, "超标", filters={"type": "licence"})
    assert outcome.total == 0


def test_changed_facts_are_searchable_after_the_update(facts_indexed, do_import, session_factory, tmp_path):
    service, store = facts_indexed
    changed = dict(FACTS, **{"武汉恒通商贸有限公司": "擅自改变经营场所。"})
    do_import(penalties_with_facts(tmp_path, changed))
    update(session_factory, store)
    assert found(service, session_factory, "经营场所")[1] == ["武汉恒通商贸有限公司"]
    assert found(service, session_factory, "超标排放")[1] == []


def test_id_numbers_in_facts_are_masked_before_they_reach_the_fulltext_table(
    facts_indexed, session_factory, engine
):
    service, _ = facts_indexed
    assert found(service, session_factory, "420102198001011231")[1] == []
    with engine.connect() as conn:
        table = "penalty_facts_fts" if engine.dialect.name == "sqlite" else "penalty_facts_terms"
        dump = " ".join(str(row) for row in conn.execute(text(f"SELECT * FROM {table}")))
    assert "420102" in dump.replace(" ", "") and "19800101" not in dump.replace(" ", "")


def test_empty_or_one_character_input_is_a_clear_error(facts_indexed, session_factory):
    service, _ = facts_indexed
    with pytest.raises(QueryEmpty, match="违法事实"):
        found(service, session_factory, "")
    with pytest.raises(QueryEmpty, match="至少输入两个字"):
        found(service, session_factory, "扬")


def test_facts_page_and_api(client, runner, tmp_path):
    path = penalties_with_facts(tmp_path, FACTS)
    assert runner.invoke(args=["import", str(path)]).exit_code == 0
    assert runner.invoke(args=["index", "rebuild"]).exit_code == 0
    html = client.get("/search", query_string={"q": "公示", "tab": "records", "scope": "facts"}).get_data(
        as_text=True
    )
    assert "违法事实全文" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;未按规定<mark>公示</mark>" in html
    assert "<script>alert" not in html
    reply = client.get("/api/v1/records", query_string={"q": "超标排放", "scope": "facts"})
    assert reply.status_code == 200
    body = reply.get_json()
    assert body["total"] == 1 and body["results"][0]["subject_name"] == "武汉恒通商贸有限公司"
    bad = client.get("/api/v1/records", query_string={"q": "超标", "scope": "everything"})
    assert bad.status_code == 400 and bad.get_json()["error"]["code"]
    assert (
        client.get("/search", query_string={"q": "x", "tab": "records", "scope": "nope"}).status_code == 400
    )
