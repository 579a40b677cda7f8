"""Fixtures: every database test runs on SQLite and on PostgreSQL.

PostgreSQL is found at ``MINA_SVAR_TEST_POSTGRES_URL`` (by default the local
server, user ``postgres``); each test session makes a database of its own and
drops it at the end.
"""

import os
import re
import uuid

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jinja2 import BytecodeCache
from sqlalchemy import Table, create_engine, select, text
from sqlalchemy.exc import OperationalError

from mina_svar import assets, create_app, db, questionnaire
from mina_svar.extensions import limiter
from mina_svar.models import Base

# A cheap password hash: scrypt's tenth of a second per hash, three per staff world and one per sign-in, was a
# fifth of the suite's time. tests/test_security.py checks that the app's own default is scrypt.
TEST_CONFIG = {"TESTING": True, "SECRET_KEY": "test-secret", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1"}

POSTGRES_URL = os.environ.get("MINA_SVAR_TEST_POSTGRES_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _postgres_database():
    name = f"mina_svar_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
            # A test database need not survive a crash: commits need not wait for the disk.
            connection.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    except Exception as error:  # noqa: BLE001 - say plainly what is missing
        pytest.fail(f"PostgreSQL is needed for the tests and did not answer at {POSTGRES_URL}: {error}")
    url = POSTGRES_URL.rsplit("/", 1)[0] + "/" + name

    def drop():
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory):
    """A migrated, empty database of each kind."""
    if request.param == "sqlite":
        url = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")
        drop = None
    else:
        url, drop = _postgres_database()
    db.upgrade(url)
    yield url
    if drop:
        drop()


# For a test whose database only sets the scene and whose check is pure computing (an audit over random
# groups): it runs once, on SQLite, rather than once per database.
sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


_ENGINES: dict = {}


def _empty(url: str) -> None:
    """Every table emptied after a test, by one engine per database kept for the test process (a new one
    connected anew each time: half of the 25 ms it took on PostgreSQL)."""
    engine = _ENGINES.get(url) or _ENGINES.setdefault(url, db.make_engine(url))
    deletes = [f"DELETE FROM {table.name}" for table in reversed(Base.metadata.sorted_tables)]
    try:
        _delete(engine, deletes)
    except OperationalError:  # a test dropped every connection (test_respond): connect anew
        engine.dispose()
        _delete(engine, deletes)


def _delete(engine, deletes: list[str]) -> None:
    with engine.begin() as connection:
        # DELETE of a few rows is quicker than TRUNCATE, which makes every table's files anew.
        if engine.dialect.name == "postgresql":  # one round trip for all of them
            connection.exec_driver_sql("; ".join([*deletes, "SELECT setval(c.oid, 1, false) FROM pg_class c "
                                                            "WHERE c.relkind = 'S'"]))
        else:
            for delete in deletes:
                connection.exec_driver_sql(delete)


_LÄGET_ROWS: dict[str, dict[Table, list[dict]]] = {}


def _load_läget(app: Flask, url: str) -> None:
    """Läget in the empty database: loaded from its file once per database and test process, then copied in
    as the rows that loading made (a statement per table rather than the ORM's hundred rows)."""
    engine = app.extensions["mina_svar.engine"]
    rows = _LÄGET_ROWS.get(url)
    if rows is None:
        with app.app_context():
            questionnaire.load_file(db.session())
            db.session().commit()
        with engine.connect() as connection:
            rows = {table: [dict(row._mapping) for row in connection.execute(select(table))]
                    for table in Base.metadata.sorted_tables}
        _LÄGET_ROWS[url] = {table: found for table, found in rows.items() if found}
        return
    with engine.begin() as connection:
        for table, found in rows.items():  # parents before children
            connection.execute(table.insert(), found)
            if engine.dialect.name == "postgresql" and "id" in table.c:
                connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                        f"(SELECT max(id) FROM {table.name}))"))


