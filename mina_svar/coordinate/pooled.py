"""Läget across the initiative: the groups' shown figures pooled, per period, for all groups, a place or a
partner (pooling.py)."""

from flask import current_app, render_template, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField

from .. import db, organising, pooling, questionnaire, rounds, statistics
from ..forms import choices
from ..models import OWN_AREA
from ..questionnaire import text
from . import bp
from .forms import RoundForm

# The newest periods shown side by side; the curve of a goal shows them all.
PERIODS_AT_MOST = 6


class PooledFilter(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    place = SelectField(_l("Place"), coerce=int, validate_choice=True, default=0)
    organisation = SelectField(_l("Partner"), coerce=int, validate_choice=True, default=0)


def rows(session, structures, language: str) -> list[tuple[str, str, bool]]:
    """(key, name, is a focus area) for each focus area of the newest Läget and each of its indicators."""
    latest = questionnaire.latest(session)
    if latest is None:
        return []
    found = []
    for area in structures.get(session, latest.id).areas:
        if area.key != OWN_AREA:
            found.append((area.key, text(area.title, language), True))
            found += [(f"{area.key}.{i.key}", text(i.title, language), False) for i in area.indicators]
    return found


def figure_names(areas_only: bool = False) -> dict[str, str]:
    """The focus areas (and, unless ``areas_only``, the indicators) of the newest Läget by key, in the reader's
    language."""
    return {key: name for key, name, is_area in rows(db.session(), current_app.extensions["mina_svar.structures"],
                                                     get_locale().language) if is_area or not areas_only}


@bp.get("/initiative/laget")
def pooled():
    return pooled_page()


def pooled_page(round_form: RoundForm | None = None, status: int = 200):
    session = db.session()
    form = PooledFilter(request.args)
    places, partners = organising.places(session), organising.organisations(session)
    form.place.choices = choices([(0, _l("Every place")), *((p.id, p.name) for p in places)])
    form.organisation.choices = choices([(0, _l("Every partner")), *((o.id, o.name) for o in partners)])
    valid = form.validate()
    groups = organising.groups(session)
    if valid and form.place.data:
        groups = [g for g in groups if g.place_id == form.place.data]
    if valid and form.organisation.data:
        groups = [g for g in groups if g.organisation_id == form.organisation.data]
    structures = current_app.extensions["mina_svar.structures"]
    periods = pooling.pooled(session, groups, structures, current_app.config["MIN_RESPONDENTS"]) if valid else []
    return render_template("coordinate/pooled.html", form=form, periods=periods[-PERIODS_AT_MOST:],
                           earlier=max(0, len(periods) - PERIODS_AT_MOST), groups=groups,
                           rows=rows(session, structures, get_locale().language),
                           minimum=current_app.config["MIN_RESPONDENTS"], rounds=rounds.rounds(session),
                           series=statistics.all_series(session), latest=statistics.latest_by_area,
                           area_names=figure_names(areas_only=True),
                           round_form=round_form or RoundForm(formdata=None, prefix="round")
                           ), status if valid else 400
