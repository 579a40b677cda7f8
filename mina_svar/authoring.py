"""Writing questionnaires: a draft made from a published version, its texts edited, then published for good.

A published version never changes and only published versions are asked;
editing one makes a new draft, the next version of the same questionnaire.
Questions keep their keys from version to version, so that measurements
made with different versions are compared on the questions they share.
"""

import copy
import json
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from . import db
from .models import OWN_AREA, AnswerOption, FocusArea, Indicator, Question, Questionnaire
from .models.base import utcnow
from .question_kinds import SCALE
from .questionnaire_texts import Problem, problems, text_rows

STARTER_SCALES = Path(__file__).resolve().parent / "questionnaires" / "scales.json"


@cache
def starter_scales() -> dict[str, dict]:
    """Scales a new question can start from, by key: each with its name and its options' labels per language."""
    found = json.loads(STARTER_SCALES.read_text(encoding="utf-8"))
    return {key: scale for key, scale in found.items() if not key.startswith("_")}


class NotADraft(ValueError):
    """The questionnaire was published (perhaps a moment ago by someone else): it no longer changes."""


def versions(session: Session) -> list[Questionnaire]:
    """Every version of every questionnaire, by key and newest first (not a cycle's own, see
    :func:`with_own_questions`)."""
    return list(session.scalars(select(Questionnaire).where(Questionnaire.cycle_id.is_(None))
                                .order_by(Questionnaire.key, Questionnaire.version.desc())))


def _next_version(session: Session, key: str) -> int:
    return (session.scalar(select(func.max(Questionnaire.version)).where(Questionnaire.key == key)) or 0) + 1


def questions_of(key: str, *columns, published_only: bool = True):
    """A select of ``columns`` over the questions of every version of the questionnaire ``key``."""
    query = (select(*columns).join(FocusArea, Question.focus_area_id == FocusArea.id)
             .join(Questionnaire, FocusArea.questionnaire_id == Questionnaire.id).where(Questionnaire.key == key))
    return query.where(Questionnaire.state == "published") if published_only else query


def new_draft(session: Session, source: Questionnaire) -> Questionnaire:
    """The next version of ``source``'s questionnaire as a draft, a copy of ``source`` to edit."""
    return _copy(session, source, source.key, _next_version(session, source.key))


def new_questionnaire(session: Session, key: str, title: str, language: str,
                      source: Questionnaire | None = None) -> Questionnaire:
    """Version 1 of a new questionnaire as a draft: a copy of ``source`` (its questions keep their keys, now
    the new questionnaire's) or empty, written in ``language``."""
    new_key(key, PART_KEY, set(session.scalars(select(Questionnaire.key).distinct())))
    if source is None:
        draft = Questionnaire(key=key, version=1, state="draft", title={}, intro={}, languages=[language])
        session.add(draft)
    else:
        draft = _copy(session, source, key, 1)
        draft.languages = [language] + [code for code in draft.languages if code != language]
        draft.title = {}  # a title of its own, translated like every text
    if title.strip():
        draft.title = {language: title.strip()}
    session.flush()
    return draft


# The title of a group's own questions (step 2), asked after the common ones in a focus area of their own.
OWN_TITLE = {"sv": "Våra egna frågor", "en": "Our own questions", "ar": "أسئلتنا الخاصة", "nb": "Våre egne spørsmål",
             "da": "Vores egne spørgsmål", "fa": "پرسش‌های خودمان",
             "ti": "ናይ ባዕልና ሕቶታት", "so": "Su'aalahayaga gaarka ah"}


def with_own_questions(session: Session, base: Questionnaire, cycle) -> Questionnaire:
    """``base`` as the cycle asks it: unchanged when the group has no questions of its own, else ``base``
    with them as a last focus area, in a published version that is the cycle's only (made once per base
    version, so that Läget 1 and 2 with the same version ask the very same)."""
    if not cycle.own_questions:
        return base
    found = session.scalar(select(Questionnaire).where(Questionnaire.cycle_id == cycle.id,
                                                       Questionnaire.based_on_id == base.id))
    if found is not None:
        return found
    # Not a key a coordinator can type (see PART_KEY): never taken for a questionnaire of their own.
    own = _copy(session, base, f"{base.key}~{cycle.id}", base.version)
    own.state, own.published_at, own.cycle_id = "published", utcnow(), cycle.id
    area = FocusArea(key=OWN_AREA, position=len(own.focus_areas) + 1, description={},
                     title={code: OWN_TITLE.get(code, OWN_TITLE["en"]) for code in own.languages})
    indicator = Indicator(key=OWN_AREA, position=1, title=dict(area.title))
    area.indicators.append(indicator)
    own.focus_areas.append(area)
    for question in cycle.own_questions:
        asked = question_like(starter_question(question.scale, own.languages), f"{OWN_AREA}.q{question.position}",
                               dict(question.text), False, question.position)
        area.questions.append(asked)
        indicator.questions.append(asked)
    session.flush()
    return own


