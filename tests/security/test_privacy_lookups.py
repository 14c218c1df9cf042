"""Attack replay (issue 11 §5): lookups skipped publication state.

`/search?q=<文号>`, `/api/v1/search` and `/api/v1/records` found a minor's withheld penalty (with
the name), and expired, repaired and withdrawn penalties. Each is asked for again here, by its
document number and by name; none may be found, and a subject reached only through such a
record is not returned.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import update

from tests.support.files import rewrite_csv
from xinyong.records.identifiers import make_resident_id
from xinyong.records.models import Penalty

MINOR = make_resident_id("420104", date(2010, 5, 5), 12)  # 16 on the decision date
# name → (document number as delivered, how it left publication)
HIDDEN = {
    "武汉金桥餐饮管理有限公司": ("武市监处罚〔2026〕102号", "已到期"),
    "武汉楚天建筑工程有限公司": ("武市监处罚[2026]103号", "已修复"),
    "武汉华信环保科技有限公司": ("武市监处罚〔2026〕104号", "已撤销"),
}
SHOWN = ("武汉恒通商贸有限公司", "武市监处罚〔2026〕101号")


@pytest.fixture
def hidden(client, runner, tmp_path, session_factory):
    path = rewrite_csv("penalties-current.csv", tmp_path / "p.csv", {"李四": {"证件号码": MINOR}})
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 0 and "拒收 0" in result.output, result.output
    # Indexed while still published, then taken off without the index knowing (as between a
    # withdrawal and the next `index update`): what the index finds is checked again.
    assert runner.invoke(args=["index", "rebuild"]).exit_code == 0
    with session_factory() as s, s.begin():
        for name, (_, state) in HIDDEN.items():
            s.execute(update(Penalty).where(Penalty.subject_name == name).values(publication_state=state))
    return client


def _texts(client, q: str) -> dict[str, str]:
    answers = {
        "search subjects": client.get("/search", query_string={"q": q}),
        "search records": client.get("/search", query_string={"q": q, "tab": "records"}),
        "API search": client.get("/api/v1/search", query_string={"q": q}),
        "API records": client.get("/api/v1/records", query_string={"q": q}),
    }
    out = {}
    for surface, response in answers.items():
        assert response.status_code == 200, (surface, response.status_code)
        out[surface] = response.get_data(as_text=True)
    return out


def test_a_minors_withheld_penalty_is_not_found_by_its_document_number(hidden):
    for surface, text in _texts(hidden, "武市监处罚〔2026〕106号").items():
        assert "李四" not in text, surface
        assert "/record/penalty/" not in text, surface
    api = hidden.get("/api/v1/search", query_string={"q": "武市监处罚〔2026〕106号"}).get_json()
    assert (api["total"], api["results"]) == (0, [])
    records = hidden.get("/api/v1/records", query_string={"q": "武市监处罚〔2026〕106号"}).get_json()
    assert (records["total"], records["results"]) == (0, [])


def test_expired_repaired_and_withdrawn_penalties_are_not_found(hidden):
    for name, (doc_no, state) in HIDDEN.items():
        for q in (doc_no, doc_no.replace("〔", "(").replace("〕", ")"), name):
            texts = _texts(hidden, q)
            assert "/record/penalty/" not in texts["search records"], (q, state)
            records = hidden.get("/api/v1/records", query_string={"q": q}).get_json()
            assert not [r for r in records["results"] if r["type"] == "penalty"], (q, state)
        # The subject is reached only through the hidden record: not returned by its 文号.
        api = hidden.get("/api/v1/search", query_string={"q": doc_no}).get_json()
        assert api["total"] == 0 and api["results"] == [], state
        assert "没有找到与" in _texts(hidden, doc_no)["search subjects"], state


def test_published_penalties_are_still_found_by_document_number(hidden):
    name, doc_no = SHOWN
    api = hidden.get("/api/v1/search", query_string={"q": doc_no}).get_json()
    assert [r["name"] for r in api["results"]] == [name]
    records = hidden.get("/api/v1/records", query_string={"q": doc_no}).get_json()
    assert [r["document_no"] for r in records["results"]] == [doc_no]
    assert "/record/penalty/" in _texts(hidden, doc_no)["search records"]
