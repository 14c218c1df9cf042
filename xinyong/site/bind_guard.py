"""The development secret never serves beyond this machine.

Development and test runs sign sessions and receipts with a fixed, published key
(settings._DEV_SECRET). Served on a loopback address that is harmless; bound to a network
address, anyone could forge a session or a receipt code. `xinyong run` and gunicorn check
their bind addresses before serving and stop with a message in Chinese and English.
"""

from __future__ import annotations

import functools
import ipaddress
import sys
from collections.abc import Iterable

import click

from xinyong.settings import _DEV_SECRET, load_settings

MESSAGE = (
    "开发用密钥不能在本机以外的地址提供服务（{where}）：请设置 XINYONG_SECRET_KEY 与 "
    "XINYONG_ID_HASH_KEY（各 32 个字符以上），或只监听 127.0.0.1。\n"
    "The development secret must not serve on a non-loopback address ({where}): set "
    "XINYONG_SECRET_KEY and XINYONG_ID_HASH_KEY (32+ characters each), or bind to 127.0.0.1."
)


def is_loopback(address: str) -> bool:
    """A host, `host:port`, `[v6]:port` or `unix:path` (a socket file is local)."""
    if address.startswith(("unix:", "fd://")):
        return True
    host = address
    if host.startswith("["):
        host = host[1 : host.index("]")] if "]" in host else host[1:]
    elif host.count(":") == 1:
        host = host.rsplit(":", 1)[0]
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name that may resolve anywhere


def refuse_dev_secret_on(addresses: Iterable[str]) -> None:
    """Exit (status 2) with the bilingual message when the development secret would be served
    on a non-loopback address."""
    exposed = [a for a in addresses if not is_loopback(a)]
    if exposed and load_settings().secret_key == _DEV_SECRET:
        click.echo(MESSAGE.format(where="、".join(exposed)), err=True)
        sys.exit(2)


def guarded_run(command: click.Command) -> click.Command:
    """Flask's `run` command, checking its --host first."""
    inner = command.callback

    @functools.wraps(inner)
    def callback(*args, **kwargs):
        refuse_dev_secret_on([str(kwargs.get("host") or "127.0.0.1")])
        return inner(*args, **kwargs)

    return click.Command(
        command.name,
        context_settings=command.context_settings,
        callback=callback,
        params=command.params,
        help=command.help,
        short_help=command.short_help,
    )
