"""Exports for leaders and coordinators: results and anonymous responses, as CSV and XLSX.

The same anonymity rule as every page: only released responses, no figure
that the results hide, and no responses at all from a measurement below the
minimum. Response rows carry no token, time or language, come in a random
order, have columns only for the questions the results show, and leave out
open answers (approved ones are in the results).
"""

import csv
import io
import random

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from .analysis import MeasurementResult
from .models import Answer, Measurement, Response
from .moderation import OpenAnswer
from .questionnaire import text

Table = tuple[list[str], list[list]]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """A spreadsheet shows text starting with = + - @ as a formula: keep young people's words as words."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


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
            rows.append(["open_answer", area.area.key, "", "", _cell(answer.text), *[""] * (empty + 2)])
    return header, rows


def _round(value, digits=1):
    return round(value, digits) if value is not None else ""


def responses_table(session: Session, measurement: Measurement, result: MeasurementResult) -> Table | None:
    """One row per released response, in a random order, with a column for each question the
    results show (a hidden question's answers stay hidden here too); None below the minimum."""
    if not result.shown:
        return None
    responses = list(session.scalars(
        select(Response.id).where(Response.measurement_id == measurement.id, Response.released)
    ))
    scale = [q.question for area in result.areas for _indicator, questions in area.indicators
             for q in questions if q.shown]
    column = {q.id: index for index, q in enumerate(scale)}
    rows = {response_id: [""] * len(scale) for response_id in responses}
    for response_id, question_id, value, dont_know in session.execute(
        select(Answer.response_id, Answer.question_id, Answer.value, Answer.dont_know)
        .where(Answer.response_id.in_(responses), Answer.question_id.in_(list(column)))
    ):
        rows[response_id][column[question_id]] = "dk" if dont_know else value
    shuffled = list(rows.values())
    random.SystemRandom().shuffle(shuffled)
    return [q.key for q in scale], shuffled


def to_csv(table: Table) -> str:
    header, rows = table
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def to_xlsx(table: Table, title: str) -> bytes:
    header, rows = table
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
