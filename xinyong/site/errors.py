"""Turning errors into pages in Chinese (and, for /api/, JSON with a stable code)."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from xinyong.records.errors import DomainError

MESSAGES = {
    400: "请求有误",
    403: "没有权限访问该页面",
    404: "页面不存在",
    405: "不支持该请求方式",
    413: "上传内容过大",
    429: "访问过于频繁，请稍后再试",
    500: "服务器内部错误",
    503: "服务暂时不可用，请稍后再试",
}


def error_body(status: int, code: str, message: str) -> dict:
    """The one JSON error body of the API (docs/api.md): a stable code, the status, a Chinese message."""
    return {"error": {"code": code, "status": status, "message": message}}


def json_error(status: int, code: str, message: str, headers: dict | None = None):
    return jsonify(error_body(status, code, message)), status, headers or {}


def error_answer(status: int, code: str, message: str, headers: dict | None = None):
    """The error in the asker's terms: JSON with a stable code under /api/, else a Chinese page."""
    if request.path.startswith("/api/"):
        return error_body(status, code, message), status, headers or {}
    return render_template("error.html", status=status, title=message), status, headers or {}


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        status = exc.code or 500
        return error_answer(status, exc.name.lower().replace(" ", "_"), MESSAGES.get(status, exc.name))

    @app.errorhandler(DataError)
    def bad_value(exc: DataError):
        # A value the database cannot hold (a NUL byte in text, a number out of range) came
        # from the request: the request is wrong, not the server.
        app.logger.info("value refused by the database on %s: %s", request.path, type(exc.orig).__name__)
        return error_answer(400, "bad_value", "请求中含有无法处理的字符或数值")

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(exc: Exception):
        # The database is down, restarting or locked: a temporary condition, said as such (503,
        # Retry-After) rather than as a fault of ours; the pool reconnects when it is back.
        app.logger.warning("database unavailable on %s: %s", request.path, type(exc).__name__)
        return error_answer(503, "service_unavailable", MESSAGES[503], {"Retry-After": "30"})

    @app.errorhandler(DomainError)
    def refused(exc: DomainError):
        # A refusal that reached no view's own handler (search errors from any caller of the
        # search service, a check's input, a counter credential): answered with its own status
        # and code. An unavailable or damaged index is a temporary 503, never a 500 or an empty
        # answer.
        headers = {"Retry-After": "30"} if exc.status == 503 else {}
        return error_answer(exc.status, exc.code, exc.message, headers)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        app.logger.exception("unhandled error on %s", request.path)
        return error_answer(500, "internal_error", MESSAGES[500])
