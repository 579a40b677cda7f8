"""Database wiring: one engine per app, one session per request, migrations."""

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from alembic import command
from alembic.config import Config
from flask import Flask, Response, current_app, g
from sqlalchemy import Connection, CursorResult, Engine, Result, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

T = TypeVar("T")
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def make_engine(url: str, **options) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 15}, **options)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # No ping before each use: it would double the round trips of a tap. A connection the database has
    # dropped (a restart) fails its next statement instead; SQLAlchemy then replaces the pool's connections,
    # and a tap is tried once more on a new one (``on_live_connection``).
    return create_engine(url, **options)


def insert(dialect: str, table):
    """An INSERT that can say what to do ON CONFLICT, on either database (``dialect``: its name)."""
    return {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect](table)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers go on while one writer saves; NORMAL sync is safe in
    # WAL mode (a power cut can lose the last commit, never corrupt the file).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["mina_svar.engine"] = engine
    # The bare connections of the hot paths commit each statement by itself on PostgreSQL: a pool of their
    # own, kept in that mode, so that a tap does not switch it on and off again.
    app.extensions["mina_svar.bare_engine"] = (
        engine if engine.dialect.name == "sqlite" else make_engine(app.config["DATABASE_URL"],
                                                                    isolation_level="AUTOCOMMIT"))
    app.extensions["mina_svar.sessionmaker"] = sessionmaker(engine, expire_on_commit=False)
    app.after_request(_end_transaction)
    app.teardown_appcontext(_close_session)


def _end_transaction(response: Response) -> Response:
    """One transaction per request: domain functions flush, and the request commits once when
    it succeeded, or rolls back everything when it answers with an error (nothing half-saved).

    Here rather than at teardown, so that a failing commit still turns into an error page
    instead of a success already on its way.
    """
    opened = g.get("db_session")
    if opened is not None:
        if response.status_code < 400:
            opened.commit()
        else:
            opened.rollback()
    return response


def engine() -> Engine:
    return current_app.extensions["mina_svar.engine"]


def dispose(app: Flask) -> None:
    """Close every pooled connection of ``app`` (before its database is dropped or emptied)."""
    for engine_ in {app.extensions["mina_svar.engine"], app.extensions["mina_svar.bare_engine"]}:
        engine_.dispose()


def session() -> Session:
    """The session of this request (or CLI command), opened on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["mina_svar.sessionmaker"]()
    return g.db_session


def connection() -> Connection:
    """A bare connection for this request, for the few hot paths that need no ORM.

    On PostgreSQL each statement on it commits by itself (no BEGIN or COMMIT
    round trips): only for paths whose every write is one statement.
    """
    if "db_connection" not in g:
        g.db_connection = current_app.extensions["mina_svar.bare_engine"].connect()
    return g.db_connection


def on_live_connection(work: Callable[[Connection], T]) -> T:
    """``work`` on this request's bare connection, and once more on a new one when the database had
    dropped it (restarted meanwhile): only for work that may safely run twice, like saving the same answers.
    """
    try:
        return work(connection())
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
        g.pop("db_connection").close()
        return work(connection())


def first_row_on_driver(connection: Connection, statement: str, parameters: dict) -> dict[str, Any] | None:
    """The first row of ``statement`` (in the driver's own parameter style) run on the driver's cursor, by
    column name.

    Only for the one statement every tap runs: there SQLAlchemy's execution and result handling cost
    more of the server's time than the database does. Errors still come as SQLAlchemy's, and a connection
    the database dropped is invalidated as SQLAlchemy does it, so that ``on_live_connection`` tries again.
    """
    dbapi = connection.dialect.loaded_dbapi
    driver_connection = connection.connection
    cursor = driver_connection.cursor()
    try:
        cursor.execute(statement, parameters)
        row = cursor.fetchone()
        return dict(zip((column[0] for column in cursor.description), row, strict=True)) if row else None
    except dbapi.Error as error:
        dropped = connection.dialect.is_disconnect(error, driver_connection.dbapi_connection, cursor)
        if dropped:
            connection.invalidate(error)
            connection.engine.dispose()  # as SQLAlchemy does then: the pool's other connections went with it
        raise DBAPIError.instance(statement, parameters, error, dbapi.Error, connection_invalidated=dropped,
                                  dialect=connection.dialect) from error
    finally:
        cursor.close()


def _close_session(_exc) -> None:
    for name in ("db_session", "db_connection"):
        opened = g.pop(name, None)
        if opened is not None:
            opened.close()


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str) -> None:
    """Bring the database at ``url`` to the newest migration."""
    command.upgrade(alembic_config(url), "head")


def changed(result: Result) -> int:
    """How many rows an UPDATE or DELETE run through a session changed (its result is a cursor's)."""
    return cast(CursorResult, result).rowcount
