"""The digest for partners and the steering group, per month or quarter: the wins, the decisions, what moved on
the goals, what was learned, and what comes next — read on a page or as a PDF, in the reader's language.

Every figure in it is one the goals' pages show (goals.curves); wins, decisions and learnings are what was
written down, by the day it was noted.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from . import goals, learning, performance
from .models import Activity, ActivityWin, Cycle, KeyFigure, SteeringNote

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")


class NotAPeriod(ValueError):
    """A period that is neither a month (2026-11) nor a quarter (2026-Q4)."""


@dataclass(frozen=True)
class Span:
    key: str  # "2026-11" or "2026-Q4"
    starts: date
    ends: date  # the last day

    @property
    def label(self) -> str:
        if "Q" in self.key:
            return str(_l("Quarter %(quarter)s, %(year)s", quarter=self.key[-1], year=self.starts.year))
        return self.key

    def next(self) -> "Span":
        after = self.ends + timedelta(days=1)
        return quarter_of(after) if "Q" in self.key else month_of(after)


def month_of(day: date) -> Span:
    ends = (date(day.year + day.month // 12, day.month % 12 + 1, 1)) - timedelta(days=1)
    return Span(f"{day.year}-{day.month:02d}", date(day.year, day.month, 1), ends)


def quarter_of(day: date) -> Span:
    quarter = (day.month - 1) // 3 + 1
    starts = date(day.year, 3 * quarter - 2, 1)
    ends = date(day.year + quarter // 4, (3 * quarter) % 12 + 1, 1) - timedelta(days=1)
    return Span(f"{day.year}-Q{quarter}", starts, ends)


def span(text: str | None, today: date) -> Span:
    """The period asked for; none: the last whole quarter before ``today``."""
    if not text:
        return quarter_of(quarter_of(today).starts - timedelta(days=1))
    if found := _MONTH.match(text.strip()):
        return month_of(date(int(found[1]), int(found[2]), 1))
    if found := _QUARTER.match(text.strip()):
        return quarter_of(date(int(found[1]), 3 * int(found[2]) - 2, 1))
    raise NotAPeriod(text)


@dataclass(frozen=True)
class Moved:
    """A key figure over the period: its value before it, and its latest by its end (None: not measured)."""

    figure: KeyFigure
    before: float | None
    now: float | None

    @property
    def said(self) -> str:
        """The move in words, in the language being written: from what to what, beside the target."""
        target = f"{self.figure.target_value:g}"
        if self.now is None:
            return _("nothing measured yet")
        if self.before is None or self.before == self.now:
            return _("%(value)s (target %(target)s)", value=f"{round(self.now, 1):g}", target=target)
        return _("from %(before)s to %(now)s (target %(target)s)", before=f"{round(self.before, 1):g}",
                 now=f"{round(self.now, 1):g}", target=target)


@dataclass(frozen=True)
class Digest:
    span: Span
    wins: list[ActivityWin]
    decisions: list[SteeringNote]
    moved: list[Moved]
    learnings: list[learning.Entry]
    coming: list[Activity]  # starting in the next period, planned or running


def digest(session: Session, asked: Span, structures, minimum: int) -> Digest:
    within = (asked.starts, asked.ends)
    wins = list(session.scalars(select(ActivityWin).where(ActivityWin.noted_on.between(*within))
                                .options(selectinload(ActivityWin.activity).selectinload(Activity.cycle)
                                         .selectinload(Cycle.group), selectinload(ActivityWin.made_by_organisation))
                                .order_by(ActivityWin.noted_on, ActivityWin.id)))
    decisions = list(session.scalars(select(SteeringNote).where(SteeringNote.kind == "decision",
                                                                 SteeringNote.written_on.between(*within))
                                     .order_by(SteeringNote.written_on, SteeringNote.id)))
    figures = [figure for goal in goals.goals(session) for figure in goal.key_figures]
    curves = goals.curves(session, figures, structures, minimum)
    moved = []
    for figure in figures:
        points = curves[figure.id].points
        before = [p.value for p in points if p.on < asked.starts]
        now = [p.value for p in points if p.on <= asked.ends]
        moved.append(Moved(figure, before[-1] if before else None, now[-1] if now else None))
    learnings = [e for e in learning.entries(session) if asked.starts <= e.written_on <= asked.ends]
    following = asked.next()
    coming = [a for a in session.scalars(select(Activity).where(Activity.status.in_(("planned", "running")))
                                         .options(selectinload(Activity.cycle).selectinload(Cycle.group)))
              if following.starts <= performance.started(a) <= following.ends]
    return Digest(asked, wins, decisions, moved, sorted(learnings, key=lambda e: e.written_on),
                  sorted(coming, key=performance.started))