def _copy(session: Session, source: Questionnaire, key: str, version: int) -> Questionnaire:
    draft = Questionnaire(key=key, version=version, state="draft",
                          title=dict(source.title), intro=dict(source.intro), languages=list(source.languages),
                          organisation_id=source.organisation_id, based_on_id=source.id)
    for area in source.focus_areas:
        copied = FocusArea(key=area.key, position=area.position, title=dict(area.title),
                           description=dict(area.description))
        draft.focus_areas.append(copied)
        indicators = {}
        for indicator in area.indicators:
            indicators[indicator.id] = Indicator(key=indicator.key, position=indicator.position,
                                                 title=dict(indicator.title))
            copied.indicators.append(indicators[indicator.id])
        for question in area.questions:
            new = question_like(question, question.key, dict(question.text), question.reversed, question.position)
            # What a form brought (hints, notes, needed, skip logic) goes on into the next version.
            new.hint, new.lead_in = copy.deepcopy(question.hint), copy.deepcopy(question.lead_in)
            new.required, new.shown_if = question.required, copy.deepcopy(question.shown_if)
            copied.questions.append(new)
            if question.indicator_id is not None:
                indicators[question.indicator_id].questions.append(new)
    session.add(draft)
    session.flush()
    return draft


def hold_draft(session: Session, questionnaire: Questionnaire) -> None:
    """Lock the questionnaire's row for this transaction, and refuse unless it is still a draft: "publish"
    waits for an edit in progress, and an edit after it is refused."""
    held = session.execute(update(Questionnaire).where(Questionnaire.id == questionnaire.id,
                                                       Questionnaire.state == "draft")
                           .values(state="draft").execution_options(synchronize_session=False))
    if db.changed(held) != 1:
        raise NotADraft(questionnaire.id)


def set_texts(session: Session, draft: Questionnaire, texts: Mapping[tuple[str, int, str], str]) -> int:
    """Set texts of a draft; an empty text removes that language's. Returns how many changed; raises
    :class:`NotADraft` once it is published and :class:`KeyError` for a text that is not the draft's."""
    hold_draft(session, draft)
    rows = text_rows(draft)
    changed = 0
    for (what, row_id, language), value in texts.items():
        if language not in draft.languages:
            raise KeyError((what, row_id, language))
        row, column = rows[(what, row_id)]
        current = dict(getattr(row, column) or {})
        value = value.strip()
        if current.get(language, "") == value:
            continue
        if value:
            current[language] = value
        else:
            current.pop(language, None)
        setattr(row, column, current)
        changed += 1
    session.flush()
    return changed


def publish(session: Session, draft: Questionnaire) -> list[Problem]:
    """Publish the draft for good, unless it has problems (returned, and nothing changes)."""
    hold_draft(session, draft)  # an edit in progress finishes first; its texts are the ones checked
    session.expire_all()
    found = problems(draft)
    if found:
        return found
    published = session.execute(update(Questionnaire)
                                .where(Questionnaire.id == draft.id, Questionnaire.state == "draft")
                                .values(state="published", published_at=utcnow())
                                .execution_options(synchronize_session=False))
    if db.changed(published) != 1:
        raise NotADraft(draft.id)
    session.refresh(draft)
    return []


# Changing a draft's structure. Every change first holds the draft (see hold_draft).

class ChangeRefused(ValueError):
    """A change the editor refuses, with the reason as a short code (see the coordinator's page)."""

    def __init__(self, reason: str, key: str = "") -> None:
        super().__init__(reason)
        self.reason, self.key = reason, key


# A question's key, as Läget's ("work.apply"); a focus area's or an indicator's ("ways_in").
QUESTION_KEY = re.compile(r"^[a-z][a-z0-9_]{0,20}(\.[a-z0-9_]{1,24})?$")
PART_KEY = re.compile(r"^[a-z][a-z0-9_]{0,30}$")


