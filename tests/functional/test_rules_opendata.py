"""A record that stops being published leaves every downloadable open-data version at the next
build: only the current version is served; earlier ones are listed by counts and checksums."""

from __future__ import annotations

import gzip
import re

from sqlalchemy import select

from tests.support.files import FIXTURES
from xinyong.records.clock import today_local
from xinyong.records.models import Penalty
from xinyong.records.publication.refresh import set_state


def test_a_withdrawn_record_leaves_every_downloadable_version(client, runner, session_factory, settings):
    assert runner.invoke(args=["import", str(FIXTURES / "penalties-current.csv")]).exit_code == 0
    assert "开放数据已生成" in runner.invoke(args=["opendata", "build", "--if-changed"]).output
    first = (settings.opendata_dir / "CURRENT").read_text().strip()
    old_link = f"/open-data/{first}/penalty.csv.gz"
    response = client.get(old_link)
    with session_factory() as s:
        penalty = s.scalar(select(Penalty).where(Penalty.subject_name == "武汉恒通商贸有限公司"))
        assert penalty.decision_no in gzip.decompress(response.get_data()).decode("utf-8")
        response.close()
        penalty.withdrawn_on = today_local()  # the department withdrew it
        set_state(s, penalty, today_local(), "withdrawn")
        s.commit()
    assert "开放数据已生成" in runner.invoke(args=["opendata", "build", "--if-changed"]).output
    second = (settings.opendata_dir / "CURRENT").read_text().strip()
    assert second != first
    assert client.get(old_link).status_code == 404  # the earlier version is no longer served
    assert not list((settings.opendata_dir / first).glob("*.gz"))
    page = client.get("/open-data").get_data(as_text=True)
    links = set(re.findall(r'href="(/open-data/[^"]+\.gz)"', page))
    assert links and all(f"/{second}/" in link for link in links)
    assert "此前的数据版本" in page and first in page  # listed, with counts and checksums
    for link in links:
        response = client.get(link)
        assert penalty.decision_no not in gzip.decompress(response.get_data()).decode("utf-8")
        response.close()
