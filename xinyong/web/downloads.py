"""A response that the browser saves as a file (CSV, XLSX, PDF, JSON Lines)."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Response


def attachment(body: bytes | str | Iterable[str], content_type: str, filename: str) -> Response:
    """`filename` is ASCII by construction everywhere it is called (numbers, codes, dates)."""
    response = Response(body, content_type=content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
