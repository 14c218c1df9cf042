"""Flask extensions, created unbound and bound in create_app (no app state at import time)."""

from __future__ import annotations

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

# Per client IP. Pages are cheap to render but the API is what a scraper would hammer, so the
# API routes carry their own, lower limits (see search.py). Storage comes from the settings:
# in-process counters on one machine, Redis when several processes must share them.
PAGE_LIMIT = "300 per minute"
API_LIMIT = "60 per minute"
SUGGEST_LIMIT = "240 per minute"  # one request per pause while typing

# application_limits: one budget per IP across the whole site (default_limits would give each
# route its own budget, so a scraper could take 300 pages a minute from every route).
limiter = Limiter(key_func=get_remote_address, application_limits=[PAGE_LIMIT])
