"""`xinyong index …`: rebuild, update, check and roll back the search index."""

from __future__ import annotations

import sys
import time

import click
from flask import current_app
from flask.cli import AppGroup
from whoosh.index import LockError

from xinyong.search_index.errors import index_fault
from xinyong.search_index.indexer import rebuild, update
from xinyong.search_index.integrity.consistency import DAMAGED, compare_index
from xinyong.search_index.store import IndexMissing, IndexStore
from xinyong.site.cli.progress import Progress
from xinyong.web.database import database

index_group = AppGroup("index", help="Build and maintain the search index.")


def _store() -> IndexStore:
    return IndexStore(current_app.config["XINYONG"].index_dir)


@index_group.command("rebuild", help="Build a new index from the database and switch to it.")
@click.option("--procs", default=1, show_default=True, help="Writer processes (Whoosh).")
@click.option("--if-missing", is_flag=True, help="Only when there is no usable index.")
def rebuild_command(procs: int, if_missing: bool) -> None:
    store = _store()
    if if_missing:
        try:
            store.current()
            click.echo("索引已存在，跳过重建")
            return
        except IndexMissing:
            pass
    started = time.perf_counter()
    counts: dict[str, int] = {}

    shown = Progress("重建索引", unit="项")

    def described() -> str:
        return (
            f"主体 {counts.get('subjects', 0):,}，信息 {counts.get('records', 0):,}"
            f"，违法事实全文 {counts.get('facts', 0):,}"
        )

    def progress(name: str, n: int) -> None:
        counts[name] = counts.get(name, 0) + n
        shown.advance(n, described())

    try:
        build = rebuild(database().factory, store, procs=procs, progress=progress)
    except OSError as exc:  # disk full, read-only: the partial build is gone, the current serves
        click.echo(
            f"索引重建失败（磁盘已满或不可写：{exc.strerror or exc}），未完成的文件已删除，"
            "当前索引继续使用；腾出空间后请再次运行 xinyong index rebuild",
            err=True,
        )
        sys.exit(4)
    shown.finish(f"索引重建完毕：{described()}")
    click.echo(f"索引已重建并启用：{build.id}（用时 {time.perf_counter() - started:.1f} 秒）")


@index_group.command("update", help="Apply database changes (the outbox) to the index.")
@click.option("--every", type=float, help="Keep running, updating every N seconds.")
def update_command(every: float | None) -> None:
    store = _store()
    while True:
        try:
            applied = update(database().factory, store)
            if applied or every is None:
                click.echo(f"已更新索引：{applied} 项变更")
        except IndexMissing as exc:
            click.echo(f"{exc}：请先运行 xinyong index rebuild", err=True)
            if every is None:
                sys.exit(2)
        except LockError:
            click.echo("索引正被其他进程写入，稍后重试", err=True)
            if every is None:
                sys.exit(3)
        except OSError as exc:  # disk full, read-only: the update is dropped, the build intact
            click.echo(
                f"索引写入失败（磁盘已满或不可写：{exc.strerror or exc}），"
                "未完成的变更将在下次更新时重新应用",
                err=True,
            )
            if every is None:
                sys.exit(4)
        if every is None:
            return
        time.sleep(every)


@index_group.command("check", help="Read every part of the index and compare it with the database.")
def check_command() -> None:
    """Exit 0: intact and in step; 1: behind or different (update or rebuild); 2: missing or
    damaged (rebuild or rollback)."""
    try:
        report = compare_index(database().factory, _store())
    except IndexMissing as exc:
        click.echo(f"{exc}：请运行 xinyong index rebuild", err=True)
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001 - reported in a sentence, never a traceback
        if not index_fault(exc):
            click.echo(f"索引检查未能完成（{type(exc).__name__}：数据库不可用？）", err=True)
            sys.exit(3)
        click.echo(f"索引无法读取（{type(exc).__name__}）：{DAMAGED}", err=True)
        sys.exit(2)
    for line in report.lines():
        click.echo(line)
    if report.damage:
        sys.exit(2)
    if not report.ok:
        sys.exit(1)


@index_group.command("rollback", help="Serve the previous build again.")
def rollback_command() -> None:
    build = _store().rollback()
    click.echo(f"已回退到上一版索引：{build.id}")
