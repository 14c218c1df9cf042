"""gunicorn's access log without full ID numbers (deploy/gunicorn.conf.py: `logger_class`).

gunicorn prints the request line as it came (`%(r)s`: `GET /search?q=%34%32… HTTP/1.1`), the
referrer and any header asked for. Every atom is masked here, percent-decoded forms included,
before the line is formatted — independently of the application's log-record factory
(`log_privacy.py`), which masks the formatted line once more.
"""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from xinyong.records.pii import mask_ids_in_encoded


class AccessLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: dict, request_time: Any) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        return {k: mask_ids_in_encoded(v) if isinstance(v, str) else v for k, v in atoms.items()}
