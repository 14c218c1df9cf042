"""Settings: one frozen object, defaults in code, overrides from ``XINYONG_*`` variables.

Read once by the CLI or the WSGI entry point and passed into ``create_app``; nothing reads the
environment at import time. Every setting is documented in ``docs/configuration.md``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

# Development and test runs get fixed keys so a fresh clone works with two commands; production
# must provide its own or start-up stops (a leaked default key would let anyone forge receipts
# and pre-compute the ID-number hashes).
_DEV_SECRET = "dev-only-secret-not-for-production"  # noqa: S105 - refused in production
_DEV_ID_HASH_KEY = "dev-only-id-hash-key-not-for-production"

ENVIRONMENTS = ("development", "test", "production")


class SettingsError(RuntimeError):
    """A setting is missing or malformed; start-up must stop."""


@dataclass(frozen=True)
class Settings:
    env: str
    instance_dir: Path
    database_url: str
    index_dir: Path
    secret_key: str
    id_hash_key: str
    import_max_bytes: int = 200 * 1024 * 1024
    opendata_dir: Path | None = None  # bulk open-data files (default: <instance>/opendata)
    rate_limits: bool = True  # per-IP limits (off by default only under tests)
    rate_limit_storage: str = "memory://"  # one process; redis://… when several share limits
    secure_cookies: bool = False  # session cookies only over HTTPS (on by default in production)
    upload_dir: Path | None = None  # repair/objection documents (default: <instance>/uploads)
    proxy_hops: int = 0  # reverse proxies in front whose X-Forwarded-* headers are trusted
    page_cache_seconds: float = 0  # how long a rendered public page may be reused (0: never)
    person_checks_per_operator: int = 200  # counter checks of natural persons per operator and day
    hsts_seconds: int = 0  # Strict-Transport-Security max-age on HTTPS responses (0: not sent)
    pdf_font: Path | None = None  # CJK font for PDFs (None: the first of the Debian fonts found)

    @property
    def uploads(self) -> Path:
        return self.upload_dir or self.instance_dir / "uploads"

    @property
    def id_hash_key_bytes(self) -> bytes:
        return self.id_hash_key.encode("utf-8")

    def with_overrides(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build settings from ``environ`` (default: ``os.environ``)."""
    env_vars = os.environ if environ is None else environ
    env = env_vars.get("XINYONG_ENV", "development")
    if env not in ENVIRONMENTS:
        raise SettingsError(f"XINYONG_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}")
    instance_dir = Path(env_vars.get("XINYONG_INSTANCE_DIR", "instance")).resolve()
    database_url = env_vars.get("XINYONG_DATABASE_URL", f"sqlite:///{instance_dir / 'xinyong.sqlite3'}")
    index_dir = Path(env_vars.get("XINYONG_INDEX_DIR", str(instance_dir / "index"))).resolve()
    secret_key = env_vars.get("XINYONG_SECRET_KEY", "")
    id_hash_key = env_vars.get("XINYONG_ID_HASH_KEY", "")
    if env == "production":
        missing = [
            name
            for name, value in (
                ("XINYONG_SECRET_KEY", secret_key),
                ("XINYONG_ID_HASH_KEY", id_hash_key),
            )
            if len(value) < 32
        ]
        if missing:
            raise SettingsError("production needs these secrets (32+ characters each): " + ", ".join(missing))
    secret_key = secret_key or _DEV_SECRET
    id_hash_key = id_hash_key or _DEV_ID_HASH_KEY
    max_bytes = env_vars.get("XINYONG_IMPORT_MAX_BYTES")
    return Settings(
        env=env,
        instance_dir=instance_dir,
        database_url=database_url,
        index_dir=index_dir,
        secret_key=secret_key,
        id_hash_key=id_hash_key,
        import_max_bytes=_byte_count(max_bytes) if max_bytes else 200 * 1024 * 1024,
        opendata_dir=Path(env_vars.get("XINYONG_OPENDATA_DIR", str(instance_dir / "opendata"))).resolve(),
        rate_limits=env_vars.get("XINYONG_RATE_LIMITS", "off" if env == "test" else "on") != "off",
        rate_limit_storage=env_vars.get("XINYONG_RATE_LIMIT_STORAGE", "memory://"),
        secure_cookies=env_vars.get("XINYONG_SECURE_COOKIES", "on" if env == "production" else "off")
        != "off",
        upload_dir=Path(env_vars.get("XINYONG_UPLOAD_DIR", str(instance_dir / "uploads"))).resolve(),
        proxy_hops=_proxy_hops(env_vars.get("XINYONG_PROXY_HOPS", "0")),
        # Tests change data between requests without waiting; a served portal reuses pages
        # (xinyong/site/page_store.py).
        page_cache_seconds=_seconds(
            "XINYONG_PAGE_CACHE_SECONDS",
            env_vars.get("XINYONG_PAGE_CACHE_SECONDS", "0" if env == "test" else "60"),
        ),
        person_checks_per_operator=_count(
            "XINYONG_PERSON_CHECKS_PER_OPERATOR", env_vars.get("XINYONG_PERSON_CHECKS_PER_OPERATOR", "200")
        ),
        hsts_seconds=_hsts(
            env_vars.get("XINYONG_HSTS_SECONDS", str(HSTS_DEFAULT) if env == "production" else "0")
        ),
        pdf_font=Path(env_vars["XINYONG_PDF_FONT"]) if env_vars.get("XINYONG_PDF_FONT") else None,
    )


HSTS_DEFAULT = 365 * 86400  # production: browsers keep to HTTPS for a year


def _hsts(raw: str) -> int:
    if not raw.isdigit() or int(raw) > 2 * 365 * 86400:
        raise SettingsError(f"XINYONG_HSTS_SECONDS must be 0 to 63072000 seconds, not {raw!r}")
    return int(raw)


def _proxy_hops(raw: str) -> int:
    if not raw.isdigit() or int(raw) > 5:
        raise SettingsError(f"XINYONG_PROXY_HOPS must be a number of proxies from 0 to 5, not {raw!r}")
    return int(raw)


def _seconds(name: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = -1
    if not 0 <= value <= 3600:
        raise SettingsError(f"{name} must be a number of seconds from 0 to 3600, not {raw!r}")
    return value


def _byte_count(raw: str) -> int:
    if not raw.isdigit() or int(raw) < 1:
        raise SettingsError(
            f"XINYONG_IMPORT_MAX_BYTES must be a whole number of bytes (1 or more), not {raw!r}"
        )
    return int(raw)


def _count(name: str, raw: str) -> int:
    if not raw.isdigit() or not 1 <= int(raw) <= 100_000:
        raise SettingsError(f"{name} must be a whole number from 1 to 100000, not {raw!r}")
    return int(raw)
