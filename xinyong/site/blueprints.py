"""Every blueprint of the app, declared once, in registration order.

The URL prefix picks the subpackage: `/api/…` → `site/api`, `/admin/…` → `site/admin`,
`/widget/…` → `xinyong/widgets`, anything else → `site/public`. The order is the order Flask
registers them in (the first blueprint holding a rule answers it), unchanged from before the
layout moved them.
"""

from __future__ import annotations

from flask import Blueprint

from xinyong.site.admin.auth import blueprint as admin_auth
from xinyong.site.admin.batches import blueprint as admin_batches
from xinyong.site.admin.cases import blueprint as admin_cases
from xinyong.site.admin.centre import blueprint as admin_centre
from xinyong.site.admin.centre_batches import blueprint as admin_centre_batches
from xinyong.site.admin.delegations import blueprint as admin_delegations
from xinyong.site.admin.pilot import blueprint as admin_pilot
from xinyong.site.admin.records import blueprint as admin_records
from xinyong.site.admin.tables import blueprint as admin_tables
from xinyong.site.api.batches import blueprint as api_batches
from xinyong.site.api.check_log import blueprint as api_check_log
from xinyong.site.api.checks import blueprint as api_checks
from xinyong.site.api.lists import blueprint as api_lists
from xinyong.site.api.openapi import blueprint as api_openapi
from xinyong.site.public.browse import blueprint as public_browse
from xinyong.site.public.feeds import blueprint as public_feeds
from xinyong.site.public.home import blueprint as public_home
from xinyong.site.public.list_feeds import blueprint as public_list_feeds
from xinyong.site.public.opendata import blueprint as public_opendata
from xinyong.site.public.opendata_versions import blueprint as public_opendata_versions
from xinyong.site.public.procedures import blueprint as public_procedures
from xinyong.site.public.profiles import blueprint as public_profiles
from xinyong.site.public.reports import blueprint as public_reports
from xinyong.site.public.search import blueprint as public_search
from xinyong.site.public.statistics import blueprint as public_statistics
from xinyong.site.public.statistics_periods import blueprint as public_statistics_periods
from xinyong.widgets.batch_views import blueprint as widget_batch
from xinyong.widgets.views import blueprint as widget

BLUEPRINTS: tuple[Blueprint, ...] = (
    public_home,
    public_search,
    public_profiles,
    public_browse,
    public_statistics,
    public_statistics_periods,
    public_feeds,
    public_list_feeds,
    public_opendata,
    public_opendata_versions,
    public_reports,
    api_checks,
    api_check_log,
    api_lists,
    api_openapi,
    widget,
    api_batches,
    widget_batch,
    admin_centre_batches,
    admin_auth,
    public_procedures,
    admin_cases,
    admin_batches,
    admin_delegations,
    admin_tables,
    admin_records,
    admin_pilot,
    admin_centre,
)
