"""Serving safely: HSTS on HTTPS when configured (production's default), and the published
development secret refusing to serve on a network address (`xinyong run`, gunicorn)."""

from __future__ import annotations

import subprocess

import pytest

from tests.support.apps import extra_app
from tests.support.processes import BIN, free_port
from xinyong.settings import SettingsError, load_settings
from xinyong.site.bind_guard import is_loopback

ROOT = BIN.parents[1]
ALL_INTERFACES = "0.0.0.0"  # noqa: S104 - the address the guard must refuse
SECRETS = {"XINYONG_SECRET_KEY": "s" * 40, "XINYONG_ID_HASH_KEY": "h" * 40}


def test_hsts_is_sent_over_https_behind_the_proxy_only(settings):
    with extra_app(settings.with_overrides(hsts_seconds=31536000, proxy_hops=1)) as app:
        client = app.test_client()
        secure = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
        assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"
        assert "Strict-Transport-Security" not in client.get("/healthz").headers
    with extra_app(settings) as app:  # not configured (development, test): never sent
        secure = app.test_client().get("/healthz", base_url="https://localhost")
        assert "Strict-Transport-Security" not in secure.headers


def test_hsts_setting_defaults_and_validation(tmp_path):
    base = {"XINYONG_INSTANCE_DIR": str(tmp_path), **SECRETS}
    assert load_settings({**base, "XINYONG_ENV": "production"}).hsts_seconds == 365 * 86400
    assert load_settings({**base, "XINYONG_ENV": "development"}).hsts_seconds == 0
    assert load_settings({**base, "XINYONG_HSTS_SECONDS": "600"}).hsts_seconds == 600
    for bad in ("-1", "1e9", "a year", "99999999999"):
        with pytest.raises(SettingsError):
            load_settings({**base, "XINYONG_HSTS_SECONDS": bad})


def test_loopback_addresses():
    for local in (
        "127.0.0.1",
        "127.0.0.1:8000",
        "localhost",
        "localhost:80",
        "::1",
        "[::1]:8000",
        "unix:/run/xinyong.sock",
    ):
        assert is_loopback(local), local
    for exposed in (
        ALL_INTERFACES,
        f"{ALL_INTERFACES}:8000",
        "10.0.0.5:80",
        "[::]:8000",
        "portal.example:80",
    ):
        assert not is_loopback(exposed), exposed


def _refused(run: subprocess.CompletedProcess) -> None:
    assert run.returncode != 0
    assert "开发用密钥不能在本机以外的地址提供服务" in run.stderr, run.stderr
    assert "The development secret must not serve on a non-loopback address" in run.stderr
    assert "Traceback" not in run.stderr


def test_the_development_secret_refuses_a_network_address(sqlite_portal):
    env = {**sqlite_portal.env, "XINYONG_ENV": "development"}
    port = str(free_port())
    _refused(
        subprocess.run(
            [str(BIN / "xinyong"), "run", "--host", ALL_INTERFACES, "--port", port],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    )
    _refused(
        subprocess.run(
            [
                str(BIN / "gunicorn"),
                "-c",
                str(ROOT / "deploy/gunicorn.conf.py"),
                "--chdir",
                str(ROOT),
                "-b",
                f"{ALL_INTERFACES}:{port}",
                "wsgi:app",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    )
