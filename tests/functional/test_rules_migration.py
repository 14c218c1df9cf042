"""Migration 0013 on a database that already has departments and list entries."""

from __future__ import annotations

import json

from alembic import command
from sqlalchemy import text

from xinyong.records.migrate import alembic_config, upgrade


def test_existing_departments_are_placed_and_list_entries_get_their_expiry(engine, runner, tmp_path):
    entry = [
        {
            "主体名称": "武汉安泰化工有限公司",
            "统一社会信用代码": "91420103MA4K0090X1",
            "名单类型": "安全生产失信",
            "列入日期": "2025-03-31",
            "列入原因": "发生较大生产安全事故",
            "认定机关": "武汉市应急管理局",
            "认定依据文号": "武应急失信〔2025〕1号",
        }
    ]
    path = tmp_path / "lists.json"
    path.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
    assert runner.invoke(args=["import", str(path)]).exit_code == 0
    config = alembic_config(str(engine.url.render_as_string(hide_password=False)))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0009")
    with engine.begin() as c:
        c.execute(text("DELETE FROM districts WHERE code IN ('WHJK', 'DHFJ')"))
        for i, name in enumerate(
            (
                "武汉市新洲区市场监督管理局",
                "武汉市汉南区市场监督管理局",
                "武汉市市场监督管理局",
                "某某县市场监督管理局",
            ),
            start=101,
        ):
            c.execute(
                text("INSERT INTO departments (id, name, created_at) VALUES (:i, :n, :t)"),
                {"i": i, "n": name, "t": "2026-01-01 00:00:00"},
            )
    upgrade(engine)
    with engine.connect() as c:
        placed = dict(c.execute(text("SELECT name, district_code FROM departments")).all())
        levels = dict(c.execute(text("SELECT name, level FROM departments")).all())
        expires = c.execute(text("SELECT expires_on FROM list_entries")).scalar()
    assert placed["武汉市新洲区市场监督管理局"] == "420117"
    assert placed["武汉市汉南区市场监督管理局"] == "WHJK"
    assert levels["武汉市市场监督管理局"] == "city" and levels["某某县市场监督管理局"] is None
    assert str(expires)[:10] == "2026-03-31"  # 安全生产失信: one year
