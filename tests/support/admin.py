"""Administration from a test: operator accounts through the CLI, sign-in and form tokens as a
browser would use them."""

from __future__ import annotations

import re

PASSWORD = "correct-horse-42-battery"


def create_operator(
    runner,
    username: str,
    role: str = "platform",
    *,
    name: str | None = None,
    password: str = PASSWORD,
    centre: str | None = None,
    department: str | None = None,
) -> None:
    """`xinyong operator create` for a test account; fails the test unless it is created."""
    extra = (["--centre", centre] if centre else []) + (["--department", department] if department else [])
    result = runner.invoke(
        args=[
            "operator",
            "create",
            "--username",
            username,
            "--name",
            name or username,
            "--role",
            role,
            "--password-stdin",
            *extra,
        ],
        input=password + "\n",
    )
    assert result.exit_code == 0, result.output


def csrf_token(client, path: str = "/admin/login") -> str:
    """The form token of the client's session (any page with a form hands it out)."""
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_in(client, username: str, password: str, next_: str | None = None):
    """Sign in to administration as a browser would: the form's token, then the post."""
    url = "/admin/login" + (f"?next={next_}" if next_ else "")
    return client.post(
        url, data={"csrf_token": csrf_token(client), "username": username, "password": password}
    )
