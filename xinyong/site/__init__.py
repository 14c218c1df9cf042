"""The web application: factory, blueprints, templates, CLI registration."""

from __future__ import annotations

from flask import Flask, request
from werkzeug.routing import IntegerConverter

from xinyong.records.clock import to_local
from xinyong.records.models.admin import ROLES
from xinyong.records.reference.labels import label, target_label
from xinyong.search_index.service import SearchService
from xinyong.search_index.store import IndexStore
from xinyong.settings import Settings, load_settings
from xinyong.site import log_privacy
from xinyong.site.admin.auth import current_operator, init_auth
from xinyong.site.blueprints import BLUEPRINTS
from xinyong.site.cli import register_commands
from xinyong.site.errors import register_error_handlers
from xinyong.site.public.profiles import profile_url
from xinyong.site.public.search import EXTENSION as SEARCH_EXTENSION
from xinyong.site.security import register_security_headers
from xinyong.web.database import Database
from xinyong.web.extensions import limiter


def create_app(settings: Settings | None = None) -> Flask:
    """Build the app. Never migrates, imports or indexes: those are CLI commands."""
    settings = settings or load_settings()
    log_privacy.install()
    app = Flask(__name__, static_folder="static", static_url_path="/static")
    app.config.update(
        SECRET_KEY=settings.secret_key,
        XINYONG=settings,
        TESTING=settings.env == "test",
        JSON_AS_ASCII=False,
        RATELIMIT_HEADERS_ENABLED=True,
        RATELIMIT_ENABLED=settings.rate_limits,
        RATELIMIT_STORAGE_URI=settings.rate_limit_storage,
        # Redis down: count per process instead of failing every request (issue 7's fault).
        RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=True,
        RATELIMIT_SWALLOW_ERRORS=True,
        MAX_CONTENT_LENGTH=settings.import_max_bytes,  # forms lower it (procedure_forms.py)
    )
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.url_map.converters["id"] = RecordId
    if settings.proxy_hops:
        # Only as many X-Forwarded-For entries as there are proxies of ours are believed: a
        # client cannot forge its address (and so its rate-limit budget) by sending the header.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(
            app.wsgi_app,
            x_for=settings.proxy_hops,  # type: ignore[method-assign]
            x_proto=settings.proxy_hops,
            x_host=settings.proxy_hops,
        )
    Database(settings.database_url).init_app(app)
    limiter.init_app(app)
    register_error_handlers(app)
    register_security_headers(app)

    app.extensions[SEARCH_EXTENSION] = SearchService(IndexStore(settings.index_dir))
    init_auth(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    app.jinja_env.globals.update(current_operator=current_operator, roles=ROLES)
    app.jinja_env.globals["profile_url"] = profile_url
    app.jinja_env.globals.update(code_label=label, target_label=target_label)
    app.jinja_env.filters["local_datetime"] = _local_datetime

    app.context_processor(_reading_preferences)
    register_commands(app)
    return app


def _reading_preferences() -> dict:
    return {"large_text": request.cookies.get("large_text") == "1"}


class RecordId(IntegerConverter):
    """A database id in a URL: out of the columns' range is a 404, not a database error."""

    def __init__(self, url_map, *args, **kwargs) -> None:
        super().__init__(url_map, min=1, max=2**31 - 1)


def _local_datetime(naive_utc) -> str:
    return to_local(naive_utc).strftime("%Y-%m-%d %H:%M")
