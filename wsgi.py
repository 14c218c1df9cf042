"""WSGI entry point: ``app = create_app()`` and nothing else."""

import os

from xinyong.site import create_app
from xinyong.site.startup import locate_instance, settings_or_exit

locate_instance(os.environ)
# Bad settings: one line on stderr and exit code 4, which gunicorn treats as "App failed to load"
# and stops instead of booting workers again and again.
app = create_app(settings_or_exit(4))
