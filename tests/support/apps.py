"""A second app in one test (other settings, or a fresh start over the same database)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask

from xinyong.settings import Settings


@contextmanager
def extra_app(settings: Settings) -> Iterator[Flask]:
    """A second app with other settings, closed afterwards (its index searchers and pool)."""
    from xinyong.site import create_app
    from xinyong.site.public.search import EXTENSION as SEARCH
    from xinyong.web.database import EXTENSION as DATABASE

    app = create_app(settings)
    try:
        yield app
    finally:
        app.extensions[SEARCH].close()
        app.extensions[DATABASE].engine.dispose()
