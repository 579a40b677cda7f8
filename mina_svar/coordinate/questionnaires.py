"""The coordinator's questionnaires: every version, a new draft from one, a draft's texts, publishing."""

from collections.abc import Callable

from flask import abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from jinja2_fragments.flask import render_block
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from .. import (
    authoring,
    db,
    drafts,
    ids,
    organising,
    proposals,
    question_kinds,
    questionnaire_texts,
    workbooks,
    xlsform,
)
from .. import questionnaire as questionnaire_module
from ..config import LANGUAGES
from ..extensions import htmx
from ..i18n import language_name
from ..models import Organisation, Questionnaire
from ..xlsform import SheetProblem
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
                                        least=drafts.BACKGROUND_OPTIONS[0], most=drafts.BACKGROUND_OPTIONS[1]),
    "no_language": lambda key: _("A questionnaire is written in one language at least."),
    "questionnaire_key_taken": lambda key: _("There is already a questionnaire with the key %(key)s.", key=key),
    "not_retired": lambda key: _("No retired question has the key %(key)s.", key=key),
    "no_best_end": lambda key: _("Say which answer of %(key)s is the best: the first or the last.", key=key),
    "not_a_scale": lambda key: _("Only a question on a scale has a best answer."),
    "not_background": lambda key: _("Only a background question with one answer to choose can be asked as a "
                                    "scale."),
    "asked_before_best_end": lambda key: _(
        "The question %(key)s was asked before: its best answer stays as it was, so that its figures keep their "
        "meaning.", key=key),
    "asked_before_kind": lambda key: _(
        "The question %(key)s was asked before as a background question: it stays one, so that its results keep "
        "their meaning. Remove it and add a new question instead.", key=key),
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
    earlier = drafts.earlier_keys(db.session(), questionnaire) if draft else {}
    problems = questionnaire_texts.problems(questionnaire) if draft else []
    left_out = [(sheet, row, column, said(SheetProblem(sheet, row, column, code, detail)))
                for sheet, row, column, code, detail in questionnaire.left_out or []] if draft else []
    return render_template("coordinate/questionnaire.html", questionnaire=questionnaire, languages=LANGUAGES,
                           left_out=left_out,
                           scales=authoring.starter_scales(), minimum=current_app.config["MIN_RESPONDENTS"],
                           problems=problems, missing_texts=questionnaire_texts.missing_texts(problems),
                           shown=_shown(questionnaire), shares=questionnaire_texts.completeness(questionnaire),
                           retired=drafts.retired(db.session(), questionnaire, earlier) if draft else {},
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


def texts_sent(form) -> dict[tuple[str, int, str], str]:
    """The texts a draft's form sent, by (what, id, language), from fields named ``t-what-id-language``;
    ValueError for a field that names none."""
    texts = {}
    for name, value in form.items():
        if not name.startswith("t-"):
            continue
        parts = name.split("-")
        if len(parts) != 4 or parts[1] not in questionnaire_texts.TEXT_FIELDS or len(value) > LONGEST_TEXT:
            raise ValueError(name)
        texts[(parts[1], ids.required_row_id(parts[2]), parts[3])] = value
    return texts


def versions_with_completeness() -> dict:
    """Every version, and how complete each is in each of its languages: for the pages that list them."""
    versions = authoring.versions(db.session())
    return {"versions": versions, "completeness": {v.id: questionnaire_texts.completeness(v) for v in versions}}


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
                           adopted=proposals.adopted_for_questionnaire(session),
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


@bp.get("/questionnaires/<int:questionnaire_id>")
def questionnaire(questionnaire_id: int):
    return _page(_questionnaire(questionnaire_id))


Change = Callable[[Session, Questionnaire, MultiDict], object]


def _edit(questionnaire_id: int, change: Change | None = None, anchor: str = ""):
    """Save the texts the draft's form sent and make one ``change`` to it, in one transaction: every button of
    the form sends the texts, so what was typed is saved with the change. Refused, the page comes back with
    every word typed, a new question's too."""
    found = _questionnaire(questionnaire_id)

    def edit():
        authoring.set_texts(db.session(), found, texts_sent(request.form))
        if change is not None:
            change(db.session(), found, request.form)

    refused = _refused(found, edit)
    if refused:
        return _page(found, *refused, typed=request.form)
    flash(_("The texts are saved.") if change is None else _("Changed and saved."))
    return redirect(url_for(".questionnaire", questionnaire_id=found.id, texts=_shown(found)) + anchor)


PARTS = "any(areas, indicators, questions)"  # in a URL; a part of a draft by its kind ("area", …) in authoring


def _typed(form: MultiDict, prefix: str) -> tuple[str, str]:
    """A new row's key and words, as typed in the fields named ``prefix-key`` and ``prefix-text``."""
    return form.get(f"{prefix}-key", "").strip(), form.get(f"{prefix}-text", "").strip()


@bp.post("/questionnaires/<int:questionnaire_id>")
def save_texts(questionnaire_id: int):
    return _edit(questionnaire_id)


def _move(questionnaire_id: int, part: str, row_id: int, step: int):
    what = part[:-1]  # "questions" in the URL, "question" in drafts
    return _edit(questionnaire_id, lambda session, draft, _form: drafts.move(session, draft, what, row_id, step),
                 f"#{what}-{row_id}")  # back to what was moved


@bp.post(f"/questionnaires/<int:questionnaire_id>/<{PARTS}:part>/<int:row_id>/up")
def move_up(questionnaire_id: int, part: str, row_id: int):
    return _move(questionnaire_id, part, row_id, -1)


@bp.post(f"/questionnaires/<int:questionnaire_id>/<{PARTS}:part>/<int:row_id>/down")
def move_down(questionnaire_id: int, part: str, row_id: int):
    return _move(questionnaire_id, part, row_id, 1)


@bp.post(f"/questionnaires/<int:questionnaire_id>/<{PARTS}:part>/<int:row_id>/remove")
def remove(questionnaire_id: int, part: str, row_id: int):
    return _edit(questionnaire_id, lambda session, draft, _form: drafts.remove(session, draft, part[:-1], row_id))


@bp.post("/questionnaires/<int:questionnaire_id>/questions/<int:row_id>/indicator")
def move_question(questionnaire_id: int, row_id: int):
    """Move a question (one not asked before) to the indicator chosen beside it."""
    return _edit(questionnaire_id, lambda session, draft, form: drafts.move_to_indicator(
        session, draft, row_id, ids.required_row_id(form.get(f"to-{row_id}", ""))))


@bp.post("/questionnaires/<int:questionnaire_id>/questions/<int:row_id>/best-end")
def set_best_end(questionnaire_id: int, row_id: int):
    """Say which answer of a scale question is the best (chosen beside it)."""
    return _edit(questionnaire_id, lambda session, draft, form: drafts.set_best_end(
        session, draft, row_id, form.get(f"best-{row_id}", "")), anchor=f"#question-{row_id}")


@bp.post("/questionnaires/<int:questionnaire_id>/questions/<int:row_id>/as-scale")
def ask_as_scale(questionnaire_id: int, row_id: int):
    """Ask a background question whose answers have an order as a scale, its best answer chosen beside it."""
    return _edit(questionnaire_id, lambda session, draft, form: drafts.ask_as_scale(
        session, draft, row_id, form.get(f"best-{row_id}", "")), anchor=f"#question-{row_id}")


@bp.post("/questionnaires/<int:questionnaire_id>/indicators/<int:row_id>/questions")
def add_question(questionnaire_id: int, row_id: int):
    def change(session: Session, draft: Questionnaire, form: MultiDict):
        key, words = _typed(form, f"new-{row_id}")
        drafts.add_question(session, draft, row_id, key, {draft.languages[0]: words},
                               reversed_=form.get(f"new-reversed-{row_id}") == "1",
                               scale=form.get(f"new-scale-{row_id}") or None,
                               dont_know=form.get(f"new-dont-know-{row_id}") == "1")
    return _edit(questionnaire_id, change)


@bp.post("/questionnaires/<int:questionnaire_id>/areas/<int:row_id>/background-questions")
def add_background_question(questionnaire_id: int, row_id: int):
    def change(session: Session, draft: Questionnaire, form: MultiDict):
        first = draft.languages[0]
        key, words = _typed(form, f"new-background-{row_id}")
        lines = form.get(f"new-background-{row_id}-options", "").splitlines()
        drafts.add_background_question(session, draft, row_id, key, {first: words},
                                          [{first: line} for line in lines],
                                          several=form.get(f"new-background-{row_id}-several") == "1")
    return _edit(questionnaire_id, change)


def _adding(questionnaire_id: int, prefix: str, add: Callable[[Session, Questionnaire, str, dict], object]):
    """Add a row named by the key and the words (in the draft's first language) typed under ``prefix``."""
    def change(session: Session, draft: Questionnaire, form: MultiDict):
        key, words = _typed(form, prefix)
        add(session, draft, key, {draft.languages[0]: words})
    return _edit(questionnaire_id, change)


@bp.post("/questionnaires/<int:questionnaire_id>/areas/<int:row_id>/open-question")
def add_open_question(questionnaire_id: int, row_id: int):
    return _adding(questionnaire_id, f"new-open-{row_id}", lambda session, draft, key, texts:
                   drafts.add_open_question(session, draft, row_id, key, texts))


@bp.post("/questionnaires/<int:questionnaire_id>/areas/<int:row_id>/indicators")
def add_indicator(questionnaire_id: int, row_id: int):
    return _adding(questionnaire_id, f"new-area-{row_id}", lambda session, draft, key, texts:
                   drafts.add_indicator(session, draft, row_id, key, texts))


@bp.post("/questionnaires/<int:questionnaire_id>/areas")
def add_area(questionnaire_id: int):
    return _adding(questionnaire_id, "new-area", drafts.add_area)


@bp.post("/questionnaires/<int:questionnaire_id>/languages")
def set_languages(questionnaire_id: int):
    def change(session: Session, draft: Questionnaire, form: MultiDict):
        chosen = form.getlist("languages")
        if any(code not in LANGUAGES for code in chosen):
            raise ValueError(chosen)
        drafts.set_languages(session, draft, chosen)
    return _edit(questionnaire_id, change)


@bp.post("/questionnaires/<int:questionnaire_id>/retired/<key>")
def bring_back(questionnaire_id: int, key: str):
    """Ask a retired question again, under the indicator chosen beside it."""
    return _edit(questionnaire_id, lambda session, draft, form: drafts.bring_back(
        session, draft, key, ids.required_row_id(form.get(f"back-{key}", ""))))


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
    rows = questionnaire_texts.translation(found, source, target)
    context = dict(questionnaire=found, rows=rows, source=source, target=target, languages=LANGUAGES,
                   target_name=language_name(target),
                   share=questionnaire_texts.completeness(found)[target], saved=saved, error=error)
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
    "not_a_workbook": lambda detail: _("The file is not an Excel workbook (.xlsx or .xls)."),
    "no_sheet": lambda detail: _("The workbook has no sheet named survey."),
    "no_column": lambda detail: _("The column %(column)s is missing.", column=detail),
    "nothing_to_ask": lambda detail: _("Nothing in the form is a question Mina Svar asks (select_one or text). "
                                       "What was left out, and why:"),
    "duplicate_key": lambda detail: _("The key %(key)s is there twice (the first time on row %(row)s).",
                                      key=detail.split(" (")[0], row=detail.split(" (")[-1].rstrip(")")),
    "moved": lambda detail: _("The question %(key)s was asked before under another indicator (%(indicator)s): it "
                              "stays there, or becomes a new question with a new key.",
                              key=detail.split(": ")[0], indicator=detail.split(": ")[-1]),
    "answered_removed": lambda detail: _("The question %(key)s has answers and is not in the workbook: keep its "
                                         "row, with yes in a column mina_svar_retired to stop asking it.", key=detail),
    "too_big": lambda detail: _("The workbook is larger than Mina Svar reads: at most %(rows)s rows, %(columns)s "
                                "columns and %(cells)s filled cells on a sheet, and %(megabytes)s MB unpacked.",
                                rows=f"{workbooks.MOST_ROWS:,}".replace(",", " "), columns=workbooks.MOST_COLUMNS,
                                cells=f"{workbooks.MOST_CELLS:,}".replace(",", " "),
                                megabytes=workbooks.LARGEST_UNPACKED // (1024 * 1024)),
}

# What did not come across from an uploaded form, listed on its draft's page (xlsform_reading.py).
LEFT_OUT = {
    "unknown_language": lambda detail: _("The language %(name)s is not one Mina Svar knows, so its texts were left "
                                         "out: name the column like label::English (en) and upload again.",
                                         name=detail),
    "language_not_asked": lambda detail: _("Texts in %(name)s were left out: it is not among the languages young "
                                           "people answer Mina Svar in.", name=detail),
    "language_twice": lambda detail: _("A second column in the same language was left out: %(column)s.",
                                       column=detail),
    "unknown_list": lambda detail: _("The list %(list)s has no choices on the choices sheet: its question was left "
                                     "out.", list=detail),
    "repeat": lambda detail: _("The repeat %(name)s and every question inside it were left out: Mina Svar asks "
                               "each question once.", name=detail),
    "unmatched_end": lambda detail: _("An end_group without a begin_group was passed over."),
    "unmatched_begin": lambda detail: _("The group %(name)s has no end_group: it ends with the form.", name=detail),
    "note": lambda detail: _("The note %(name)s was left out: no question follows it in its group (a note is "
                             "shown above the question after it, or opens the form or a group).", name=detail),
    "or_other": lambda detail: _("The question %(name)s: its answer “other, please say” was left out.",
                                 name=detail),
    "not_asked": lambda detail: _("The type %(type)s is not one Mina Svar asks: the row was left out.",
                                  type=detail),
    "metadata": lambda detail: _("%(name)s, what the phone records about itself, was left out: Mina Svar keeps "
                                 "nothing about the phone.", name=detail),
    "too_many_choices": lambda detail: _("The question %(name)s (select_multiple) was left out: it has more than "
                                         "%(most)s choices.", name=detail, most=question_kinds.MOST_OPTIONS),
    "read_as_background": lambda detail: _("The question %(name)s is a background question (counted, never "
                                           "scored): its answers are words, not numbers. If they have an order, "
                                           "ask it as a scale below.", name=detail),
    "column_relevant": lambda detail: _("The condition (relevant) of %(name)s was left out: it is asked of "
                                        "everyone.", name=detail),
    "column_constraint": lambda detail: _("The constraint of %(name)s was left out.", name=detail),
    "column_other": lambda detail: _("The column %(column)s of %(name)s was left out.",
                                     name=detail.split("|")[0], column=detail.split("|")[-1]),
    "form_id_made": lambda detail: _("The form_id %(written)s is read as %(key)s (small letters, digits and _).",
                                     written=detail.split(" → ")[0], key=detail.split(" → ")[-1])
    if " → " in detail else _("The form has no form_id: it is %(key)s, from the file's name.", key=detail),
}


def said(problem) -> str:
    """A refusal's or a left-out row's words."""
    return (SHEET_PROBLEMS.get(problem.code) or LEFT_OUT[problem.code])(problem.detail)


@bp.post("/questionnaires/upload")
def upload_xlsform():
    """A workbook as the next version of its questionnaire, a draft; or every problem it has."""
    sent = request.files.get("workbook")
    data = sent.read(LARGEST_WORKBOOK + 1) if sent else b""
    unnamed = request.form.get("language", "")
    if unnamed not in LANGUAGES:
        problems = [("", 0, "", _("Choose the language of texts whose column names none."))]
    elif not data or len(data) > LARGEST_WORKBOOK:
        problems = [("", 0, "", _("Choose an XLSForm workbook (.xlsx or .xls) of at most 1 MB."))]
    else:
        draft, found = authoring.from_workbook(db.session(), data, (sent.filename or "form.xlsx") if sent else "",
                                               unnamed)
        if draft is not None:
            flash(_("Version %(version)s is a draft: change it, then publish it.", version=draft.version))
            return redirect(url_for(".questionnaire", questionnaire_id=draft.id))
        problems = [(p.sheet, p.row, p.column, said(p)) for p in found]
    return _list_page(400, problems)
