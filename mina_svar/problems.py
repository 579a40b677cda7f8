"""A joint problem analysis of a group's need: its root causes, what is known and what is not, who is part of
the problem, and its evidence (a figure of the group's Läget, a public series, words from conversations); and
the chain from the need through the activities that answer it and their indicators to the initiative's goals."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from . import analysis, cycles, statistics
from .models import Activity, Goal, Need, StatisticSeries, StatisticValue, User

ANALYSIS_FIELDS = ("root_causes", "known", "unknown", "part_of_problem", "evidence_words")


class NotAnAnalysis(ValueError):
    def __init__(self, field: str, message) -> None:
        super().__init__(message)
        self.field = field


def analyse(session: Session, need: Need, values: dict[str, str], figure: str | None,
            series: StatisticSeries | None, known_figures, user: User) -> None:
    """Keep ``need``'s analysis (``values`` of ANALYSIS_FIELDS), its evidence ``figure`` (one of
    ``known_figures``, or None) and ``series``; in the cycle's log as a change to the need."""
    if figure is not None and figure not in known_figures:
        raise NotAnAnalysis("evidence_figure", _l("Choose a focus area or an indicator of Läget."))
    kept = {name: (values.get(name) or "").strip() for name in ANALYSIS_FIELDS}
    cycles.update_item(session, need, kept | {"evidence_figure": figure, "evidence_series": series}, user)


@dataclass(frozen=True)
class Chain:
    need: Need
    activities: list[Activity]  # that answer it (not cancelled)
    indicators: list[str]  # the indicators those activities work on
    goals: list[Goal]  # the initiative's goals they answer, and those the cycle works toward
    # The evidence figure in the group's Läget 1: (index, answers), or None when not shown or not measured.
    figure: tuple[float, int] | None
    series_values: list[StatisticValue]  # the series' newest value of each area


def chain(session: Session, need: Need, structures, minimum: int) -> Chain:
    answering = [a for a in need.cycle.activities if a.status != "cancelled" and need.id in (a.need_ids or [])]
    indicators = sorted({key for a in answering for key in (a.indicator_keys or [])})
    goal_ids = {goal_id for a in answering for goal_id in a.goal_ids} | set(need.cycle.goal_ids)
    found_goals = [session.get_one(Goal, goal_id) for goal_id in sorted(goal_ids)]
    figure = None
    baseline = cycles.measurement_of(session, need.cycle, "baseline")
    if need.evidence_figure and baseline is not None and baseline.closed_at is not None:
        kept = analysis.summaries(session, [baseline], [baseline.id], structures, minimum)
        figure = kept[baseline.id].shown.get(need.evidence_figure)
    series = statistics.latest_by_area(need.evidence_series) if need.evidence_series else []
    return Chain(need, answering, indicators, found_goals, figure, series)
