"""`xinyong maintain`: the daemon that keeps derived data current — the daily publication
refresh, index updates from the outbox, open-data builds, stale upload folders."""

from __future__ import annotations

import threading
import time

import click
from flask import current_app
from flask.cli import with_appcontext

from xinyong.records.clock import today_local
from xinyong.records.opendata.build import build
from xinyong.records.publication.refresh import clear_rules_change, refresh, rules_change_stamp
from xinyong.site.incoming import clean_incoming
from xinyong.web.database import database


@click.command("maintain", help="Keep derived data current: index updates, open-data files.")
@click.option("--every", type=float, default=30.0, show_default=True, help="Seconds between index updates.")
@click.option(
    "--opendata-every",
    type=float,
    default=600.0,
    show_default=True,
    help="Seconds between open-data rebuilds (each is skipped when the data is unchanged).",
)
@click.option("--once", is_flag=True, help="One round of each, then exit.")
@with_appcontext
def maintain_command(every: float, opendata_every: float, once: bool) -> None:
    """Index updates every `every` seconds; open data in its own thread, because a rebuild at
    city scale takes 4–5 minutes and must not hold up the 60-second search freshness."""
    from xinyong.search_index.indexer import update
    from xinyong.search_index.store import IndexMissing, IndexStore

    factory, root = database().factory, current_app.config["XINYONG"].opendata_dir
    store = IndexStore(current_app.config["XINYONG"].index_dir)
    if not once:
        threading.Thread(
            target=_opendata_loop, args=(factory, root, opendata_every), daemon=True, name="opendata"
        ).start()
    published_on, instance = None, current_app.config["XINYONG"].instance_dir
    while True:
        if removed := clean_incoming(instance):
            click.echo(f"已清理中断的上传：{removed} 个")
        published_on = _publish_round(factory, published_on, instance)
        try:
            applied = update(factory, store)
            if applied:
                click.echo(f"已更新索引：{applied} 项变更")
        except IndexMissing:
            click.echo("索引不存在：请先运行 xinyong index rebuild", err=True)
        except Exception as exc:  # noqa: BLE001 - a failed round is retried on the next one
            click.echo(f"索引更新失败，稍后重试：{exc}", err=True)
        if once:
            _opendata_round(factory, root)
            return
        time.sleep(every)


def _publish_round(factory, done_for, instance):
    """Once per day (and at start, and after the rule tables were edited): move records whose
    publication period ended, before the index update that follows picks up their changes."""
    today, stamp = today_local(), rules_change_stamp(instance)
    if done_for == today and stamp is None:
        return done_for
    try:
        with factory() as session:
            moved = refresh(session, today, rederive=stamp is not None)
            session.commit()
        if stamp is not None:
            clear_rules_change(instance, stamp)
        if moved:
            click.echo("公示状态已更新：" + "；".join(f"{k} {n} 条" for k, n in sorted(moved.items())))
        return today
    except Exception as exc:  # noqa: BLE001 - retried on the next round
        click.echo(f"公示状态更新失败，稍后重试：{exc}", err=True)
        return done_for


def _opendata_round(factory, root) -> None:
    try:
        if build(factory, root, today_local(), if_changed=True):
            click.echo("开放数据已重新生成")
    except Exception as exc:  # noqa: BLE001 - retried on the next round
        click.echo(f"开放数据生成失败，稍后重试：{exc}", err=True)


def _opendata_loop(factory, root, interval: float) -> None:
    while True:
        _opendata_round(factory, root)
        time.sleep(interval)
