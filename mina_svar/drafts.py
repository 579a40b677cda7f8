"""A draft's questions changed: added, moved, removed (retired, when asked before) and brought back; its
indicators, focus areas and languages. Every change holds the draft first (authoring.hold_draft), so that a
change and a publication never cross."""

import re
import unicodedata

from sqlalchemy.orm import Session

from .authoring import (
    PART_KEY,
    QUESTION_KEY,
    ChangeRefused,
    hold_draft,
    new_key,
    question_like,
    questions_of,
    starter_question,
    written,
)
from .models import AnswerOption, FocusArea, Indicator, Question, Questionnaire
from .question_kinds import CHOICE, MULTIPLE, OPEN, SCALE, kind_of
from .xlsform_reading import part_key


def earlier_keys(session: Session, draft: Questionnaire) -> dict[str, dict]:
    """The question keys of the published versions of the draft's questionnaire, each with its newest text:
    a key keeps its meaning, so a new question cannot take one, and one left out of the draft is retired."""
    rows = session.execute(questions_of(draft.key, Question.key, Question.text).order_by(Questionnaire.version))
    return {key: text for key, text in rows}


def retired(session: Session, draft: Questionnaire, earlier: dict[str, dict] | None = None) -> dict[str, dict]:
    """Questions of earlier versions that the draft no longer asks, by key, with their texts (``earlier``:
    :func:`earlier_keys` when already read)."""
    asked = _asked_keys(draft)
    earlier = earlier_keys(session, draft) if earlier is None else earlier
    return {key: text for key, text in earlier.items() if key not in asked}


def _renumber(area: FocusArea) -> None:
    """Questions in the order of their indicators, each indicator's in its own order, then background
    questions, the open one last."""
    indicators = {indicator.id: indicator.position for indicator in area.indicators}
    ordered = sorted(area.questions, key=lambda q: (q.indicator_id is None, kind_of(q).last,
                                                    indicators.get(q.indicator_id or 0, 0), q.position))
    for position, question in enumerate(ordered, start=1):
        question.position = position
    area.questions.sort(key=lambda q: q.position)


def _swap(items: list, item, step: int) -> None:
    """Swap ``item`` with its neighbour ``step`` away (-1 up, 1 down) in ``items``, by position."""
    ordered = sorted(items, key=lambda i: i.position)
    place = ordered.index(item)
    if 0 <= place + step < len(ordered):
        other = ordered[place + step]
        item.position, other.position = other.position, item.position


def _find(draft: Questionnaire, what: str, row_id: int):
    for area in draft.focus_areas:
        if what == "area" and area.id == row_id:
            return area
        for indicator in area.indicators:
            if what == "indicator" and indicator.id == row_id:
                return indicator
        for question in area.questions:
            if what == "question" and question.id == row_id:
                return question
    raise KeyError((what, row_id))


def move(session: Session, draft: Questionnaire, what: str, row_id: int, step: int) -> None:
    """Move a focus area, an indicator or a question one place up (-1) or down (1) among its own."""
    hold_draft(session, draft)
    found = _find(draft, what, row_id)
    if what == "area":
        _swap(draft.focus_areas, found, step)
        draft.focus_areas.sort(key=lambda a: a.position)
    elif what == "indicator":
        _swap(found.focus_area.indicators, found, step)
        found.focus_area.indicators.sort(key=lambda i: i.position)
        _renumber(found.focus_area)
    else:
        siblings = [q for q in found.focus_area.questions if q.indicator_id == found.indicator_id]
        _swap(siblings, found, step)
        _renumber(found.focus_area)
    session.flush()


def move_to_indicator(session: Session, draft: Questionnaire, question_id: int, indicator_id: int) -> None:
    """Put a question new in this draft under another indicator, last. A question asked before keeps its
    indicator: the indicator's figures over time would otherwise change meaning."""
    hold_draft(session, draft)
    question, indicator = _find(draft, "question", question_id), _find(draft, "indicator", indicator_id)
    if not kind_of(question).scored:
        raise ChangeRefused("open_question", question.key)
    if question.key in earlier_keys(session, draft):
        raise ChangeRefused("asked_before", question.key)
    old_area = question.focus_area
    question.indicator = indicator
    question.position = 10_000
    if old_area is not indicator.focus_area:
        old_area.questions.remove(question)
        indicator.focus_area.questions.append(question)
        _renumber(old_area)
    _renumber(indicator.focus_area)
    session.flush()


BEST_ENDS = ("first", "last")  # of a scale's answers as they stand: the first is best (worded the other way round)


def _best_end(best: str, key: str) -> bool:
    """Whether a question is worded the other way round, its best answer ``best`` ("first" or "last")."""
    if best not in BEST_ENDS:
        raise ChangeRefused("no_best_end", key)
    return best == "first"


