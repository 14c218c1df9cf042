"""Test helpers for counter checks: key pairs from the CLI, counter sessions, checks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Keys:
    secret: str  # xs_…
    publishable: str  # xk_…


def create_keys(runner, centre: str = "江岸区政务服务中心", origin: str = "http://counter.example") -> Keys:
    created = runner.invoke(args=["widget-key", "create", "--center", centre, "--origin", origin])
    assert created.exit_code == 0, created.output
    lines = created.output.splitlines()
    return Keys(secret=lines[1].strip(), publishable=lines[3].strip())


def bearer(credential: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {credential}"} if credential else {}


def session_token(client, secret: str, operator: str = "窗口3-张", **body) -> str:
    response = client.post(
        "/api/v1/counter-sessions", json={"operator": operator, **body}, headers=bearer(secret)
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()["token"]


def check(
    client,
    credential: str | None,
    query: str = "",
    approval: str = "gov_procurement",
    headers: dict[str, str] | None = None,
    **extra,
):
    body = {"query": query, "approval_type": approval, **extra}
    return client.post("/api/v1/checks", json=body, headers={**bearer(credential), **(headers or {})})
