"""The `xinyong` command line: a Flask CLI group, so `flask --app wsgi …` works too."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, FlaskGroup, run_command, with_appcontext
from sqlalchemy import select

from xinyong.records import migrate
from xinyong.records.clock import to_local
from xinyong.records.ingest.error_report import error_report_csv, error_report_xlsx
from xinyong.records.ingest.importer import ImportFailed, ImportOptions, import_file
from xinyong.records.models import ImportBatch
from xinyong.site.bind_guard import guarded_run
from xinyong.site.cli.progress import Progress
from xinyong.web.database import database

PROGRESS_MIN_BYTES = 512 * 1024  # roughly a few thousand rows: below that a bar only flickers


def register_commands(app) -> None:
    app.cli.add_command(db_group)
    app.cli.add_command(import_command)
    app.cli.add_command(batch_group)
    from xinyong.site.cli.demo import demo_command
    from xinyong.site.cli.index import index_group

    app.cli.add_command(demo_command)
    app.cli.add_command(index_group)
    from xinyong.site.cli.maintain import maintain_command
    from xinyong.site.cli.opendata import opendata_group

    app.cli.add_command(opendata_group)
    app.cli.add_command(maintain_command)
    from xinyong.site.cli.widget_keys import widget_key_group

    app.cli.add_command(widget_key_group)
    from xinyong.site.cli.push import push_group

    app.cli.add_command(push_group)
    from xinyong.site.cli.publish import publish_group

    app.cli.add_command(publish_group)
    from xinyong.site.cli.operators import operator_group

    app.cli.add_command(operator_group)


def _create_app(*_args):
    from xinyong.site import create_app
    from xinyong.site.startup import settings_or_exit

    return create_app(settings_or_exit())


cli = FlaskGroup(create_app=_create_app, help="信用 (xinyong) portal administration.")
# `run` checks its --host first: the development secret never serves beyond loopback.
cli.add_command(guarded_run(run_command), "run")


def main() -> None:
    from sqlalchemy.exc import OperationalError

    from xinyong.site.startup import INSTANCE_HINT, prepare

    settings = prepare()  # finds the project's instance from any folder; bad settings: one line
    try:
        cli(prog_name="xinyong")
    except OperationalError as exc:
        # No database where the settings point (not created yet, or the wrong folder): say where
        # it looked and how to point elsewhere, not a driver traceback. The URL may hold a password.
        sqlite = settings.database_url.startswith("sqlite")
        where = settings.instance_dir if sqlite else "XINYONG_DATABASE_URL"
        click.echo(
            f"无法打开数据库（{where}）：{str(exc.orig).splitlines()[0]}。先运行 xinyong db upgrade，"
            f"或{INSTANCE_HINT}",
            err=True,
        )
        sys.exit(2)


@click.group("db", cls=AppGroup, help="Create or migrate the database.")
def db_group() -> None:
    pass


@db_group.command("upgrade", help="Create the database or migrate it to the newest schema.")
def db_upgrade() -> None:
    settings = current_app.config["XINYONG"]
    if settings.database_url.startswith("sqlite:///"):
        Path(settings.database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    added = migrate.upgrade(database().engine)
    click.echo(
        f"数据库已是最新结构（{migrate.current_revision(database().engine)}），新增参考数据 {added} 条"
    )


@click.command("import", help="Import a department file (CSV, XLSX or JSON).")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--department",
    help="Import as this department: rows of other departments (数据来源单位 "
    "or 机关) are rejected, as in its web uploads (default: trusted, "
    "each row under its own 数据来源单位).",
)
@click.option(
    "--type",
    "record_type",
    type=click.Choice(["licence", "penalty", "list_entry", "commitment", "joint_case"]),
    help="Record type (default: detected from the headers).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option(
    "--errors",
    "errors_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the error report of rejected rows here (.csv or .xlsx).",
)
@click.option("--by", "submitted_by", default="cli", show_default=True, help="Who delivers it.")
@with_appcontext
def import_command(file, department, record_type, as_json, errors_out, submitted_by) -> None:
    settings = current_app.config["XINYONG"]
    show_bar = not as_json and file.exists() and file.stat().st_size > PROGRESS_MIN_BYTES
    with Progress("导入中", enabled=show_bar) as bar:
        options = ImportOptions(
            id_hash_key=settings.id_hash_key_bytes,
            submitted_by=submitted_by,
            department=department,
            record_type=record_type,
            max_bytes=settings.import_max_bytes,
            progress=bar.advance if show_bar else None,
        )
        try:
            summary = import_file(database().factory, file, options)
        except ImportFailed as exc:
            if as_json:
                click.echo(json.dumps({"batch": exc.batch_id, "error": exc.message}, ensure_ascii=False))
            else:
                click.echo(f"导入失败：{exc.message}", err=True)
            sys.exit(2)
        bar.finish(f"导入完毕：{summary.rows:,} 行，新增 {summary.accepted:,}，拒收 {summary.rejected:,}")
    if errors_out and summary.rejected:
        _write_report(summary.batch, errors_out)
    _update_index_quietly()
    if as_json:
        click.echo(json.dumps(summary.as_dict(), ensure_ascii=False))
        return
    click.echo(
        f"批次 {summary.batch}（{summary.record_type}/{summary.layout}）：共 {summary.rows} 行，"
        f"新增 {summary.accepted}，更新 {summary.updated}，未变 {summary.unchanged}，"
        f"拒收 {summary.rejected}"
    )
    if summary.ignored_columns:
        click.echo("未识别的列（已忽略）：" + "、".join(summary.ignored_columns))
    if summary.rejected:
        hint = errors_out or f"xinyong batch errors {summary.batch} -o 错误报告.csv"
        click.echo(f"拒收行的错误报告：{hint}")


@click.group("batch", cls=AppGroup, help="Inspect import batches.")
def batch_group() -> None:
    pass


@batch_group.command("list", help="The latest import batches.")
@click.option("--limit", default=20, show_default=True)
def batch_list(limit: int) -> None:
    with database().factory() as session:
        batches = session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit)).all()
        if not batches:
            click.echo("还没有导入批次。用 xinyong import 文件 导入。")
        for b in batches:
            started = to_local(b.started_at)
            click.echo(
                f"{b.id}\t{started:%Y-%m-%d %H:%M}\t{b.status}\t{b.record_type or '-'}\t"
                f"{b.filename}\t新增{b.accepted} 更新{b.updated} 未变{b.unchanged} "
                f"拒收{b.rejected}\t{b.message or ''}"
            )


@batch_group.command("errors", help="Write a batch's error report (original columns + 错误原因).")
@click.argument("batch_id", type=int)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def batch_errors(batch_id: int, output: Path) -> None:
    if not _write_report(batch_id, output):
        click.echo(f"没有编号为 {batch_id} 的批次", err=True)
        sys.exit(2)


def _write_report(batch_id: int, output: Path) -> bool:
    with database().factory() as session:
        batch = session.get(ImportBatch, batch_id)
        if batch is None:
            return False
        data = error_report_xlsx(batch) if output.suffix.lower() == ".xlsx" else error_report_csv(batch)
        output.write_bytes(data)
        click.echo(f"错误报告已写入 {output}（{len(batch.rejected_rows)} 行）")
        return True


def _update_index_quietly() -> None:
    """Make the import searchable now; the periodic updater catches up if this cannot run."""
    from whoosh.index import LockError

    from xinyong.search_index.indexer import update
    from xinyong.search_index.store import IndexMissing, IndexStore

    with contextlib.suppress(IndexMissing, LockError):
        update(database().factory, IndexStore(current_app.config["XINYONG"].index_dir))
