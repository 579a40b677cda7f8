"""Exports for leaders and coordinators: a measurement's results, as CSV and XLSX.

The same anonymity rule as every page: only released responses, no figure
that the results hide, nothing from a measurement below the minimum, and
open answers only when approved. There are no rows per young person: in a
group of five to seven every such row is unique.
"""

from . import spreadsheets
from .analysis import MeasurementResult
from .moderation import OpenAnswer
from .questionnaire import text

Table = tuple[list[str], list[list]]


def results_table(result: MeasurementResult, language: str,
                  open_answers: dict[str, list[OpenAnswer]] | None = None) -> Table:
    """A row per focus area, indicator, question, background question and approved open answer; a column
    per value of the scales asked (1–5 for Läget), empty where a question's scale has no such value."""
    values = sorted({value for area in result.areas for _indicator, questions in area.indicators
                     for q in questions for value in q.question.scale}
                    | {value for area in result.areas for q in area.background for value in q.question.scale})
    header = ["level", "focus_area", "indicator", "question", "text", "answered", *map(str, values),
              "dont_know", "mean", "share_above_middle", "index"]
    empty = len(values) + 3
    rows: list[list] = []
    if not result.shown:
        return header, rows
    for area in result.areas:
        rows.append(["focus_area", area.area.key, "", "", text(area.area.title, language), area.result.n,
                     *[""] * empty, _round(area.result.index)])
        for indicator, questions in area.indicators:
            rows.append(["indicator", area.area.key, indicator.key, "", text(indicator.title, language), indicator.n,
                         *[""] * empty, _round(indicator.index)])
            for q in questions:
                figures = ([q.n, *[q.counts.get(v, "") for v in values], q.dont_know, _round(q.mean, 2),
                            _round(q.positive_share, 3), _round(q.index)] if q.shown else [""] * (empty + 2))
                rows.append(["question", area.area.key, indicator.key, q.question.key,
                             text(q.question.text, language), *figures])
        for q in area.background:  # how many chose each option: no mean, share or index
            figures = [q.n, *[q.counts.get(v, "") for v in values], q.dont_know, "", "", ""] if q.shown else \
                [""] * (empty + 2)
            rows.append(["background", area.area.key, "", q.question.key, text(q.question.text, language), *figures])
        for answer in (open_answers or {}).get(area.area.key, []):
            rows.append(["open_answer", area.area.key, "", "", answer.text, *[""] * (empty + 2)])
    return header, rows


def _round(value, digits=1):
    return round(value, digits) if value is not None else ""


def to_csv(table: Table) -> str:
    header, rows = table
    return spreadsheets.csv_text([header, *rows])


def to_xlsx(table: Table, title: str) -> bytes:
    header, rows = table
    return spreadsheets.xlsx_bytes([(title, [header, *rows])])
