from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import db, ids, mailing, organising, sign_in_links
from ..account import letters
from ..accounts import AccountError
from ..forms import choices
from ..models import Group, Organisation, Place, User
from . import bp
from .forms import ROLE_NAMES, AccountForm, AssignForm, GroupForm, OrganisationForm


def _forms(formdata=None):
    """The forms of the coordinator's page, with today's organisations to choose from."""
    session = db.session()
    organisation_choices = [(o.id, o.name) for o in organising.organisations(session)]
    groups = GroupForm(formdata=formdata, prefix="group")
    groups.organisation.choices = choices(organisation_choices)
    groups.place.choices = place_choices(session)
    account = AccountForm(formdata=formdata, prefix="account", data={"group": request.args.get("group", 0, int)})
    account.organisation.choices = choices([(0, _("None")), *organisation_choices])
    groups_led = ((g.id, f"{g.name} ({g.organisation.name})") for g in organising.groups(session))
    account.group.choices = choices([(0, _("None yet")), *groups_led])
    return {"organisation_form": OrganisationForm(formdata=formdata, prefix="organisation"),
            "group_form": groups, "account_form": account}


def place_choices(session) -> list:
    return choices([(0, _("Not said yet")), *((p.id, p.name) for p in organising.places(session))])


def _may_lead(organisation_id: int | None, group: Group) -> bool:
    """A group is led by its own organisation's leaders (or by leaders of no organisation)."""
    return organisation_id in (None, group.organisation_id)


def _page(status=200, **forms):
    session = db.session()
    context = _forms()
    context.update(forms)
    groups = organising.groups(session)
    leaders = [u for u in organising.people(session) if u.role == "leader"]
    assign_forms = {}
    for group in groups:
        form = AssignForm(formdata=None, prefix=f"assign-{group.id}")
        form.leader.choices = choices((u.id, f"{u.name} ({u.email})") for u in leaders
                                      if u not in group.leaders and _may_lead(u.organisation_id, group))
        assign_forms[group.id] = form
    return render_template("coordinate/home.html", organisations=organising.organisations(session), groups=groups,
                           people=organising.people(session), assign_forms=assign_forms, mail=mailing.configured(),
                           places=organising.places(session), sectors=organising.SECTOR_NAMES,
                           role_names=ROLE_NAMES, **context), status


@bp.get("/")
def home():
    return _page()


@bp.post("/organisations")
def add_organisation():
    form = OrganisationForm(prefix="organisation")
    return added_by_name(form, lambda: organising.create_organisation(
        db.session(), form.name.data, form.sector.data or None, form.contact_name.data or "",
        form.contact_email.data or ""), lambda: _("The organisation %(name)s is added.", name=form.name.data),
        ".home", lambda: _page(400, organisation_form=form))


def added_by_name(form, make, said, back: str, page, field: str = "name"):
    """Add what ``form`` names (in its ``field``) with ``make``: refused, with the form again, when the name is
    taken."""
    if form.validate_on_submit():
        try:
            make()
        except AccountError as error:
            getattr(form, field).errors.append(str(error))
        else:
            flash(said())
            return redirect(url_for(back))
    return page()


@bp.post("/groups")
def add_group():
    form = _forms(request.form)["group_form"]
    if form.validate_on_submit():
        organisation = db.session().get(Organisation, form.organisation.data)
        place = db.session().get(Place, form.place.data) if form.place.data else None
        organising.create_group(db.session(), organisation, form.name.data, form.description.data or "", place)
        flash(_("The group %(name)s is added.", name=form.name.data))
        return redirect(url_for(".home"))
    return _page(400, group_form=form)


@bp.post("/accounts")
def add_account():
    form = _forms(request.form)["account_form"]
    if form.validate_on_submit():
        organisation = db.session().get(Organisation, form.organisation.data) if form.organisation.data else None
        group = db.session().get(Group, form.group.data) if form.group.data else None
        if group is not None and form.role.data != "leader":
            form.group.errors.append(_("A group is led by a group leader: choose that role, or no group."))
        elif group is not None and not _may_lead(form.organisation.data or None, group):
            form.group.errors.append(_("A group is led by its own organisation's leaders: choose its organisation, "
                                       "or none."))
        elif form.role.data == "partner" and organisation is None:
            form.organisation.errors.append(_("A partner's person keeps their own organisation's activities: "
                                              "choose it."))
        else:
            try:
                user, token = organising.create_account(db.session(), form.email.data, form.name.data,
                                                        form.role.data, organisation)
            except AccountError as error:
                db.session().rollback()
                getattr(form, error.field).errors.append(str(error))
            else:
                if group is not None:
                    organising.assign_leader(db.session(), group, user)
                return _invited(user, token, group, new=True)
    return _page(400, account_form=form)


@bp.post("/accounts/<int:user_id>/link")
def send_link(user_id: int):
    """A new link to choose a password, for someone who lost theirs or never used their invitation."""
    user = db.session().get(User, user_id) or abort(404)
    return _invited(user, sign_in_links.make(db.session(), user, "invitation"), None, new=False)


def _invited(user: User, token: str, group: Group | None, new: bool):
    """Send the invitation; when no mail goes (none set up, or the server refused), show the link to pass on."""
    mail = mailing.configured()
    sent = mail and mailing.send(letters.invitation(user, current_user, group, token))
    return render_template("coordinate/invited.html", user=user, group=group, new=new, sent=sent, mail=mail,
                           link=None if sent else letters.link(token))


@bp.post("/groups/<int:group_id>/leaders")
def assign(group_id: int):
    group = db.session().get(Group, group_id) or abort(404)
    leader_id = ids.row_id(request.form.get(f"assign-{group.id}-leader"))
    user = db.session().get(User, leader_id) if leader_id else None
    if user is None or user.role != "leader" or not _may_lead(user.organisation_id, group):
        abort(400)
    organising.assign_leader(db.session(), group, user)
    flash(_("%(leader)s now leads %(group)s.", leader=user.name, group=group.name))
    return redirect(url_for(".home"))


@bp.post("/groups/<int:group_id>/leaders/<int:user_id>/remove")
def unassign(group_id: int, user_id: int):
    group = db.session().get(Group, group_id) or abort(404)
    user = db.session().get(User, user_id) or abort(404)
    organising.unassign_leader(db.session(), group, user)
    flash(_("%(leader)s no longer leads %(group)s.", leader=user.name, group=group.name))
    return redirect(url_for(".home"))
