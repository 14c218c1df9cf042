"""The load suite's short version (the long one is `make test-load`, bench/load/load_bench.py):
gunicorn and wrk on a small demo dataset, every route of the load mix for a few seconds at a
time, on both databases. Under concurrent load no request may fail, and every counter check
answered must leave exactly one receipt — none lost, none written twice. Speed is not judged
here: that is the benchmark's job (bench/RESULTS.md).
"""

from __future__ import annotations

import argparse
import time

import pytest
import requests
from sqlalchemy import create_engine, func, select

from bench.load.load_bench import request_sets, serve, widget_key, wrk
from tests.support.processes import free_port
from xinyong.records.models import CheckRecord, Subject

CONNECTIONS = 8
pytestmark = pytest.mark.load


def receipts(database_url: str) -> int:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(CheckRecord)).scalar_one()
    finally:
        engine.dispose()


def test_every_route_holds_under_concurrent_load(portal, tmp_path):
    portal.cli("demo", "--subjects", "400", "--seed", "3")
    portal.cli("index", "rebuild")
    url = portal.env["XINYONG_DATABASE_URL"]
    engine = create_engine(url)
    with engine.connect() as connection:
        names = list(connection.execute(select(Subject.name).order_by(Subject.id).limit(60)).scalars())
    engine.dispose()
    sets = request_sets(url, names, per_route=60)
    key = widget_key(portal.env)
    port = free_port()
    server = serve("wsgi:app", {**portal.env, "XINYONG_ENV": "development"}, port)
    run = argparse.Namespace(connections=CONNECTIONS, duration=3)
    try:
        for route, listing in sets.items():
            before = receipts(url)
            figures = wrk(port, listing, run, key, tmp_path)
            assert figures["errors"] == 0, (route, figures)
            assert figures["requests"] > 0, (route, figures)
            if route == "check":
                # wrk stops with up to CONNECTIONS requests in flight; the server finishes them.
                time.sleep(1)
                written = receipts(url) - before
                assert figures["requests"] <= written <= figures["requests"] + CONNECTIONS, figures
        assert requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
