"""The initiative's own page: its name and purpose, its places, its partners and where each group meets."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import db, organising, performance
from ..models import Group, Organisation, Place
from . import bp
from .forms import GroupPlaceForm, InitiativeForm, PartnerForm, PlaceForm
from .pooled import figure_names
from .views import added_by_name, place_choices


def _page(status=200, initiative_form=None, place_form=None):
    session = db.session()
    initiative = organising.initiative(session)
    groups = organising.groups(session)
    return render_template(
        "coordinate/initiative.html", initiative=initiative,
        initiative_form=initiative_form or InitiativeForm(obj=initiative, formdata=None, prefix="initiative"),
        place_form=place_form or PlaceForm(formdata=None, prefix="place"), places=organising.places(session),
        partners=organising.organisations(session), sectors=organising.SECTOR_NAMES,
        groups=groups, place_forms={g.id: _place_form(g) for g in groups}), status


@bp.get("/initiative")
def initiative():
    return _page()


@bp.post("/initiative")
def describe_initiative():
    form = InitiativeForm(prefix="initiative")
    if not form.validate_on_submit():
        return _page(400, initiative_form=form)
    organising.describe_initiative(db.session(), form.name.data, form.purpose.data or "")
    flash(_("Saved."))
    return redirect(url_for(".initiative"))


@bp.post("/places")
def add_place():
    form = PlaceForm(prefix="place")
    return added_by_name(form, lambda: organising.create_place(db.session(), form.name.data),
                         lambda: _("The place %(name)s is added.", name=form.name.data), ".initiative",
                         lambda: _page(400, place_form=form))


@bp.post("/groups/<int:group_id>/place")
def move_group(group_id: int):
    group = db.session().get(Group, group_id) or abort(404)
    form = _place_form(group, sent=True)
    if not form.validate_on_submit():
        abort(400)
    place = db.session().get(Place, form.place.data) if form.place.data else None
    organising.move_group(db.session(), group, place)
    flash(_("%(group)s meets in %(place)s.", group=group.name, place=place.name) if place
          else _("Where %(group)s meets is not said.", group=group.name))
    return redirect(url_for(".initiative"))


def _place_form(group: Group, sent: bool = False) -> GroupPlaceForm:
    """Where ``group`` meets: as it is, or as ``sent`` in this request."""
    form = GroupPlaceForm(formdata=request.form if sent else None, prefix=f"group-{group.id}",
                          data={"place": group.place_id or 0})
    form.place.choices = place_choices(db.session())
    return form


@bp.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
def partner(organisation_id: int):
    organisation = db.session().get(Organisation, organisation_id) or abort(404)
    form = PartnerForm(obj=organisation)
    if form.validate_on_submit():
        organising.describe_partner(organisation, form.sector.data or None, form.contact_name.data or "",
                                    form.contact_email.data or "")
        db.session().flush()
        flash(_("Saved."))
        return redirect(url_for(".initiative"))
    measured = performance.measures(db.session(), performance.of_partner(db.session(), organisation.id),
                                    current_app.extensions["mina_svar.structures"],
                                    current_app.config["MIN_RESPONDENTS"])
    return render_template("coordinate/partner.html", organisation=organisation, form=form,
                           sectors=organising.SECTOR_NAMES, measured=measured, total=performance.summed(measured),
                           area_names=figure_names(areas_only=True)), 400 if form.errors else 200
