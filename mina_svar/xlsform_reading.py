"""Reading an XLSForm as ODK and KoboToolbox users write it, into a questionnaire document and a list of what
did not come across.

Everything a form holds is read in one pass: what Mina Svar can ask becomes the draft, and every row or column
it cannot (a type it does not ask, a repeat, a skip condition, texts in a language it does not speak)
is a :class:`~mina_svar.xlsform.SheetProblem` in the list the draft's page shows, row by row, before anything
is published. Only a form with nothing to draft is refused, with the one thing that makes it so.

How a form becomes a questionnaire: a group at the top is a focus area (questions outside any group go to one
named after the form); a group inside it is an indicator. A ``select_one`` in an indicator is a scale question
(its values the choices' numbers, or their order, the coordinator then saying which end is best); one directly
in an area gets an indicator of its own when its choices are numbers, and is otherwise a background question
(unordered, counted, never scored, until the coordinator asks it as a scale); a ``select_multiple`` is a
multiple-choice background question (each option ticked counted). Every ``text`` is an open question of its
area; a note opening the form or an area is its introduction.
"""

import io
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from . import ids
from .config import LANGUAGES
from .question_kinds import MOST_OPTIONS, SCALE
from .xlsform import SheetProblem

# Language names as forms write them (label::English, label:Svenska), each language's own name too.
LANGUAGE_NAMES = {
    "swedish": "sv", "english": "en", "norwegian": "nb", "norwegian bokmål": "nb", "bokmål": "nb", "danish": "da",
    "arabic": "ar", "persian": "fa", "farsi": "fa", "somali": "so", "tigrinya": "ti",
    # Languages Mina Svar's phones do not offer, named so that the list says so rather than "unknown".
    "french": "fr", "spanish": "es", "portuguese": "pt", "german": "de", "italian": "it", "russian": "ru",
    "ukrainian": "uk", "turkish": "tr", "kurdish": "ku", "pashto": "ps", "dari": "prs", "urdu": "ur", "hindi": "hi",
    "bengali": "bn", "amharic": "am", "oromo": "om", "swahili": "sw", "kiswahili": "sw", "hausa": "ha",
    "finnish": "fi", "polish": "pl", "chinese": "zh", "nepali": "ne", "burmese": "my",
    **{name.lower(): code for code, (name, _direction) in LANGUAGES.items()},
    **{code: code for code in LANGUAGES},
}
TEXT_COLUMNS = ("label", "hint")
HEADER_ALIASES = {"list name": "list_name", "listname": "list_name"}
GROUP_BEGINS, GROUP_ENDS = {"begin_group", "begin group"}, {"end_group", "end group"}
REPEAT_BEGINS, REPEAT_ENDS = {"begin_repeat", "begin repeat"}, {"end_repeat", "end repeat"}
METADATA = {"start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber", "username", "email",
            "audit", "start-geopoint", "background-audio", "imei", "uri:deviceid"}
# Columns that change what a question asks or who is asked it: listed where a row uses them.
NOT_KEPT_COLUMNS = ("constraint", "default", "choice_filter", "calculation",
                    "read_only", "repeat_count", "media", "image", "audio", "video")
YES = {"yes", "true", "true()", "1"}
SHEET_ORDER = {"survey": 0, "choices": 1, "settings": 2}
_SELECT_WORDS = {"one", "multiple", "from", "or_other", "all", "that", "apply"}
_SLUG = re.compile(r"[^a-z0-9_]+")


@dataclass
class Sheet:
    header: list[str]  # as normalised: lower case, "list name" → "list_name"
    rows: list[tuple[int, dict[str, str]]]  # each non-empty row's number and {header: text}
    letters: dict[str, str] = field(default_factory=dict)  # each header's column letter

    def letter(self, name: str) -> str:
        return self.letters.get(name, "")


def _normalised(header: str) -> str:
    header = header.strip()
    for separator in ("::", ":"):
        if separator in header:
            what, language = header.split(separator, 1)
            return f"{what.strip().lower()}::{language.strip()}"
    lower = " ".join(header.lower().split())
    return HEADER_ALIASES.get(lower, lower)


