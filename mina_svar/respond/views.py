from flask import abort, current_app, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_htmx.responses import HTMXResponseClientRedirect
from jinja2_fragments.flask import render_block

from .. import answering, db, i18n
from ..config import LANGUAGES
from ..extensions import htmx
from ..models import Measurement, Response
from ..questionnaire import Structure
from . import bp

REMEMBERED_RESPONSES = 10


def _structure(measurement: Measurement) -> Structure:
    return current_app.extensions["mina_svar.structures"].get(db.session(), measurement.questionnaire_id)


def _languages(structure: Structure) -> dict:
    return {code: LANGUAGES[code] for code in structure.languages if code in LANGUAGES}


def _code_form(status: int, message: str, code: str = ""):
    abort(make_response(render_template("respond/index.html", message=message, code=code), status))


def _measurement(code: str) -> Measurement:
    measurement = answering.find_measurement(db.session(), code)
    if measurement is None:
        _code_form(404, _("There is no survey with the code %(code)s. Check the code and try again.",
                          code=answering.normalise_code(code)[:12]), code)
    return measurement


def _closed(measurement: Measurement):
    _code_form(410, _("This survey has closed, so it takes no more answers. Thank you for taking part!"),
               measurement.code)


def _own_response(measurement: Measurement) -> Response | None:
    token = session.get("responses", {}).get(str(measurement.id))
    return answering.find_response(db.session(), measurement.code, token) if token else None


def _remember(measurement: Measurement, response: Response) -> None:
    remembered = dict(session.get("responses", {}))
    remembered[str(measurement.id)] = response.token
    # A shared phone may join many measurements over time; keep the cookie small.
    session["responses"] = dict(list(remembered.items())[-REMEMBERED_RESPONSES:])
    session.permanent = True


def _page_url(measurement: Measurement, response: Response, structure: Structure) -> str:
    if response.completed_at is not None:
        return url_for(".thanks", code=measurement.code)
    if response.page == 0:
        return url_for(".intro", code=measurement.code)
    if response.page > len(structure.areas):
        return url_for(".review", code=measurement.code)
    return url_for(".area", code=measurement.code, page=response.page)


def _answering(code: str) -> tuple[Measurement, Response, Structure]:
    """The measurement and this phone's response to it, or the way back to the start."""
    measurement = _measurement(code)
    response = _own_response(measurement)
    if response is None:
        abort(redirect(url_for(".welcome", code=measurement.code)))
    if response.completed_at is not None:
        abort(redirect(url_for(".thanks", code=measurement.code)))
    if not measurement.is_open:
        _closed(measurement)
    i18n.choose(response.language)
    return measurement, response, _structure(measurement)


@bp.get("/")
def index():
    return render_template("respond/index.html")


@bp.get("/join")
def join():
    code = answering.normalise_code(request.args.get("code", ""))
    if not code:
        return render_template("respond/index.html", message=_("Type the code you were given.")), 400
    return redirect(url_for(".welcome", code=code))


@bp.get("/j/<code>")
def welcome(code: str):
    measurement = _measurement(code)
    response = _own_response(measurement)
    if response is not None:
        return redirect(_page_url(measurement, response, _structure(measurement)))
    if not measurement.is_open:
        _closed(measurement)
    structure = _structure(measurement)
    return render_template("respond/welcome.html", measurement=measurement, structure=structure,
                           languages=_languages(structure))


@bp.post("/j/<code>/start")
def start(code: str):
    measurement = _measurement(code)
    structure = _structure(measurement)
    if _own_response(measurement) is None:
        language = request.form.get("lang", "")
        if language not in _languages(structure):
            abort(400)
        if not measurement.is_open:
            _closed(measurement)
        _remember(measurement, answering.start(db.session(), measurement, language))
        i18n.choose(language)
    return redirect(url_for(".intro", code=measurement.code))


@bp.get("/j/<code>/intro")
def intro(code: str):
    measurement, response, structure = _answering(code)
    answering.move_to(db.session(), response, 0)
    return render_template("respond/intro.html", measurement=measurement, structure=structure,
                           languages=_languages(structure))


