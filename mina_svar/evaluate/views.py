"""The initiative's data for an evaluator: its goals as their curves stand, and all of it as a Frictionless Data
Package (data_package.py)."""

from datetime import date
from functools import partial

from flask import current_app, make_response, render_template

from .. import data_package, db, goals, organising
from ..coordinate.pooled import figure_names
from . import bp


@bp.get("/")
def home():
    session = db.session()
    found = goals.goals(session)
    curves = goals.curves(session, [figure for goal in found for figure in goal.key_figures],
                          current_app.extensions["mina_svar.structures"], current_app.config["MIN_RESPONDENTS"])
    return render_template("evaluate/home.html", initiative=organising.initiative(session), goals=found,
                           curves=curves, figure_name=partial(goals.figure_name, names=figure_names()))


@bp.get("/data-package.zip")
def download():
    session = db.session()
    tables = data_package.tables(session, current_app.extensions["mina_svar.structures"],
                                 current_app.config["MIN_RESPONDENTS"], figure_names())
    today = date.today()
    body = data_package.zipped(tables, organising.initiative(session).name or "Mina Svar", today)
    response = make_response(body)
    response.headers["Content-Type"] = "application/zip"
    response.headers["Content-Disposition"] = f'attachment; filename="mina-svar-{today.isoformat()}.zip"'
    return response
