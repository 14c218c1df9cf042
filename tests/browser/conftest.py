"""A real server and a real browser: the site served on a free port from a SQLite database
filled through the real importer (fixtures, a hostile name, a small demo city), driven by
Debian's Chromium (headless, --no-sandbox) through Playwright. Screenshots go to
test-output/screenshots/."""

from __future__ import annotations

import threading

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from tests.support.browser import CHROMIUM, HOSTILE
from tests.support.files import FIXTURES, rewrite_csv


@pytest.fixture(scope="session")
def live_site(live_server):
    return live_server["url"]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """{"url", "app", "db"}: the portal on a free port, its Flask app (for CLI) and database."""
    from xinyong.records import migrate
    from xinyong.records.db import make_engine
    from xinyong.settings import load_settings
    from xinyong.site import create_app
    from xinyong.site.public.search import EXTENSION as SEARCH
    from xinyong.web.database import EXTENSION

    root = tmp_path_factory.mktemp("browser-site")
    settings = load_settings(
        {
            "XINYONG_ENV": "test",
            "XINYONG_INSTANCE_DIR": str(root),
            "XINYONG_DATABASE_URL": f"sqlite:///{root / 'site.sqlite3'}",
        }
    )
    engine = make_engine(settings.database_url)
    migrate.upgrade(engine)
    engine.dispose()
    app = create_app(settings)
    cli = app.test_cli_runner()
    hostile = rewrite_csv(
        "penalties-current.csv",
        root / "penalties.csv",
        {"武汉华信环保科技有限公司": {"行政相对人名称": HOSTILE}},
    )
    commands = [["import", str(hostile)]]
    commands += [
        ["import", str(FIXTURES / n)]
        for n in ("licences.xlsx", "list-entries.json", "commitments.csv", "joint-cases.csv")
    ]
    commands += [
        ["demo", "--subjects", "400", "--seed", "3", "--out", str(root / "demo")],
        ["index", "rebuild"],
        ["opendata", "build"],
    ]
    for args in commands:
        result = cli.invoke(args=args)
        assert result.exit_code == 0, (args, result.output)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.server_port}", "app": app, "db": root / "site.sqlite3"}
    server.shutdown()
    thread.join()
    app.extensions[SEARCH].close()
    app.extensions[EXTENSION].engine.dispose()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_site):
    context = browser.new_context(
        base_url=live_site, locale="zh-CN", accept_downloads=True, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    def console(message) -> None:
        # A page answered with 400 or 404 on purpose is logged as a failed load: not an error.
        own_status = (
            message.text.startswith("Failed to load resource") and message.location.get("url") == page.url
        )
        if message.type == "error" and not own_status:
            errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", console)
    yield page
    context.close()
    assert dialogs == [], "a script ran from data"
    assert errors == [], errors
