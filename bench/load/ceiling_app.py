"""The ceiling of the load test: the smallest Flask endpoint, served by the same gunicorn
configuration as the portal. What the portal's routes reach is reported as a share of it."""

from flask import Flask

app = Flask(__name__)


@app.get("/ping")
def ping() -> str:
    return "ok"
