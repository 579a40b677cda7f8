"""Results of a measurement, and the change between two, never for fewer young
people than the minimum.

Only completed responses count, and answers given in every language count
together (an answer belongs to a question, not to a language).

The index of a question, an indicator or a focus area is the average, over
every answer on the scale to its questions, of

    (value − 1) / 4 × 100        (for a question worded the other way round: (5 − value) / 4 × 100)

so 0 means everyone answered "not true at all", 100 everyone "completely
true", and 50 the middle. "Don't know" is left out of every figure and shown
on its own. An indicator or focus area pools only the answers to its
questions that are shown themselves, so no hidden figure can be worked out
from the shown ones.
"""

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from . import answering
from .models import AnswerTally, Measurement, Response
from .questionnaire import AreaView, QuestionView, Structure

SCALE = (1, 2, 3, 4, 5)
POSITIVE = (4, 5)
# Twice the standard error: a change smaller than this could well be chance.
UNCERTAINTY = 2.0


def _score(value: int, reversed_: bool) -> float:
    return ((5 - value) if reversed_ else (value - 1)) / 4 * 100


@dataclass(frozen=True)
class Pool:
    """Answers on the scale, pooled: how many, their mean score and its spread."""

    n: int = 0
    total: float = 0.0
    squares: float = 0.0

    def add(self, value: int, count: int, reversed_: bool = False) -> "Pool":
        score = _score(value, reversed_)
        return Pool(self.n + count, self.total + score * count, self.squares + score * score * count)

    def __add__(self, other: "Pool") -> "Pool":
        return Pool(self.n + other.n, self.total + other.total, self.squares + other.squares)

    @property
    def index(self) -> float | None:
        return self.total / self.n if self.n else None

    @property
    def variance(self) -> float:
        if self.n < 2:
            return 0.0
        return max(0.0, (self.squares - self.total * self.total / self.n) / (self.n - 1))


@dataclass(frozen=True)
class QuestionResult:
    question: QuestionView
    shown: bool
    n: int | None = None  # answers on the scale
    counts: dict[int, int] = field(default_factory=dict)  # value → how many
    dont_know: int | None = None
    mean: float | None = None  # on the 1–5 scale
    positive_share: float | None = None  # share answering 4 or 5
    index: float | None = None
    pool: Pool = field(default_factory=Pool, repr=False)


@dataclass(frozen=True)
class GroupResult:
    """An indicator or a focus area."""

    key: str
    title: dict
    shown: bool
    n: int | None
    index: float | None
    pool: Pool = field(default_factory=Pool, repr=False)


@dataclass(frozen=True)
class AreaResult:
    area: AreaView
    result: GroupResult
    indicators: list[tuple[GroupResult, list[QuestionResult]]]


@dataclass(frozen=True)
class MeasurementResult:
    respondents: int
    minimum: int
    shown: bool  # False: too few respondents, no figure at all is shown
    areas: list[AreaResult]

    def area(self, key: str) -> AreaResult:
        return next(a for a in self.areas if a.area.key == key)


def answer_counts(session: Session, measurement_id: int) -> tuple[int, dict[int, dict]]:
    """Completed respondents, and per question the number of answers per value ("dk" for don't know).

    Read from the tallies kept as each response is sent, so the time does not
    grow with the number of answers.
    """
    respondents = session.scalar(
        select(func.count()).where(Response.measurement_id == measurement_id, Response.completed_at.is_not(None))
    )
    rows = session.execute(
        select(AnswerTally.question_id, AnswerTally.value, func.sum(AnswerTally.n))
        .where(AnswerTally.measurement_id == measurement_id)
        .group_by(AnswerTally.question_id, AnswerTally.value)
    )
    counts: dict[int, dict] = {}
    for question_id, value, count in rows:
        counts.setdefault(question_id, {})["dk" if value == 0 else value] = int(count)
    return respondents, counts


def recount(session: Session, measurement_id: int) -> None:
    """Tally a measurement's answers anew from every completed response (after a bulk load, or to repair)."""
    session.execute(delete(AnswerTally).where(AnswerTally.measurement_id == measurement_id))
    answering.add_tallies(session, select(Response.id).where(Response.measurement_id == measurement_id,
                                                             Response.completed_at.is_not(None)))
    session.commit()


def _question(question: QuestionView, counts: dict, minimum: int) -> QuestionResult:
    on_scale = {v: counts.get(v, 0) for v in SCALE}
    n = sum(on_scale.values())
    if n < minimum:
        return QuestionResult(question, shown=False)
    pool = Pool()
    for value, count in on_scale.items():
        pool = pool.add(value, count, question.reversed)
    return QuestionResult(
        question, shown=True, n=n, counts=on_scale, dont_know=counts.get("dk", 0),
        mean=sum(v * c for v, c in on_scale.items()) / n,
        positive_share=sum(on_scale[v] for v in POSITIVE) / n, index=pool.index, pool=pool,
    )


