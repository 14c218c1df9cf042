"""No full ID number in any log line, whoever logs it.

Request logs (werkzeug's in development, gunicorn's access log in production) print the URL as
it came, percent-encoded, and a citizen may search for an ID number (`/search?q=…`, the
suggestion box sent `王五%20<ID>`, a hand-made `%34%32…`). Every log record made in the process
passes through a record factory that masks full ID numbers in the formatted message — also
inside percent-encoded URLs (`pii.mask_ids_in_encoded`) — so no handler, logger or library can
write one, whatever their configuration. gunicorn's access log is masked a second time, before
formatting, by `access_log.AccessLogger` (deploy/gunicorn.conf.py), which does not depend on the
application having been loaded.
"""

from __future__ import annotations

import logging

from xinyong.records.pii import mask_ids_in_encoded

_installed = False


def masked_message(message: str) -> str:
    return mask_ids_in_encoded(message)


def install() -> None:
    global _installed
    if _installed:
        return
    make_record = logging.getLogRecordFactory()

    def masked_record(*args, **kwargs) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is logging's to report
            return record
        masked = masked_message(message)
        if masked != message:
            record.msg, record.args = masked, None
        return record

    logging.setLogRecordFactory(masked_record)
    _installed = True
