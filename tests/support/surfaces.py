"""Every public surface on which a record appears: the check that a record shown, withdrawn or
expired is shown, or hidden, everywhere at once."""

from __future__ import annotations

import gzip
import re


def surfaces_showing(
    client, runner, needle: str, *, uscc: str, name: str, record: tuple[str, int], key: str | None = None
) -> list[str]:
    """Every public surface on which a record appears (its `needle`, e.g. the decision number,
    or a link to its page): record page, profile, search, the JSON API, a counter check,
    disclosure pages and downloads, the feed and the open-data files. The index is brought up
    to date from the outbox first, as `xinyong maintain` would. Returns the surfaces that
    show it."""
    assert runner.invoke(args=["index", "update"]).exit_code == 0
    assert runner.invoke(args=["opendata", "build"]).exit_code == 0
    entity, record_id = record
    responses = {
        "record page": client.get(f"/record/{entity}/{record_id}"),
        "profile": client.get(f"/credit/{uscc}"),
        "search": client.get("/search", query_string={"q": name, "tab": "records"}),
        "records API": client.get("/api/v1/records", query_string={"q": name}),
        "subject API": client.get(f"/api/v1/subjects/{uscc}"),
        "disclosure": client.get("/disclosure/penalties"),
        "disclosure CSV": client.get("/disclosure/penalties.csv"),
        "disclosure JSONL": client.get("/disclosure/penalties.jsonl"),
        "feed": client.get("/feeds/latest.atom"),
    }
    if key:  # the centre's secret key: a server-to-server check, and a counter session's widget
        auth = {"Authorization": f"Bearer {key}"}
        responses["counter check"] = client.post(
            "/api/v1/checks",
            json={"query": uscc, "approval_type": "gov_procurement", "operator": "窗口1"},
            headers=auth,
        )
        minted = client.post("/api/v1/counter-sessions", json={"operator": "窗口1"}, headers=auth)
        assert minted.status_code == 201, minted.get_json()
        responses["widget"] = client.post(
            "/widget/v1/check",
            data={"token": minted.get_json()["token"], "query": uscc, "approval_type": "gov_procurement"},
        )
    link = f"/record/{entity}/{record_id}"
    found = []
    for surface, response in responses.items():
        text = response.get_data(as_text=True)
        response.close()
        if response.status_code in (200, 201) and (needle in text or link in text):
            found.append(surface)
    files = client.get("/open-data").get_data(as_text=True)
    for href in sorted(set(re.findall(r'href="(/open-data/[^"]+\.gz)"', files))):
        response = client.get(href)
        if needle in gzip.decompress(response.get_data()).decode("utf-8"):
            found.append(f"open data {href}")
        response.close()
    return found
