from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from mina_svar import db
from mina_svar.models import Base


def test_migrations_create_exactly_the_models(database_url):
    engine = db.make_engine(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_upgrading_again_is_harmless(database_url):
    db.upgrade(database_url)
    test_migrations_create_exactly_the_models(database_url)
