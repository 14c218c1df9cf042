"""Security and caching headers on every response.

CSP allows only this origin's scripts and styles — no inline script anywhere (the one script,
suggestions, is a static file). Public pages may be cached briefly by browsers and the city's
reverse proxy; anything personalised (a large-text cookie) varies by cookie; errors and API
failures are never cached.
"""

from __future__ import annotations

import json
from urllib.parse import unquote_plus

from flask import Flask, Response, request

from xinyong.records.pii import find_ids, mask_ids_in_encoded

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
PAGE_MAX_AGE = 60
API_MAX_AGE = 30
STATIC_MAX_AGE = 24 * 3600


def register_security_headers(app: Flask) -> None:
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = STATIC_MAX_AGE

    @app.after_request
    def no_full_id_numbers(response: Response) -> Response:
        # The last line of defence: headers, pages and API answers never carry a full ID
        # number, even when one was typed into a URL, a form or a JSON body and echoed back (a
        # search box, "未找到 …", a filter value, the 长者模式 redirect's `Location`, links
        # percent-encoded) — in any written form the ID finder knows (records/pii.py).
        # A number typed with a wrong check digit is still 17 digits of a real person's: when the
        # request carries one, it is masked wherever it is echoed (the 长者模式 link's `next=`).
        strict = not asks_with_id_number(check_digit=False)
        items = list(response.headers.items())
        masked = [(name, mask_ids_in_encoded(value, strict)) for name, value in items]
        if masked != items:  # rebuilt whole: a header may come several times (Set-Cookie)
            response.headers.clear()
            response.headers.extend(masked)
        # Nothing stored holds a full number, so bodies are searched only when the request
        # itself carries one (searching every page would cost ~10 ms per 100 kB).
        if (
            not strict
            and response.mimetype in ("text/html", "application/json")
            and not response.is_streamed
            and not response.direct_passthrough
        ):
            response.set_data(mask_ids_in_encoded(response.get_data(as_text=True), False))
        return response

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]:
            response.headers.setdefault("X-Frame-Options", "DENY")  # the widget sets its own
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        hsts = app.config["XINYONG"].hsts_seconds
        if hsts and request.is_secure:  # behind TLS (the proxy's X-Forwarded-Proto, proxy_hops)
            response.headers.setdefault("Strict-Transport-Security", f"max-age={hsts}")
        if request.path.startswith("/static/"):
            return response
        if request.method != "GET" or response.status_code != 200 or "Set-Cookie" in response.headers:
            response.headers["Cache-Control"] = "no-store"
        elif "Cache-Control" not in response.headers:
            max_age = API_MAX_AGE if request.path.startswith("/api/") else PAGE_MAX_AGE
            response.headers["Cache-Control"] = f"public, max-age={max_age}"
            response.vary.add("Cookie")
        return response


def asks_with_id_number(check_digit: bool = True) -> bool:
    return bool(id_numbers_asked_with(check_digit))


def id_numbers_asked_with(check_digit: bool = True) -> set[str]:
    """The ID numbers the URL (decoded, twice for double encoding), a form already read by the
    view or a JSON body already read carries (nothing is parsed here just to look)."""
    path = request.full_path
    texts = [path, unquote_plus(path), unquote_plus(unquote_plus(path))]
    form = request.__dict__.get("form")
    if form:
        texts += form.values()
    for cached in request.__dict__.get("_cached_json", ()):
        if cached is not None and cached is not Ellipsis:
            texts.append(json.dumps(cached, ensure_ascii=False))
    return {found.code for text in texts for found in find_ids(text, check_digit)}
