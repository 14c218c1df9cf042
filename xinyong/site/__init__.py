"""The web application: factory, blueprints, templates, CLI registration."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

from xinyong.settings import Settings, load_settings
from xinyong.site import log_privacy
from xinyong.site.database import Database
from xinyong.site.errors import register_error_handlers
from xinyong.site.extensions import limiter
from xinyong.site.security import register_security_headers


def create_app(settings: Settings | None = None) -> Flask:
    """Build the app. Never migrates, imports or indexes: those are CLI commands."""
    settings = settings or load_settings()
    log_privacy.install()
    app = Flask(__name__, static_folder="../../static", static_url_path="/static")
    app.config.update(
        SECRET_KEY=settings.secret_key,
        XINYONG=settings,
        TESTING=settings.env == "test",
        JSON_AS_ASCII=False,
        RATELIMIT_HEADERS_ENABLED=True,
        RATELIMIT_ENABLED=settings.rate_limits,
        RATELIMIT_STORAGE_URI=settings.rate_limit_storage,
        # Redis down: count per process instead of failing every request (issue 7's fault).
        RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=True, RATELIMIT_SWALLOW_ERRORS=True,
        MAX_CONTENT_LENGTH=settings.import_max_bytes,  # forms lower it (procedure_forms.py)
    )
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.url_map.converters["id"] = RecordId
    if settings.proxy_hops:
        # Only as many X-Forwarded-For entries as there are proxies of ours are believed: a
        # client cannot forge its address (and so its rate-limit budget) by sending the header.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.proxy_hops,  # type: ignore[method-assign]
                                x_proto=settings.proxy_hops, x_host=settings.proxy_hops)
    Database(settings.database_url).init_app(app)
    limiter.init_app(app)
    register_error_handlers(app)
    register_security_headers(app)

    from xinyong.search_index.service import SearchService
    from xinyong.search_index.store import IndexStore
    from xinyong.site import search
    from xinyong.site.checks_api import blueprint as checks
    from xinyong.site.disclosure import blueprint as disclosure
    from xinyong.site.feeds import blueprint as feeds
    from xinyong.site.opendata import blueprint as opendata
    from xinyong.site.profiles import blueprint as profiles
    from xinyong.site.profiles import profile_url
    from xinyong.site.public import blueprint as public
    from xinyong.site.reports import blueprint as reports
    from xinyong.site.statistics import blueprint as statistics

    app.extensions[search.EXTENSION] = SearchService(IndexStore(settings.index_dir))
    app.register_blueprint(public)
    app.register_blueprint(search.blueprint)
    app.register_blueprint(profiles)
    app.register_blueprint(disclosure)
    app.register_blueprint(statistics)
    from xinyong.site.statistics_periods import blueprint as statistics_periods

    app.register_blueprint(statistics_periods)
    app.register_blueprint(feeds)
    from xinyong.site.list_feeds import blueprint as list_feeds

    app.register_blueprint(list_feeds)
    app.register_blueprint(opendata)
    from xinyong.site.opendata_versions import blueprint as opendata_versions

    app.register_blueprint(opendata_versions)
    app.register_blueprint(reports)
    app.register_blueprint(checks)
    from xinyong.site.checks_log import blueprint as checks_log

    app.register_blueprint(checks_log)
    from xinyong.site.public_api import blueprint as public_api

    app.register_blueprint(public_api)
    from xinyong.site.openapi import blueprint as openapi

    app.register_blueprint(openapi)
    from xinyong.widgets.views import blueprint as widget

    app.register_blueprint(widget)
    from xinyong.site.batch_checks import blueprint as batch_checks
    from xinyong.widgets.batch_views import blueprint as widget_batch

    app.register_blueprint(batch_checks)
    app.register_blueprint(widget_batch)
    from xinyong.site.admin_centre_batches import blueprint as admin_centre_batches

    app.register_blueprint(admin_centre_batches)
    from xinyong.records.models.admin import ROLES
    from xinyong.site.admin_cases import blueprint as admin
    from xinyong.site.auth import blueprint as auth
    from xinyong.site.auth import current_operator, init_auth
    from xinyong.site.procedure_forms import blueprint as procedures

    init_auth(app)
    app.register_blueprint(auth)
    app.register_blueprint(procedures)
    app.register_blueprint(admin)
    from xinyong.site.admin_batches import blueprint as admin_batches

    app.register_blueprint(admin_batches)
    from xinyong.site.admin_delegations import blueprint as admin_delegations

    app.register_blueprint(admin_delegations)
    from xinyong.site.admin_tables import blueprint as admin_tables

    app.register_blueprint(admin_tables)
    from xinyong.site.admin_records import blueprint as admin_records

    app.register_blueprint(admin_records)
    from xinyong.site.admin_pilot import blueprint as admin_pilot

    app.register_blueprint(admin_pilot)
    from xinyong.site.admin_centre import blueprint as admin_centre

    app.register_blueprint(admin_centre)
    app.jinja_env.globals.update(current_operator=current_operator, roles=ROLES)
    app.jinja_env.globals["profile_url"] = profile_url
    from xinyong.records.labels import label, target_label

    app.jinja_env.globals.update(code_label=label, target_label=target_label)
    app.jinja_env.filters["local_datetime"] = _local_datetime

    @app.context_processor
    def reading_preferences() -> dict:
        from flask import request

        return {"large_text": request.cookies.get("large_text") == "1"}

    from xinyong.site.cli import register_commands

    register_commands(app)
    return app


class RecordId(IntegerConverter):
    """A database id in a URL: out of the columns' range is a 404, not a database error."""

    def __init__(self, url_map, *args, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(url_map, min=1, max=2**31 - 1)


def _local_datetime(naive_utc) -> str:  # noqa: ANN001
    from xinyong.records.clock import to_local

    return to_local(naive_utc).strftime("%Y-%m-%d %H:%M")
