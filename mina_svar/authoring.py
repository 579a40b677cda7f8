"""Writing questionnaires: a draft made from a published version, its texts edited, then published for good.

A published version never changes and only published versions are asked;
editing one makes a new draft, the next version of the same questionnaire.
Questions keep their keys from version to version, so that measurements
made with different versions are compared on the questions they share.
"""

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from . import db
from .models import AnswerOption, FocusArea, Indicator, Question, Questionnaire
from .models.base import utcnow

# The texts of a draft a coordinator edits: (what, its id, language) → text. "what" is one of these.
TEXT_FIELDS = ("title", "intro", "area_title", "area_description", "indicator_title", "question_text",
               "option_label")


STARTER_SCALES = Path(__file__).resolve().parent / "questionnaires" / "scales.json"


@cache
def starter_scales() -> dict[str, dict]:
    """Scales a new question can start from, by key: each with its name and its options' labels per language."""
    found = json.loads(STARTER_SCALES.read_text(encoding="utf-8"))
    return {key: scale for key, scale in found.items() if not key.startswith("_")}


class NotADraft(ValueError):
    """The questionnaire was published (perhaps a moment ago by someone else): it no longer changes."""


@dataclass(frozen=True)
class Problem:
    """Why a draft cannot be published yet: a missing text, or a focus area without questions."""

    kind: str  # "missing_text", "no_questions" or "no_areas"
    where: str  # the focus area, indicator or question it concerns, named in the draft's first language
    language: str | None = None
    what: str = ""  # a missing text's kind (one of TEXT_FIELDS); for an answer's, ``where`` is its question's
    anchor: str = ""  # the id of the text's place on the editor's page
    place: int = 0  # an answer's place among its question's answers (1, 2, …)


def versions(session: Session) -> list[Questionnaire]:
    """Every version of every questionnaire, by key and newest first (not a cycle's own, see
    :func:`with_own_questions`)."""
    return list(session.scalars(select(Questionnaire).where(Questionnaire.cycle_id.is_(None))
                                .order_by(Questionnaire.key, Questionnaire.version.desc())))


def _next_version(session: Session, key: str) -> int:
    return (session.scalar(select(func.max(Questionnaire.version)).where(Questionnaire.key == key)) or 0) + 1


def _questions_of(key: str, *columns, published_only: bool = True):
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
    _new_key(key, PART_KEY, set(session.scalars(select(Questionnaire.key).distinct())))
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


