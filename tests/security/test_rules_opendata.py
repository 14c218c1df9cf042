"""Attack replayed: read a record that stopped being published (repaired, withdrawn) from an
earlier open-data version whose name the open-data page gives away."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.support.files import FIXTURES
from xinyong.records.clock import today_local
from xinyong.records.models import Penalty
from xinyong.records.publication.refresh import set_state


def test_an_earlier_version_named_on_the_page_cannot_be_downloaded(client, runner, session_factory):
    assert runner.invoke(args=["import", str(FIXTURES / "penalties-current.csv")]).exit_code == 0
    assert runner.invoke(args=["opendata", "build"]).exit_code == 0
    with session_factory() as s:
        penalty = s.scalar(select(Penalty).where(Penalty.subject_name == "武汉恒通商贸有限公司"))
        penalty.repaired_on = today_local()
        set_state(s, penalty, today_local(), "repaired")
        s.commit()
    assert runner.invoke(args=["opendata", "build", "--if-changed"]).exit_code == 0
    page = client.get("/open-data").get_data(as_text=True)
    current = re.search(r"数据版本 <strong>([^<]+)<", page).group(1)
    versions = set(re.findall(r"<td>(\d{8}\.\d+)</td>", page)) - {current}
    assert versions  # the earlier version is named on the page …
    for version in versions:  # … and none of its files is served, under any name
        for name in ("penalty.csv.gz", "penalty.jsonl.gz", "list_entry.csv.gz", "licence.csv.gz"):
            assert client.get(f"/open-data/{version}/{name}").status_code == 404
