"""The initiative's goals and their key figures: a result in plain words, figures that say whether it is
reached (a baseline, a target and a date), and the curve of every value measured, with the trend if nothing
changes ("turn the curve", as Results-Based Accountability puts it). The values of a Läget key figure are the
initiative's pooled Läget (pooling.py), of every group or of a place's, under the same anonymity rules; those
of a statistics key figure are a public series' values for the place (statistics.py).
"""

import math
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from . import organising, performance, pooling
from .models import (
    GOAL_NOTE_KINDS,
    Goal,
    GoalNote,
    GoalPartner,
    Group,
    KeyFigure,
    Organisation,
    Place,
    StatisticSeries,
    StatisticValue,
)

SERIES = "series:"  # a statistics key figure's key: "series:12"
ACTIVITY = "activity:"  # an activity key figure's: "activity:attendance"

MEASURE_NAMES = {"sessions": _l("Times the activities met"),
                 "attendance": _l("Young people who took part in the activities")}
NOTE_NAMES = {"story": _l("The story behind the curve"), "what_works": _l("What works"),
              "doing": _l("What we do")}


class GoalError(ValueError):
    """What is wrong with what was asked, said for the field it is about."""

    def __init__(self, field: str, message) -> None:
        super().__init__(message)  # a lazy text: said in the reader's language when shown
        self.field = field


def create_goal(session: Session, result: str, focus_area_key: str | None) -> Goal:
    result = result.strip()
    if not result:
        raise GoalError("result", _l("Say the result in plain words."))
    goal = Goal(result=result, focus_area_key=focus_area_key or None)
    session.add(goal)
    session.flush()
    return goal


def add_key_figure(session: Session, goal: Goal, figure_key: str, known_keys, place: Place | None,
                   baseline: tuple[float, date], target: tuple[float, date]) -> KeyFigure:
    """A key figure of ``goal``. ``figure_key`` is a focus area's or an indicator's of Läget (one of
    ``known_keys``; its values indexes from 0 to 100), an activity measure summed over the activities that
    answer the goal ("activity:attendance"; never below 0), or a series' ("series:12", in the series' unit; the
    series has a value for the place, or, when no place is chosen, values for one area only: the municipality's,
    say). The target is
    dated after the baseline."""
    series = _series(session, figure_key, place) if figure_key.startswith(SERIES) else None
    measured = figure_key.removeprefix(ACTIVITY) in performance.ACTIVITY_MEASURES and figure_key.startswith(ACTIVITY)
    if measured:
        for field, (value, _on) in (("baseline_value", baseline), ("target_value", target)):
            if value < 0:
                raise GoalError(field, _l("A sum of activities is never below 0."))
    elif series is None:
        if figure_key not in known_keys:
            raise GoalError("figure", _l("Choose a focus area or an indicator of Läget, or a series."))
        for field, (value, _on) in (("baseline_value", baseline), ("target_value", target)):
            if not 0 <= value <= 100:
                raise GoalError(field, _l("An index is from 0 to 100."))
    if target[1] <= baseline[1]:
        raise GoalError("target_on", _l("The target's date comes after the baseline's."))
    kind = "statistic" if series else "activity" if measured else "laget"
    figure = KeyFigure(goal=goal, kind=kind, figure_key=figure_key, place=place,
                       series=series, baseline_value=baseline[0], baseline_on=baseline[1],
                       target_value=target[0], target_on=target[1])
    session.add(figure)
    session.flush()
    return figure


def _series(session: Session, figure_key: str, place: Place | None) -> StatisticSeries:
    series_id = figure_key.removeprefix(SERIES)
    series = session.get(StatisticSeries, int(series_id)) if series_id.isdigit() else None
    if series is None:
        raise GoalError("figure", _l("Choose a focus area or an indicator of Läget, or a series."))
    if place is not None and not any(value.place_id == place.id for value in series.values):
        raise GoalError("place", _l("The series has no value for %(place)s.", place=place.name))
    if place is None and len({value.area for value in series.values}) != 1:
        raise GoalError("place", _l("The series has values for several areas: choose the place."))
    return series


def add_note(session: Session, goal: Goal, kind: str, text: str, written_on: date) -> GoalNote:
    if kind not in GOAL_NOTE_KINDS:
        raise GoalError("kind", _l("Choose what the note tells."))
    if not text.strip():
        raise GoalError("text", _l("Write the note."))
    note = GoalNote(goal=goal, kind=kind, text=text.strip(), written_on=written_on)
    session.add(note)
    session.flush()
    return note


def give_role(session: Session, goal: Goal, organisation: Organisation, role: str) -> GoalPartner:
    """``organisation`` takes part in reaching ``goal`` as ``role`` (said again: the role is changed)."""
    found = next((p for p in goal.partners if p.organisation_id == organisation.id), None)
    if found is None:
        found = GoalPartner(goal=goal, organisation=organisation)
        session.add(found)
    found.role = role.strip()
    session.flush()
    return found


def figure_name(figure: KeyFigure, names: dict[str, str]) -> str:
    """What ``figure`` follows, in words: the series' title, the activity measure, or the focus area's or
    indicator's name in ``names``."""
    if figure.series is not None:
        return figure.series.title
    if figure.kind == "activity":
        return str(MEASURE_NAMES.get(figure.figure_key.removeprefix(ACTIVITY), figure.figure_key))
    return names.get(figure.figure_key, figure.figure_key)


