"""The app's database handle: one engine per app, one session per request (closed at teardown)."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from xinyong.records.db import make_engine, make_session_factory

EXTENSION = "xinyong.database"


class Database:
    def __init__(self, url: str):
        self.engine: Engine = make_engine(url)
        self.factory: sessionmaker[Session] = make_session_factory(self.engine)

    def init_app(self, app: Flask) -> None:
        app.extensions[EXTENSION] = self
        app.teardown_appcontext(_close_session)


def database() -> Database:
    return current_app.extensions[EXTENSION]


def db_session() -> Session:
    if "db_session" not in g:
        g.db_session = database().factory()
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
