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


def test_sent_responses_keep_their_day_and_closed_measurements_their_results(database_url, tmp_path):
    """Upgrading a database that holds answers: 0003 → 0004 (released responses, coarse days)."""
    from alembic import command
    from sqlalchemy import text

    if database_url.startswith("sqlite"):
        url = "sqlite:///" + str(tmp_path / "old.sqlite3")
    else:
        url = database_url.rsplit("/", 1)[0] + "/" + database_url.rsplit("/", 1)[1] + "_old"
        admin = db.make_engine(database_url.rsplit("/", 1)[0] + "/postgres").execution_options(
            isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}"'))
            connection.execute(text(f'CREATE DATABASE "{url.rsplit("/", 1)[1]}"'))
    command.upgrade(db.alembic_config(url), "0003")
    engine = db.make_engine(url)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO questionnaires (id, key, version, title, intro, languages, created_at) "
            "VALUES (1, 'laget', 1, '{}', '{}', '[]', '2026-01-01 10:00:00+00:00')"))
        connection.execute(text(
            "INSERT INTO focus_areas (id, questionnaire_id, key, position, title, description) "
            "VALUES (1, 1, 'work', 1, '{}', '{}')"))
        connection.execute(text("INSERT INTO indicators (id, focus_area_id, key, position, title) "
                                "VALUES (1, 1, 'ways_in', 1, '{}')"))
        connection.execute(text(
            "INSERT INTO questions (id, focus_area_id, indicator_id, key, position, kind, text, reversed, "
            "allows_dont_know) VALUES (1, 1, 1, 'work.apply', 1, 'scale', '{}', false, true)"))
        for measurement, state in ((1, "closed"), (2, "open")):
            connection.execute(text(
                "INSERT INTO measurements (id, questionnaire_id, title, code, state, opened_at) "
                f"VALUES ({measurement}, 1, '', 'CODE{measurement}', '{state}', '2026-03-01 09:00:00+00:00')"))
            connection.execute(text(
                "INSERT INTO responses (id, measurement_id, token, language, page, started_at, completed_at) "
                f"VALUES ({measurement}, {measurement}, 't{measurement}', 'sv', 6, "
                "'2026-03-02 14:31:07.123456+00:00', '2026-03-02 14:35:59.654321+00:00')"))
            connection.execute(text("INSERT INTO answers (id, response_id, question_id, value, dont_know, "
                                    f"moderation) VALUES ({measurement}, {measurement}, 1, 4, false, 'pending')"))
            connection.execute(text("INSERT INTO answer_tallies (measurement_id, question_id, language, value, n) "
                                    f"VALUES ({measurement}, 1, 'sv', 4, 1)"))
    command.upgrade(db.alembic_config(url), "head")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT measurement_id, sent_on, released FROM responses ORDER BY id")).all()
        assert [(m, str(day), bool(released)) for m, day, released in rows] == [
            (1, "2026-03-02", True), (2, "2026-03-02", False)]
        assert connection.execute(text("SELECT measurement_id FROM answer_tallies")).scalars().all() == [1]
        assert connection.execute(text("SELECT measurement_id, scope, n FROM contributor_tallies ORDER BY scope")
                                  ).all() == [(1, "work", 1), (1, "work.ways_in", 1)]
        public_ids = connection.execute(text("SELECT public_id FROM answers")).scalars().all()
        assert len(set(public_ids)) == 2 and all(len(p) >= 16 for p in public_ids)
    engine.dispose()
    if not database_url.startswith("sqlite"):
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
        admin.dispose()
