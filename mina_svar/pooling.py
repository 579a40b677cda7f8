"""Läget pooled across the initiative's groups, a place's or a partner's, per period and over time.

A pooled figure adds up the groups' own *shown* figures: a focus area's (or an indicator's) answers and
their scores, over every group whose own results show that figure. A group whose figure is hidden — too few
young people, or hidden to protect another — adds nothing, whatever its answers. So every pooled figure can
be worked out from figures already shown group by group, and no filter, place, partner, period or later
release can be subtracted from another to reveal fewer than the minimum: what two pooled figures differ by
is always whole groups' shown figures, each from at least the minimum.

A period is a term: spring (January to June) or autumn (July to December), by the day a Läget opened. A
group counts once a period, with its latest Läget in it, so that nobody who answered twice counts twice.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import analysis
from .models import AreaSummary, Group, Measurement


@dataclass(frozen=True, order=True)
class Period:
    """A term: the first half of ``year`` (1) or the second (2)."""

    year: int
    half: int

    @classmethod
    def of(cls, moment: datetime | date) -> "Period":
        return cls(moment.year, 1 if moment.month <= 6 else 2)

    @property
    def starts(self) -> date:
        return date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def label(self) -> str:
        return _("Spring %(year)s", year=self.year) if self.half == 1 else _("Autumn %(year)s", year=self.year)


@dataclass
class Pooled:
    """One pooled figure: a focus area's or an indicator's index over the groups that show it."""

    answers: int = 0
    total: float = 0.0  # sum of the answers' scores (0–100 each)
    groups: int = 0
    young_people: int = 0  # who answered the Läget of the groups counted

    @property
    def index(self) -> float | None:
        return self.total / self.answers if self.answers else None


@dataclass
class PooledPeriod:
    period: Period
    groups: int = 0  # with a released Läget in the period
    # Who answered in the groups whose results show (a group under the minimum says no number, here neither).
    young_people: int = 0
    figures: dict[str, Pooled] = field(default_factory=dict)  # "work" or "work.ways_in" → pooled

    def figure(self, key: str) -> Pooled:
        """The pooled figure of ``key``: empty (no index) when no group shows it."""
        return self.figures.get(key) or Pooled()

    def left_out(self, key: str) -> int:
        """Groups with a Läget in the period whose own figure of ``key`` is hidden: they add nothing."""
        return self.groups - self.figure(key).groups


def pooled(session: Session, groups: Iterable[Group], structures, minimum: int) -> list[PooledPeriod]:
    """Each period's pooled figures over ``groups``, the oldest period first, added up in the database from
    the kept summaries of each group's latest Läget of the period (a measurement not summarised yet is
    compiled once and kept, analysis.summaries): a few queries a period, however many groups."""
    group_ids = [group.id for group in groups]
    if not group_ids:
        return []
    # Whether each is summarised already, asked in the same query (rather than of thousands of ids after).
    kept = (select(AreaSummary.measurement_id).where(AreaSummary.measurement_id == Measurement.id,
                                                     AreaSummary.minimum == minimum).exists())
    query = select(Measurement.id, Measurement.group_id, Measurement.questionnaire_id, Measurement.opened_at,
                   kept.label("kept")).where(Measurement.group_id.in_(group_ids), Measurement.closed_at.is_not(None))
    latest: dict[tuple[Period, int], Any] = {}  # the rows of measurements
    for row in session.execute(query.order_by(Measurement.opened_at, Measurement.id)):
        latest[(Period.of(_aware(row.opened_at)), row.group_id)] = row  # a later one replaces an earlier one
    by_period: dict[Period, list[int]] = {}
    for (period, _group), row in sorted(latest.items(), key=lambda item: item[0][0]):
        by_period.setdefault(period, []).append(row.id)
    missing = [row for row in latest.values() if not row.kept]
    if missing:
        analysis.summaries(session, missing, [row.id for row in missing], structures, minimum)
    return [_added_up(session, period, ids, minimum) for period, ids in by_period.items()]


def _added_up(session: Session, period: Period, ids: list[int], minimum: int) -> PooledPeriod:
    found = PooledPeriod(period, groups=len(ids))
    shown = (AreaSummary.measurement_id.in_(ids), AreaSummary.minimum == minimum)
    for key, total, answers, groups, young_people in session.execute(
            select(AreaSummary.area_key, func.sum(AreaSummary.value * AreaSummary.answers),
                   func.sum(AreaSummary.answers), func.count(), func.sum(AreaSummary.respondents))
            .where(*shown, AreaSummary.value.is_not(None)).group_by(AreaSummary.area_key)):
        found.figures[key] = Pooled(int(answers), float(total or 0), int(groups), int(young_people))
    each = (select(func.max(AreaSummary.respondents).label("respondents")).where(*shown)
            .group_by(AreaSummary.measurement_id).subquery())
    found.young_people = session.scalar(select(func.coalesce(func.sum(each.c.respondents), 0))
                                        .where(each.c.respondents >= minimum)) or 0
    return found


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
