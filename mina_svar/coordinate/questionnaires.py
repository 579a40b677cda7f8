"""The coordinator's questionnaires: every version, a new draft from one, a draft's texts, publishing."""

from flask import abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from jinja2_fragments.flask import render_block

from .. import authoring, db, ids, organising, workbooks, xlsform
from .. import questionnaire as questionnaire_module
from ..config import LANGUAGES
from ..extensions import htmx
from ..i18n import language_name
from ..models import Organisation, Questionnaire
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
    "no_scale": lambda key: _("Choose a scale for the question: this indicator has no question yet whose scale "
                              "it could take."),
    "has_open_question": lambda key: _("This focus area already has its open question."),
    "background_options": lambda key: _("A background question has %(least)s to %(most)s answers, one per line.",
                                        least=authoring.BACKGROUND_OPTIONS[0], most=authoring.BACKGROUND_OPTIONS[1]),
    "no_language": lambda key: _("A questionnaire is written in one language at least."),
    "questionnaire_key_taken": lambda key: _("There is already a questionnaire with the key %(key)s.", key=key),
    "not_retired": lambda key: _("No retired question has the key %(key)s.", key=key),
}


def _not_a_text() -> str:
    return _("Something in the form is not a text of this draft, or is longer than %(longest)s characters. "
             "Nothing was saved.", longest=LONGEST_TEXT)


def _published() -> str:
    return _("This version is published: it no longer changes. Make a new draft from it.")


def _published_meanwhile() -> str:
    return _("This version was published meanwhile: it no longer changes. Nothing was saved.")


def _shown(questionnaire: Questionnaire) -> str:
    """The language the editor shows the texts in (``?texts=``): one at a time, the first by default."""
    asked = request.args.get("texts")
    return asked if asked in questionnaire.languages else questionnaire.languages[0]


def _page(questionnaire: Questionnaire, status: int = 200, error: str | None = None, typed=None):
    draft = questionnaire.is_draft
    earlier = authoring.earlier_keys(db.session(), questionnaire) if draft else {}
    problems = authoring.problems(questionnaire) if draft else []
    return render_template("coordinate/questionnaire.html", questionnaire=questionnaire, languages=LANGUAGES,
                           scales=authoring.starter_scales(), minimum=current_app.config["MIN_RESPONDENTS"],
                           problems=problems, missing_texts=authoring.missing_texts(problems),
                           shown=_shown(questionnaire), shares=authoring.completeness(questionnaire),
                           retired=authoring.retired(db.session(), questionnaire, earlier) if draft else {},
                           asked_before=set(earlier), error=error, typed=typed or {}), status


def _refused(found: Questionnaire, change) -> tuple[int, str] | None:
    """Make ``change`` to the draft ``found``: None when it is made, else the status and the reason, and
    nothing of it is kept (a refusal answers 4xx, and the request's transaction rolls back)."""
    if not found.is_draft:
        return 409, _published()
    try:
        change()
    except authoring.ChangeRefused as refused:  # refused before anything changed but the texts typed
        return 400, REFUSALS[refused.reason](refused.key) + " " + _("Nothing was saved yet: what you typed is "
                                                                     "still here.")
    except authoring.NotADraft:  # a ValueError too: caught first
        return 409, _published_meanwhile()
    except (ValueError, KeyError):
        db.session().rollback()
        return 400, _not_a_text()
    return None


def _change(draft: Questionnaire, action: str, form) -> None:
    """The structural change a button of the draft's page asks for: ``verb:what:id``."""
    session = db.session()
    verb, _sep, target = action.partition(":")
    what, _sep, row = target.partition(":")

    def row_id(text: str = row) -> int:
        return ids.required_row_id(text)

    if verb in ("up", "down"):
        authoring.move(session, draft, what, row_id(), -1 if verb == "up" else 1)
    elif verb == "remove":
        authoring.remove(session, draft, what, row_id())
    elif verb == "move":
        authoring.move_to_indicator(session, draft, row_id(), row_id(form.get(f"to-{row}", "")))
    elif verb == "add" and what == "question":
        authoring.add_question(session, draft, row_id(), form.get(f"new-{row}-key", "").strip(),
                               {draft.languages[0]: form.get(f"new-{row}-text", "").strip()},
                               reversed_=form.get(f"new-reversed-{row}") == "1",
                               scale=form.get(f"new-scale-{row}") or None,
                               dont_know=form.get(f"new-dont-know-{row}") == "1")
    elif verb == "add" and what == "background":
        first = draft.languages[0]
        lines = form.get(f"new-background-{row}-options", "").splitlines()
        authoring.add_background_question(session, draft, row_id(), form.get(f"new-background-{row}-key", "").strip(),
                                          {first: form.get(f"new-background-{row}-text", "").strip()},
                                          [{first: line} for line in lines])
    elif verb == "add" and what == "open":
        authoring.add_open_question(session, draft, row_id(), form.get(f"new-open-{row}-key", "").strip(),
                                    {draft.languages[0]: form.get(f"new-open-{row}-text", "").strip()})
    elif verb == "languages":
        chosen = form.getlist("languages")
        if any(code not in LANGUAGES for code in chosen):
            raise ValueError(chosen)
        authoring.set_languages(session, draft, chosen)
    elif verb == "add" and what == "indicator":
        authoring.add_indicator(session, draft, row_id(), form.get(f"new-area-{row}-key", "").strip(),
                                {draft.languages[0]: form.get(f"new-area-{row}-text", "").strip()})
    elif verb == "add" and what == "area":
        authoring.add_area(session, draft, form.get("new-area-key", "").strip(),
                           {draft.languages[0]: form.get("new-area-text", "").strip()})
    elif verb == "back":
        authoring.bring_back(session, draft, target, row_id(form.get(f"back-{target}", "")))
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
        if len(parts) != 4 or parts[1] not in authoring.TEXT_FIELDS or len(value) > LONGEST_TEXT:
            raise ValueError(name)
        texts[(parts[1], ids.required_row_id(parts[2]), parts[3])] = value
    return texts


