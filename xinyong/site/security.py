"""Security and caching headers on every response.

CSP allows only this origin's scripts and styles — no inline script anywhere (the one script,
suggestions, is a static file). Public pages may be cached briefly by browsers and the city's
reverse proxy; anything personalised (a large-text cookie) varies by cookie; errors and API
failures are never cached.
"""

from __future__ import annotations

from urllib.parse import unquote

from flask import Flask, Response, request

from xinyong.records.pii import FULL_ID_PATTERN, mask_id_number, mask_ids_in_text

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
PAGE_MAX_AGE = 60
API_MAX_AGE = 30
STATIC_MAX_AGE = 24 * 3600


def register_security_headers(app: Flask) -> None:
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = STATIC_MAX_AGE

    @app.after_request
    def no_full_id_numbers(response: Response) -> Response:
        # The last line of defence: pages and API answers never carry a full ID number, even
        # when one was typed into a URL or a form and echoed back (a search box, "未找到 …", a
        # filter value, the 长者模式 link, URL-encoded). Nothing stored holds one, so only the
        # numbers the request itself carries are looked for — and only when it carries any.
        numbers = id_numbers_asked_with()
        if numbers and response.mimetype in ("text/html", "application/json") \
                and not response.is_streamed and not response.direct_passthrough:
            body = response.get_data(as_text=True)
            for number in numbers:
                body = body.replace(number, mask_id_number(number))
            response.set_data(mask_ids_in_text(body))
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


def id_numbers_asked_with() -> set[str]:
    texts = [unquote(request.full_path)]
    # A form already read by the view (never parsed here just to look).
    form = request.__dict__.get("form")
    if form:
        texts += form.values()
    return {m.group(0) for text in texts for m in FULL_ID_PATTERN.finditer(text)}
