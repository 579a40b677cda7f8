"""The coordinator's questionnaires: every version, a new draft from one, a draft's texts, publishing."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import authoring, db
from ..config import LANGUAGES
from ..models import Questionnaire
from . import bp

LONGEST_TEXT = 2000


def _questionnaire(questionnaire_id: int) -> Questionnaire:
    return db.session().get(Questionnaire, questionnaire_id) or abort(404)


REFUSALS = {
    "bad_key": lambda key: _("“%(key)s” cannot be a key: use small letters a–z, digits and _, with a dot between "
                             "the focus area and the question (like work.apply).", key=key),
    "key_taken": lambda key: _("The key %(key)s is already in this version.", key=key),
    "key_used_before": lambda key: _(
        "The key %(key)s was used in an earlier version for another question. A question with a new meaning "
        "needs a new key, so that results are never compared across different questions.", key=key),
    "asked_before": lambda key: _(
        "The question %(key)s was asked before: it stays under its indicator, so that the indicator's figures "
        "keep their meaning. Remove it and add a new question instead.", key=key),
    "open_question": lambda key: _("An open question belongs to its focus area, not to an indicator."),
    "no_scale": lambda key: _("A new question takes the scale of the indicator's first question, and this "
                              "indicator has none yet: add it under another indicator, then move it here."),
    "not_retired": lambda key: _("No retired question has the key %(key)s.", key=key),
}


def _page(questionnaire: Questionnaire, status: int = 200, error: str | None = None):
    draft = questionnaire.is_draft
    session = db.session()
    return render_template("coordinate/questionnaire.html", questionnaire=questionnaire, languages=LANGUAGES,
                           problems=authoring.problems(questionnaire) if draft else [],
                           retired=authoring.retired(session, questionnaire) if draft else {},
                           asked_before=set(authoring.earlier_keys(session, questionnaire)) if draft else set(),
                           error=error), status


def _change(draft: Questionnaire, action: str, form) -> None:
    """The structural change a button of the draft's page asks for: ``verb:what:id``."""
    session = db.session()
    verb, _sep, target = action.partition(":")
    what, _sep, row = target.partition(":")
    if verb in ("up", "down"):
        authoring.move(session, draft, what, int(row), -1 if verb == "up" else 1)
    elif verb == "remove":
        authoring.remove(session, draft, what, int(row))
    elif verb == "move":
        authoring.move_to_indicator(session, draft, int(row), int(form.get(f"to-{row}", "")))
    elif verb == "add" and what == "question":
        authoring.add_question(session, draft, int(row), form.get(f"new-{row}-key", "").strip(),
                               {draft.languages[0]: form.get(f"new-{row}-text", "").strip()},
                               reversed_=form.get(f"new-reversed-{row}") == "1")
    elif verb == "add" and what == "indicator":
        authoring.add_indicator(session, draft, int(row), form.get(f"new-area-{row}-key", "").strip(),
                                {draft.languages[0]: form.get(f"new-area-{row}-text", "").strip()})
    elif verb == "add" and what == "area":
        authoring.add_area(session, draft, form.get("new-area-key", "").strip(),
                           {draft.languages[0]: form.get("new-area-text", "").strip()})
    elif verb == "back":
        authoring.bring_back(session, draft, target, int(form.get(f"back-{target}", "")))
    else:
        raise ValueError(action)


def texts_sent(form) -> dict[tuple[str, int, str], str]:
    """The texts a draft's form sent, by (what, id, language), from fields named ``t-what-id-language``;
    ValueError for a field that names none."""
    texts = {}
    for name, value in form.items():
        if not name.startswith("t-"):
            continue
        parts = name.split("-")
        if len(parts) != 4 or parts[1] not in authoring.TEXT_FIELDS or not parts[2].isdigit():
            raise ValueError(name)
        if len(value) > LONGEST_TEXT:
            raise ValueError(name)
        texts[(parts[1], int(parts[2]), parts[3])] = value
    return texts


@bp.get("/questionnaires")
def questionnaires():
    return render_template("coordinate/questionnaires.html", versions=authoring.versions(db.session()))


@bp.post("/questionnaires/<int:questionnaire_id>/draft")
def new_draft(questionnaire_id: int):
    draft = authoring.new_draft(db.session(), _questionnaire(questionnaire_id))
    flash(_("Version %(version)s is a draft: change it, then publish it.", version=draft.version))
    return redirect(url_for(".questionnaire", questionnaire_id=draft.id))


@bp.route("/questionnaires/<int:questionnaire_id>", methods=["GET", "POST"])
def questionnaire(questionnaire_id: int):
    found = _questionnaire(questionnaire_id)
    if request.method == "GET":
        return _page(found)
    if not found.is_draft:
        return _page(found, 409, _("This version is published: it no longer changes. Make a new draft from it."))
    action = request.form.get("action", "save")
    try:
        # Every button sends the texts too: what was typed is saved with the change, in one transaction.
        authoring.set_texts(db.session(), found, texts_sent(request.form))
        if action != "save":
            _change(found, action, request.form)
    except authoring.ChangeRefused as refused:
        # Refused before anything changed but the texts: the page shows what was typed, and the 400
        # rolls the request's transaction back, so none of it is kept.
        return _page(found, 400, REFUSALS[refused.reason](refused.key) + " " +
                     _("Nothing was saved yet: what you typed is still here."))
    except (ValueError, KeyError):
        db.session().rollback()
        return _page(found, 400, _("Something in the form is not a text of this draft, or is longer than "
                                   "%(longest)s characters. Nothing was saved.", longest=LONGEST_TEXT))
    except authoring.NotADraft:
        return _page(found, 409, _("This version was published meanwhile: it no longer changes. Nothing was "
                                   "saved."))
    flash(_("The texts are saved.") if action == "save" else _("Changed and saved."))
    verb, _sep, target = action.partition(":")
    anchor = "#" + target.replace(":", "-") if verb in ("up", "down") else ""  # back to what was moved
    return redirect(url_for(".questionnaire", questionnaire_id=found.id) + anchor)


@bp.route("/questionnaires/<int:questionnaire_id>/publish", methods=["GET", "POST"])
def publish(questionnaire_id: int):
    found = _questionnaire(questionnaire_id)
    back = url_for(".questionnaire", questionnaire_id=found.id)
    if not found.is_draft:
        return redirect(back)
    if request.method == "GET":
        return render_template(
            "lead/confirm.html", question=_("Publish version %(version)s?", version=found.version),
            explanation=_("A published version never changes, and groups opening Läget from now on get it. "
                          "To change it later, make a new draft."),
            yes=_("Publish"), no=_("Not yet"), back=back)
    try:
        found_problems = authoring.publish(db.session(), found)
    except authoring.NotADraft:
        return redirect(back)
    if found_problems:
        return _page(found, 409, _("Not published: the draft is not complete yet (see below)."))
    flash(_("Version %(version)s is published.", version=found.version))
    return redirect(url_for(".questionnaires"))
