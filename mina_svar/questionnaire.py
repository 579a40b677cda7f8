"""Questionnaires as data: loading the shipped file, and a read-only view of one.

The view (:class:`Structure`) is what the respondent's pages render and what
answers are checked against. A questionnaire's structure never changes once
loaded, so a structure may be kept in memory for as long as the process lives.
"""

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from .models import AnswerOption, FocusArea, Indicator, Question, Questionnaire
from .question_kinds import CHOICE, MULTIPLE, OPEN, SCALE
from .questionnaire_texts import completeness

SHIPPED_KEY = "laget"  # the key of the Läget shipped with the app
DEFAULT_FILE = Path(__file__).resolve().parent / "questionnaires" / "laget.json"
Texts = dict[str, Any]


class QuestionnaireFileError(ValueError):
    """The questionnaire file does not fit what is already loaded under its version."""


def written_in(texts: Texts, language: str) -> str | None:
    """The language a text is shown in for ``language``: that one, else Swedish, else any it has."""
    if language in texts:
        return language
    if "sv" in texts:
        return "sv"
    return next(iter(texts), None)


def text(texts: Texts, language: str) -> str:
    """The text in ``language``, else Swedish, else any language it has."""
    used = written_in(texts, language)
    return texts[used] if used is not None else ""


@dataclass(frozen=True)
class OptionView:
    value: int
    label: Texts


@dataclass(frozen=True)
class QuestionView:
    id: int
    key: str
    kind: str
    text: Texts
    options: tuple[OptionView, ...]
    allows_dont_know: bool
    indicator_key: str | None
    reversed: bool = False
    hint: Texts = field(default_factory=dict)
    required: bool = False
    shown_if: dict | None = None  # skip_logic.py
    lead_in: Texts = field(default_factory=dict)  # a note shown before the question

    @property
    def values(self) -> frozenset[int]:
        return frozenset(option.value for option in self.options)

    @cached_property
    def scale(self) -> tuple[int, ...]:
        """The values of its options from the lowest to the highest, however many there are."""
        return tuple(sorted(self.values))

    @cached_property
    def scores(self) -> dict[int, float]:
        """Each value as a score from 0 (the lowest point) to 100 (the highest): turned round for a
        question worded the other way round, so that higher is always better."""
        last = len(self.scale) - 1
        return {value: 100 * ((last - place) if self.reversed else place) / max(last, 1)
                for place, value in enumerate(self.scale)}

    @cached_property
    def upper(self) -> tuple[int, ...]:
        """The values above the middle of the scale (4 and 5 of 1–5, 5–7 of 1–7, "yes" of no/yes)."""
        return tuple(value for place, value in enumerate(self.scale) if place > (len(self.scale) - 1) / 2)


@dataclass(frozen=True)
class IndicatorView:
    key: str
    title: Texts


@dataclass(frozen=True)
class AreaView:
    key: str
    title: Texts
    description: Texts
    questions: tuple[QuestionView, ...]
    indicators: tuple[IndicatorView, ...] = ()


@dataclass(frozen=True)
class Structure:
    id: int
    key: str
    version: int
    title: Texts
    intro: Texts
    languages: tuple[str, ...]
    areas: tuple[AreaView, ...]
    questions: dict[int, QuestionView] = field(repr=False)
    draft: bool = False

    @cached_property
    def has_skip_logic(self) -> bool:
        """Whether any question is asked only after certain answers (skip_logic.py): most questionnaires
        (Läget) have none, and the pages, sending and the results then skip that work."""
        return any(question.shown_if for question in self.questions.values())

    def skipped(self, answers) -> set[int]:
        """The ids of the questions the answers so far (by question id) leave out (skip_logic.py)."""
        from . import skip_logic

        if not self.has_skip_logic:
            return set()
        return skip_logic.skipped(list(self.questions.values()), answers)

    def indicator_titles(self) -> dict[str, tuple[Texts, Texts]]:
        """Each indicator's name and its focus area's name, by the indicator's key "area.indicator"."""
        return {f"{a.key}.{i.key}": (a.title, i.title) for a in self.areas for i in a.indicators}


