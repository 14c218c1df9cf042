"""Sign-in accounts for trying administration on the demo city (never in production).

One account per role, each with its own random password, written to
`<instance>/demo-accounts.txt` (readable by the owner only) and printed once.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.records.audit import log_action
from xinyong.records.models import Department, Operator, ServiceCentre
from xinyong.records.operators import create_operator

DEMO_CENTRE = "江岸区政务服务中心"
DEMO_DEPARTMENT = "武汉市市场监督管理局"


def create_demo_accounts(session: Session, instance_dir: Path) -> list[tuple[str, str, str]] | None:
    """(username, role, password) of the accounts created; None when operators already exist."""
    if session.scalar(select(Operator.id).limit(1)) is not None:
        return None
    centre_id = session.scalar(select(ServiceCentre.id).where(ServiceCentre.name == DEMO_CENTRE))
    if centre_id is None:
        centre = ServiceCentre(name=DEMO_CENTRE)
        session.add(centre)
        session.flush()
        centre_id = centre.id
    department_id = session.scalar(select(Department.id).where(Department.name == DEMO_DEPARTMENT))
    created = []
    for username, name, role, dept, centre in (
        ("admin", "市信用办（演示）", "platform", None, None),
        ("scj", "市市场监管局（演示）", "department", department_id, None),
        ("jiangan", "江岸区政务服务中心（演示）", "centre", None, centre_id),
    ):
        password = secrets.token_urlsafe(12) + "-7"
        create_operator(session, username, name, role, password, dept, centre)
        log_action(session, "demo", "operator_create", f"operator:{username}", after={"role": role})
        created.append((username, role, password))
    path = instance_dir / "demo-accounts.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("演示管理账号（仅用于演示环境）：用户名 角色 密码\n")
        f.writelines(f"{u} {r} {p}\n" for u, r, p in created)
    return created