def versions_with_completeness() -> dict:
    """Every version, and how complete each is in each of its languages: for the pages that list them."""
    versions = authoring.versions(db.session())
    return {"versions": versions, "completeness": {v.id: authoring.completeness(v) for v in versions}}


def _list_page(status: int = 200, problems=None, error: str | None = None):
    session = db.session()
    listed = versions_with_completeness()
    versions = listed["versions"]
    published: dict[str, Questionnaire] = {}
    for version in versions:  # newest first: the first seen of each key is its newest published
        if not version.is_draft:
            published.setdefault(version.key, version)
    return render_template("coordinate/questionnaires.html", **listed, languages=LANGUAGES,
                           problems=problems or [], error=error, published=published,
                           organisations=organising.organisations(session),
                           shipped=questionnaire_module.SHIPPED_KEY), status


@bp.post("/questionnaires/new")
def new_questionnaire():
    """Version 1 of a new questionnaire, a draft: a copy of a published version, or empty."""
    form = request.form
    source_id, language = form.get("source", ""), form.get("language", "")
    source_row = ids.row_id(source_id)
    source = db.session().get(Questionnaire, source_row) if source_row else None
    if (source_id and (source is None or source.is_draft)) or language not in LANGUAGES:
        return _list_page(400, error=_("Choose what to start from and a language among those listed."))
    try:
        draft = authoring.new_questionnaire(db.session(), form.get("key", "").strip(),
                                            form.get("title", "")[:LONGEST_TEXT], language, source)
    except authoring.ChangeRefused as refused:
        reason = "questionnaire_key_taken" if refused.reason == "key_taken" else refused.reason
        return _list_page(400, error=REFUSALS[reason](refused.key))
    flash(_("Version %(version)s is a draft: change it, then publish it.", version=draft.version))
    return redirect(url_for(".questionnaire", questionnaire_id=draft.id))


@bp.post("/organisations/<int:organisation_id>/questionnaire")
def organisation_questionnaire(organisation_id: int):
    """The questionnaire an organisation's groups open Läget with from now on."""
    organisation = db.session().get(Organisation, organisation_id) or abort(404)
    try:
        organising.use_questionnaire(db.session(), organisation, request.form.get("questionnaire", ""))
    except LookupError:
        return _list_page(400, error=_("Choose a questionnaire that has a published version."))
    flash(_("%(organisation)s's groups open Läget with this questionnaire from now on. Cycles already measuring "
            "keep theirs.", organisation=organisation.name))
    return redirect(url_for(".questionnaires") + "#who-uses")


@bp.get("/questionnaires")
def questionnaires():
    return _list_page()


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
    action = request.form.get("action", "save")

    def change():
        # Every button sends the texts too: what was typed is saved with the change, in one transaction.
        authoring.set_texts(db.session(), found, texts_sent(request.form))
        if action != "save":
            _change(found, action, request.form)

    refused = _refused(found, change)
    if refused:  # every word typed is shown again, a new question's too
        return _page(found, *refused, typed=request.form)
    flash(_("The texts are saved.") if action == "save" else _("Changed and saved."))
    verb, _sep, target = action.partition(":")
    anchor = "#" + target.replace(":", "-") if verb in ("up", "down") else ""  # back to what was moved
    return redirect(url_for(".questionnaire", questionnaire_id=found.id, texts=_shown(found)) + anchor)


