"""`xinyong widget-key …`: keys for service centres, bound to the origins of their pages."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from xinyong.records.audit import log_action
from xinyong.records.counter import create_key, revoke_key
from xinyong.records.models import ServiceCentre, WidgetKey
from xinyong.site.database import database


@click.group("widget-key", help="API keys of service centres (counter checks and the widget).")
def widget_key_group() -> None:
    pass


@widget_key_group.command("create", help="Create a key; it is printed once and stored only hashed.")
@click.option("--center", "centre", required=True, help="Service centre name, e.g. 江岸区政务服务中心.")
@click.option("--origin", "origins", multiple=True, required=True,
              help="Origin of a page that embeds the widget, e.g. https://zwfw.jiangan.gov.cn")
@with_appcontext
def create_command(centre: str, origins: tuple[str, ...]) -> None:
    bad = [o for o in origins if not o.startswith(("https://", "http://")) or o.count("/") > 3]
    if bad:
        example = "https://zwfw.example.gov.cn"
        raise click.UsageError(f"来源应为 协议://主机[:端口]，如 {example}：{', '.join(bad)}")
    with database().factory() as session:
        row, key = create_key(session, centre, list(origins))
        log_action(session, "cli", "widget_key_create", f"widget_key:{row.key_prefix}",
                   after={"centre": centre, "origins": row.origins})
        session.commit()
        click.echo(f"已为“{centre}”创建 API Key（只显示这一次，请妥善保存）：")
        click.echo(key)
        click.echo(f"允许的来源：{', '.join(row.origins)}")


@widget_key_group.command("revoke", help="Stop a key (by its first 11 characters).")
@click.argument("prefix")
@with_appcontext
def revoke_command(prefix: str) -> None:
    with database().factory() as session:
        if not revoke_key(session, prefix):
            raise click.ClickException(f"没有以 {prefix} 开头的 API Key")
        log_action(session, "cli", "widget_key_revoke", f"widget_key:{prefix}")
        session.commit()
    click.echo("已停用")


@widget_key_group.command("list", help="Keys by service centre (prefixes only).")
@with_appcontext
def list_command() -> None:
    with database().factory() as session:
        rows = session.execute(select(WidgetKey, ServiceCentre.name)
                               .join(ServiceCentre, ServiceCentre.id == WidgetKey.centre_id)
                               .order_by(WidgetKey.id)).all()
        for key, centre in rows:
            state = "已停用" if key.revoked_at else "有效"
            click.echo(f"{key.key_prefix}…  {centre}  {state}  {', '.join(key.origins)}")
