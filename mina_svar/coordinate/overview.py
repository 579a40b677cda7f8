"""The coordinator's overview: every group's latest Läget, and its trend."""

from flask import current_app, render_template, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional, ValidationError

from .. import analysis, db, feedback, organising, questionnaire
from ..forms import choices
from ..models import OWN_AREA
from ..questionnaire import text
from . import bp

# Each group's own table over time is shown for this many groups at most; more are chosen by organisation.
OVER_TIME_AT_MOST = 50


class OverviewFilter(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    organisation = SelectField(_l("Organisation"), coerce=int, validate_choice=False, default=0)
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("To"), validators=[Optional()])

    def validate_until(self, field):
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("The period cannot end before it starts."))


def area_columns(session, found: list[analysis.GroupTrend], structures, language: str) -> list[tuple[str, str]]:
    """A column per focus area of the questionnaires the shown measurements asked, matched by key, each
    named as the newest of them names it (Läget's five for a Läget-only overview)."""
    used = sorted({measurement.questionnaire_id for trend in found for measurement, _summary in trend.measurements},
                  reverse=True)
    columns: dict[str, str] = {}
    for questionnaire_id in used:  # the newest first: its names win, its order leads
        for area in structures.get(session, questionnaire_id).areas:
            if area.key != OWN_AREA:  # a group's own questions are compared within its cycle only
                columns.setdefault(area.key, text(area.title, language))
    return list(columns.items())


@bp.get("/overview")
def overview():
    session = db.session()
    form = OverviewFilter(request.args)
    organisations = organising.organisations(session)
    form.organisation.choices = choices([(0, _l("All organisations")), *((o.id, o.name) for o in organisations)])
    valid = form.validate()
    groups = organising.groups(session)
    if valid and form.organisation.data:
        groups = [g for g in groups if g.organisation_id == form.organisation.data]
    structures = current_app.extensions["mina_svar.structures"]
    found = analysis.trends(session, groups, structures, current_app.config["MIN_RESPONDENTS"],
                            form.since.data if valid else None, form.until.data if valid else None)
    # Labels read once, not once per cell: a thousand groups make five thousand cells.
    language = get_locale().language
    areas = area_columns(session, found, structures, language)
    # Activities are tagged with the focus areas of any questionnaire: named as the columns name them, else
    # as the newest published questionnaire does.
    latest = questionnaire.latest(session)
    area_names = dict(areas) | ({area.key: text(area.title, language)
                                 for area in structures.get(session, latest.id).areas} if latest else {})
    rated = feedback.by_satisfaction(session, [g.id for g in groups], list(area_names),
                                     current_app.config["MIN_RESPONDENTS"])
    return render_template("coordinate/overview.html", form=form, trends=found,
                           over_time_at_most=OVER_TIME_AT_MOST, areas=areas, rated=rated,
                           area_names=area_names), 200 if valid else 400
