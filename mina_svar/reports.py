"""What the printed summaries hold: a measurement, two measurements compared, a whole cycle.

Every figure comes from :mod:`analysis` and every open answer from
:mod:`moderation` with only approved ones, so the minimum number of
respondents holds on paper exactly as on screen.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from . import analysis, cycles, moderation
from .models import Cycle, CycleStep, Measurement
from .questionnaire import StructureCache


@dataclass(frozen=True)
class MeasurementReport:
    measurement: Measurement
    result: analysis.MeasurementResult
    open_answers: dict[str, list[moderation.OpenAnswer]] | None  # approved ones only


@dataclass(frozen=True)
class CycleReport:
    cycle: Cycle
    steps: list[CycleStep]
    records: dict[str, dict[str, Any]]
    baseline: MeasurementReport | None
    follow_up: MeasurementReport | None
    comparison: analysis.Comparison | None  # only when both measurements show results
    priorities: list[cycles.Priority]


def measurement_report(session: Session, measurement: Measurement, structures: StructureCache,
                       minimum: int) -> MeasurementReport:
    structure = structures.get(session, measurement.questionnaire_id)
    return MeasurementReport(
        measurement,
        analysis.results(session, measurement, structure, minimum),
        moderation.open_answers(session, measurement, structure, minimum, approved_only=True),
    )


def comparison(session: Session, before: Measurement, after: Measurement, structures: StructureCache,
               minimum: int) -> analysis.Comparison:
    def result(measurement: Measurement) -> analysis.MeasurementResult:
        return analysis.results(session, measurement, structures.get(session, measurement.questionnaire_id), minimum)

    return analysis.compare(result(before), result(after))


def cycle_report(session: Session, cycle: Cycle, structures: StructureCache, minimum: int) -> CycleReport:
    reports = {}
    for key in cycles.MEASURED_STEPS:
        measurement = cycles.measurement_of(session, cycle, key)
        reports[key] = measurement_report(session, measurement, structures, minimum) if measurement else None
    baseline, follow_up = reports["baseline"], reports["follow_up"]
    compared = None
    if baseline and follow_up and baseline.result.shown and follow_up.result.shown:
        compared = analysis.compare(baseline.result, follow_up.result)
    ordered = cycles.steps(cycle)
    return CycleReport(cycle, ordered, {step.key: step.record for step in ordered}, baseline, follow_up, compared,
                       cycles.priorities(session, cycle, structures))


def dates(measurement: Measurement) -> str:
    """When a measurement was open, as "2026-09-10 – 2026-09-24"; only the first day while open."""
    opened = measurement.opened_at.date().isoformat()
    closed = measurement.closed_at.date().isoformat() if measurement.closed_at else opened
    return f"{opened} – {closed}" if closed != opened else opened


def header(*parts: str | None, on: date) -> str:
    """The line at the top of every page: group, measurement or cycle, and the date it was printed."""
    return " · ".join([p for p in parts if p] + [on.isoformat()])
