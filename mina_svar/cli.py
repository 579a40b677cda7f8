"""Command-line tasks: ``flask --app mina_svar init | demo | measurements | quickstart``."""

import logging

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from werkzeug.serving import run_simple

from . import db, demo, i18n, measuring, questionnaire


def init_app(app: Flask) -> None:
    app.cli.add_command(init_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(measurements_command)
    app.cli.add_command(quickstart_command)


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
