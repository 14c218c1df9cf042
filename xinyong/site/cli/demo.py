"""`xinyong demo`: generate the demo city, write its department files, import them for real."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from xinyong.records.demo.loader import has_subjects, load_demo
from xinyong.records.models.admin import ROLES
from xinyong.site.cli.demo_accounts import create_demo_accounts
from xinyong.site.cli.progress import Progress
from xinyong.web.database import database


@click.command("demo", help="Load a realistic demo city through the real importer.")
@click.option("--subjects", default=20000, show_default=True, type=click.IntRange(10, 2_000_000))
@click.option("--seed", default=1, show_default=True, type=int)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the department files (default: <instance>/demo-files).",
)
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has subjects.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@with_appcontext
def demo_command(subjects: int, seed: int, out_dir: Path | None, if_empty: bool, as_json: bool) -> None:
    settings = current_app.config["XINYONG"]
    factory = database().factory
    if if_empty and has_subjects(factory):
        click.echo("已有数据，跳过演示数据")
        return
    started = time.perf_counter()

    shown = Progress("导入演示数据", unit="个文件", enabled=not as_json)

    def wrapped(files):
        shown.total = len(files)
        for f in files:
            yield f
            shown.advance(1, f.path.name)

    totals = load_demo(
        factory,
        subjects=subjects,
        seed=seed,
        out_dir=out_dir or settings.instance_dir / "demo-files",
        id_hash_key=settings.id_hash_key_bytes,
        wrap=wrapped,
        on_failure=lambda f, message: click.echo(f"{f.path.name}：{message}", err=True),
    )
    summary = {**totals.as_dict(), "seconds": round(time.perf_counter() - started, 1)}
    shown.finish(f"演示数据导入完毕：{totals.files} 个文件，{totals.rows:,} 行", always=False)
    accounts = None
    if settings.env != "production":
        with factory() as session:
            accounts = create_demo_accounts(session, settings.instance_dir)
            session.commit()
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False))
        return
    click.echo(
        f"演示数据：{totals.files} 个文件，{totals.rows} 行，新增 {totals.accepted}，"
        f"拒收 {totals.rejected}（其中故意设置的错误行 {totals.planted_errors}），"
        f"用时 {summary['seconds']} 秒"
    )
    if accounts:
        click.echo("演示管理账号（登录 /admin/login；另存于 instance/demo-accounts.txt）：")
        for username, role, password in accounts:
            click.echo(f"  {username}（{ROLES[role]}） 密码 {password}")
