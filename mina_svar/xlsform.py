"""Questionnaires as XLSForm workbooks, the exchange format of ODK, KoboToolbox and SurveyCTO.

A version becomes a workbook of three sheets: ``survey`` (each focus area a
group holding a note with its description, its indicators as groups, their
questions as ``select_one <scale>``, and its open question as ``text``),
``choices`` (each scale once) and ``settings``. Every text has a
``label::Language (code)`` column per language, a hint a ``hint::Language (code)``.
Reading one in, ours or one from elsewhere: xlsform_reading.py. What only Mina Svar reads
goes in columns the other tools ignore: ``mina_svar_key`` (a question's
stable key), ``mina_svar_reversed`` (empty while which answer is best is not
said yet), ``mina_svar_dont_know`` and
``mina_svar_background`` (``yes``: a background question, a ``select_one``
directly in its focus area's group, its options unordered and never scored; a
multiple-choice one is a ``select_multiple``).
"""

from dataclasses import dataclass

from . import skip_logic, spreadsheets
from .config import LANGUAGES
from .models import Questionnaire
from .question_kinds import OPEN, SCALE, kind_of


def language_column(code: str, what: str = "label") -> str:
    """"label::Svenska (sv)": the language's own name, and its code where tools look for it."""
    return f"{what}::{LANGUAGES.get(code, (code,))[0]} ({code})"


def _scale(question) -> tuple:
    """A question's scale as its values and labels: questions on the same scale have the same."""
    return tuple((o.value, tuple(sorted(o.label.items()))) for o in question.options)


def _scales(questionnaire: Questionnaire) -> dict[tuple, str]:
    """Each distinct scale of the questionnaire and the list name it gets."""
    found: dict[tuple, str] = {}
    for area in questionnaire.focus_areas:
        for question in area.questions:
            if kind_of(question).chosen:
                prefix = "scale" if kind_of(question).scored else "choice"
                found.setdefault(_scale(question), f"{prefix}_{len(found) + 1}_{len(question.options)}")
    return found


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def workbook(questionnaire: Questionnaire) -> bytes:
    languages = list(questionnaire.languages)
    labels = [language_column(code) for code in languages]
    hints = [language_column(code, "hint") for code in languages]
    survey = [["type", "name", *labels, *hints, "required", "relevant", "mina_svar_key", "mina_svar_reversed",
               "mina_svar_dont_know", "mina_svar_background"]]

    def row(kind: str, name: str, texts: dict, key: str = "", reversed_: str = "", dont_know: str = "",
            required: str = "", background: str = "", hint: dict | None = None, shown_if: dict | None = None):
        survey.append([kind, name, *[texts.get(code, "") for code in languages],
                       *[(hint or {}).get(code, "") for code in languages], required,
                       skip_logic.expression(shown_if) if shown_if else "", key, reversed_, dont_know, background])

    def lead_in(question) -> None:
        """A note standing before the question, marked as one (a note opening a group is its description)."""
        if question.lead_in:
            row("note", f"{question.key}-note", question.lead_in, key="note")

    scales = _scales(questionnaire)
    if any(questionnaire.intro.values()):
        row("note", "intro", questionnaire.intro)
    for area in questionnaire.focus_areas:
        row("begin_group", area.key, area.title, key=area.key)
        if any(area.description.values()):
            row("note", f"{area.key}-about", area.description)
        for indicator in area.indicators:
            row("begin_group", f"{area.key}-{indicator.key}", indicator.title, key=indicator.key)
            for question in sorted(indicator.questions, key=lambda q: q.position):
                lead_in(question)
                row(f"{SCALE.xlsform_type} {scales[_scale(question)]}", question.key, question.text, key=question.key,
                    reversed_=("yes" if question.reversed else "no") if question.best_end_confirmed else "",
                    dont_know=_yes(question.allows_dont_know), required=_yes(question.required),
                    hint=question.hint, shown_if=question.shown_if)
            row("end_group", "", {})
        for question in area.questions:
            if kind_of(question).background:
                lead_in(question)
                row(f"{kind_of(question).xlsform_type} {scales[_scale(question)]}", question.key, question.text,
                    key=question.key, dont_know=_yes(question.allows_dont_know),
                    required=_yes(question.required), background="yes", hint=question.hint, shown_if=question.shown_if)
        for question in area.questions:
            if kind_of(question).words:
                lead_in(question)
                row(OPEN.xlsform_type, question.key, question.text, key=question.key, required=_yes(question.required),
                    hint=question.hint, shown_if=question.shown_if)
        row("end_group", "", {})
    choices = [["list_name", "name", *labels]]
    for scale, list_name in scales.items():
        for value, label in scale:
            label = dict(label)
            choices.append([list_name, str(value), *[label.get(code, "") for code in languages]])
    first = languages[0] if languages else "sv"
    settings = [["form_title", "form_id", "version", "default_language"],
                [questionnaire.title.get(first, ""), questionnaire.key, str(questionnaire.version),
                 f"{LANGUAGES.get(first, (first,))[0]} ({first})"]]
    return spreadsheets.xlsx_bytes([("survey", survey), ("choices", choices), ("settings", settings)])


# Reading a workbook someone uploads (xlsform_reading.py): what it says of a row.

@dataclass(frozen=True)
class SheetProblem:
    """One thing said of a workbook, a refusal or what did not come across: where (sheet, row and column as a
    spreadsheet shows them, 0 when it concerns the whole sheet or row) and what, as a code with its details
    (the page words it)."""

    sheet: str
    row: int
    column: str
    code: str
    detail: str = ""
