"""Hostile requests found by trying the portal: an over-long open-data version in the path and
a lone surrogate (%ED%A0%80, invalid UTF-8) in any path or query answer 4xx or a normal page,
never a 500."""

from __future__ import annotations

import pytest

from tests.functional.test_hostile_input import ROUTES

SURROGATES = ["%ED%A0%80", "a%ED%A0%80b", "%ED%B0%80%ED%A0%80", "%C0%AF", "%FF"]


@pytest.fixture
def site(client, cli, import_files):
    import_files("penalties-current.csv", "list-entries.json")
    cli("index", "rebuild")
    cli("opendata", "build")
    return client


def test_hostile_paths_and_forms_answer_4xx(site):
    # One test (the site fixture imports, indexes and builds open data: paid once per database).
    _overlong_open_data_version(site)
    _lone_surrogates(site)


def _overlong_open_data_version(site) -> None:
    assert site.get("/open-data").status_code == 200
    for version in ("9" * 300, "9" * 5000, "v" * 256 + "/x", "%00", ".."):
        for name in ("penalty.csv.gz", "penalty.jsonl.gz"):
            response = site.get(f"/open-data/{version}/{name}")
            assert response.status_code == 404, (version[:20], name, response.status_code)


EXTRA_ROUTES = [
    "/{}",
    "/track?code={}",
    "/verify?number={}",
    "/receipts/verify?code={}",
    "/reports/{}",
    "/cases?q={}",
    "/feeds/latest.atom?x={}",
    "/widget/v1/frame?key={}",
]


def _lone_surrogates(site) -> None:
    for route in [*ROUTES, *EXTRA_ROUTES]:
        for raw in SURROGATES:
            path = route.replace("{}", raw)
            response = site.get(path)
            response.close()
            assert response.status_code < 500, (path, response.status_code)
    for raw in SURROGATES:
        for path, body in (
            ("/track", f"code={raw}"),
            ("/verify", f"number={raw}"),
            ("/receipts/verify", f"number={raw}&code={raw}"),
            ("/admin/login", f"username={raw}&password={raw}"),
        ):
            response = site.post(path, data=body, content_type="application/x-www-form-urlencoded")
            assert response.status_code < 500, (path, raw, response.status_code)