def load_file(session: Session, path: Path = DEFAULT_FILE) -> Questionnaire:
    """Load a questionnaire file; loading it again only refreshes its texts.

    So a translation added to the file reaches the database by running
    ``flask init`` again. A changed structure needs a new ``version``.
    """
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    existing = session.scalar(
        select(Questionnaire)
        .where(Questionnaire.key == doc["key"], Questionnaire.version == doc["version"])
        .options(selectinload(Questionnaire.focus_areas).selectinload(FocusArea.questions))
    )
    if existing is None:
        questionnaire = create(doc)
        session.add(questionnaire)
    else:
        questionnaire = existing
        _refresh_texts(questionnaire, doc)
    session.flush()
    return questionnaire


def create(doc: dict) -> Questionnaire:
    scales = doc.get("scales", {})
    questionnaire = Questionnaire(
        key=doc["key"], version=doc["version"], title=doc["title"],
        intro=doc.get("intro", {}), languages=doc["languages"],
    )
    for area_position, area_doc in enumerate(doc["focus_areas"], start=1):
        area = FocusArea(key=area_doc["key"], position=area_position, title=area_doc["title"],
                         description=area_doc.get("description", {}))
        questionnaire.focus_areas.append(area)
        position = 0
        for indicator_position, indicator_doc in enumerate(area_doc["indicators"], start=1):
            indicator = Indicator(key=indicator_doc["key"], position=indicator_position,
                                  title=indicator_doc["title"])
            area.indicators.append(indicator)
            for question_doc in indicator_doc["questions"]:
                position += 1
                question = Question(key=question_doc["key"], position=position, kind=SCALE.key,
                                    text=question_doc["text"], reversed=question_doc.get("reversed", False),
                                    allows_dont_know=question_doc.get("dont_know", True),
                                    hint=question_doc.get("hint") or None,
                                    required=question_doc.get("required", False),
                                    shown_if=question_doc.get("shown_if"), lead_in=question_doc.get("lead_in") or None,
                                    best_end_confirmed=not question_doc.get("confirm_best_end", False))
                question.options = [
                    AnswerOption(value=option["value"], position=option_position, label=option["label"])
                    for option_position, option in enumerate(scales[question_doc["scale"]], start=1)
                ]
                area.questions.append(question)
                indicator.questions.append(question)
        # Coarse background questions, never scored: one answer among a few, or several ("several": true).
        for background in area_doc.get("background", []):
            position += 1
            area.questions.append(Question(
                key=background["key"], position=position, text=background["text"],
                kind=MULTIPLE.key if background.get("several") else CHOICE.key,
                allows_dont_know=background.get("dont_know", True), hint=background.get("hint") or None,
                required=background.get("required", False), shown_if=background.get("shown_if"),
                lead_in=background.get("lead_in") or None,
                options=[AnswerOption(value=option["value"], position=option_position, label=option["label"])
                         for option_position, option in enumerate(scales[background["scale"]], start=1)]))
        for open_doc in _open_questions(area_doc):
            position += 1
            area.questions.append(Question(key=open_doc["key"], position=position, kind=OPEN.key,
                                           text=open_doc["text"], allows_dont_know=False,
                                           hint=open_doc.get("hint") or None,
                                           required=open_doc.get("required", False),
                                           shown_if=open_doc.get("shown_if"), lead_in=open_doc.get("lead_in") or None))
    return questionnaire


def _open_questions(area_doc: dict) -> list[dict]:
    """An area's open questions: the shipped file's one ``open_question``, or a form's ``open_questions``."""
    return [area_doc["open_question"]] if "open_question" in area_doc else area_doc.get("open_questions", [])