def set_best_end(session: Session, draft: Questionnaire, question_id: int, best: str) -> None:
    """Say which end of a scale question's answers is best: a question read from a form with answers in words
    waits for this before the version is published. One asked before keeps its direction, so that its
    figures keep their meaning."""
    hold_draft(session, draft)
    question = _find(draft, "question", question_id)
    if not kind_of(question).scored:
        raise ChangeRefused("not_a_scale", question.key)
    reversed_ = _best_end(best, question.key)
    if question.key in earlier_keys(session, draft):
        raise ChangeRefused("asked_before_best_end", question.key)
    question.reversed, question.best_end_confirmed = reversed_, True
    session.flush()


def ask_as_scale(session: Session, draft: Questionnaire, question_id: int, best: str) -> Indicator:
    """A background question whose answers have an order, asked as a scale (scored) under an indicator of its
    own, named as the question is; its best end said. One asked before keeps its kind."""
    hold_draft(session, draft)
    question = _find(draft, "question", question_id)
    if question.kind != CHOICE.key:
        raise ChangeRefused("not_background", question.key)
    reversed_ = _best_end(best, question.key)
    if question.key in earlier_keys(session, draft):
        raise ChangeRefused("asked_before_kind", question.key)
    area = question.focus_area
    key = part_key(question.key.rsplit(".", 1)[-1], {indicator.key for indicator in area.indicators})
    indicator = Indicator(key=key, position=max((i.position for i in area.indicators), default=0) + 1,
                          title=dict(question.text))
    area.indicators.append(indicator)
    question.kind, question.reversed, question.best_end_confirmed = SCALE.key, reversed_, True
    indicator.questions.append(question)
    _renumber(area)
    session.flush()
    return indicator


def remove(session: Session, draft: Questionnaire, what: str, row_id: int) -> None:
    """Take a question, an indicator (with its questions) or a focus area (with everything in it) out of the
    draft. Earlier versions keep theirs, with their answers: a question asked before is retired, and can be
    brought back (:func:`bring_back`)."""
    hold_draft(session, draft)
    found = _find(draft, what, row_id)
    if what == "question":
        area = found.focus_area
        if found.indicator is not None:  # first: loading it later would flush the orphan away
            found.indicator.questions.remove(found)
        area.questions.remove(found)
        _renumber(area)
    elif what == "indicator":
        area = found.focus_area
        for question in list(found.questions):
            area.questions.remove(question)
        area.indicators.remove(found)
        _renumber(area)
    else:
        draft.focus_areas.remove(found)
    session.flush()


def _asked_keys(draft: Questionnaire) -> set[str]:
    return {q.key for area in draft.focus_areas for q in area.questions}


def _new_question_key(session: Session, draft: Questionnaire, key: str) -> None:
    """Refuse a key that is not a question key, is in the draft already, or was another question's before."""
    new_key(key, QUESTION_KEY, _asked_keys(draft))
    if key in earlier_keys(session, draft):
        raise ChangeRefused("key_used_before", key)


def key_from_words(session: Session, draft: Questionnaire, area_key: str, texts: dict) -> str:
    """A new question's key made from its first words ("Jag känner mig trygg" under housing:
    housing.jag_kanner_mig_trygg), for a coordinator who left the key empty; never one the draft or an earlier
    version has (a number is added), and "question" when the words have no letters a–z."""
    words = next((text for text in texts.values() if text), "")
    plain = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode().lower()
    slug = "_".join(re.findall(r"[a-z0-9]+", plain))[:20].rstrip("_")  # room for "_2" within 24
    if not slug or not slug[0].isalpha():
        slug = "question"
    taken = _asked_keys(draft) | set(earlier_keys(session, draft))
    return next(key for key in (f"{area_key}.{slug}" + (f"_{n}" if n > 1 else "") for n in range(1, 1000))
                if key not in taken)


def _key_for(session: Session, draft: Questionnaire, area: FocusArea, key: str, texts: dict) -> str:
    """The key typed, or one made from the words when none was."""
    return key or key_from_words(session, draft, area.key, texts)


def _last_in_area(session: Session, area: FocusArea, question: Question) -> Question:
    """A question that belongs to its focus area, not to an indicator (open or background), put in place."""
    area.questions.append(question)
    _renumber(area)
    session.flush()
    return question