def new_key(key: str, pattern: re.Pattern, taken) -> None:
    if not pattern.match(key):
        raise ChangeRefused("bad_key", key)
    if key in taken:
        raise ChangeRefused("key_taken", key)


def written(texts: dict) -> dict:
    """The texts that were written (an empty field is no text)."""
    return {code: text for code, text in texts.items() if text}


def starter_question(scale: str, languages: list[str]) -> Question:
    """An unsaved question on a starter scale, its labels in ``languages``: a model for :func:`question_like`."""
    if scale not in starter_scales():
        raise ChangeRefused("no_scale", scale)
    return Question(kind=SCALE.key, allows_dont_know=True, options=[
        AnswerOption(value=option["value"], position=position,
                     label={code: text for code, text in option["label"].items() if code in languages})
        for position, option in enumerate(starter_scales()[scale]["options"], start=1)])


def question_like(model: Question, key: str, texts: dict, reversed_: bool, position: int) -> Question:
    """A new question of ``model``'s kind, on a copy of its scale."""
    return Question(key=key, position=position, kind=model.kind, text=texts, reversed=reversed_,
                    allows_dont_know=model.allows_dont_know,
                    options=[AnswerOption(value=o.value, position=o.position, label=dict(o.label))
                             for o in model.options])


def _history(session: Session, key: str) -> tuple[dict[str, str], set[str]]:
    """Of a questionnaire's published versions: each question key with the indicator it was under
    ("area.indicator"), and the keys that have answers."""
    from .models import Answer

    under = {question_key: f"{area_key}.{indicator_key}" for question_key, area_key, indicator_key in session.execute(
        questions_of(key, Question.key, FocusArea.key, Indicator.key)
        .join(Indicator, Question.indicator_id == Indicator.id))}
    answered = set(session.scalars(questions_of(key, Question.key, published_only=False).distinct()
                                   .join(Answer, Answer.question_id == Question.id)))
    return under, answered


def from_workbook(session: Session, data: bytes, file_name: str = "form.xlsx", unnamed_language: str = "sv"):
    """An uploaded XLSForm workbook (.xlsx or .xls, ours or one from ODK or KoboToolbox) as a new draft: the
    next version of the questionnaire its form_id names (or the first of a new one), with what did not come
    across listed on it (``left_out``). Returns (draft, []) or (None, what makes it unusable); nothing is saved
    from a workbook that is refused."""
    from . import questionnaire as questionnaires
    from . import workbooks, xlsform_reading
    from .xlsform import SheetProblem

    if not data.startswith(b"\xd0\xcf\x11\xe0"):  # an .xls is read by xlrd within the same limits
        try:
            bounded = workbooks.bounded(data)
        except workbooks.NotAWorkbook:
            return None, [SheetProblem("", 0, "", "not_a_workbook")]
        if isinstance(bounded, workbooks.TooBig):
            return None, [SheetProblem(bounded.sheet, 0, "", "too_big", bounded.what)]
        data = bounded
    reading = xlsform_reading.read(data, file_name, unnamed_language)
    if reading.refused and not reading.form_id:
        return None, reading.refused
    key = reading.form_id
    under, answered = _history(session, key)
    placed = reading.placed()
    refused = list(reading.refused)
    refused += [SheetProblem("survey", reading.rows.get(question, 0), reading.name_column, "moved",
                             f"{question}: {under[question]}")
                for question, where in placed.items() if question in under and under[question] != where]
    refused += [SheetProblem("survey", 0, "", "answered_removed", question)
                for question in sorted(answered - set(placed) - reading.retired)]
    if refused:
        return None, refused
    document = reading.document
    based_on = questionnaires.latest(session, key)
    first = document["languages"][0] if document["languages"] else None
    if based_on and first and based_on.title.get(first) == document["title"].get(first):
        # An XLSForm's title has one language: while it is unchanged, the earlier version's translations stay.
        document["title"] = {**document["title"], **based_on.title}
    draft = questionnaires.create(document)
    draft.key, draft.version, draft.state = key, _next_version(session, key), "draft"
    draft.based_on_id = based_on.id if based_on else None
    draft.left_out = [[p.sheet, p.row, p.column, p.code, p.detail] for p in reading.left_out]
    session.add(draft)
    session.flush()
    return draft, []
