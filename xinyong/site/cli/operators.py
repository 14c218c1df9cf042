"""`xinyong operator …`: accounts for administration (the first platform administrator too)."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from xinyong.records.audit import log_action
from xinyong.records.db import utcnow
from xinyong.records.models import Department, Operator, ServiceCentre
from xinyong.records.models.admin import ROLES, LoginThrottle
from xinyong.records.operators import change_password, create_operator, deactivate, unlock
from xinyong.web.database import database


@click.group("operator", help="Administration accounts.")
def operator_group() -> None:
    pass


@operator_group.command(
    "create",
    help="Create an account; the password is read from the prompt "
    "(or one line of standard input with --password-stdin).",
)
@click.option("--username", required=True)
@click.option("--name", "display_name", required=True, help="Shown in the administration pages.")
@click.option("--role", type=click.Choice(list(ROLES)), required=True)
@click.option("--department", help="The operator's department (role department), by name.")
@click.option("--centre", help="The operator's service centre (role centre), by name.")
@click.option("--password-stdin", is_flag=True)
@with_appcontext
def create_command(
    username: str,
    display_name: str,
    role: str,
    department: str | None,
    centre: str | None,
    password_stdin: bool,
) -> None:
    password = (
        sys.stdin.readline().rstrip("\n")
        if password_stdin
        else click.prompt("密码", hide_input=True, confirmation_prompt=True)
    )
    with database().factory() as session:
        dept_id = None
        if department:
            dept_id = session.scalar(select(Department.id).where(Department.name == department))
            if dept_id is None:
                raise click.ClickException(f"没有名为“{department}”的部门")
        centre_id = None
        if centre:
            centre_id = session.scalar(select(ServiceCentre.id).where(ServiceCentre.name == centre))
            if centre_id is None:
                raise click.ClickException(f"没有名为“{centre}”的政务服务中心")
        try:
            operator = create_operator(session, username, display_name, role, password, dept_id, centre_id)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
        log_action(
            session,
            "cli",
            "operator_create",
            f"operator:{operator.id}",
            after={"username": username, "role": role, "department_id": dept_id},
        )
        session.commit()
    click.echo(f"已创建{ROLES[role]} {username}")


@operator_group.command("unlock", help="Lift a lockout after failed sign-ins.")
@click.argument("username")
@with_appcontext
def unlock_command(username: str) -> None:
    with database().factory() as session:
        operator = _operator(session, username)
        unlock(session, username)
        log_action(session, "cli", "operator_unlock", f"operator:{operator.id}")
        session.commit()
    click.echo(f"已解除 {username} 的锁定")


def _operator(session, username: str) -> Operator:
    operator = session.scalar(select(Operator).where(Operator.username == username))
    if operator is None:
        raise click.ClickException(f"没有用户 {username}")
    return operator


@operator_group.command("password", help="Set an account's password; every session of the account ends.")
@click.argument("username")
@click.option("--password-stdin", is_flag=True)
@with_appcontext
def password_command(username: str, password_stdin: bool) -> None:
    password = (
        sys.stdin.readline().rstrip("\n")
        if password_stdin
        else click.prompt("新密码", hide_input=True, confirmation_prompt=True)
    )
    with database().factory() as session:
        operator = _operator(session, username)
        try:
            change_password(operator, password)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
        log_action(session, "cli", "operator_password", f"operator:{operator.id}")
        session.commit()
    click.echo(f"已修改 {username} 的密码，其所有登录已失效")


@operator_group.command("deactivate", help="Disable an account; every session of it ends.")
@click.argument("username")
@with_appcontext
def deactivate_command(username: str) -> None:
    with database().factory() as session:
        operator = _operator(session, username)
        deactivate(operator)
        log_action(session, "cli", "operator_deactivate", f"operator:{operator.id}")
        session.commit()
    click.echo(f"已停用 {username}，其所有登录已失效")


@operator_group.command("list", help="Accounts with role, department or centre, and state.")
@with_appcontext
def list_command() -> None:
    with database().factory() as session:
        rows = session.execute(
            select(Operator, Department.name, ServiceCentre.name)
            .outerjoin(Department, Department.id == Operator.department_id)
            .outerjoin(ServiceCentre, ServiceCentre.id == Operator.service_centre_id)
            .order_by(Operator.username)
        ).all()
        if not rows:
            click.echo(
                "还没有管理账号。用 xinyong operator create --username … --name … "
                "--role platform 创建第一个平台管理员。"
            )
        # Waits after wrong passwords belong to a username *and* an address (operators.py), so
        # an account is never "locked" as a whole: the listing says whether any address waits.
        waiting = set(
            session.scalars(select(LoginThrottle.username).where(LoginThrottle.locked_until > utcnow()))
        )
        for operator, department, centre in rows:
            state = (
                "已停用"
                if not operator.active
                else "有效（有地址在登录等待中）"
                if operator.username in waiting
                else "有效"
            )
            click.echo(
                f"{operator.username}  {operator.display_name}  {ROLES[operator.role]}  "
                f"{department or centre or '-'}  {state}"
            )
