"""gunicorn settings for production mode (scripts/run-prod.sh; docs/operations.md).

Threads rather than more processes: a request mostly waits on the database or reads the
memory-mapped index, and every process keeps its own searchers (~190 MB at 1M subjects).
"""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WORKERS", min(multiprocessing.cpu_count() + 1, 8)))
worker_class = "gthread"
threads = int(os.environ.get("THREADS", 4))
timeout = 30
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (with jitter so they do not all restart at
# once), a safety net should memory creep. Not sooner: a new worker reopens its index searchers
# and starts with no rendered pages (at 20,000 the load test saw workers replaced every few
# seconds, and every page rendered again).
max_requests = 1_000_000
max_requests_jitter = 50_000
preload_app = False  # each worker opens its own database pool and index searchers
accesslog = "-"
errorlog = "-"
# No query string in the access log's request line would lose search diagnostics; ID numbers in
# it (plain, percent-encoded, full-width …) are masked by this logger class before the line is
# formatted, and again by the app's log-record factory (xinyong/site/log_privacy.py).
logger_class = "xinyong.site.access_log.AccessLogger"
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms'


def on_starting(server) -> None:
    """Before any worker runs: the development secret is refused on a network address
    (xinyong/site/bind_guard.py); upload folders left by workers killed mid-import go (they hold
    department files with ID numbers; xinyong/site/incoming.py)."""
    from xinyong.settings import load_settings
    from xinyong.site.bind_guard import refuse_dev_secret_on
    from xinyong.site.incoming import clean_incoming

    refuse_dev_secret_on(server.cfg.bind)

    removed = clean_incoming(load_settings().instance_dir, older_than=0)
    if removed:
        server.log.info("removed %d upload folder(s) left by interrupted imports", removed)