def goals(session: Session) -> list[Goal]:
    return list(session.scalars(select(Goal).order_by(Goal.id)))


@dataclass(frozen=True)
class Point:
    period: pooling.Period | None  # a term of pooled Läget; None for a series' value
    on: date  # the middle of the term, or the first day of the series' period
    value: float
    groups: int  # the groups pooled (0 for a series' value)

    @property
    def label(self) -> str:
        if self.period is not None:
            return self.period.label
        return str(self.on.year) if (self.on.month, self.on.day) == (1, 1) else self.on.isoformat()


@dataclass(frozen=True)
class Curve:
    figure: KeyFigure
    points: list[Point]
    # If nothing changes: the straight line through the measured values (least squares), from the first
    # measured day to the target's date. None with fewer than two values.
    trend: tuple[tuple[date, float], tuple[date, float]] | None

    @property
    def low(self) -> float:
        """The chart's lowest value: 0, or for a series below it, a round number under its lowest value."""
        return 0.0 if self.figure.kind == "laget" else _round_down(min(0.0, *self._values))

    @property
    def high(self) -> float:
        """The chart's highest value: 100 for an index, a round number above a series' highest value."""
        if self.figure.kind == "laget":
            return 100.0
        return max(self.low + 1, _round_up(max(self._values)))

    @property
    def _values(self) -> list[float]:
        return [self.figure.baseline_value, self.figure.target_value, *(p.value for p in self.points)]

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def first_day(self) -> date:
        return min([self.figure.baseline_on, *(p.on for p in self.points)])

    @property
    def last_day(self) -> date:
        return max([self.figure.target_on, *(p.on for p in self.points)])


def middle(period: pooling.Period) -> date:
    return date(period.year, 4 if period.half == 1 else 10, 1)


def curve(session: Session, figure: KeyFigure, structures, minimum: int) -> Curve:
    """Every pooled value of ``figure`` term by term, over the whole initiative or the figure's place."""
    return curves(session, [figure], structures, minimum)[figure.id]


def curves(session: Session, figures, structures, minimum: int, activities: dict | None = None) -> dict[int, Curve]:
    """The curve of each of ``figures`` by its id: Läget pooled once for each place they follow, a goal's
    activities read once (``activities``: those already read, by goal id)."""
    activities = dict(activities or {})
    pooled_in: dict[int | None, list[pooling.PooledPeriod]] = {}
    found = {}
    for figure in figures:
        if figure.kind == "statistic":
            points = [Point(None, value.period, value.value, 0) for value in _series_values(figure)]
            found[figure.id] = Curve(figure, points, trend(points, figure.target_on, bounds=(None, None)))
            continue
        if figure.kind == "activity":
            if figure.goal_id not in activities:
                activities[figure.goal_id] = performance.of_goal(session, figure.goal_id)
            points = [Point(period, middle(period), float(total), n) for period, total, n in performance.by_term(
                activities[figure.goal_id], figure.figure_key.removeprefix(ACTIVITY), figure.place_id)]
            found[figure.id] = Curve(figure, points, trend(points, figure.target_on, bounds=(0.0, None)))
            continue
        if figure.place_id not in pooled_in:
            groups: list[Group] = [g for g in organising.groups(session)
                                   if figure.place_id is None or g.place_id == figure.place_id]
            pooled_in[figure.place_id] = pooling.pooled(session, groups, structures, minimum)
        points = [Point(term.period, middle(term.period), pooled.index, pooled.groups)
                  for term in pooled_in[figure.place_id]
                  if (pooled := term.figure(figure.figure_key)).index is not None]
        found[figure.id] = Curve(figure, points, trend(points, figure.target_on))
    return found


def _series_values(figure: KeyFigure) -> list[StatisticValue]:
    """The series' values for the figure's place, or (the whole initiative) all of a series of one area, the
    municipality's say; oldest first."""
    assert figure.series is not None
    return sorted((v for v in figure.series.values if figure.place_id in (None, v.place_id)),
                  key=lambda v: v.period)


def _round_down(value: float) -> float:
    step = _step(value)
    return step * math.floor(value / step)


def _round_up(value: float) -> float:
    step = _step(value)
    return step * math.ceil(value / step)


def _step(value: float) -> float:
    """A round step for an axis reaching ``value``: 1, 2, 5 or 10 times a power of ten."""
    size = abs(value) or 1.0
    power = 10 ** math.floor(math.log10(size))
    return next(step * power for step in (0.1, 0.2, 0.5, 1) if size <= step * power * 10)


def trend(points: list[Point], until: date, bounds: tuple[float | None, float | None] = (0.0, 100.0)
          ) -> tuple[tuple[date, float], tuple[date, float]] | None:
    """The straight line through ``points`` (least squares) to ``until``, kept within ``bounds`` (an index
    within 0 and 100, a sum of activities above 0, a series' value anywhere)."""
    if len(points) < 2:
        return None
    xs = [p.on.toordinal() for p in points]
    ys = [p.value for p in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    end = max(until, points[-1].on)

    def at(day: date) -> float:
        value = mean_y + slope * (day.toordinal() - mean_x)
        low, high = bounds
        return min(high if high is not None else value, max(low if low is not None else value, value))

    return (points[0].on, at(points[0].on)), (end, at(end))
