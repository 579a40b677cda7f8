"""A version's texts: which it needs in each of its languages, how complete each language is, what keeps a
draft from being published, and the rows of a translator's page. Read-only: the editor writes them
(authoring.set_texts)."""

from dataclasses import dataclass
from typing import Any

from .config import LANGUAGES
from .models import OWN_AREA, Questionnaire
from .question_kinds import kind_of

# The texts of a draft a coordinator edits: (what, its id, language) → text. "what" is one of these.
TEXT_FIELDS = ("title", "intro", "area_title", "area_description", "indicator_title", "question_text",
               "question_hint", "question_lead_in", "option_label")
# Texts a version may leave empty in a language (the others are needed in each before it is published).
OPTIONAL_TEXTS = ("intro", "area_description", "question_hint", "question_lead_in")


@dataclass(frozen=True)
class Problem:
    """Why a draft cannot be published yet: a missing text, or a focus area without questions."""

    kind: str  # "missing_text", "no_questions", "no_areas", "no_language", "too_few_answers" or "best_end"
    where: str  # the focus area, indicator or question it concerns, named in the draft's first language
    language: str | None = None
    what: str = ""  # a missing text's kind (one of TEXT_FIELDS); for an answer's, ``where`` is its question's
    anchor: str = ""  # the id of the text's place on the editor's page
    place: int = 0  # an answer's place among its question's answers (1, 2, …)


def text_rows(questionnaire: Questionnaire) -> dict[tuple[str, int], tuple[Any, str]]:
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
            if question.hint:  # a hint the form brought: translated like the rest
                rows[("question_hint", question.id)] = (question, "hint")
            if question.lead_in:  # so is a note standing before it
                rows[("question_lead_in", question.id)] = (question, "lead_in")
            for option in question.options:
                rows[("option_label", option.id)] = (option, "label")
    return rows


def required_texts(questionnaire: Questionnaire) -> list[tuple[str, int, Any, dict]]:
    """Every text a version must have in each of its languages (an introduction or a description may be
    left empty; a group's own question is asked in the words the group wrote), with what it belongs to."""
    found = []
    for (what, _row_id), (row, column) in text_rows(questionnaire).items():
        if what in OPTIONAL_TEXTS:
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
    texts = required_texts(questionnaire)
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
    for (what, row_id), (row, column) in text_rows(questionnaire).items():
        texts = getattr(row, column) or {}
        question, place = "", 0
        if what == "option_label":
            key = f"{row.question.key} = {row.value}"
            question = (row.question.text or {}).get(source, "") or row.question.key
            place = row.question.options.index(row) + 1
        else:
            key = getattr(row, "key", what) if what != "title" else what
        found.append(TranslationRow(what, row_id, key, texts.get(source, ""), texts.get(target, ""),
                                    what not in OPTIONAL_TEXTS, question, place))
    return sorted(found, key=lambda r: (not r.missing, not (r.missing and r.required)))


def problems(questionnaire: Questionnaire) -> list[Problem]:
    """What keeps a draft from being published: every text in every one of its languages, and questions in
    every focus area."""
    found = []
    first = questionnaire.languages[0] if questionnaire.languages else "sv"

    def name(texts) -> str:
        return texts.get(first) or next(iter(texts.values()), "") if texts else ""

    for what, row_id, row, texts in required_texts(questionnaire):
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
    # What a young person could not answer: no language a phone offers, a question to choose in with fewer
    # than two answers.
    if not any(code in LANGUAGES for code in questionnaire.languages):
        found.append(Problem("no_language", name(questionnaire.title)))
    found += [Problem("too_few_answers", name(question.text) or question.key)
              for area in questionnaire.focus_areas for question in area.questions
              if kind_of(question).chosen and len(question.options) < 2]
    # A scale read from a form's worded answers: their order is known, not which end is best.
    found += [Problem("best_end", name(question.text) or question.key, anchor=f"question-{question.id}")
              for area in questionnaire.focus_areas for question in area.questions
              if kind_of(question).scored and not question.best_end_confirmed]
    if not questionnaire.focus_areas:
        found.append(Problem("no_areas", name(questionnaire.title)))
    return found
