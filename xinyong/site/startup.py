"""Start-up of the command line and the WSGI entry: where the instance folder is, and settings
errors as one line instead of a traceback."""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping
from pathlib import Path

import xinyong
from xinyong.settings import Settings, SettingsError, load_settings

INSTANCE_HINT = (
    "请在项目文件夹中运行，或设置 XINYONG_INSTANCE_DIR=<项目>/instance / "
    "run it in the project folder or set XINYONG_INSTANCE_DIR=<project>/instance"
)


def project_root() -> Path | None:
    """The checkout holding the package (an editable install), or None for an installed wheel."""
    root = Path(xinyong.__file__).resolve().parent.parent
    return root if (root / "pyproject.toml").is_file() else None


def locate_instance(environ: MutableMapping[str, str], cwd: Path | None = None) -> None:
    """Point XINYONG_INSTANCE_DIR at the project's instance unless the caller chose one.

    The default ``./instance`` only works from the project folder; run from anywhere else, the
    command would open (or create) a database beside the caller instead of the project's.
    """
    if environ.get("XINYONG_INSTANCE_DIR"):
        return
    here = cwd or Path.cwd()
    if (here / "instance").is_dir() or (here / "xinyong" / "__init__.py").is_file():
        return  # run in a project folder: the documented default
    root = project_root()
    if root is not None:
        environ["XINYONG_INSTANCE_DIR"] = str(root / "instance")


def settings_or_exit(code: int = 2) -> Settings:
    """Settings from the environment, or one line naming the variable to set and exit ``code``."""
    try:
        return load_settings()
    except SettingsError as exc:
        print(f"配置错误 / settings error: {exc}", file=sys.stderr)
        raise SystemExit(code) from None


def prepare() -> Settings:
    locate_instance(os.environ)
    return settings_or_exit()