def add_question(session: Session, draft: Questionnaire, indicator_id: int, key: str, texts: dict,
                 like: int | None = None, reversed_: bool = False, scale: str | None = None,
                 dont_know: bool = True) -> Question:
    """A new scale question last under an indicator, on a starter scale (:func:`starter_scales`) or on the
    scale of the draft's question ``like`` (the indicator's first question's when None). A key used before in
    this questionnaire keeps its meaning: a new question takes a new key (a retired one comes back with
    :func:`bring_back`)."""
    hold_draft(session, draft)
    indicator = _find(draft, "indicator", indicator_id)
    key = _key_for(session, draft, indicator.focus_area, key, texts)
    _new_question_key(session, draft, key)
    model: Question | None
    if scale:
        model = starter_question(scale, draft.languages)
    else:
        model = _find(draft, "question", like) if like else next(iter(indicator.questions), None)
    if model is None or not kind_of(model).scored:
        raise ChangeRefused("no_scale", key)
    question = _place(session, indicator, model, key, written(texts), reversed_)
    question.allows_dont_know = dont_know
    session.flush()
    return question


def add_open_question(session: Session, draft: Questionnaire, area_id: int, key: str, texts: dict) -> Question:
    """The focus area's open question, asked after its scale questions; a focus area has one at most."""
    hold_draft(session, draft)
    area = _find(draft, "area", area_id)
    if any(kind_of(question).words for question in area.questions):
        raise ChangeRefused("has_open_question", key)
    key = _key_for(session, draft, area, key, texts)
    _new_question_key(session, draft, key)
    return _last_in_area(session, area, Question(key=key, position=10_000, kind=OPEN.key, text=written(texts),
                                                 allows_dont_know=False))


BACKGROUND_OPTIONS = (2, 8)  # a background question's options, at least and at most


def add_background_question(session: Session, draft: Questionnaire, area_id: int, key: str, texts: dict,
                            options: list[dict], several: bool = False) -> Question:
    """A coarse background question of the focus area (where one lives, which school): one answer among
    ``options`` (each its label per language; with ``several``, any of them ticked), unordered, never scored;
    its results show how many chose each option once at least the minimum answered it."""
    hold_draft(session, draft)
    area = _find(draft, "area", area_id)
    key = _key_for(session, draft, area, key, texts)
    _new_question_key(session, draft, key)
    options = [{code: text.strip() for code, text in label.items() if text and text.strip()} for label in options]
    options = [label for label in options if label]
    if not BACKGROUND_OPTIONS[0] <= len(options) <= BACKGROUND_OPTIONS[1]:
        raise ChangeRefused("background_options", key)
    return _last_in_area(session, area, Question(
        key=key, position=10_000, kind=MULTIPLE.key if several else CHOICE.key, text=written(texts),
        allows_dont_know=True,
        options=[AnswerOption(value=value, position=value, label=label) for value, label in enumerate(options, 1)]))


def set_languages(session: Session, draft: Questionnaire, languages: list[str]) -> None:
    """The languages the draft is written in, its first language first. A language added starts empty and
    must be complete before the draft is published; a language removed keeps its texts until published."""
    hold_draft(session, draft)
    if not languages:
        raise ChangeRefused("no_language")
    first = draft.languages[0] if draft.languages else languages[0]
    draft.languages = ([first] if first in languages else []) + [code for code in languages if code != first]
    session.flush()


def bring_back(session: Session, draft: Questionnaire, key: str, indicator_id: int) -> Question:
    """Ask a retired question again, with its key and its newest texts, under an indicator."""
    hold_draft(session, draft)
    new_key(key, QUESTION_KEY, _asked_keys(draft))
    if key not in retired(session, draft):
        raise ChangeRefused("not_retired", key)
    source = session.scalar(questions_of(draft.key, Question).where(Question.key == key)
                            .order_by(Questionnaire.version.desc()).limit(1))
    return _place(session, _find(draft, "indicator", indicator_id), source, key, dict(source.text), source.reversed)


def _place(session: Session, indicator: Indicator, model: Question, key: str, texts: dict,
           reversed_: bool) -> Question:
    """A question last under ``indicator``, on ``model``'s scale."""
    question = question_like(model, key, texts, reversed_, position=10_000)
    indicator.focus_area.questions.append(question)
    indicator.questions.append(question)
    _renumber(indicator.focus_area)
    session.flush()
    return question


def add_indicator(session: Session, draft: Questionnaire, area_id: int, key: str, titles: dict) -> Indicator:
    hold_draft(session, draft)
    area = _find(draft, "area", area_id)
    new_key(key, PART_KEY, {i.key for i in area.indicators})
    indicator = Indicator(key=key, position=max((i.position for i in area.indicators), default=0) + 1,
                          title=written(titles))
    area.indicators.append(indicator)
    session.flush()
    return indicator


def add_area(session: Session, draft: Questionnaire, key: str, titles: dict) -> FocusArea:
    hold_draft(session, draft)
    new_key(key, PART_KEY, {a.key for a in draft.focus_areas})
    area = FocusArea(key=key, position=max((a.position for a in draft.focus_areas), default=0) + 1,
                     title=written(titles), description={})
    draft.focus_areas.append(area)
    session.flush()
    return area