def _area_page(measurement, response, structure, page, status=200, message=None, saved=False):
    answers = answering.answers_of(db.session(), response)
    context = dict(measurement=measurement, structure=structure, languages=_languages(structure),
                   page=page, area=structure.areas[page - 1], answers=answers,
                   message=message, saved=saved, dont_know=answering.DONT_KNOW,
                   max_text=answering.MAX_OPEN_ANSWER)
    if htmx:
        return render_block("respond/area.html", "save_status", **context), status
    return render_template("respond/area.html", **context), status


@bp.get("/j/<code>/<int:page>")
def area(code: str, page: int):
    measurement, response, structure = _answering(code)
    if not 1 <= page <= len(structure.areas):
        abort(404)
    answering.move_to(db.session(), response, page)
    return _area_page(measurement, response, structure, page)


ANSWER_ERRORS = {
    "unknown_question": lambda: _("One answer was for a question that is not in this survey, "
                                  "so nothing was saved."),
    "off_scale": lambda: _("One answer was not one of the choices, so nothing was saved."),
    "too_long": lambda: _("Your text is too long: at most %(max)s characters. Nothing was saved; "
                          "shorten it and try again.", max=answering.MAX_OPEN_ANSWER),
}
NOT_ANSWERABLE = {
    "finished": (409, lambda: _("You have already sent your answers, so they can no longer be changed. "
                                "Thank you!")),
    "closed": (410, lambda: _("This survey has closed, so it takes no more answers. "
                              "Thank you for taking part!")),
}


@bp.post("/j/<code>/<int:page>")
def save(code: str, page: int):
    measurement = _measurement(code)
    response = _own_response(measurement)
    if response is None:
        # This phone has no answers here (cookies cleared, or another phone): start again.
        welcome_url = url_for(".welcome", code=measurement.code)
        return HTMXResponseClientRedirect(welcome_url) if htmx else redirect(welcome_url)
    structure = _structure(measurement)
    if not 1 <= page <= len(structure.areas):
        abort(404)
    try:
        given = answering.parse(structure, request.form)
        answering.save(db.session(), response, given)
    except answering.AnswerError as error:
        return _area_page(measurement, response, structure, page, 400, ANSWER_ERRORS[error.reason]())
    except answering.NotAnswerable as error:
        status, message = NOT_ANSWERABLE[error.reason]
        if htmx:
            return _area_page(measurement, response, structure, page, status, message())
        if status == 410:
            _code_form(status, message(), measurement.code)
        return redirect(url_for(".thanks", code=measurement.code))
    if htmx:
        return _area_page(measurement, response, structure, page, saved=True)
    language = request.form.get("lang")
    if language in _languages(structure):
        answering.set_language(db.session(), response, language)
        i18n.choose(language)
        return redirect(url_for(".area", code=measurement.code, page=page))
    if request.form.get("nav") == "back":
        return redirect(url_for(".intro", code=measurement.code) if page == 1
                        else url_for(".area", code=measurement.code, page=page - 1))
    if page == len(structure.areas):
        return redirect(url_for(".review", code=measurement.code))
    return redirect(url_for(".area", code=measurement.code, page=page + 1))


@bp.get("/j/<code>/finish")
def review(code: str):
    measurement, response, structure = _answering(code)
    answering.move_to(db.session(), response, len(structure.areas) + 1)
    answers = answering.answers_of(db.session(), response)
    counts = [
        (number, area, sum(1 for q in area.questions if q.id in answers), len(area.questions))
        for number, area in enumerate(structure.areas, start=1)
    ]
    return render_template("respond/finish.html", measurement=measurement, structure=structure,
                           languages=_languages(structure), counts=counts)


@bp.post("/j/<code>/finish")
def finish(code: str):
    measurement, response, _structure_ = _answering(code)
    answering.finish(db.session(), response)
    return redirect(url_for(".thanks", code=measurement.code))


@bp.get("/j/<code>/thanks")
def thanks(code: str):
    measurement = _measurement(code)
    return render_template("respond/thanks.html", measurement=measurement)


@bp.post("/language")
def language():
    chosen = request.form.get("lang", "")
    if not i18n.choose(chosen):
        abort(400)
    code = request.form.get("code")
    if code:
        measurement = answering.find_measurement(db.session(), code)
        response = _own_response(measurement) if measurement else None
        if response is not None:
            answering.set_language(db.session(), response, chosen)
    target = request.form.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for(".index")
    return redirect(target)
