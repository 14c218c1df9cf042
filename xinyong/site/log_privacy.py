"""No full ID number in any log line, whoever logs it.

Request logs (werkzeug's in development, gunicorn's access log in production) print the URL,
and a citizen may search for an ID number (`/search?q=…`). Every log record made in the process
passes through a record factory that masks full ID numbers in the formatted message, so no
handler, logger or library can write one — whatever their configuration.
"""

from __future__ import annotations

import logging

from xinyong.records.pii import contains_full_id, mask_ids_in_text

_installed = False


def install() -> None:
    global _installed  # noqa: PLW0603 - once per process, whatever number of apps
    if _installed:
        return
    make_record = logging.getLogRecordFactory()

    def masked_record(*args, **kwargs) -> logging.LogRecord:  # noqa: ANN002, ANN003
        record = make_record(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is logging's to report
            return record
        if contains_full_id(message):
            record.msg, record.args = mask_ids_in_text(message), None
        return record

    logging.setLogRecordFactory(masked_record)
    _installed = True
