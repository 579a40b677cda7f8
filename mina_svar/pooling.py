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
from sqlalchemy import select
from sqlalchemy.orm import Session

from . import analysis
from .models import Group, Measurement


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

    def add(self, index: float, answers: int, respondents: int) -> None:
        self.answers += answers
        self.total += index * answers
        self.groups += 1
        self.young_people += respondents


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
    """Each period's pooled figures over ``groups``, the oldest period first: two queries, from the kept
    summaries (analysis.summaries), however many groups."""
    group_ids = [group.id for group in groups]
    if not group_ids:
        return []
    query = select(Measurement.id, Measurement.group_id, Measurement.questionnaire_id, Measurement.opened_at
                   ).where(Measurement.group_id.in_(group_ids), Measurement.closed_at.is_not(None))
    latest: dict[tuple[Period, int], Any] = {}  # the rows of measurements
    for row in session.execute(query.order_by(Measurement.opened_at, Measurement.id)):
        latest[(Period.of(_aware(row.opened_at)), row.group_id)] = row  # a later one replaces an earlier one
    kept = analysis.summaries(session, list(latest.values()),
                              query.with_only_columns(Measurement.id).scalar_subquery(), structures, minimum)
    periods: dict[Period, PooledPeriod] = {}
    for (period, _group), row in sorted(latest.items(), key=lambda item: item[0][0]):
        summary = kept[row.id]
        found = periods.setdefault(period, PooledPeriod(period))
        found.groups += 1
        if summary.respondents >= minimum:
            found.young_people += summary.respondents
        for key, (index, answers) in summary.shown.items():
            found.figures.setdefault(key, Pooled()).add(index, answers, summary.respondents)
    return list(periods.values())


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
