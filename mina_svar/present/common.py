from flask import abort, current_app, request
from flask_babel import gettext as _

from .. import analysis, db, in_words, joint_analysis
from ..models import AnalysisSession
from ..questionnaire import Structure


def session_or_404(code: str) -> AnalysisSession:
    return joint_analysis.find(db.session(), code) or abort(404)


def structure_of(analysis_session: AnalysisSession) -> Structure:
    return current_app.extensions["mina_svar.structures"].get(db.session(),
                                                              analysis_session.measurement.questionnaire_id)


def unchanged(analysis_session_id: int) -> bool:
    """True when the version the screen has is still the newest: then it gets a bodyless 204."""
    seen = request.args.get("v", type=int)
    return seen is not None and seen == joint_analysis.version(db.session(), analysis_session_id)


def slide_context(analysis_session: AnalysisSession) -> dict:
    structure = structure_of(analysis_session)
    shown = joint_analysis.snapshot(db.session(), analysis_session, structure)
    result = analysis.results(db.session(), analysis_session.measurement, structure,
                              current_app.config["MIN_RESPONDENTS"])
    area = result.area(shown.slide.area_key) if result.shown and shown.slide.area_key else None
    indicator = None
    if area and shown.slide.indicator_key:
        key = shown.slide.indicator_key.split(".", 1)[1]
        indicator = next(((i, qs) for i, qs in area.indicators if i.key == key), None)
    titles = structure.indicator_titles()
    return dict(analysis_session=analysis_session, shown=shown, result=result, area=area, indicator=indicator,
                titles=titles, structure=structure, answer=_answer(area, indicator, shown.slide),
                reaction_labels={"surprised": _("Surprised"), "agree": _("Agree"), "disagree": _("Don't agree")})


def _answer(area, indicator, slide) -> str | None:
    """How the slide's figure turned out, in the words the phones guess with (in_words.level); None when the
    slide has no figure to guess or it is hidden (too few answered)."""
    if slide.indicator_key:
        figure = indicator[0] if indicator else None
    else:
        figure = area.result if area else None
    return in_words.level(figure.index) if figure is not None and figure.shown else None
