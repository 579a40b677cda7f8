"""Questionnaires as XLSForm workbooks, the exchange format of ODK, KoboToolbox and SurveyCTO.

A version becomes a workbook of three sheets: ``survey`` (each focus area a
group holding a note with its description, its indicators as groups, their
questions as ``select_one <scale>``, and its open question as ``text``),
``choices`` (each scale once) and ``settings``. Every text has a
``label::Language (code)`` column per language. What only Mina Svar reads
goes in columns the other tools ignore: ``mina_svar_key`` (a question's
stable key), ``mina_svar_reversed``, ``mina_svar_dont_know`` and
``mina_svar_background`` (``yes``: a background question, a ``select_one``
directly in its focus area's group, its options unordered and never scored).
"""

import io
from dataclasses import dataclass

from . import ids, spreadsheets
from .config import LANGUAGES
from .models import Questionnaire
from .question_kinds import CHOICE, OPEN, SCALE, kind_of


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


def workbook(questionnaire: Questionnaire) -> bytes:
    languages = list(questionnaire.languages)
    labels = [language_column(code) for code in languages]
    survey = [["type", "name", *labels, "required", "mina_svar_key", "mina_svar_reversed", "mina_svar_dont_know",
               "mina_svar_background"]]

    def row(kind: str, name: str, texts: dict, key: str = "", reversed_: str = "", dont_know: str = "",
            required: str = "", background: str = ""):
        survey.append([kind, name, *[texts.get(code, "") for code in languages], required, key, reversed_,
                       dont_know, background])

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
                row(f"{SCALE.xlsform_type} {scales[_scale(question)]}", question.key, question.text, key=question.key,
                    reversed_="yes" if question.reversed else "no",
                    dont_know="yes" if question.allows_dont_know else "no", required="no")
            row("end_group", "", {})
        for question in area.questions:
            if kind_of(question).background:
                row(f"{CHOICE.xlsform_type} {scales[_scale(question)]}", question.key, question.text, key=question.key,
                    dont_know="yes" if question.allows_dont_know else "no", required="no", background="yes")
        for question in area.questions:
            if kind_of(question).words:
                row(OPEN.xlsform_type, question.key, question.text, key=question.key, required="no")
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


def _texts(label) -> dict:
    """pyxform's {"Svenska (sv)": text} as {"sv": text}."""
    if not isinstance(label, dict):
        return {}
    return {name.rsplit("(", 1)[-1].rstrip(")"): text for name, text in label.items() if text}


def document(parsed: dict) -> dict:
    """A workbook as pyxform reads it, as a questionnaire document (the shipped file's format, which
    :func:`mina_svar.questionnaire.load_file` loads)."""
    languages: list[str] = []

    def texts(label) -> dict:
        found = _texts(label)
        languages.extend(code for code in found if code not in languages)
        return found

    scales: dict[str, list] = {}
    areas = []
    intro: dict = {}
    for element in parsed.get("children", []):
        if element.get("type") == "note" and element.get("name") == "intro":
            intro = texts(element.get("label"))
        if element.get("type") != "group" or element.get("control", {}).get("bodyless"):
            continue  # pyxform's own "meta" group is not a focus area
        area = {"key": element.get("mina_svar_key") or element["name"], "title": texts(element.get("label")),
                "description": {}, "indicators": []}
        for child in element.get("children", []):
            if child.get("type") == "note" and child.get("name", "").endswith("-about"):
                area["description"] = texts(child.get("label"))
            elif child.get("type") == "group":
                indicator = {"key": child.get("mina_svar_key") or child["name"], "title": texts(child.get("label")),
                             "questions": []}
                for question in child.get("children", []):
                    if question.get("mina_svar_retired") == "yes":
                        continue  # kept in the workbook, no longer asked
                    name = question.get("list_name")
                    scales.setdefault(name, [{"value": int(choice["name"]), "label": texts(choice.get("label"))}
                                             for choice in question.get("choices", [])])
                    indicator["questions"].append({
                        "key": question.get("mina_svar_key") or question["name"], "kind": SCALE.key, "scale": name,
                        "text": texts(question.get("label")),
                        "reversed": question.get("mina_svar_reversed") == "yes"})
                area["indicators"].append(indicator)
            elif child.get("type") == "select one" and child.get("mina_svar_background") == "yes":
                if child.get("mina_svar_retired") == "yes":
                    continue
                name = child.get("list_name")
                scales.setdefault(name, [{"value": int(choice["name"]), "label": texts(choice.get("label"))}
                                         for choice in child.get("choices", [])])
                area.setdefault("background", []).append({
                    "key": child.get("mina_svar_key") or child["name"], "scale": name,
                    "text": texts(child.get("label"))})
            elif child.get("type") == "text":
                area["open_question"] = {"key": child.get("mina_svar_key") or child["name"],
                                         "text": texts(child.get("label"))}
        areas.append(area)
    # Any version text is read (a date, "1.2"); the draft takes the next version number in any case.
    version = ids.number(str(parsed.get("version") or "")) or 1
    return {"key": parsed.get("id_string"), "version": version, "languages": languages,
            "title": {languages[0]: parsed.get("title")} if languages else {}, "intro": intro,
            "scales": scales, "focus_areas": areas}


# Reading a workbook someone uploads: every problem found, with its sheet, row and column.

@dataclass(frozen=True)
class SheetProblem:
    """One thing wrong with a workbook: where (sheet, row and column as a spreadsheet shows them, 0 when it
    concerns the whole sheet or row) and what, as a code with its details (the page words it)."""

    sheet: str
    row: int
    column: str
    code: str
    detail: str = ""


KINDS = ("begin_group", "begin group", "end_group", "end group", "note", "text")


