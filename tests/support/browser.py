"""The browser suite's constants and screenshots (its fixtures are in tests/browser/conftest.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
# The browser site's subject whose name is a script: it must show as text everywhere.
HOSTILE = "武汉<script>alert(1)</script>环保科技有限公司"


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
