"""DomainError(code, message, status): the base of every refusal the portal answers with.

A refusal carries a stable `code` (what an API client branches on), a Chinese `message` (what a
person reads) and the HTTP `status` it is answered with. One handler (`site/errors.py`) turns
any DomainError that reaches Flask into a Chinese page, or under /api/ into the JSON body
`{"error": {"code": …, "status": …, "message": …}}`. Subclasses may fix `code` and `status` as
class attributes (the search errors do) and take only a message.
"""

from __future__ import annotations


class DomainError(Exception):
    status: int = 400
    code: str = "bad_request"

    def __init__(self, code: str | None = None, message: str = "", status: int | None = None):
        super().__init__(message)
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.message = message
