"""`xinyong widget-key …`: key pairs of service centres, bound to the origins of their pages.

`create` prints the secret key (`xs_…`, for the host's back end only) and the publishable key
(`xk_…`, for the embed tag) once; `rotate` replaces the secret (the old one and its counter
sessions stop working); `revoke` stops the pair. Keys made before counter sessions existed have
no secret until they are rotated.
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from xinyong.records.audit import log_action
from xinyong.records.checks.keys import create_key, find_key, revoke_key, rotate_secret
from xinyong.records.models import ServiceCentre, WidgetKey
from xinyong.web.database import database


def bad_origins(origins: list[str]) -> list[str]:
    return [
        o
        for o in origins
        if not o.startswith(("https://", "http://"))
        or o.rstrip("/").count("/") > 2
        or len(o) > 200
        or any(c.isspace() for c in o)
    ]


@click.group("widget-key", help="Key pairs of service centres (counter checks and the widget).")
def widget_key_group() -> None:
    pass


@widget_key_group.command("create", help="Create a key pair; the secret key is printed once.")
@click.option("--center", "centre", required=True, help="Service centre name, e.g. 江岸区政务服务中心.")
@click.option(
    "--origin",
    "origins",
    multiple=True,
    required=True,
    help="Origin of a page that embeds the widget, e.g. https://zwfw.jiangan.gov.cn",
)
@with_appcontext
def create_command(centre: str, origins: tuple[str, ...]) -> None:
    bad = bad_origins(list(origins))
    if bad:
        example = "https://zwfw.example.gov.cn"
        raise click.UsageError(f"来源应为 协议://主机[:端口]，如 {example}：{', '.join(bad)}")
    with database().factory() as session:
        row, key, secret = create_key(session, centre, list(origins))
        log_action(
            session,
            "cli",
            "widget_key_create",
            f"widget_key:{row.key_prefix}",
            after={"centre": centre, "origins": row.origins},
        )
        session.commit()
        click.echo(f"已为“{centre}”创建密钥。私密密钥（只显示这一次，只能保存在服务端）：")
        click.echo(secret)
        click.echo("可公开密钥（写在网页嵌入代码的 data-key 中）：")
        click.echo(key)
        click.echo(f"允许的来源：{', '.join(row.origins)}")


@widget_key_group.command("rotate", help="A new secret key (by the first 11 characters of a key).")
@click.argument("prefix")
@with_appcontext
def rotate_command(prefix: str) -> None:
    with database().factory() as session:
        row = find_key(session, prefix)
        if row is None or row.revoked_at is not None:
            raise click.ClickException(f"没有以 {prefix} 开头的有效密钥")
        secret = rotate_secret(row)
        log_action(session, "cli", "widget_key_rotate", f"widget_key:{row.key_prefix}")
        session.commit()
    click.echo("已更换私密密钥，原私密密钥及其签发的柜台会话即刻失效。新的私密密钥（只显示这一次）：")
    click.echo(secret)


@widget_key_group.command("revoke", help="Stop a key pair (by the first 11 characters of a key).")
@click.argument("prefix")
@with_appcontext
def revoke_command(prefix: str) -> None:
    with database().factory() as session:
        if not revoke_key(session, prefix):
            raise click.ClickException(f"没有以 {prefix} 开头的密钥")
        log_action(session, "cli", "widget_key_revoke", f"widget_key:{prefix[:11]}")
        session.commit()
    click.echo("已停用")


@widget_key_group.command("list", help="Key pairs by service centre (prefixes only).")
@with_appcontext
def list_command() -> None:
    with database().factory() as session:
        rows = session.execute(
            select(WidgetKey, ServiceCentre.name)
            .join(ServiceCentre, ServiceCentre.id == WidgetKey.centre_id)
            .order_by(WidgetKey.id)
        ).all()
        if not rows:
            click.echo("还没有密钥。用 xinyong widget-key create --center 中心名称 --origin https://… 创建。")
        for key, centre in rows:
            state = (
                "已停用"
                if key.revoked_at
                else "有效"
                if key.secret_hash
                else "有效（尚无私密密钥，请 rotate）"
            )
            click.echo(f"{key.key_prefix}…  {centre}  {state}  {', '.join(key.origins)}")
