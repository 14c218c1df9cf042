"""The statistics page: charts drawn server-side as SVG, each one's numbers as CSV."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request

from xinyong.records.clock import today_local
from xinyong.records.display.statistics import all_charts, as_number
from xinyong.records.opendata.build import current_figures
from xinyong.records.opendata.formats import encode
from xinyong.site.figure_cache import cached
from xinyong.site.public.statistics_periods import period_context
from xinyong.web.database import db_session
from xinyong.web.downloads import attachment

blueprint = Blueprint("statistics", __name__)


def _charts():
    """Counted in the background with the open-data files (6 s at city scale); live only
    before the first build and under tests."""
    session, today = db_session(), today_local()
    root = current_app.config["XINYONG"].opendata_dir
    built = cached("figures.built", 30, lambda: current_figures(root))
    if built is not None:
        return today, built[1]
    return today, cached("statistics", 300, lambda: all_charts(session, today))


@blueprint.get("/statistics")
def page():
    today, charts = _charts()
    periods, error = period_context(request.args.to_dict())
    return render_template(
        "statistics/page.html", charts=charts, today=today, as_number=as_number, error=error, **periods
    ), 400 if error else 200


@blueprint.get("/statistics/<key>.csv")
def chart_csv(key: str):
    today, charts = _charts()
    chart = next((c for c in charts if c.key == key), None)
    if chart is None:
        abort(404)
    body = "".join(
        encode("csv", ["项目", f"数值（{chart.unit}）"], ([label, str(value)] for label, value in chart.rows))
    )
    return attachment(body, "text/csv; charset=utf-8", f"statistics-{key}-{today}.csv")
