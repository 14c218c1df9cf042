"""The open-data page and its files, and the commands that build them."""

from __future__ import annotations

import re
import threading
import time

import click
from flask import Blueprint, current_app, render_template, send_from_directory
from flask.cli import with_appcontext

from xinyong.records.clock import today_local
from xinyong.records.opendata import DATASETS, FORMATS, build, current_manifest, earlier_manifests
from xinyong.records.publish_refresh import clear_rules_change, refresh, rules_change_stamp
from xinyong.site.database import database
from xinyong.site.incoming import clean_incoming
from xinyong.site.progress import Progress

blueprint = Blueprint("opendata", __name__)
VERSION = re.compile(r"[0-9]{8}\.[0-9]{1,19}")  # opendata.data_version: day.newest event id


def _root():  # noqa: ANN202
    return current_app.config["XINYONG"].opendata_dir


@blueprint.get("/open-data")
def page():
    from sqlalchemy import select

    from xinyong.records.models import Domain
    from xinyong.site.database import db_session

    domains = db_session().execute(select(Domain.code, Domain.name).order_by(Domain.code)).all()
    return render_template("public/opendata.html", manifest=current_manifest(_root()), domains=domains,
                           earlier=earlier_manifests(_root())[:3])


@blueprint.get("/open-data/<version>/<name>")
def file(version: str, name: str):
    if not VERSION.fullmatch(version):  # before touching the disk: ENAMETOOLONG was a 500
        return _gone(version)
    manifest = current_manifest(_root())
    known = manifest is not None and any(f["name"] == name for f in manifest.files)
    if not known or not (_root() / version / name).is_file():
        return _gone(version)
    entity, rest = name.split(".", 1)  # penalty.csv.gz → penalty-<version>.csv.gz
    return send_from_directory(_root() / version, name, mimetype="application/gzip",
                               as_attachment=True, download_name=f"{entity}-{version}.{rest}")


def _gone(version: str):  # noqa: ANN202
    """A file that is not served: why, in Chinese (an earlier version's files are deleted)."""
    from xinyong.site.opendata_versions import file_gone

    return file_gone(version)


@click.group("opendata", help="Bulk open-data files (CSV and JSON Lines).")
def opendata_group() -> None:
    pass


@opendata_group.command("build", help="Write every published dataset for the current data version.")
@click.option("--if-changed", is_flag=True, help="Do nothing when the data version is unchanged.")
@with_appcontext
def build_command(if_changed: bool) -> None:
    files = len(DATASETS) * len(FORMATS)
    shown = Progress("生成开放数据", total=files, unit="个文件")
    manifest = build(database().factory, _root(), today_local(), if_changed=if_changed,
                     progress=lambda name, rows: shown.advance(1, f"{name} {rows:,} 条"))
    if manifest is None:
        click.echo("开放数据已是最新版本，无需重新生成")
        return
    rows = sum(f["rows"] for f in manifest.files if f["format"] == "csv")
    shown.finish(f"开放数据生成完毕：{files} 个文件，{rows:,} 条记录，"
                 f"{sum(f['bytes'] for f in manifest.files) / 1048576:.1f} MB")
    click.echo(f"开放数据已生成：版本 {manifest.version}，共 {rows:,} 条")


@click.command("maintain", help="Keep derived data current: index updates, open-data files.")
@click.option("--every", type=float, default=30.0, show_default=True, help="Seconds between index updates.")
@click.option("--opendata-every", type=float, default=600.0, show_default=True,
              help="Seconds between open-data rebuilds (each is skipped when the data is unchanged).")
@click.option("--once", is_flag=True, help="One round of each, then exit.")
@with_appcontext
def maintain_command(every: float, opendata_every: float, once: bool) -> None:
    """Index updates every `every` seconds; open data in its own thread, because a rebuild at
    city scale takes 4–5 minutes and must not hold up the 60-second search freshness."""
    from xinyong.search_index.indexer import update
    from xinyong.search_index.store import IndexMissing, IndexStore

    factory, root = database().factory, _root()
    store = IndexStore(current_app.config["XINYONG"].index_dir)
    if not once:
        threading.Thread(target=_opendata_loop, args=(factory, root, opendata_every), daemon=True,
                         name="opendata").start()
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


def _publish_round(factory, done_for, instance):  # noqa: ANN001, ANN202
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


def _opendata_round(factory, root) -> None:  # noqa: ANN001
    try:
        if build(factory, root, today_local(), if_changed=True):
            click.echo("开放数据已重新生成")
    except Exception as exc:  # noqa: BLE001 - retried on the next round
        click.echo(f"开放数据生成失败，稍后重试：{exc}", err=True)


def _opendata_loop(factory, root, interval: float) -> None:  # noqa: ANN001
    while True:
        _opendata_round(factory, root)
        time.sleep(interval)
