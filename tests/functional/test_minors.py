"""A minor's penalty (age at the decision, read from the ID number) is kept but never published."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.support.files import rewrite_csv
from xinyong.records.identifiers import make_resident_id
from xinyong.records.models import Penalty


def test_a_minors_penalty_reaches_no_surface(client, runner, tmp_path, session_factory):
    minor = make_resident_id("420104", date(2010, 5, 5), 12)  # 16 on the decision date
    adult = make_resident_id("420104", date(2008, 11, 11), 13)  # 18 the day before it
    path = rewrite_csv(
        "penalties-current.csv",
        tmp_path / "p.csv",
        {
            "李四": {"证件号码": minor},
            "江汉区老王热干面馆": {
                "行政相对人名称": "王五",
                "行政相对人类别": "自然人",
                "证件类型": "身份证",
                "证件号码": adult,
                "行政相对人代码_1(统一社会信用代码)": "",
                "行政相对人代码_2(工商注册号)": "",
            },
        },
    )
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 0 and "拒收 0" in result.output, result.output
    with session_factory() as s:
        withheld = dict(s.execute(select(Penalty.subject_name, Penalty.withheld_reason)).all())
    assert withheld["李四"] == "minor" and withheld["王五"] is None
    assert runner.invoke(args=["index", "rebuild"]).exit_code == 0
    searched = client.get("/search", query_string={"q": "李四", "tab": "records"}).get_data(as_text=True)
    assert "没有找到与“李四”相符的信用信息" in searched
    assert client.get("/api/v1/records", query_string={"q": "李四"}).get_json()["total"] == 0
    surfaces = [
        client.get("/disclosure/penalties"),
        client.get("/disclosure/penalties.csv"),
        client.get("/feeds/latest.atom"),
    ]
    for response in surfaces:
        text = response.get_data(as_text=True)
        assert "李四" not in text, response.request.path
    assert "王五" in client.get("/disclosure/penalties").get_data(as_text=True)
    with session_factory() as s:
        minor_id = s.scalar(select(Penalty.id).where(Penalty.subject_name == "李四"))
    assert client.get(f"/record/penalty/{minor_id}").status_code == 404
    out = tmp_path / "push"
    assert runner.invoke(args=["push", "export", "--out", str(out)]).exit_code == 0
    assert "李四" not in (out / "city-000001-penalty.csv").read_text(encoding="utf-8-sig")
