"""The action plan's pages (plan.py)."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from .. import db, goals, organising, performance, plan
from ..coordinate.pooled import rows
from ..forms import choices
from ..i18n import isolated
from ..lead.forms import ACTIVITY_STATUSES
from ..models import Activity
from . import bp
from .forms import KeepForm, PlanFilter


def _filter() -> tuple[PlanFilter, bool]:
    session = db.session()
    form = PlanFilter(request.args)
    form.goal.choices = choices([(0, _l("Every goal")), *((g.id, g.result) for g in goals.goals(session))])
    figures = rows(session, current_app.extensions["mina_svar.structures"], get_locale().language)
    form.area.choices = choices([("", _l("Every focus area")), *((k, n) for k, n, area in figures if area)])
    form.indicator.choices = choices([("", _l("Every indicator")), *((k, n) for k, n, area in figures if not area)])
    form.place.choices = choices([(0, _l("Every place")), *((p.id, p.name) for p in organising.places(session))])
    form.organisation.choices = choices([(0, _l("Every partner")),
                                         *((o.id, o.name) for o in organising.organisations(session))])
    return form, form.validate()


@bp.get("/")
def action_plan():
    session = db.session()
    form, valid = _filter()
    chosen = plan.Filter(form.goal.data or None, form.area.data or None, form.indicator.data or None,
                         form.place.data or None, form.organisation.data or None) if valid else plan.Filter()
    found = plan.activities(session, chosen) if valid else []
    measured = performance.measures(session, found, current_app.extensions["mina_svar.structures"],
                                    current_app.config["MIN_RESPONDENTS"])
    everything = plan.Filter() == chosen
    # Names set apart once each (i18n.isolated), not once a row: a plan can hold a thousand activities.
    partners = {o.id: isolated(o.name) for o in organising.organisations(session)}
    overlapping = {activity_id: (len(others), Markup(", ").join(
        partners[pid] for pid in sorted({o.responsible_organisation_id for o in others}, key=lambda p: partners[p])))
        for activity_id, others in plan.overlaps(found).items()}
    # Each count said once, not once a row.
    met = {n: ngettext("met %(num)s time", "met %(num)s times", n) for n in {a.sessions for a in found} - {None}}
    took_part = {n: ngettext("%(num)s took part", "%(num)s took part", n)
                 for n in {a.attendance for a in found} - {None}}
    return render_template(
        "partners/plan.html", form=form, measured=measured, overlaps=overlapping, met=met, took_part=took_part,
        gaps=plan.gaps(session, goals.goals(session)) if everything else None, partners=partners,
        places={p.id: isolated(p.name) for p in organising.places(session)}, statuses=ACTIVITY_STATUSES,
        may_keep=lambda activity: plan.may_keep(current_user, activity)), 200 if valid else 400


@bp.route("/activities/<int:activity_id>", methods=["GET", "POST"])
def keep_activity(activity_id: int):
    activity = db.session().get(Activity, activity_id) or abort(404)
    if not plan.may_keep(current_user, activity):
        abort(403)
    form = KeepForm(obj=activity)
    if form.validate_on_submit():
        plan.keep(activity, current_user, {name: getattr(form, name).data for name in plan.PLAN_FIELDS})
        db.session().flush()
        flash(_("Saved."))
        return redirect(url_for(".action_plan") + f"#activity-{activity.id}")
    return render_template("partners/keep.html", activity=activity, form=form), 400 if form.errors else 200
