"""`xinyong publish refresh`: the daily move of records out of (and into) publication."""

from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext

from xinyong.records.clock import today_local
from xinyong.records.publication.refresh import clear_rules_change, refresh, rules_change_stamp
from xinyong.web.database import database


@click.group("publish", help="Publication rules and states.")
def publish_group() -> None:
    pass


@publish_group.command(
    "refresh",
    help="Move records whose publication period ended (or began) "
    "to their new state; run daily (xinyong maintain does).",
)
@click.option(
    "--rederive", is_flag=True, help="Apply the rule tables afresh to every penalty (after they were edited)."
)
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="The day to evaluate (default: today in Beijing).",
)
@with_appcontext
def refresh_command(rederive: bool, today) -> None:
    day: date = today.date() if today else today_local()
    instance = current_app.config["XINYONG"].instance_dir
    stamp = rules_change_stamp(instance)  # rule tables edited in administration since
    with database().factory() as session:
        moved = refresh(session, day, rederive=rederive or stamp is not None)
        session.commit()
    if stamp is not None:
        clear_rules_change(instance, stamp)
    if not moved:
        click.echo(f"{day.isoformat()}：公示状态无变化")
        return
    click.echo(f"{day.isoformat()}：" + "；".join(f"{k} {n} 条" for k, n in sorted(moved.items())))
