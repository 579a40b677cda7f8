"""Command-line tasks: ``flask --app mina_svar init | demo | measurements | quickstart | statistics import |
digest send``."""

import logging
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import force_locale
from werkzeug.serving import run_simple

from . import db, demo, i18n, measuring, questionnaire, statistics


def init_app(app: Flask) -> None:
    app.cli.add_command(init_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(measurements_command)
    app.cli.add_command(quickstart_command)
    app.cli.add_command(statistics_group)
    app.cli.add_command(digest_group)


def _init() -> None:
    db.upgrade(current_app.config["DATABASE_URL"])
    i18n.compile_catalogues()
    questionnaire.load_file(db.session())
    db.session().commit()
    current_app.extensions["mina_svar.structures"].clear()


def _print_demo(base_url: str) -> None:
    created = demo.create(db.session())
    click.echo(f"Mina Svar is at        {base_url}/")
    click.echo(f"Join code              {created.code}   (or open {base_url}/j/{created.code})")
    click.echo(f"Leader login           {created.leader_email} / {created.leader_password}   ({base_url}/sign-in)")
    click.echo(f"Coordinator login      {created.coordinator_email} / {created.coordinator_password}")


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create or upgrade the database and load the default Läget questionnaire."""
    _init()
    click.echo("Database is up to date; the Läget questionnaire is loaded.")


@click.command("demo")
@with_appcontext
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True,
              help="The address the app is served at, for the printed links.")
def demo_command(base_url: str) -> None:
    """Create a demo organisation, group, leader and open measurement."""
    _init()
    _print_demo(base_url.rstrip("/"))


@click.command("measurements")
@with_appcontext
def measurements_command() -> None:
    """One line per measurement: code, state, completed responses."""
    lines = measuring.overview(db.session())
    if not lines:
        click.echo("No measurements yet.")
    for line in lines:
        label = " · ".join(part for part in (line.group, line.title) if part)
        click.echo(f"{line.code}  {line.state:<6}  {line.completed:>5} completed  {label}")


@click.command("quickstart")
@with_appcontext
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
def quickstart_command(host: str, port: int) -> None:
    """Set up the database with demo data and serve the app (for trying it out)."""
    _init()
    _print_demo(f"http://{host}:{port}")
    click.echo("Press Ctrl+C to stop.")
    # No request log: it would print respondents' IP addresses.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    # Flask refuses app.run() inside its own CLI; serve with Werkzeug directly.
    run_simple(host, port, current_app._get_current_object(),  # type: ignore[attr-defined]
               threaded=True)


@click.group("statistics")
def statistics_group() -> None:
    """Public statistics beside Läget."""


@statistics_group.command("import")
@with_appcontext
@click.argument("file_or_url")
@click.option("--focus-area", default=None, help="The key of the focus area the series is shown beside (work, …).")
def statistics_import_command(file_or_url: str, focus_area: str | None) -> None:
    """Import a series: a JSON-stat 2.0 file or URL (fetched only then), e.g. a PxWeb API's, or a Frictionless
    resource descriptor whose CSV (fields place, period, value) lies beside it."""
    try:
        folder = None
        if file_or_url.startswith(("http://", "https://")):
            text = statistics.fetched(file_or_url)
        else:
            folder = Path(file_or_url).parent  # where a Frictionless descriptor's CSV is
            text = Path(file_or_url).read_text(encoding="utf-8")
        series = statistics.import_text(db.session(), text, file_or_url, focus_area, folder=folder)
    except (OSError, UnicodeDecodeError, statistics.StatisticsError) as error:
        db.session().rollback()
        with current_app.test_request_context(), force_locale("en"):  # the reason is a text of the interface
            reason = str(error)
        raise click.ClickException(f"Nothing was imported: {reason}") from None
    db.session().commit()
    tied = sum(value.place_id is not None for value in series.values)
    click.echo(f"Imported {series.title!r} ({series.source}): {len(series.values)} values, "
               f"{tied} of them for the initiative's places.")


@click.group("digest")
def digest_group() -> None:
    """The digest for partners and the steering group."""


@digest_group.command("send")
@with_appcontext
@click.option("--period", default=None, help="A month (2026-11) or a quarter (2026-Q4); the last whole quarter "
                                             "by default.")
def digest_send_command(period: str | None) -> None:
    """E-mail the digest to every partner's person and steering-group member, each in their language."""
    from datetime import date

    from . import digest, mailing
    from .digests import letters

    if not current_app.config.get("MAIL_SERVER"):
        raise click.ClickException("No mail server is set up (MINA_SVAR_MAIL_SERVER): nothing was sent.")
    try:
        asked = digest.span(period, date.today())
    except digest.NotAPeriod:
        raise click.ClickException(f"Not a month (2026-11) or a quarter (2026-Q4): {period}") from None
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        found = digest.digest(db.session(), asked, current_app.extensions["mina_svar.structures"],
                              current_app.config["MIN_RESPONDENTS"])
        sent, readers = letters.send(db.session(), found)
    click.echo(f"The digest of {asked.key}: {sent} of {readers} letters taken by the mail server.")
    if mailing.configured() and sent < readers:
        raise click.ClickException("Some letters were not taken; see the log.")