@bp.route("/questionnaires/<int:questionnaire_id>/translate/<target>", methods=["GET", "POST"])
def translate(questionnaire_id: int, target: str):
    """A translator's page: the texts in one language beside another's, those missing first; it saves as the
    translator types (htmx), or with its button."""
    found = _questionnaire(questionnaire_id)
    source = request.args.get("from") or found.languages[0]
    if target not in found.languages or source not in found.languages or source == target:
        abort(404)
    status, saved, error = 200, None, None
    if request.method == "POST":
        def change():
            nonlocal saved
            sent = texts_sent(request.form)
            if any(language != target for _what, _id, language in sent):
                raise ValueError(sent)  # this page writes its own language only
            saved = authoring.set_texts(db.session(), found, sent)

        status, error = _refused(found, change) or (200, None)
        if status == 200 and not htmx:
            flash(_("The texts are saved."))
            return redirect(url_for(".translate", questionnaire_id=found.id, target=target,
                                    **{"from": source}))  # type: ignore[arg-type]
    rows = authoring.translation(found, source, target)
    context = dict(questionnaire=found, rows=rows, source=source, target=target, languages=LANGUAGES,
                   target_name=language_name(target),
                   share=authoring.completeness(found)[target], saved=saved, error=error)
    if htmx and request.method == "POST":
        return render_block("coordinate/translate.html", "status", **context), status
    return render_template("coordinate/translate.html", **context), status


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


@bp.get("/questionnaires/<int:questionnaire_id>/xlsform.xlsx")
def download_xlsform(questionnaire_id: int):
    """The version as an XLSForm workbook, for ODK, KoboToolbox or SurveyCTO, or to work on in a spreadsheet."""
    found = _questionnaire(questionnaire_id)
    response = make_response(xlsform.workbook(found))
    response.headers["Content-Type"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response.headers["Content-Disposition"] = f'attachment; filename="{found.key}-{found.version}.xlsx"'
    return response


LARGEST_WORKBOOK = 1024 * 1024  # as every request (MAX_CONTENT_LENGTH)
SHEET_PROBLEMS = {
    "not_a_workbook": lambda detail: _("The file is not an Excel workbook (.xlsx)."),
    "no_sheet": lambda detail: _("The workbook has no sheet named survey."),
    "no_column": lambda detail: _("The column %(column)s is missing.", column=detail),
    "no_label_column": lambda detail: _("There is no label column, like label::Svenska (sv): every text needs "
                                        "one per language."),
    "value_not_number": lambda detail: _("A scale's values are numbers; %(value)s is not.", value=detail),
    "unknown_scale": lambda detail: _("The scale %(scale)s is not on the choices sheet.", scale=detail),
    "not_in_indicator": lambda detail: _("The question %(key)s is not inside an indicator's group inside a focus "
                                         "area's group.", key=detail),
    "background_not_in_area": lambda detail: _("The background question %(key)s is not directly inside a focus "
                                               "area's group.", key=detail),
    "open_not_in_area": lambda detail: _("The open question %(key)s is not directly inside a focus area's group.",
                                         key=detail),
    "unknown_type": lambda detail: _("The type %(type)s is not one Mina Svar asks (select_one, text, note, "
                                     "begin_group, end_group).", type=detail),
    "unmatched_end": lambda detail: _("An end_group has no begin_group."),
    "unmatched_begin": lambda detail: _("The group %(name)s has no end_group.", name=detail),
    "duplicate_key": lambda detail: _("The key %(key)s is there twice (the first time on row %(row)s).",
                                      key=detail.split(" (")[0], row=detail.split(" (")[-1].rstrip(")")),
    "no_text": lambda detail: _("The question %(key)s has no text in any language.", key=detail),
    "moved": lambda detail: _("The question %(key)s was asked before under another indicator (%(indicator)s): it "
                              "stays there, or becomes a new question with a new key.",
                              key=detail.split(": ")[0], indicator=detail.split(": ")[-1]),
    "answered_removed": lambda detail: _("The question %(key)s has answers and is not in the workbook: keep its "
                                         "row, with yes in a column mina_svar_retired to stop asking it.", key=detail),
    "bad_form_id": lambda detail: _("The settings sheet's form_id (%(id)s) must be small letters, digits and _.",
                                    id=detail),
    "pyxform": lambda detail: _("The XLSForm reader says: %(message)s", message=detail),
    "too_big": lambda detail: _("The workbook is larger than Mina Svar reads: at most %(rows)s rows, %(columns)s "
                                "columns and %(cells)s filled cells on a sheet, and %(megabytes)s MB unpacked.",
                                rows=f"{workbooks.MOST_ROWS:,}".replace(",", " "), columns=workbooks.MOST_COLUMNS,
                                cells=f"{workbooks.MOST_CELLS:,}".replace(",", " "),
                                megabytes=workbooks.LARGEST_UNPACKED // (1024 * 1024)),
}


@bp.post("/questionnaires/upload")
def upload_xlsform():
    """A workbook as the next version of its questionnaire, a draft; or every problem it has."""
    sent = request.files.get("workbook")
    data = sent.read(LARGEST_WORKBOOK + 1) if sent else b""
    if not data or len(data) > LARGEST_WORKBOOK:
        problems = [("", 0, "", _("Choose an XLSForm workbook (.xlsx) of at most 1 MB."))]
    else:
        draft, found = authoring.from_workbook(db.session(), data)
        if draft is not None:
            flash(_("Version %(version)s is a draft: change it, then publish it.", version=draft.version))
            return redirect(url_for(".questionnaire", questionnaire_id=draft.id))
        problems = [(p.sheet, p.row, p.column, SHEET_PROBLEMS[p.code](p.detail)) for p in found]
    return _list_page(400, problems)
