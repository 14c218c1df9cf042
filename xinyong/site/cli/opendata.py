"""`xinyong opendata build`: the bulk open-data files for the current data version."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from xinyong.records.clock import today_local
from xinyong.records.opendata.build import DATASETS, FORMATS, build
from xinyong.site.cli.progress import Progress
from xinyong.web.database import database


@click.group("opendata", help="Bulk open-data files (CSV and JSON Lines).")
def opendata_group() -> None:
    pass


@opendata_group.command("build", help="Write every published dataset for the current data version.")
@click.option("--if-changed", is_flag=True, help="Do nothing when the data version is unchanged.")
@with_appcontext
def build_command(if_changed: bool) -> None:
    root = current_app.config["XINYONG"].opendata_dir
    files = len(DATASETS) * len(FORMATS)
    shown = Progress("生成开放数据", total=files, unit="个文件")
    manifest = build(
        database().factory,
        root,
        today_local(),
        if_changed=if_changed,
        progress=lambda name, rows: shown.advance(1, f"{name} {rows:,} 条"),
    )
    if manifest is None:
        click.echo("开放数据已是最新版本，无需重新生成")
        return
    rows = sum(f["rows"] for f in manifest.files if f["format"] == "csv")
    shown.finish(
        f"开放数据生成完毕：{files} 个文件，{rows:,} 条记录，"
        f"{sum(f['bytes'] for f in manifest.files) / 1048576:.1f} MB"
    )
    click.echo(f"开放数据已生成：版本 {manifest.version}，共 {rows:,} 条")