def _sheet(book, name: str):
    return next((book[title] for title in book.sheetnames if title.strip().lower() == name), None)


def _rows(sheet) -> tuple[list[str], list[tuple[int, dict]]]:
    """The header and each non-empty row as {column header: text}, with the row's number."""
    lines = list(sheet.iter_rows(values_only=True))
    if not lines:
        return [], []
    header = [str(cell).strip() if cell is not None else "" for cell in lines[0]]
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        values = {header[i]: str(cell).strip() for i, cell in enumerate(line) if i < len(header) and cell is not None
                  and str(cell).strip()}
        if values:
            rows.append((number, values))
    return header, rows


def _letter(header: list[str], name: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(header.index(name) + 1) if name in header else ""


def check(data: bytes, earlier: dict[str, str] | None = None, answered: set[str] | None = None,
          ) -> list[SheetProblem]:
    """Every problem of an uploaded workbook. ``earlier``: each question key of the questionnaire's published
    versions with the indicator it was under ("area.indicator"); ``answered``: the keys that have answers."""
    from openpyxl import load_workbook

    earlier, answered = earlier or {}, answered or set()
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - anything openpyxl cannot open is not a workbook
        return [SheetProblem("", 0, "", "not_a_workbook")]
    survey, choices = _sheet(book, "survey"), _sheet(book, "choices")
    if survey is None:
        return [SheetProblem("survey", 0, "", "no_sheet")]
    problems: list[SheetProblem] = []
    header, rows = _rows(survey)
    labels = [name for name in header if name.startswith("label::")]
    for needed in ("type", "name"):
        if needed not in header:
            problems.append(SheetProblem("survey", 1, "", "no_column", needed))
    if not labels:
        problems.append(SheetProblem("survey", 1, "", "no_label_column"))
    scales: dict[str, list] = {}
    if choices is not None:
        choice_header, choice_rows = _rows(choices)
        for number, row in choice_rows:
            list_name, name = row.get("list_name", ""), row.get("name", "")
            if ids.number(name.removeprefix("-")) is None:
                problems.append(SheetProblem("choices", number, _letter(choice_header, "name"), "value_not_number",
                                             name))
            scales.setdefault(list_name, []).append(name)
    if problems:
        return problems
    seen: dict[str, int] = {}
    stack: list[str] = []
    kept: set[str] = set()
    for number, row in rows:
        kind, name = row.get("type", "").strip(), row.get("name", "")
        key = row.get("mina_svar_key", name)
        if kind.startswith("select_one ") or kind.startswith("select one "):
            scale = kind.split(" ", 1)[1].removeprefix("one ").strip()
            if scale not in scales:
                problems.append(SheetProblem("survey", number, _letter(header, "type"), "unknown_scale", scale))
            background = row.get("mina_svar_background", "").lower() == "yes"
            if len(stack) != (1 if background else 2):
                problems.append(SheetProblem("survey", number, _letter(header, "type"),
                                             "background_not_in_area" if background else "not_in_indicator", key))
        elif kind == "text" and len(stack) != 1:
            problems.append(SheetProblem("survey", number, _letter(header, "type"), "open_not_in_area", key))
        elif kind not in KINDS and not kind.startswith("select"):
            problems.append(SheetProblem("survey", number, _letter(header, "type"), "unknown_type", kind))
        if kind.replace(" ", "_") == "begin_group":
            stack.append(row.get("mina_svar_key", name))
            continue
        if kind.replace(" ", "_") == "end_group":
            if not stack:
                problems.append(SheetProblem("survey", number, _letter(header, "type"), "unmatched_end"))
            else:
                stack.pop()
            continue
        if kind == "note":
            continue
        if row.get("mina_svar_retired", "").lower() == "yes":
            kept.add(key)
            continue
        if key in seen:
            problems.append(SheetProblem("survey", number, _letter(header, "name"), "duplicate_key",
                                         f"{key} ({seen[key]})"))
        seen.setdefault(key, number)
        kept.add(key)
        if not any(row.get(label) for label in labels):
            problems.append(SheetProblem("survey", number, labels[0] and _letter(header, labels[0]), "no_text", key))
        was_under = earlier.get(key)
        if was_under and stack and was_under != ".".join(stack):  # under another indicator, or now background
            problems.append(SheetProblem("survey", number, _letter(header, "name"), "moved", f"{key}: {was_under}"))
    if stack:
        problems.append(SheetProblem("survey", 0, "", "unmatched_begin", stack[-1]))
    for key in sorted(answered - kept):
        problems.append(SheetProblem("survey", 0, "", "answered_removed", key))
    return problems


def form_id(data: bytes) -> str | None:
    """The settings sheet's form_id: which questionnaire a workbook is a version of."""
    from openpyxl import load_workbook

    try:
        settings = _sheet(load_workbook(io.BytesIO(data), read_only=True, data_only=True), "settings")
    except Exception:  # noqa: BLE001 - not a workbook: check() says so
        return None
    if settings is None:
        return None
    _header, rows = _rows(settings)
    return rows[0][1].get("form_id") if rows else None


def parse(data: bytes) -> tuple[dict | None, list[SheetProblem]]:
    """The workbook as pyxform reads it, or the problem pyxform found (it stops at its first)."""
    import re
    import tempfile
    from pathlib import Path

    from pyxform.errors import PyXFormError
    from pyxform.xls2json import parse_file_to_json

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload.xlsx"
        path.write_bytes(data)
        try:
            return parse_file_to_json(str(path), warnings=[]), []
        except PyXFormError as error:
            row = re.search(r"\[row : (\d+)\]", str(error))
            return None, [SheetProblem("survey", int(row.group(1)) if row else 0, "", "pyxform",
                                       re.sub(r"^\[row : \d+\]\s*", "", str(error)))]
