"""Statistics by month, quarter or year and by district: the section of /statistics and its CSVs.

Everything a table shows is named in the query string (period, at, district), so a page or a CSV
can be cited by its URL and reproduced. The counts come from the cube built with the open-data
files (records/display/period_stats.py); before the first build (and under tests) it is counted live.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from flask import Blueprint, current_app, render_template, request, url_for

from xinyong.records.clock import today_local
from xinyong.records.display.period_stats import (
    KINDS,
    NO_DISTRICT,
    BadStatisticsQuery,
    Cube,
    Query,
    by_district,
    by_period,
    cube_from_json,
    district_names,
    parse_query,
    period_label,
    published_cube,
    table_csv_rows,
)
from xinyong.records.opendata.formats import encode
from xinyong.site.figure_cache import cached
from xinyong.web.database import db_session
from xinyong.web.downloads import attachment

blueprint = Blueprint("statistics_periods", __name__)
HEADER = ["{first}", "行政许可（条）", "行政处罚（条）", "罚款金额（万元）"]


def _built_cube(root: Any) -> Cube | None:
    try:
        version = (root / "CURRENT").read_text(encoding="ascii").strip()
        raw = json.loads((root / version / "figures.json").read_text(encoding="utf-8"))
        return cube_from_json(raw["periods"])
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return None  # before the first build, or a build from before the cube existed


def _cube(today: date) -> Cube:
    root = current_app.config["XINYONG"].opendata_dir
    built = cached("periods.built", 30, lambda: _built_cube(root))
    if built is not None:
        return built
    session = db_session()
    return cached("periods.live", 300, lambda: published_cube(session, today))


def period_context(args: dict[str, str]) -> tuple[dict[str, Any], str | None]:
    """What the template needs for the section, and an error message (Chinese) or None."""
    today, session = today_local(), db_session()
    districts = cached("statistics.districts", 300, lambda: district_names(session))
    choices = [(code, districts[code]) for code in sorted(districts)]
    context: dict[str, Any] = {
        "kinds": KINDS,
        "district_choices": choices,
        "no_district": NO_DISTRICT,
        "args": args,
    }
    try:
        query = parse_query(args, today, districts)
    except BadStatisticsQuery as exc:
        return context, str(exc)
    cube = _cube(today)
    place = _place_name(query, districts)
    period_rows, district_rows = by_period(cube, query), by_district(cube, query, districts)
    keep = {"district": query.district} if query.district else {}
    context.update(
        query=query,
        period_rows=period_rows,
        district_rows=district_rows,
        period_links={
            r.key: url_for("statistics.page", period=query.kind, at=r.key, **keep) for r in period_rows
        },
        district_links={
            r.key: url_for("statistics.page", period=query.kind, at=query.at, district=r.key)
            for r in district_rows
        },
        at_label=period_label(query.at),
        place=place,
        link_args={
            "period": query.kind,
            "at": query.at,
            **({"district": query.district} if query.district else {}),
        },
    )
    return context, None


def _place_name(query: Query, districts: dict[str, str]) -> str:
    if query.district is None:
        return "全市"
    return "未分区" if query.district == NO_DISTRICT else districts[query.district]


def _csv(which: str):
    context, error = period_context(request.args.to_dict())
    if error:
        return render_template("error.html", status=400, title=error), 400
    query: Query = context["query"]
    rows = context["period_rows"] if which == "periods" else context["district_rows"]
    first = "期间" if which == "periods" else "区（功能区）"
    header = [h.format(first=first) for h in HEADER]
    body = "".join(encode("csv", header, table_csv_rows(rows)))
    scope = (query.district or "all") if which == "periods" else "districts"
    return attachment(body, "text/csv; charset=utf-8", f"statistics-{query.kind}-{query.at}-{scope}.csv")


@blueprint.get("/statistics/periods.csv")
def periods_csv():
    return _csv("periods")


@blueprint.get("/statistics/districts.csv")
def districts_csv():
    return _csv("districts")
