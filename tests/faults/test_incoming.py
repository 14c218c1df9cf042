"""gunicorn's master removes the upload folders of workers killed mid-import before any new
worker starts (deploy/gunicorn.conf.py, xinyong/site/incoming.py)."""

from __future__ import annotations

import pytest

from tests.security.test_failclosed_files import left_behind
from tests.support.processes import wait_for


def test_gunicorn_start_removes_every_upload_folder(pg_portal, request):
    left = left_behind(pg_portal.root / "instance", "tmpkilled", age=None)  # even a fresh one
    url = request.getfixturevalue("gunicorn")
    wait_for(f"{url}/healthz")
    assert not left.exists() and (pg_portal.root / "instance" / "incoming").is_dir()


pytestmark = pytest.mark.faults