def _refresh_texts(questionnaire: Questionnaire, doc: dict) -> None:
    questionnaire.title = doc["title"]
    questionnaire.intro = doc.get("intro", {})
    questionnaire.languages = doc["languages"]
    areas = {area.key: area for area in questionnaire.focus_areas}
    if set(areas) != {area_doc["key"] for area_doc in doc["focus_areas"]}:
        raise QuestionnaireFileError(
            f"The focus areas of {doc['key']} version {doc['version']} differ from the loaded ones: "
            "give the file a new version."
        )
    for area_doc in doc["focus_areas"]:
        area = areas[area_doc["key"]]
        area.title = area_doc["title"]
        area.description = area_doc.get("description", {})
        indicators = {indicator.key: indicator for indicator in area.indicators}
        questions = {question.key: question for question in area.questions}
        question_docs = [q for i in area_doc["indicators"] for q in i["questions"]] + area_doc.get("background", [])
        question_docs += _open_questions(area_doc)
        if set(questions) != {q["key"] for q in question_docs}:
            raise QuestionnaireFileError(
                f"The questions of {area_doc['key']} differ from the loaded ones: give the file a new version."
            )
        for indicator_doc in area_doc["indicators"]:
            indicators[indicator_doc["key"]].title = indicator_doc["title"]
        for question_doc in question_docs:
            questions[question_doc["key"]].text = question_doc["text"]
        scales = doc.get("scales", {})
        for indicator_doc in area_doc["indicators"]:
            for question_doc in indicator_doc["questions"]:
                labels = {o["value"]: o["label"] for o in scales[question_doc["scale"]]}
                for option in questions[question_doc["key"]].options:
                    option.label = labels.get(option.value, option.label)


def latest(session: Session, key: str = SHIPPED_KEY) -> Questionnaire | None:
    """The newest published version (a draft is never asked)."""
    return session.scalar(
        select(Questionnaire).where(Questionnaire.key == key, Questionnaire.state == "published")
        .order_by(Questionnaire.version.desc()).limit(1)
    )


def structure(session: Session, questionnaire_id: int) -> Structure:
    questionnaire = session.scalar(
        select(Questionnaire)
        .where(Questionnaire.id == questionnaire_id)
        .options(
            selectinload(Questionnaire.focus_areas)
            .selectinload(FocusArea.questions)
            .selectinload(Question.options),
            selectinload(Questionnaire.focus_areas)
            .selectinload(FocusArea.questions)
            .selectinload(Question.indicator),
            selectinload(Questionnaire.focus_areas).selectinload(FocusArea.indicators),
        )
    )
    if questionnaire is None:
        raise LookupError(f"no questionnaire {questionnaire_id}")
    areas = tuple(
        AreaView(
            key=area.key, title=area.title, description=area.description,
            questions=tuple(
                QuestionView(
                    id=q.id, key=q.key, kind=q.kind, text=q.text,
                    options=tuple(OptionView(o.value, o.label) for o in q.options),
                    allows_dont_know=q.allows_dont_know,
                    indicator_key=q.indicator.key if q.indicator else None,
                    reversed=q.reversed, hint=q.hint or {}, required=q.required, shown_if=q.shown_if,
                    lead_in=q.lead_in or {},
                )
                for q in area.questions
            ),
            indicators=tuple(IndicatorView(i.key, i.title) for i in area.indicators),
        )
        for area in questionnaire.focus_areas
    )
    return Structure(
        id=questionnaire.id, key=questionnaire.key, version=questionnaire.version,
        title=questionnaire.title, intro=questionnaire.intro,
        languages=_complete_languages(questionnaire), areas=areas,
        questions={q.id: q for area in areas for q in area.questions}, draft=questionnaire.is_draft,
    )


def _complete_languages(questionnaire: Questionnaire) -> tuple[str, ...]:
    """The languages young people may answer in: those every text is written in (the first language at
    least, so that a questionnaire loaded half-translated is still asked)."""
    complete = tuple(code for code, share in completeness(questionnaire).items() if share == 1.0)
    return complete or tuple(questionnaire.languages[:1])


class StructureCache:
    """Structures by questionnaire id, kept for the life of the app."""

    def __init__(self) -> None:
        self._structures: dict[int, Structure] = {}

    def cached(self, questionnaire_id: int) -> Structure | None:
        """The structure when it is kept already: no database needed."""
        return self._structures.get(questionnaire_id)

    def get(self, session: Session, questionnaire_id: int) -> Structure:
        found = self._structures.get(questionnaire_id)
        if found is None:
            found = structure(session, questionnaire_id)
            if not found.draft:  # a draft still changes: read anew each time
                self._structures[questionnaire_id] = found
        return found

    def clear(self) -> None:
        self._structures.clear()