def _group(key: str, title: dict, pool: Pool, minimum: int) -> GroupResult:
    if pool.n < minimum:
        return GroupResult(key, title, False, None, None)
    return GroupResult(key, title, True, pool.n, pool.index, pool)


def results(session: Session, measurement: Measurement, structure: Structure, minimum: int) -> MeasurementResult:
    respondents, counts = answer_counts(session, measurement.id)
    return compile_results(structure, respondents, counts, minimum)


def compile_results(structure: Structure, respondents: int, counts: dict[int, dict],
                    minimum: int) -> MeasurementResult:
    """Every figure of a measurement from its answer counts."""
    if respondents < minimum:
        return MeasurementResult(respondents, minimum, False, [])
    areas = []
    for area in structure.areas:
        indicators = []
        area_pool = Pool()
        for indicator in area.indicators:
            asked = [q for q in area.questions if q.indicator_key == indicator.key and q.kind == "scale"]
            questions = [_question(q, counts.get(q.id, {}), minimum) for q in asked]
            # Only shown questions count towards their indicator and focus area:
            # otherwise a hidden question's figures could be worked out by
            # subtracting the shown ones from the total.
            pool = sum((q.pool for q in questions if q.shown), Pool())
            area_pool = area_pool + pool
            indicators.append((_group(indicator.key, indicator.title, pool, minimum), questions))
        areas.append(AreaResult(area, _group(area.key, area.title, area_pool, minimum), indicators))
    return MeasurementResult(respondents, minimum, True, areas)


@dataclass(frozen=True)
class Compared:
    """The change of an index between two measurements, with both n."""

    before: float | None
    after: float | None
    n_before: int | None
    n_after: int | None
    margin: float | None = None  # a change within ± margin could well be chance

    @property
    def shown(self) -> bool:
        return self.before is not None and self.after is not None

    @property
    def difference(self) -> float | None:
        return self.after - self.before if self.shown else None

    @property
    def uncertain(self) -> bool:
        return not self.shown or self.margin is None or abs(self.difference) <= self.margin


def _compare(before: Pool | None, after: Pool | None, shown_before: bool, shown_after: bool) -> Compared:
    if not (shown_before and shown_after and before and after):
        return Compared(None, None, before.n if shown_before and before else None,
                        after.n if shown_after and after else None)
    standard_error = math.sqrt(before.variance / before.n + after.variance / after.n)
    return Compared(before.index, after.index, before.n, after.n, UNCERTAINTY * standard_error)


@dataclass(frozen=True)
class Comparison:
    """Two measurements compared on what they share: question, indicator and focus-area keys."""

    before: MeasurementResult
    after: MeasurementResult
    areas: dict[str, Compared]
    indicators: dict[tuple[str, str], Compared]
    questions: dict[str, Compared]


def compare(before: MeasurementResult, after: MeasurementResult) -> Comparison:
    def collect(result: MeasurementResult):
        areas, indicators, questions = {}, {}, {}
        for area in result.areas:
            areas[area.area.key] = area.result
            for indicator, question_results in area.indicators:
                indicators[(area.area.key, indicator.key)] = indicator
                for q in question_results:
                    questions[q.question.key] = q
        return areas, indicators, questions

    first, second = collect(before), collect(after)

    def pair(a, b):
        return {key: _compare(a[key].pool, b[key].pool, a[key].shown, b[key].shown) for key in a if key in b}

    return Comparison(before, after, pair(first[0], second[0]), pair(first[1], second[1]),
                      pair(first[2], second[2]))


@dataclass(frozen=True)
class GroupTrend:
    """A group's measurements in a period, oldest first, with each one's results."""

    group: object
    measurements: list[tuple[Measurement, MeasurementResult]]

    @property
    def latest(self) -> tuple[Measurement, MeasurementResult] | None:
        return self.measurements[-1] if self.measurements else None


def trends(session: Session, groups, structures, minimum: int, since=None, until=None) -> list[GroupTrend]:
    """Every group's measurements between ``since`` and ``until`` (dates, either may be None)."""
    found = []
    for group in groups:
        query = select(Measurement).where(Measurement.group_id == group.id)
        if since is not None:
            query = query.where(Measurement.opened_at >= datetime.combine(since, time(), UTC))
        if until is not None:
            query = query.where(Measurement.opened_at < datetime.combine(until + timedelta(days=1), time(), UTC))
        measured = []
        for measurement in session.scalars(query.order_by(Measurement.opened_at, Measurement.id)):
            structure = structures.get(session, measurement.questionnaire_id)
            measured.append((measurement, results(session, measurement, structure, minimum)))
        found.append(GroupTrend(group, measured))
    return found