# A group's own questions (step 2), asked after the common ones in a focus area of their own.
OWN_AREA = "own"
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
        asked = _question_like(_starter(question.scale, own.languages), f"{OWN_AREA}.q{question.position}",
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
            new = _question_like(question, question.key, dict(question.text), question.reversed, question.position)
            copied.questions.append(new)
            if question.indicator_id is not None:
                indicators[question.indicator_id].questions.append(new)
    session.add(draft)
    session.flush()
    return draft


def _hold_draft(session: Session, questionnaire: Questionnaire) -> None:
    """Lock the questionnaire's row for this transaction, and refuse unless it is still a draft: "publish"
    waits for an edit in progress, and an edit after it is refused."""
    held = session.execute(update(Questionnaire).where(Questionnaire.id == questionnaire.id,
                                                       Questionnaire.state == "draft")
                           .values(state="draft").execution_options(synchronize_session=False))
    if db.changed(held) != 1:
        raise NotADraft(questionnaire.id)


def _rows(questionnaire: Questionnaire) -> dict[tuple[str, int], tuple[Any, str]]:
    """Every edited text's row and column, by (what, id)."""
    rows: dict[tuple[str, int], tuple[Any, str]] = {("title", questionnaire.id): (questionnaire, "title"),
                                                       ("intro", questionnaire.id): (questionnaire, "intro")}
    for area in questionnaire.focus_areas:
        rows[("area_title", area.id)] = (area, "title")
        rows[("area_description", area.id)] = (area, "description")
        for indicator in area.indicators:
            rows[("indicator_title", indicator.id)] = (indicator, "title")
        for question in area.questions:
            rows[("question_text", question.id)] = (question, "text")
            for option in question.options:
                rows[("option_label", option.id)] = (option, "label")
    return rows


def set_texts(session: Session, draft: Questionnaire, texts: Mapping[tuple[str, int, str], str]) -> int:
    """Set texts of a draft; an empty text removes that language's. Returns how many changed; raises
    :class:`NotADraft` once it is published and :class:`KeyError` for a text that is not the draft's."""
    _hold_draft(session, draft)
    rows = _rows(draft)
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


def _required_texts(questionnaire: Questionnaire) -> list[tuple[str, int, Any, dict]]:
    """Every text a version must have in each of its languages (an introduction or a description may be
    left empty; a group's own question is asked in the words the group wrote), with what it belongs to."""
    found = []
    for (what, _row_id), (row, column) in _rows(questionnaire).items():
        if what in ("intro", "area_description"):
            continue
        if what == "question_text" and questionnaire.cycle_id is not None and row.focus_area.key == OWN_AREA:
            continue
        found.append((what, _row_id, row, getattr(row, column) or {}))
    return found


def missing_texts(found: list[Problem]) -> list[tuple[Problem, list[str]]]:
    """The missing texts among ``found``, one per text with the languages it is missing in, in the page's order."""
    by_text: dict[str, tuple[Problem, list[str]]] = {}
    for problem in found:
        if problem.kind == "missing_text" and problem.language:
            by_text.setdefault(problem.anchor, (problem, []))[1].append(problem.language)
    return list(by_text.values())


def completeness(questionnaire: Questionnaire) -> dict[str, float]:
    """Per language of the questionnaire, the share of its required texts written in it (1.0: complete)."""
    texts = _required_texts(questionnaire)
    return {language: sum(1 for *_row, values in texts if values.get(language)) / len(texts) if texts else 1.0
            for language in questionnaire.languages}


@dataclass(frozen=True)
class TranslationRow:
    """One text of a version, in the language translated from and the one translated into."""

    what: str  # one of TEXT_FIELDS
    row_id: int
    key: str  # what it belongs to: a focus area's, an indicator's or a question's key; "title"; "intro"
    source: str
    target: str
    required: bool
    # An answer option's: the question it answers, in the language translated from, and its place (1, 2, …).
    question: str = ""
    place: int = 0

    @property
    def missing(self) -> bool:
        return not self.target


def translation(questionnaire: Questionnaire, source: str, target: str) -> list[TranslationRow]:
    """Every text of the version from ``source`` to ``target``, those missing in ``target`` first (the texts
    it needs before those it may leave empty), each group in the questionnaire's order."""
    found = []
    for (what, row_id), (row, column) in _rows(questionnaire).items():
        texts = getattr(row, column) or {}
        question, place = "", 0
        if what == "option_label":
            key = f"{row.question.key} = {row.value}"
            question = (row.question.text or {}).get(source, "") or row.question.key
            place = row.question.options.index(row) + 1
        else:
            key = getattr(row, "key", what) if what != "title" else what
        found.append(TranslationRow(what, row_id, key, texts.get(source, ""), texts.get(target, ""),
                                    what not in ("intro", "area_description"), question, place))
    return sorted(found, key=lambda r: (not r.missing, not (r.missing and r.required)))


def problems(questionnaire: Questionnaire) -> list[Problem]:
    """What keeps a draft from being published: every text in every one of its languages, and questions in
    every focus area."""
    found = []
    first = questionnaire.languages[0] if questionnaire.languages else "sv"

    def name(texts) -> str:
        return texts.get(first) or next(iter(texts.values()), "") if texts else ""

    for what, row_id, row, texts in _required_texts(questionnaire):
        missing = [language for language in questionnaire.languages if not texts.get(language)]
        if not missing:
            continue
        if what == "option_label":  # named by its question: an answer's own words repeat from question to question
            where, place = name(row.question.text) or row.question.key, row.question.options.index(row) + 1
        else:
            where, place = name(texts) or getattr(row, "key", ""), 0
        found += [Problem("missing_text", where, language, what, f"text-{what}-{row_id}", place)
                  for language in missing]
    found += [Problem("no_questions", name(area.title)) for area in questionnaire.focus_areas if not area.questions]
    if not questionnaire.focus_areas:
        found.append(Problem("no_areas", name(questionnaire.title)))
    return found


def publish(session: Session, draft: Questionnaire) -> list[Problem]:
    """Publish the draft for good, unless it has problems (returned, and nothing changes)."""
    _hold_draft(session, draft)  # an edit in progress finishes first; its texts are the ones checked
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


# Changing a draft's structure. Every change first holds the draft (see _hold_draft).

class ChangeRefused(ValueError):
    """A change the editor refuses, with the reason as a short code (see the coordinator's page)."""

    def __init__(self, reason: str, key: str = "") -> None:
        super().__init__(reason)
        self.reason, self.key = reason, key


# A question's key, as Läget's ("work.apply"); a focus area's or an indicator's ("ways_in").
QUESTION_KEY = re.compile(r"^[a-z][a-z0-9_]{0,20}(\.[a-z0-9_]{1,24})?$")
PART_KEY = re.compile(r"^[a-z][a-z0-9_]{0,30}$")


def _new_key(key: str, pattern: re.Pattern, taken) -> None:
    if not pattern.match(key):
        raise ChangeRefused("bad_key", key)
    if key in taken:
        raise ChangeRefused("key_taken", key)


def earlier_keys(session: Session, draft: Questionnaire) -> dict[str, dict]:
    """The question keys of the published versions of the draft's questionnaire, each with its newest text:
    a key keeps its meaning, so a new question cannot take one, and one left out of the draft is retired."""
    rows = session.execute(_questions_of(draft.key, Question.key, Question.text).order_by(Questionnaire.version))
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
    ordered = sorted(area.questions, key=lambda q: (q.indicator_id is None, q.kind == "open",
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
    _hold_draft(session, draft)
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
    _hold_draft(session, draft)
    question, indicator = _find(draft, "question", question_id), _find(draft, "indicator", indicator_id)
    if question.kind != "scale":
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


def remove(session: Session, draft: Questionnaire, what: str, row_id: int) -> None:
    """Take a question, an indicator (with its questions) or a focus area (with everything in it) out of the
    draft. Earlier versions keep theirs, with their answers: a question asked before is retired, and can be
    brought back (:func:`bring_back`)."""
    _hold_draft(session, draft)
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
    _new_key(key, QUESTION_KEY, _asked_keys(draft))
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


def _written(texts: dict) -> dict:
    """The texts that were written (an empty field is no text)."""
    return {code: text for code, text in texts.items() if text}


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
    _hold_draft(session, draft)
    indicator = _find(draft, "indicator", indicator_id)
    key = _key_for(session, draft, indicator.focus_area, key, texts)
    _new_question_key(session, draft, key)
    model: Question | None
    if scale:
        model = _starter(scale, draft.languages)
    else:
        model = _find(draft, "question", like) if like else next(iter(indicator.questions), None)
    if model is None or model.kind != "scale":
        raise ChangeRefused("no_scale", key)
    question = _place(session, indicator, model, key, _written(texts), reversed_)
    question.allows_dont_know = dont_know
    session.flush()
    return question


def _starter(scale: str, languages: list[str]) -> Question:
    """An unsaved question on a starter scale, its labels in ``languages``: a model for :func:`_question_like`."""
    if scale not in starter_scales():
        raise ChangeRefused("no_scale", scale)
    return Question(kind="scale", allows_dont_know=True, options=[
        AnswerOption(value=option["value"], position=position,
                     label={code: text for code, text in option["label"].items() if code in languages})
        for position, option in enumerate(starter_scales()[scale]["options"], start=1)])


def add_open_question(session: Session, draft: Questionnaire, area_id: int, key: str, texts: dict) -> Question:
    """The focus area's open question, asked after its scale questions; a focus area has one at most."""
    _hold_draft(session, draft)
    area = _find(draft, "area", area_id)
    if any(question.kind == "open" for question in area.questions):
        raise ChangeRefused("has_open_question", key)
    key = _key_for(session, draft, area, key, texts)
    _new_question_key(session, draft, key)
    return _last_in_area(session, area, Question(key=key, position=10_000, kind="open", text=_written(texts),
                                                 allows_dont_know=False))


BACKGROUND_OPTIONS = (2, 8)  # a background question's options, at least and at most


def add_background_question(session: Session, draft: Questionnaire, area_id: int, key: str, texts: dict,
                            options: list[dict]) -> Question:
    """A coarse background question of the focus area (where one lives, which school): one answer among
    ``options`` (each its label per language), unordered, never scored; its results show how many chose
    each option once at least the minimum answered it."""
    _hold_draft(session, draft)
    area = _find(draft, "area", area_id)
    key = _key_for(session, draft, area, key, texts)
    _new_question_key(session, draft, key)
    options = [{code: text.strip() for code, text in label.items() if text and text.strip()} for label in options]
    options = [label for label in options if label]
    if not BACKGROUND_OPTIONS[0] <= len(options) <= BACKGROUND_OPTIONS[1]:
        raise ChangeRefused("background_options", key)
    return _last_in_area(session, area, Question(
        key=key, position=10_000, kind="choice", text=_written(texts), allows_dont_know=True,
        options=[AnswerOption(value=value, position=value, label=label) for value, label in enumerate(options, 1)]))


def set_languages(session: Session, draft: Questionnaire, languages: list[str]) -> None:
    """The languages the draft is written in, its first language first. A language added starts empty and
    must be complete before the draft is published; a language removed keeps its texts until published."""
    _hold_draft(session, draft)
    if not languages:
        raise ChangeRefused("no_language")
    first = draft.languages[0] if draft.languages else languages[0]
    draft.languages = ([first] if first in languages else []) + [code for code in languages if code != first]
    session.flush()


def bring_back(session: Session, draft: Questionnaire, key: str, indicator_id: int) -> Question:
    """Ask a retired question again, with its key and its newest texts, under an indicator."""
    _hold_draft(session, draft)
    _new_key(key, QUESTION_KEY, _asked_keys(draft))
    if key not in retired(session, draft):
        raise ChangeRefused("not_retired", key)
    source = session.scalar(_questions_of(draft.key, Question).where(Question.key == key)
                            .order_by(Questionnaire.version.desc()).limit(1))
    return _place(session, _find(draft, "indicator", indicator_id), source, key, dict(source.text), source.reversed)


def _place(session: Session, indicator: Indicator, model: Question, key: str, texts: dict,
           reversed_: bool) -> Question:
    """A question last under ``indicator``, on ``model``'s scale."""
    question = _question_like(model, key, texts, reversed_, position=10_000)
    indicator.focus_area.questions.append(question)
    indicator.questions.append(question)
    _renumber(indicator.focus_area)
    session.flush()
    return question


def _question_like(model: Question, key: str, texts: dict, reversed_: bool, position: int) -> Question:
    """A new question of ``model``'s kind, on a copy of its scale."""
    return Question(key=key, position=position, kind=model.kind, text=texts, reversed=reversed_,
                    allows_dont_know=model.allows_dont_know,
                    options=[AnswerOption(value=o.value, position=o.position, label=dict(o.label))
                             for o in model.options])


def add_indicator(session: Session, draft: Questionnaire, area_id: int, key: str, titles: dict) -> Indicator:
    _hold_draft(session, draft)
    area = _find(draft, "area", area_id)
    _new_key(key, PART_KEY, {i.key for i in area.indicators})
    indicator = Indicator(key=key, position=max((i.position for i in area.indicators), default=0) + 1,
                          title=_written(titles))
    area.indicators.append(indicator)
    session.flush()
    return indicator


def add_area(session: Session, draft: Questionnaire, key: str, titles: dict) -> FocusArea:
    _hold_draft(session, draft)
    _new_key(key, PART_KEY, {a.key for a in draft.focus_areas})
    area = FocusArea(key=key, position=max((a.position for a in draft.focus_areas), default=0) + 1,
                     title=_written(titles), description={})
    draft.focus_areas.append(area)
    session.flush()
    return area


def _history(session: Session, key: str) -> tuple[dict[str, str], set[str]]:
    """Of a questionnaire's published versions: each question key with the indicator it was under
    ("area.indicator"), and the keys that have answers."""
    from .models import Answer

    under = {question_key: f"{area_key}.{indicator_key}" for question_key, area_key, indicator_key in session.execute(
        _questions_of(key, Question.key, FocusArea.key, Indicator.key)
        .join(Indicator, Question.indicator_id == Indicator.id))}
    answered = set(session.scalars(_questions_of(key, Question.key, published_only=False).distinct()
                                   .join(Answer, Answer.question_id == Question.id)))
    return under, answered


def from_workbook(session: Session, data: bytes):
    """An uploaded XLSForm workbook as a new draft: the next version of the questionnaire its form_id names
    (or the first of a new one). Returns (draft, []) or (None, every problem found); nothing is saved from a
    workbook with problems."""
    from . import questionnaire as questionnaires
    from . import workbooks, xlsform

    try:
        bounded = workbooks.bounded(data)
    except workbooks.NotAWorkbook:
        return None, [xlsform.SheetProblem("", 0, "", "not_a_workbook")]
    if isinstance(bounded, workbooks.TooBig):
        return None, [xlsform.SheetProblem(bounded.sheet, 0, "", "too_big", bounded.what)]
    data = bounded
    key = xlsform.form_id(data) or ""
    if not PART_KEY.match(key):
        # Every problem at once: the form_id's beside the sheets' own (it was listed only when they had none).
        return None, [*xlsform.check(data), xlsform.SheetProblem("settings", 2, "", "bad_form_id", key)]
    under, answered = _history(session, key)
    problems = xlsform.check(data, under, answered)
    if problems:
        return None, problems
    parsed, problems = xlsform.parse(data)
    if problems or parsed is None:
        return None, problems
    document = xlsform.document(parsed)
    based_on = questionnaires.latest(session, key)
    if based_on and all(based_on.title.get(code) == text for code, text in document["title"].items()):
        # An XLSForm's title has one language: the others still translate it while it is unchanged.
        document["title"] = {**based_on.title, **document["title"]}
    draft = questionnaires.create(document)
    draft.key, draft.version, draft.state = key, _next_version(session, key), "draft"
    draft.based_on_id = based_on.id if based_on else None
    session.add(draft)
    session.flush()
    return draft, []