def _sheet(lines: list[list]) -> Sheet:
    from openpyxl.utils import get_column_letter

    if not lines:
        return Sheet([], [])
    header = [_normalised(str(cell)) if cell is not None else "" for cell in lines[0]]
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        values = {header[i]: _cell_text(cell) for i, cell in enumerate(line)
                  if i < len(header) and header[i] and _cell_text(cell)}
        if values:
            rows.append((number, values))
    letters: dict[str, str] = {}
    for i, name in enumerate(header):
        letters.setdefault(name, get_column_letter(i + 1))
    return Sheet(header, rows, letters)


def _cell_text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # .xls keeps every number as a float: choice 1 is 1.0
    return str(cell).strip()


def sheets(data: bytes) -> dict[str, Sheet] | SheetProblem | None:
    """The workbook's sheets by their lower-case names, from an .xlsx (already bounded, see workbooks.py) or
    an .xls (or why it is too big); None when it is neither."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # the old binary format's signature
        return _xls_sheets(data)
    import warnings

    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():  # "Unknown extension is not supported": a form's data validations
            warnings.simplefilter("ignore", UserWarning)
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        return {title.strip().lower(): _sheet([list(line) for line in book[title].iter_rows(values_only=True)])
                for title in book.sheetnames}
    except Exception:  # noqa: BLE001 - anything openpyxl cannot open is not a workbook
        return None


def _xls_sheets(data: bytes) -> dict[str, Sheet] | SheetProblem | None:
    """An .xls's sheets, within the limits an .xlsx is read in (workbooks.py): rows and columns with values
    count, not those only formatted (pyxform's extra_columns.xls declares 19,999 rows of 256 columns)."""
    import xlrd

    from . import workbooks

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
        found: dict[str, Sheet] = {}
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            lines, filled = [], 0
            for number in range(sheet.nrows):
                values = sheet.row_values(number)
                last = max((i for i, value in enumerate(values) if _cell_text(value)), default=-1)
                if last >= workbooks.MOST_COLUMNS:
                    return SheetProblem(sheet.name, 0, "", "too_big", "columns")
                filled += sum(1 for value in values[:last + 1] if _cell_text(value))
                if last >= 0 and number >= workbooks.MOST_ROWS:
                    return SheetProblem(sheet.name, 0, "", "too_big", "rows")
                if filled > workbooks.MOST_CELLS:
                    return SheetProblem(sheet.name, 0, "", "too_big", "cells")
                lines.append(values[:last + 1])
            found[sheet.name.strip().lower()] = _sheet(lines)
        return found
    except Exception:  # noqa: BLE001 - xlrd cannot read it: not a workbook
        return None


def language_of(suffix: str, unnamed: str) -> str | None:
    """The language code a column's suffix names ("English (en)", "English", "Svenska", "sv"); ``unnamed``
    for a column without one; None when it names a language Mina Svar does not know."""
    if not suffix:
        return unnamed
    code = re.search(r"\(([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)\)\s*$", suffix)
    if code:
        found = code.group(1).lower().replace("_", "-")
        base = found.split("-")[0]  # "sv-SE" is Swedish; "fr-CA" stays itself, a language not asked in
        return base if found not in LANGUAGES and base in LANGUAGES else found
    return LANGUAGE_NAMES.get(suffix.strip().lower())


def slug(text: str, longest: int) -> str:
    """A key from a form's name: small letters, digits and _, starting with a letter."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    found = _SLUG.sub("_", plain).strip("_")
    if not found or not found[0].isalpha():
        found = "q_" + found
    return found[:longest].rstrip("_") or "q"


def part_key(name: str, taken: set[str]) -> str:
    """A focus area's or an indicator's key from a name, not among ``taken``."""
    from .authoring import PART_KEY

    key = name if PART_KEY.match(name) else slug(name, 31)
    base, number = key, 2
    while key in taken:
        key = f"{base[:31 - len(str(number)) - 1]}_{number}"
        number += 1
    return key


def _area(key: str, title: dict) -> dict[str, Any]:
    """A focus area of the document, empty."""
    return {"key": key, "title": title, "description": {}, "indicators": [], "background": [], "open_questions": []}


def _relevant_column(row: dict) -> str:
    """The column a row's condition is in: "relevant", or pyxform's older "bind::relevant"."""
    return "relevant" if row.get("relevant") else "bind::relevant"


def _in_circles(looks_at: dict[str, set[str]]) -> set[str]:
    """The questions whose condition looks, through the conditions of those it looks at, back at them: the
    strongly connected components of more than one question (Tarjan's, without recursion: one pass)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[str] = set()
    for start in looks_at:
        if start in index:
            continue
        work = [(start, iter(looks_at.get(start, ())))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, others = work[-1]
            other = next(others, None)
            if other is not None:
                if other not in index:
                    index[other] = low[other] = len(index)
                    stack.append(other)
                    on_stack.add(other)
                    work.append((other, iter(looks_at.get(other, ()))))
                elif other in on_stack:
                    low[node] = min(low[node], index[other])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found |= component
    return found


@dataclass
class Reading:
    """What a form came across as: the document (``questionnaire.create``'s format), its form id, and
    everything that did not come across; or ``refused``, what makes it unusable. ``retired``: the keys of
    rows kept in the workbook and no longer asked."""

    document: dict
    form_id: str
    left_out: list[SheetProblem]
    refused: list[SheetProblem] = field(default_factory=list)
    retired: set[str] = field(default_factory=set)
    rows: dict[str, int] = field(default_factory=dict)  # each question key's row
    name_column: str = ""

    def placed(self) -> dict[str, str]:
        """Each question's key with where it first stands: "area.indicator", or "area" for one directly in it."""
        found: dict[str, str] = {}
        for area in self.document.get("focus_areas", []):
            for indicator in area["indicators"]:
                for question in indicator["questions"]:
                    found.setdefault(question["key"], f"{area['key']}.{indicator['key']}")
            for question in [*area["background"], *area["open_questions"]]:
                found.setdefault(question["key"], area["key"])
        return found


class _Reader:
    def __init__(self, books: dict[str, Sheet], file_name: str, unnamed_language: str) -> None:
        self.survey = books["survey"]
        self.choices = books.get("choices") or Sheet([], [])
        self.settings = books.get("settings")
        self.file_name = file_name
        self.left_out: list[SheetProblem] = []
        self.languages_left: set[str] = set()
        self.columns = self._text_columns(self.survey, unnamed_language)
        self.choice_columns = self._text_columns(self.choices, unnamed_language)
        self.languages = [code for code in dict.fromkeys(
            code for (what, code) in [*self.columns, *self.choice_columns] if what == "label") if code in LANGUAGES]
        self.lists = self._lists()
        self.scales: dict[str, list[dict]] = {}
        self.taken: set[str] = set()
        self.retired: set[str] = set()
        self.pending: tuple[int, str, dict] | None = None  # a note waiting for the question after it
        self.earlier: dict[str, tuple[str, dict[str, int], bool]] = {}  # the questions conditions may look at
        self.conditions: dict[int, dict] = {}  # each row with a condition, by its number
        self.refused: list[SheetProblem] = []
        self.first_row: dict[str, int] = {}

    def note(self, sheet: str, row: int, column: str, code: str, detail: str = "") -> None:
        self.left_out.append(SheetProblem(sheet, row, column, code, detail))

    def _text_columns(self, sheet: Sheet, unnamed: str) -> dict[tuple[str, str], str]:
        """{(label|hint, language code): column}, each language a column; the rest listed."""
        found: dict[tuple[str, str], str] = {}
        for name in sheet.header:
            what, _, suffix = name.partition("::")
            if what not in TEXT_COLUMNS:
                continue
            code = language_of(suffix, unnamed)
            if code is None or code not in LANGUAGES:
                if (code or suffix) not in self.languages_left:  # said once, at its first column
                    self.languages_left.add(code or suffix)
                    self.note(self._name_of(sheet), 1, sheet.letter(name),
                              "unknown_language" if code is None else "language_not_asked", suffix or code or "")
            elif (what, code) in found:
                self.note(self._name_of(sheet), 1, sheet.letter(name), "language_twice", f"{name} ({code})")
            else:
                found[(what, code)] = name
        return found

    def _name_of(self, sheet: Sheet) -> str:
        return "survey" if sheet is self.survey else "choices"

    def texts(self, row: dict, columns: dict[tuple[str, str], str], what: str = "label") -> dict:
        return {code: row[column] for (kind, code), column in columns.items() if kind == what and row.get(column)}

    def _lists(self) -> dict[str, list[tuple[int, dict]]]:
        lists: dict[str, list[tuple[int, dict]]] = {}
        for number, row in self.choices.rows:
            if row.get("list_name") and row.get("name"):
                lists.setdefault(row["list_name"], []).append((number, row))
        return lists

    def key(self, wanted: str, name: str, prefix: str, number: int) -> str:
        """A question's key: ``mina_svar_key`` as written when it fits (twice is refused: it names one question
        across versions), else "area.name" from its name, made unique."""
        from .authoring import QUESTION_KEY

        if wanted and QUESTION_KEY.match(wanted):
            if wanted in self.taken:
                self.refused.append(SheetProblem("survey", number, self.survey.letter("name"), "duplicate_key",
                                                 f"{wanted} ({self.first_row[wanted]})"))
            self.taken.add(wanted)
            self.first_row.setdefault(wanted, number)
            return wanted
        key = f"{prefix[:21]}.{slug(name, 24)}"
        base, suffix = key, 2
        while key in self.taken:
            key = f"{base[:len(base) - len(str(suffix)) - 1]}_{suffix}"
            suffix += 1
        self.taken.add(key)
        self.first_row.setdefault(key, number)
        return key

    def scale(self, list_name: str, number: int, numbers: bool = True) -> tuple[str, bool] | None:
        """The list's scale for the document and whether its values are the choices' numbers (only with
        ``numbers``; otherwise, or when they are not all numbers, their order); None (listed) when the list
        has no choices."""
        choices = self.lists.get(list_name)
        if not choices:
            self.note("survey", number, self.survey.letter("type"), "unknown_list", list_name)
            return None
        names = [row["name"] for _n, row in choices]
        numbered = numbers and all(ids.number(name.removeprefix("-")) is not None for name in names) and \
            len(set(names)) == len(names)
        values = [int(name) for name in names] if numbered else list(range(1, len(names) + 1))
        scale_key = f"{list_name}#{'numbers' if numbered else 'order'}"
        if scale_key not in self.scales:
            self.scales[scale_key] = [{"value": value, "label": self.texts(row, self.choice_columns)}
                                      for value, (_n, row) in zip(values, choices, strict=True)]
        return scale_key, numbered

    def read(self) -> dict:
        areas: list[dict[str, Any]] = []
        loose: dict[str, Any] | None = None  # the focus area of questions outside any group
        stack: list[dict[str, Any]] = []  # the open groups: area, then indicator, then any deeper (flattened)
        area: dict[str, Any]
        indicator: dict[str, Any] | None
        repeat_depth, repeat_start = 0, 0
        intro: dict = {}
        title = self._setting("form_title") or self._file_stem()
        for number, row in self.survey.rows:
            kind = " ".join(row.get("type", "").split())
            lower = kind.lower()
            name = row.get("name", "")
            if repeat_depth:
                repeat_depth += lower in REPEAT_BEGINS
                repeat_depth -= lower in REPEAT_ENDS
                continue
            if lower in REPEAT_BEGINS:
                repeat_depth, repeat_start = 1, number
                self.note("survey", number, self.survey.letter("type"), "repeat", name)
                continue
            if lower in GROUP_BEGINS:
                if row.get(_relevant_column(row)):  # a whole group's condition: not read
                    self.note("survey", number, self.survey.letter(_relevant_column(row)), "column_relevant", name)
                texts = self.texts(row, self.columns) or {self._first(): name}
                if not stack:
                    area = _area(part_key(row.get("mina_svar_key") or name, {a["key"] for a in areas}), texts)
                    areas.append(area)
                    stack.append(area)
                elif len(stack) == 1:
                    area = stack[0]
                    indicator = {"key": part_key(row.get("mina_svar_key") or name,
                                                       {i["key"] for i in area["indicators"]}),
                                 "title": texts, "questions": []}
                    area["indicators"].append(indicator)
                    stack.append(indicator)
                else:
                    stack.append(stack[-1])  # deeper: its questions stay in the indicator
                continue
            if lower in GROUP_ENDS:
                if len(stack) == 1:  # the end of a focus area: a note after its last question stays with it
                    self._note_left()
                if stack:
                    stack.pop()
                else:
                    self.note("survey", number, self.survey.letter("type"), "unmatched_end")
                continue
            if not kind:
                continue
            if row.get("mina_svar_retired", "").lower() in YES:
                self.retired.add(row.get("mina_svar_key") or name)
                continue  # kept in the workbook, no longer asked
            if not stack:
                if lower == "note" and not areas and loose is None and not intro:
                    intro = self.texts(row, self.columns)
                    continue
                if loose is None:
                    loose = _area(part_key(slug(title, 31), {a["key"] for a in areas}), {self._first(): title})
                    areas.append(loose)
                area, indicator = loose, None
            else:
                area, indicator = stack[0], (stack[1] if len(stack) > 1 else None)
            self._question(number, row, kind, area, indicator)
        self._note_left()
        if repeat_depth:
            self.note("survey", repeat_start, self.survey.letter("type"), "unmatched_begin", "repeat")
        if len(stack) > 0:
            self.note("survey", 0, "", "unmatched_begin", stack[0]["key"])
        self._conditions(areas)
        for area in areas:  # a group with nothing Mina Svar asks is no indicator, and then maybe no focus area
            area["indicators"] = [i for i in area["indicators"] if i["questions"]]
        kept = [a for a in areas if a["indicators"] or a["background"] or a["open_questions"]]
        # An XLSForm has one title, in no language of its own: a name, the same in each of the form's languages
        # until a translator changes it (the next version of one of ours keeps the others' titles, authoring).
        written = self._setting("form_title") or self._file_stem()
        named = {code: written for code in self.languages}
        return {"title": named if self.languages else {},
                "intro": intro, "languages": self.languages, "scales": dict(self.scales),
                "focus_areas": kept}

    def _question(self, number: int, row: dict, kind: str, area: dict[str, Any],
                  indicator: dict[str, Any] | None) -> None:
        lower = kind.lower()
        name = row.get("name", "")
        letter = self.survey.letter("type")
        self._condition_later(number, row)
        if lower == "note":
            texts = self.texts(row, self.columns)
            opens_the_area = not area["description"] and indicator is None and not (
                area["indicators"] or area["background"] or area["open_questions"])
            if opens_the_area and row.get("mina_svar_key") != "note":  # ours marks a note before a question
                area["description"] = texts
            elif self.pending is None:
                self.pending = (number, name, texts)
            else:  # two notes in a row: one text, a paragraph each
                first, first_name, earlier = self.pending
                joined = {code: "\n\n".join(t for t in (earlier.get(code), texts.get(code)) if t)
                          for code in {**earlier, **texts}}
                self.pending = (first, first_name, joined)
            return
        words = lower.split(" ")
        one = words[0] in ("select_one", "select1") or words[:2] == ["select", "one"]
        several = words[0] == "select_multiple" or words[:2] == ["select", "multiple"] or \
            lower.startswith("select all that apply")
        if one or several:
            other = "or_other" in words or lower.endswith(" or specify other")
            kind = kind[:-len(" or specify other")] if lower.endswith(" or specify other") else kind
            list_name = " ".join(w for w in kind.split(" ")[1:] if w.lower() not in _SELECT_WORDS)
            if other:
                self.note("survey", number, letter, "or_other", name)
            if "_from_file" in words[0] or not list_name:
                self.note("survey", number, letter, "not_asked", kind)
                return
            self._not_kept_columns(number, row)
            if several:
                self._ticked(number, row, list_name.strip(), area)
            else:
                self._chosen(number, row, list_name.strip(), area, indicator)
            return
        if lower == "text":
            self._not_kept_columns(number, row)
            area["open_questions"].append(self._asked_as_written(number, row, area))
            return
        code = "metadata" if lower in METADATA else "not_asked"
        self.note("survey", number, letter, code, kind if code == "not_asked" else name)

    def _ticked(self, number: int, row: dict, list_name: str, area: dict) -> None:
        """A select_multiple: a multiple-choice background question of its area, each option counted, its
        values the choices' order."""
        choices = self.lists.get(list_name, [])
        name = row.get("name", "")
        if len(choices) > MOST_OPTIONS:
            self.note("survey", number, self.survey.letter("type"), "too_many_choices", name)
            return
        found = self.scale(list_name, number, numbers=False)
        if found is None:
            return
        scale, _numbered = found
        question = self._asked_as_written(number, row, area, scale=scale, several=True)
        area["background"].append(question)
        self._asked(name, question["key"], scale, several=True)

    def _chosen(self, number: int, row: dict, list_name: str, area: dict, indicator: dict | None) -> None:
        background = row.get("mina_svar_background", "").lower() in YES
        found = self.scale(list_name, number)
        if found is None:
            return
        scale, numbered = found
        name = row.get("name", "")
        question = self._asked_as_written(number, row, area, scale=scale)
        self._asked(name, question["key"], scale)
        if background or (indicator is None and not numbered):
            if not background:
                self.note("survey", number, self.survey.letter("type"), "read_as_background", name)
            area["background"].append(question)
            return
        if indicator is None:  # numbered answers outside an indicator: an indicator of its own
            indicator = {"key": part_key(slug(name, 31), {i["key"] for i in area["indicators"]}),
                         "title": question["text"], "questions": []}
            area["indicators"].append(indicator)
        indicator["questions"].append({
            **question, "kind": SCALE.key, "reversed": row.get("mina_svar_reversed", "").lower() in YES,
            # Not said yet: worded answers, or ours downloaded before it was.
            "confirm_best_end": not numbered or ("mina_svar_reversed" in self.survey.header
                                                 and not row.get("mina_svar_reversed"))})

    def _asked_as_written(self, number: int, row: dict, area: dict, **chosen) -> dict:
        """What every question of the document holds, as the row writes it: the note before it, its key, its
        text and hint in each language, whether it is needed; a question chosen among options (``chosen``: its
        scale, and whether several may be ticked) also whether "don't know" is an answer. Its condition is
        read once every question is (:meth:`_conditions`)."""
        question = {"lead_in": self._note_before(),
                    "key": self.key(row.get("mina_svar_key", ""), row.get("name", ""), area["key"], number),
                    "text": self.texts(row, self.columns), "hint": self.texts(row, self.columns, "hint"),
                    "required": self._required(row), "shown_if": None}
        if chosen:
            question.update(chosen, dont_know=row.get("mina_svar_dont_know", "").lower() != "no")
        return question

    def _not_kept_columns(self, number: int, row: dict) -> None:
        """Each column a question's row uses that Mina Svar does not keep, once per row (a hint in three
        languages is one line)."""
        listed = set()
        for column, value in row.items():
            what, _, suffix = column.partition("::")
            if what == "bind":  # "bind::relevant", pyxform's older spelling
                what = suffix.lower().removeprefix("jr:")
            if what not in NOT_KEPT_COLUMNS or what in listed or (what == "read_only" and value.lower() not in YES):
                continue
            listed.add(what)
            name = row.get("name", "")
            self.note("survey", number, self.survey.letter(column), "column_constraint" if what == "constraint"
                      else "column_other", name if what == "constraint" else f"{name}|{what}")

    def _note_before(self) -> dict:
        """The note standing before the question being read, which it is shown above."""
        texts = self.pending[2] if self.pending else {}
        self.pending = None
        return texts

    def _note_left(self) -> None:
        """A note with no question after it in its group: listed."""
        if self.pending is not None:
            self.note("survey", self.pending[0], self.survey.letter("type"), "note", self.pending[1])
            self.pending = None

    def _asked(self, name: str, key: str, scale: str, several: bool = False) -> None:
        """A question chosen among options, for the conditions that look at it."""
        choices = self.lists.get(scale.rsplit("#", 1)[0], [])
        self.earlier[name] = (key, {row["name"]: option["value"]
                                    for (_n, row), option in zip(choices, self.scales[scale], strict=False)},
                              several)

    def _condition_later(self, number: int, row: dict) -> None:
        """Keep a row's condition (relevant) to read once every question is (:meth:`_conditions`): as in ODK,
        it may look at a question further down the form."""
        if row.get(_relevant_column(row)):
            self.conditions[number] = row

    def _conditions(self, areas: list[dict]) -> None:
        """Each question's condition as skip logic; one Mina Svar cannot read, or one going round in a circle
        (a condition on a question whose condition looks back at it), is listed and the question asked of all."""
        from . import skip_logic

        questions = [q for area in areas for q in [*(q for i in area["indicators"] for q in i["questions"]),
                                                   *area["background"], *area["open_questions"]]]
        rows = {}
        for question in questions:
            number = self.first_row.get(question["key"], 0)
            row = self.conditions.get(number)
            if row is None:
                continue
            question["shown_if"] = skip_logic.parse(row[_relevant_column(row)], self.earlier)
            rows[question["key"]] = (number, row)
        looks_at = {q["key"]: {atom["key"] for atom in skip_logic.atoms(q["shown_if"])} for q in questions}
        circular = _in_circles(looks_at)
        for question in questions:
            key = question["key"]
            if key in rows and (question["shown_if"] is None or key in circular or key in looks_at[key]):
                number, row = rows[key]
                self.note("survey", number, self.survey.letter(_relevant_column(row)), "column_relevant",
                          row.get("name", ""))
                question["shown_if"] = None

    def _required(self, row: dict) -> bool:
        """An XLSForm's required: yes, true or true() (a condition, such as ${age} > 15, is asked of all)."""
        return row.get("required", "").strip().lower() in YES or \
            row.get("bind::required", "").strip().lower() in YES

    def _file_stem(self) -> str:
        return self.file_name.rsplit(".", 1)[0] if "." in self.file_name else self.file_name

    def _first(self) -> str:
        return self.languages[0] if self.languages else "sv"

    def _setting(self, name: str) -> str:
        if self.settings is None or not self.settings.rows:
            return ""
        return self.settings.rows[0][1].get(name, "")

    def form_id(self) -> str:
        """The settings' form_id, or one from the file's name (listed when either had to be changed)."""
        from .authoring import PART_KEY

        written = self._setting("form_id") or self._setting("id_string")
        if written and PART_KEY.match(written):
            return written
        key = slug(written or self.file_name.rsplit(".", 1)[0] or "form", 31)
        self.note("settings", 2 if written else 0, "", "form_id_made", f"{written} → {key}" if written else key)
        return key


def read(data: bytes, file_name: str = "form.xlsx", unnamed_language: str = "sv") -> Reading:
    """A form as a questionnaire document and what did not come across, or why it cannot be a draft at all.
    ``unnamed_language``: the language of a text column that names none (a bare ``label``)."""
    books = sheets(data)
    if books is None:
        return Reading({}, "", [], [SheetProblem("", 0, "", "not_a_workbook")])
    if isinstance(books, SheetProblem):
        return Reading({}, "", [], [books])
    if "survey" not in books:
        return Reading({}, "", [], [SheetProblem("survey", 0, "", "no_sheet")])
    missing = [SheetProblem("survey", 1, "", "no_column", needed) for needed in ("type", "name")
               if needed not in books["survey"].header]
    if missing:
        return Reading({}, "", [], missing)
    settings = books.get("settings")
    default = settings.rows[0][1].get("default_language", "") if settings and settings.rows else ""
    # A form's default_language says what its bare label column is in, where it names one Mina Svar asks in.
    if language_of(default, "") in LANGUAGES:
        unnamed_language = language_of(default, "") or unnamed_language
    reader = _Reader(books, file_name, unnamed_language)
    document = reader.read()
    form_id = reader.form_id()
    # Nothing to ask: the refusal, and what was left out, which says why.
    refused = reader.refused or ([] if document["focus_areas"] else [SheetProblem("survey", 0, "", "nothing_to_ask"),
                                                                   *reader.left_out])
    # Any version text is read (a date, "1.2"); the draft takes the next version number in any case.
    document["key"], document["version"] = form_id, 1
    # Row by row, each sheet in turn; what concerns a whole sheet after its rows.
    left_out = sorted(reader.left_out, key=lambda p: (SHEET_ORDER.get(p.sheet, 3), p.row == 0, p.row))
    return Reading(document, form_id, left_out, refused, reader.retired, reader.first_row,
                   books["survey"].letter("name"))
