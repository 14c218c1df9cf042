"""Flask extensions, created unbound and bound in create_app (no app state at import time)."""

from __future__ import annotations

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

# In-process counters on one machine; production points RATELIMIT_STORAGE_URI at Redis.
limiter = Limiter(key_func=get_remote_address, default_limits=["600 per minute"],
                  storage_uri="memory://")