class CompiledTemplates(BytecodeCache):
    """Templates compiled once per test process rather than once per test's app: compiling them was a quarter
    of a request-level test's time. A template whose source changed is compiled again (its checksum)."""

    def __init__(self) -> None:
        self.kept: dict[str, tuple[str, object]] = {}

    def load_bytecode(self, bucket) -> None:
        checksum, code = self.kept.get(bucket.key, (None, None))
        if checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket) -> None:
        self.kept[bucket.key] = (bucket.checksum, bucket.code)


COMPILED_TEMPLATES = CompiledTemplates()


class KeptStylesheetClient(FlaskClient):
    """A test client as a browser that keeps the stylesheet: its pages link the file, so a test reading a page
    reads what the page says, not the stylesheet sent inside it (test_assets.py tests browsers without it)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.set_cookie(assets.STYLESHEET_COOKIE, self.application.extensions["mina_svar.stylesheet"]().version)


@pytest.fixture(scope="session")
def _apps() -> dict[str, Flask]:
    return {}


def _new_app(database_url: str) -> Flask:
    app = create_app({**TEST_CONFIG, "DATABASE_URL": database_url})
    app.test_client_class = KeptStylesheetClient
    app.jinja_env.bytecode_cache = COMPILED_TEMPLATES
    return app


@pytest.fixture
def app(request, database_url, _apps):
    """The app on an empty database with Läget loaded. One app per database and test process, put back as it
    was after each test (its settings, its limits, its kept structures): making one took a tenth of a
    request-level test's time, compiling its 280 URL rules. A test marked ``own_app`` gets a new one."""
    if request.node.get_closest_marker("own_app"):
        app = _new_app(database_url)
    else:
        app = _apps.get(database_url) or _apps.setdefault(database_url, _new_app(database_url))
    settings = dict(app.config)
    limiter.reset()
    app.extensions["mina_svar.structures"].clear()
    _load_läget(app, database_url)
    yield app
    db.dispose(app)
    _empty(database_url)
    app.config.clear()
    app.config.update(settings)


@pytest.fixture(scope="session")
def smtp_server():
    from .mailbox import Mailbox

    mailbox = Mailbox()
    mailbox.start()
    yield mailbox
    mailbox.stop()


@pytest.fixture
def mailbox(app, smtp_server):
    """The app sends its letters to a real SMTP server started by the tests; this test's letters."""
    smtp_server.letters.clear()
    app.config.update(smtp_server.settings())
    return smtp_server


@pytest.fixture
def session(app):
    """A database session for domain tests, inside an app context."""
    with app.app_context():
        yield db.session()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def world(app):
    """Two groups with their leaders, a coordinator, and a cycle with an open Läget 1 (tests/staff.py)."""
    from .staff import make_world

    return make_world(app)


@pytest.fixture
def leader(app, world):
    """A client signed in as the leader of the world's first group."""
    from .staff import sign_in

    client = app.test_client()
    assert sign_in(client, "a@example.org").location == "/lead/"
    return client


@pytest.fixture
def coordinator(app, world):
    """A client signed in as the world's coordinator."""
    from .staff import sign_in

    client = app.test_client()
    sign_in(client, "c@example.org")
    return client


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF token"
    return match.group(1)


CSRF_INPUT = re.compile(r'<input[^>]*\bname="csrf_token"[^>]*>')


def without_csrf(page: str) -> str:
    """A page without its CSRF fields: a staff page masks the token afresh each time (csrf_masks.py)."""
    return CSRF_INPUT.sub("", page)


def words(html: str) -> str:
    """A page's text as read, without the isolation of names (``<bdi>``) around what people typed."""
    return re.sub(r"</?bdi[^>]*>", "", html)



def page_meant(client, url: str, marker: str = "<h1") -> str:
    """A page's text, after checking it is the page meant (200, and ``marker``, which only it shows): an error
    page or a redirect would pass every "not on the page" check made of it."""
    page = client.get(url)
    assert page.status_code == 200, url
    assert marker in page.text, (url, marker)
    return page.text


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """A browser module's tests run in one process (``--dist loadgroup``), so its served app and its data are
    made once rather than in each."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


def pytest_sessionfinish(session, exitstatus):
    from .browser import close_chromium

    close_chromium()
