from typing import NoReturn

from flask import (
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_htmx.responses import HTMXResponseClientRedirect
from flask_login import current_user

from .. import answering, codes, db, i18n, joint_analysis, pairing, question_kinds, sharing, skip_logic
from ..answering import Respondent
from ..config import LANGUAGES
from ..extensions import htmx
from ..models import Measurement, ResponseCode
from ..question_kinds import kind_of
from ..questionnaire import Structure
from ..redirects import same_site_path
from . import bp

REMEMBERED_RESPONSES = 10


def _structure(questionnaire_id: int) -> Structure:
    structures = current_app.extensions["mina_svar.structures"]
    # A tap needs no ORM session when the structure is kept already (nearly always).
    return structures.cached(questionnaire_id) or structures.get(db.session(), questionnaire_id)


def _languages(structure: Structure) -> dict:
    return {code: LANGUAGES[code] for code in structure.languages if code in LANGUAGES}


def _code_form(status: int, message: str, code: str = "") -> NoReturn:
    abort(make_response(render_template("respond/index.html", message=message, code=code), status))


def _measurement(code: str, open_only: bool = False) -> Measurement:
    """The measurement with ``code``; with ``open_only``, a closed one answers exactly as an unknown
    code does, so that guessing codes tells nothing about which measurements exist."""
    measurement = answering.find_measurement(db.session(), code)
    if measurement is None or (open_only and not measurement.is_open):
        _unknown(code)
    return measurement


def _unknown(code: str) -> NoReturn:
    _code_form(404, _("There is no open survey with the join code %(code)s. Check it, or ask your "
                      "leader whether the survey has closed.", code=codes.normalise(code)[:12]), code)


def _closed(code: str) -> NoReturn:
    _code_form(410, _("This survey has closed, so it takes no more answers. Thank you for taking part!"), code)


def _token(code: str) -> str | None:
    """The secret of this phone's response to the measurement with ``code``, kept in its cookie."""
    return session.get("responses", {}).get(codes.normalise(code))


def _respondent(code: str) -> Respondent | None:
    """This phone's response to the measurement with ``code``, if it has one."""
    token = _token(code)
    return answering.find_respondent(db.session(), code, token) if token else None


def _remember(respondent: Respondent) -> None:
    remembered = dict(session.get("responses", {}))
    remembered[respondent.code] = respondent.token
    # A shared phone may join many measurements over time; keep the cookie small.
    session["responses"] = dict(list(remembered.items())[-REMEMBERED_RESPONSES:])
    session.permanent = True


def _resume_url(respondent: Respondent, structure: Structure) -> str:
    if respondent.finished:
        return url_for(".thanks", code=respondent.code)
    page = answering.resume_page(structure, answering.answers_of(db.session(), respondent))
    if page == 0:
        return url_for(".intro", code=respondent.code)
    if page > len(structure.areas):
        return url_for(".review", code=respondent.code)
    return url_for(".area", code=respondent.code, page=page)


def _answering(code: str) -> tuple[Respondent, Structure]:
    """This phone's response and its questionnaire, or the way back to the start."""
    respondent = _respondent(code)
    if respondent is None:  # a closed Läget's code, to a phone that did not answer it, is as an unknown one
        abort(redirect(url_for(".welcome", code=_measurement(code, open_only=True).code)))
    if respondent.finished:
        abort(redirect(url_for(".thanks", code=respondent.code)))
    if not respondent.measurement_open:
        _closed(respondent.code)
    i18n.choose(respondent.language)
    return respondent, _structure(respondent.questionnaire_id)


def _page(template: str, respondent: Respondent, structure: Structure, status: int = 200, **context):
    return render_template(template, code=respondent.code, structure=structure,
                           languages=_languages(structure), **context), status


@bp.get("/")
def index():
    return render_template("respond/index.html")


@bp.get("/join")
def join():
    code = codes.normalise(request.args.get("code", ""))
    if not code:
        return render_template("respond/index.html", message=_("Type the join code you were given.")), 400
    # The same box takes the code of a joint-analysis session shown on the projector.
    if answering.find_measurement(db.session(), code) is None and joint_analysis.find(db.session(), code):
        return redirect(url_for("present.phone", code=code))
    return redirect(url_for(".welcome", code=code))


@bp.get("/j/<code>")
def welcome(code: str):
    respondent = _respondent(code)
    if respondent is not None:
        return redirect(_resume_url(respondent, _structure(respondent.questionnaire_id)))
    found = answering.find_measurement(db.session(), code)
    if found is not None and not found.is_open and sharing.shared(db.session(), found) is not None:
        return redirect(url_for(".results", code=found.code))  # a closed Läget's link leads to its results
    if found is None or not found.is_open:
        _unknown(code)
    return _welcome_page(found)


def _welcome_page(measurement: Measurement, status: int = 200, **context):
    structure = _structure(measurement.questionnaire_id)
    return render_template("respond/welcome.html", code=measurement.code, structure=structure,
                           languages=_languages(structure), **context), status


@bp.post("/j/<code>/start")
def start(code: str):
    if _respondent(code) is None:
        measurement = _measurement(code, open_only=True)
        language = request.form.get("lang", "")
        if language not in _languages(_structure(measurement.questionnaire_id)):
            abort(400)
        _remember(answering.start(db.session(), measurement, language))
        i18n.choose(language)
    return redirect(url_for(".intro", code=codes.normalise(code)))


@bp.get("/j/<code>/intro")
def intro(code: str):
    respondent, structure = _answering(code)
    return _intro(respondent, structure)


def _intro(respondent: Respondent, structure: Structure, status: int = 200, **context):
    """The intro, with the personal key to follow one's own change when the cycle offers it."""
    offered = pairing.key_for(db.session().get_one(Measurement, respondent.measurement_id)) is not None
    kept = offered and db.session().get(ResponseCode, respondent.response_id) is not None
    return _page("respond/intro.html", respondent, structure, status, own_code=offered, own_code_kept=kept,
                 own_code_elements=_own_code_elements(), **context)


def _own_code_elements() -> list[tuple[str, str, str]]:
    """Each element of the personal key (pairing.ELEMENTS): its name, its label and the input it takes."""
    labels = {"mother": _("The first letter of your mother's first name"),
              "father": _("The first letter of your father's first name"),
              "day": _("The day of the month you were born (1–31)"),
              "month": _("The month you were born (1–12)"),
              "brothers": _("How many older brothers you have"),
              "sisters": _("How many older sisters you have"),
              "town": _("The first letter of the town you were born in"),
              "street": _("The first letter of the street you lived on when you started school")}
    return [(name, labels[name], "text" if kind == "letter" else "number") for name, kind in pairing.ELEMENTS]


@bp.post("/j/<code>/own-code")
def keep_own_code(code: str):
    """Keep this response's private code, as keyed hashes only (pairing.py)."""
    respondent, structure = _answering(code)
    key = pairing.key_for(db.session().get_one(Measurement, respondent.measurement_id))
    if key is None:
        abort(404)
    try:
        pairing.save_code(db.session(), respondent.response_id, key, request.form)
    except pairing.NotACode:
        return _intro(respondent, structure, 400, own_code_error=_("Answer every question of the personal key, "
                                                                   "or skip it: nothing was kept."))
    return _intro(respondent, structure, own_code_saved=True)


@bp.post("/j/<code>/resume-code")
def make_resume_code(code: str):
    """A code to go on with these answers on another phone, shown once to this phone and kept nowhere."""
    respondent, structure = _answering(code)
    return _intro(respondent, structure, resume_code=answering.resume_code(db.session(), respondent))


@bp.post("/j/<code>/resume")
def resume(code: str):
    """Go on, on this phone, with the answers begun on another (a wrong code counts as a wrong join code)."""
    measurement = _measurement(code, open_only=True)
    respondent = answering.resume(db.session(), measurement, request.form.get("resume", ""))
    if respondent is None:
        return _welcome_page(measurement, 404, resume_error=_("That switch code does not work here. Check it, or start "
                                                              "again: it works only until the answers are sent."))
    _remember(respondent)
    i18n.choose(respondent.language)
    return redirect(_resume_url(respondent, _structure(respondent.questionnaire_id)))


def _area_page(respondent: Respondent, structure: Structure, page: int, status: int = 200, message=None):
    answers = answering.answers_of(db.session(), respondent)
    conditions: dict = {}
    known: dict = {}
    hidden: set[int] = set()
    if structure.has_skip_logic:
        conditions, known = skip_logic.for_the_page(list(structure.questions.values()), answers)
        # Hidden on the server when what decides is on another page; a condition on this page's own answers is
        # decided by the script as they are given (without it, the question stays to be answered or left).
        here = {question.key for question in structure.areas[page - 1].questions}
        hidden = {question_id for question_id in structure.skipped(answers) if not any(
            atom["key"] in here for atom in skip_logic.atoms(structure.questions[question_id].shown_if))}
    return _page("respond/area.html", respondent, structure, status, page=page,
                 area=structure.areas[page - 1], answers=answers,
                 skipped=hidden, conditions=conditions, known=known,
                 message=message, dont_know=question_kinds.DONT_KNOW, max_text=question_kinds.MAX_OPEN_ANSWER,
                 needed_message=needed_message(),
                 queue=f"{respondent.code}:{answering.queue_key(respondent)}")


@bp.get("/j/<code>/<int:page>")
def area(code: str, page: int):
    respondent, structure = _answering(code)
    if not 1 <= page <= len(structure.areas):
        abort(404)
    return _area_page(respondent, structure, page)


ANSWER_ERRORS = {
    "unknown_question": lambda: _("One answer was for a question that is not in this survey, "
                                  "so nothing was saved."),
    "off_scale": lambda: _("One answer was not one of the choices, so nothing was saved."),
    "dont_know_and_chosen": lambda: _("“Don't know” goes alone: tick it or the answers that fit, not both. "
                                      "Nothing was saved."),
    "too_long": lambda: _("Your text is too long: at most %(max)s characters. Nothing was saved; "
                          "shorten it and try again.", max=question_kinds.MAX_OPEN_ANSWER),
}
NOT_ANSWERABLE = {
    "finished": (409, lambda: _("You have already sent your answers, so they can no longer be changed. "
                                "Thank you!")),
    "closed": (410, lambda: _("This survey has closed, so it takes no more answers. "
                              "Thank you for taking part!")),
}


def _save_status(status: int, message: str):
    """The script's answer to a save refused: only the status line of the answer page."""
    return render_template("respond/_save_status.html", message=message), status


@bp.post("/j/<code>/<int:page>")
def save(code: str, page: int):
    """Save the answers sent: one with each tap (htmx), or the whole page (a plain form)."""
    # Every tap comes here: a bare connection saves the cost of an ORM session.
    token = _token(code)

    def read(structure: Structure):
        if not 1 <= page <= len(structure.areas):
            abort(404)
        return answering.parse(structure, request.form)

    try:
        respondent = db.on_live_connection(
            lambda connection: answering.save_tap(connection, code, token, _structure, read)) if token else None
        if respondent is None:
            # This phone has no answers here (cookies cleared, or another phone): start again.
            welcome_url = url_for(".welcome", code=_measurement(code, open_only=True).code)
            return HTMXResponseClientRedirect(welcome_url) if htmx else redirect(welcome_url)
    except answering.AnswerError as error:
        message = ANSWER_ERRORS[error.reason]()
        if htmx:
            return _save_status(400, message)
        respondent = _respondent(code)
        if respondent is None:  # its cookie went meanwhile
            _unknown(code)
        return _area_page(respondent, _structure(respondent.questionnaire_id), page, 400, message)
    except answering.NotAnswerable as error:
        status, message = NOT_ANSWERABLE[error.reason]
        if htmx:
            return _save_status(status, message())
        if status == 410:
            _closed(code)
        return redirect(url_for(".thanks", code=codes.normalise(code)))
    if htmx:
        # The phone's script says "saved" itself: an acknowledgement needs no words.
        return "", 204
    structure = _structure(respondent.questionnaire_id)
    language = request.form.get("lang")
    if language is not None and language in _languages(structure):
        answering.set_language(db.session(), respondent, language)
        i18n.choose(language)
        return redirect(url_for(".area", code=respondent.code, page=page))
    if request.form.get("nav") == "back":
        return redirect(url_for(".intro", code=respondent.code) if page == 1
                        else url_for(".area", code=respondent.code, page=page - 1))
    if unanswered_needed(structure, page, answering.answers_of(db.session(), respondent)):
        return _area_page(respondent, structure, page, 400, needed_message())
    if page == len(structure.areas):
        return redirect(url_for(".review", code=respondent.code))
    return redirect(url_for(".area", code=respondent.code, page=page + 1))


def needed_message() -> str:
    return _("Answer the questions marked “needed” before going on: “Don't know” is an answer too.")


def unanswered_needed(structure: Structure, page: int, answers) -> list:
    """The page's questions marked needed (an XLSForm's required) that are asked and have no answer yet."""
    skipped = structure.skipped(answers)
    return [question for question in structure.areas[page - 1].questions
            if question.required and question.id not in answers and question.id not in skipped]


@bp.get("/j/<code>/finish")
def review(code: str):
    respondent, structure = _answering(code)
    answers = answering.answers_of(db.session(), respondent)
    skipped = structure.skipped(answers)
    # The questions to answer (those skip logic leaves out are not); an area's open question is optional and
    # only said to be written or not.
    counts = [
        (number, area, sum(1 for q in area.questions if kind_of(q).to_answer and q.id in answers
                           and q.id not in skipped),
         sum(1 for q in area.questions if kind_of(q).to_answer and q.id not in skipped),
         any(kind_of(q).words and q.id in answers for q in area.questions))
        for number, area in enumerate(structure.areas, start=1)
    ]
    return _page("respond/finish.html", respondent, structure, counts=counts)


@bp.post("/j/<code>/finish")
def finish(code: str):
    respondent, structure = _answering(code)
    answering.send(db.session(), respondent, structure)
    return redirect(url_for(".thanks", code=respondent.code))


@bp.get("/j/<code>/thanks")
def thanks(code: str):
    measurement = _measurement(code)
    shared = sharing.shared(db.session(), measurement) is not None
    # Closed: only to a phone that answered it, or when its results are shared (their link says it exists).
    if not measurement.is_open and not shared and _respondent(code) is None:
        _unknown(code)
    return render_template("respond/thanks.html", code=measurement.code, shared=shared)


@bp.get("/j/<code>/results")
def results(code: str):
    """What the group answered, decided and will do: shown to anyone with the link once a leader shares it."""
    measurement = answering.find_measurement(db.session(), code)
    page = sharing.for_the_group(db.session(), measurement, current_app.extensions["mina_svar.structures"],
                                 current_app.config["MIN_RESPONDENTS"]) if measurement else None
    if measurement is None or page is None:
        _unknown(code)  # as an unknown code: a Läget not shared tells nothing
    return render_template("respond/results.html", page=page, code=measurement.code,
                           minimum=current_app.config["MIN_RESPONDENTS"])


@bp.post("/second-language")
def second_language():
    """A second language shown in smaller type under each question and answer (none: "")."""
    if not i18n.choose_second(request.form.get("second", "")):
        abort(400)
    return redirect(same_site_path(request.form.get("next")) or url_for(".index"))


@bp.post("/language")
def language():
    chosen = request.form.get("lang", "")
    if not i18n.choose(chosen):
        abort(400)
    respondent = _respondent(request.form.get("code", ""))
    if respondent is not None:
        answering.set_language(db.session(), respondent, chosen)
    if current_user.is_authenticated:
        current_user.language = chosen  # a staff member's letters come in it too
    return redirect(same_site_path(request.form.get("next")) or url_for(".index"))
