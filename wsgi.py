"""WSGI entry point: ``app = create_app()`` and nothing else."""

from xinyong.site import create_app

app = create_app()
