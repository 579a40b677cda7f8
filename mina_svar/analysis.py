"""Results of a measurement, and the change between two, never for fewer young
people than the minimum.

Only released responses count (see :func:`measuring.release`): a measurement
that takes answers shows nothing new, so two downloads can never be
subtracted to reveal one person. Answers given in every language count
together (an answer belongs to a question, not to a language).

The index of a question, an indicator or a focus area is the average, over
every answer on the scale to its questions, of the answer's place on its
question's scale, from 0 (the lowest point) to 100 (the highest) — on 1–5,

    (value − 1) / 4 × 100        (for a question worded the other way round: (5 − value) / 4 × 100)

so 0 means everyone answered "not true at all", 100 everyone "completely
true", and 50 the middle, whatever the number of points. "Don't know" is left out of every figure and shown
on its own.

What is shown (see :func:`suppress`):

- a question, when at least the minimum answered it on the scale;
- an indicator or a focus area, when at least the minimum young people
  answered one of its questions; it pools all its questions, shown or not;
- but what a shown indicator holds beyond its shown questions (and a shown
  focus area beyond its shown indicators and their questions) must come from
  at least the minimum answers spread over at least two hidden questions
  (two hidden indicators), and must not lie all at the top or all at the
  bottom of the scale (answers are whole: an index of 100 over what is hidden
  says that every hidden answer was the highest, question by question):
  otherwise more is hidden, smallest first, so that no hidden figure can be
  worked out from shown ones.
"""

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from . import answering
from .models import AnswerTally, AreaSummary, ContributorTally, HiddenFigure, Measurement, Response
from .question_kinds import kind_of
from .questionnaire import AreaView, QuestionView, Structure

# Twice the standard error: a change smaller than this could well be chance.
UNCERTAINTY = 2.0


@dataclass(frozen=True)
class Pool:
    """Answers on the scale, pooled: how many, their mean score and its spread."""

    n: int = 0
    total: float = 0.0
    squares: float = 0.0

    def add(self, score: float, count: int) -> "Pool":
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
    mean: float | None = None  # of the values, on the question's own scale
    positive_share: float | None = None  # share answering above the middle of the scale (4 or 5 of 1–5)
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
    # Background questions: how many chose each option (ticked it, of a multiple-choice one), never a score;
    # each shown only when at least the minimum answered it, and never in the per-response export.
    background: list[QuestionResult] = field(default_factory=list)


@dataclass(frozen=True)
class MeasurementResult:
    respondents: int
    minimum: int
    shown: bool  # False: too few respondents, no figure at all is shown
    areas: list[AreaResult]

    def area(self, key: str) -> AreaResult:
        return next(a for a in self.areas if a.area.key == key)


@dataclass(frozen=True)
class Counts:
    """What analysis reads of a measurement: all from its released responses."""

    respondents: int
    answers: dict[int, dict]  # question id → value (or "dk"; "answered": ticked any, multiple choice) → how many
    contributors: dict[str, int] = field(default_factory=dict)  # area or "area.indicator" → young people
    # Figures hidden at an earlier release that stay hidden (see figure_key): a figure that was hidden shows
    # only when enough late answers change it, never because figures beside it changed.
    kept_hidden: frozenset[str] = frozenset()


def figure_key(kind: str, key: str) -> str:
    """A figure's name across releases: "area:work", "indicator:work.ways_in", "question:work.apply",
    "background:work.where"."""
    return f"{kind}:{key}"


def figures(result: "MeasurementResult") -> dict[str, bool]:
    """Every figure of ``result`` by its name, and whether it is shown."""
    found = {}
    for area in result.areas:
        found[figure_key("area", area.area.key)] = area.result.shown
        for indicator, questions in area.indicators:
            found[figure_key("indicator", f"{area.area.key}.{indicator.key}")] = indicator.shown
            found.update({figure_key("question", q.question.key): q.shown for q in questions})
        found.update({figure_key("background", q.question.key): q.shown for q in area.background})
    return found


def answer_counts(session: Session, measurement_id: int) -> Counts:
    """Released respondents, per question the number of answers per value ("dk" for don't know),
    and per indicator and focus area how many young people answered one of its questions.

    Read from the tallies kept as responses are released, so the time does
    not grow with the number of answers.
    """
    respondents = session.execute(
        select(func.count()).where(Response.measurement_id == measurement_id, Response.released)
    ).scalar_one()
    rows = session.execute(
        select(AnswerTally.question_id, AnswerTally.value, func.sum(AnswerTally.n))
        .where(AnswerTally.measurement_id == measurement_id)
        .group_by(AnswerTally.question_id, AnswerTally.value)
    )
    counts: dict[int, dict] = {}
    named = {0: "dk", answering.ANSWERED: "answered"}
    for question_id, value, count in rows:
        counts.setdefault(question_id, {})[named.get(value, value)] = int(count)
    contributors = {scope: n for scope, n in session.execute(
        select(ContributorTally.scope, ContributorTally.n).where(ContributorTally.measurement_id == measurement_id)
    )}
    kept = session.scalars(select(HiddenFigure.key).where(HiddenFigure.measurement_id == measurement_id))
    return Counts(respondents, counts, contributors, frozenset(kept))


def recount(session: Session, measurement_id: int) -> None:
    """Tally the counted answers of a measurement's released responses anew (at each release, after a bulk
    load, or to repair)."""
    session.execute(delete(AnswerTally).where(AnswerTally.measurement_id == measurement_id))
    session.execute(delete(ContributorTally).where(ContributorTally.measurement_id == measurement_id))
    session.execute(delete(AreaSummary).where(AreaSummary.measurement_id == measurement_id))
    answering.add_tallies(session, select(Response.id).where(Response.measurement_id == measurement_id,
                                                             Response.released))
    session.flush()


def _question(question: QuestionView, counts: dict, shown: bool) -> QuestionResult:
    on_scale = {v: counts.get(v, 0) for v in question.scale}
    n = sum(on_scale.values())
    pool = Pool()
    for value, count in on_scale.items():
        pool = pool.add(question.scores[value], count)
    if not shown:
        return QuestionResult(question, shown=False, pool=pool)
    return QuestionResult(
        question, shown=True, n=n, counts=on_scale, dont_know=counts.get("dk", 0),
        mean=sum(v * c for v, c in on_scale.items()) / n,
        positive_share=sum(on_scale[v] for v in question.upper) / n, index=pool.index, pool=pool,
    )


def _answered(question: QuestionView, counts: dict) -> int:
    """How many answered a background question other than "don't know": for a multiple-choice one, the young
    people who ticked any option (its options' counts add up to more)."""
    if kind_of(question).several:
        return counts.get("answered", 0)
    return sum(counts.get(v, 0) for v in question.scale)


def _background(question: QuestionView, counts: dict, minimum: int, kept_hidden: frozenset = frozenset()
                ) -> QuestionResult:
    chosen = {v: counts.get(v, 0) for v in question.scale}
    n = _answered(question, counts)
    if n < minimum or figure_key("background", question.key) in kept_hidden:
        return QuestionResult(question, shown=False)
    return QuestionResult(question, shown=True, n=n, counts=chosen, dont_know=counts.get("dk", 0))


def _group(key: str, title: dict, pool: Pool, shown: bool) -> GroupResult:
    if not shown:
        return GroupResult(key, title, False, None, None, pool)
    return GroupResult(key, title, True, pool.n, pool.index, pool)


@dataclass
class _Cell:
    """A question, indicator or focus area while deciding what is shown."""

    n: int
    shown: bool
    parts: list["_Cell"] = field(default_factory=list)
    total: float = 0.0  # of a question: the sum of its answers' scores (0–100 each)
    step: float = 25.0  # of a question: the score between two neighbouring points of its scale

    def hidden_part(self) -> list["_Cell"]:
        """What this figure holds beyond its shown parts: its hidden parts that hold any answer."""
        return [part for part in self.parts if not part.shown and _answers(part) > 0]


def _protected(cell: "_Cell", minimum: int) -> bool:
    """A shown figure is safe when its hidden remainder is empty, or big, spread over two or more parts and
    such that whole numbers pin no hidden question."""
    hidden = cell.hidden_part()
    if not hidden:
        return True
    return len(hidden) >= 2 and sum(_answers(part) for part in hidden) >= minimum and not _pins(hidden)


def _pins(hidden: list["_Cell"]) -> bool:
    """Whether whole answers pin a hidden question of a remainder known by its answers and sum of scores.

    A question's mean is open only when what the remainder lacks of the top of the scale (and holds above
    its bottom) could lie in that question, and could lie elsewhere: each a whole number of its scale's steps.
    All at the top (nothing lacking), or lacking 1/3 of a step that only a 4-point question takes, pins.
    """
    questions = [q for part in hidden for q in ([part] if not part.parts else part.hidden_part())]
    answers, total = sum(q.n for q in questions), sum(q.total for q in questions)
    for gap in (100.0 * answers - total, total):  # below the top, above the bottom
        for question in questions:
            if not (_whole_steps(gap, question.step)
                    and any(_whole_steps(gap, other.step) for other in questions if other is not question)):
                return True
    return False


def _whole_steps(gap: float, step: float) -> bool:
    steps = gap / step
    return steps > 0.5 and math.isclose(steps, round(steps), abs_tol=1e-6)


def _answers(cell: "_Cell") -> int:
    # A hidden indicator's remainder is its hidden questions; its shown ones are known.
    return cell.n if not cell.parts else sum(_answers(p) for p in cell.parts if not p.shown)


def suppress(areas: list["_Cell"], minimum: int) -> None:
    """Complementary suppression: hide more, smallest first, until no hidden figure can be derived.

    ``areas`` hold their indicators, which hold their questions, each with
    its primary decision (enough answers or young people) already in ``shown``.
    """
    for area in areas:
        for indicator in area.parts:
            while indicator.shown and not _protected(indicator, minimum):
                visible = [q for q in indicator.parts if q.shown]
                if visible:
                    min(visible, key=lambda q: q.n).shown = False
                else:
                    indicator.shown = False
        while area.shown and not _protected(area, minimum):
            # Hiding an indicator helps only if its own hidden questions then cover it.
            candidates = [i for i in area.parts if i.shown and i.hidden_part()]
            if candidates:
                min(candidates, key=lambda i: i.n).shown = False
            else:
                area.shown = False


def results(session: Session, measurement: Measurement, structure: Structure, minimum: int) -> MeasurementResult:
    return compile_results(structure, answer_counts(session, measurement.id), minimum)


def _hide_what_skip_logic_would_tell(structure: Structure, counts: Counts, cells: dict, plan: list,
                                     minimum: int) -> frozenset:
    """A question asked only after certain earlier answers (skip_logic.py) is shown only while every question
    its condition looks at is shown: how many answered it bounds how many gave those answers, which a hidden
    figure must not tell. Hides its cell (and suppresses again) or, for a background question, returns its
    figure key among those to keep hidden."""
    from . import skip_logic

    if not structure.has_skip_logic:  # most questionnaires (Läget): nothing to do on this busy path
        return frozenset()
    questions = [q for area in structure.areas for q in area.questions]
    background_hidden = {
        q.key for q in questions if kind_of(q).background and (
            _answered(q, counts.answers.get(q.id, {})) < minimum
            or figure_key("background", q.key) in counts.kept_hidden)}
    changed = True
    while changed:
        changed = False
        hidden = background_hidden | {key for key, cell in cells.items() if not cell.shown}
        for question in questions:
            looks_at = {atom["key"] for atom in skip_logic.atoms(question.shown_if)}
            if not looks_at & hidden or question.key in hidden:
                continue
            if question.key in cells:
                cells[question.key].shown = False
                suppress([area_cell for _a, area_cell, _i in plan], minimum)
            elif kind_of(question).background:
                background_hidden.add(question.key)
            else:
                continue  # an open question's words are no figure
            changed = True
    return frozenset(figure_key("background", key) for key in background_hidden)


def compile_results(structure: Structure, counts: Counts, minimum: int) -> MeasurementResult:
    """Every figure of a measurement from its counts, with what must stay hidden hidden."""
    if counts.respondents < minimum:
        return MeasurementResult(counts.respondents, minimum, False, [])
    plan = []  # (area view, area cell, [(indicator view, indicator cell, [(question, cell)])])
    for area in structure.areas:
        indicators = []
        for indicator in area.indicators:
            asked = [q for q in area.questions if q.indicator_key == indicator.key and kind_of(q).scored]
            questions = []
            for q in asked:
                given = counts.answers.get(q.id, {})
                n = sum(given.get(v, 0) for v in q.scale)
                shown = n >= minimum and figure_key("question", q.key) not in counts.kept_hidden
                questions.append((q, _Cell(n, shown, total=sum(q.scores[v] * given.get(v, 0) for v in q.scale),
                                           step=100.0 / max(len(q.scale) - 1, 1))))
            people = counts.contributors.get(f"{area.key}.{indicator.key}", 0)
            kept = figure_key("indicator", f"{area.key}.{indicator.key}") in counts.kept_hidden
            cell = _Cell(sum(c.n for _q, c in questions), people >= minimum and not kept, [c for _q, c in questions])
            indicators.append((indicator, cell, questions))
        area_cell = _Cell(sum(c.n for _i, c, _q in indicators),
                          counts.contributors.get(area.key, 0) >= minimum
                          and figure_key("area", area.key) not in counts.kept_hidden,
                          [c for _i, c, _q in indicators])
        plan.append((area, area_cell, indicators))
    suppress([area_cell for _a, area_cell, _i in plan], minimum)
    cells = {q.key: cell for _a, _c, indicators in plan for _i, _cell, questions in indicators for q, cell in questions}
    hidden_background = _hide_what_skip_logic_would_tell(structure, counts, cells, plan, minimum)

    areas = []
    for area, area_cell, indicators in plan:
        area_pool = Pool()
        compiled = []
        for indicator, cell, questions in indicators:
            question_results = [_question(q, counts.answers.get(q.id, {}), c.shown) for q, c in questions]
            pool = sum((q.pool for q in question_results), Pool())
            area_pool = area_pool + pool
            compiled.append((_group(indicator.key, indicator.title, pool, cell.shown), question_results))
        background = [_background(q, counts.answers.get(q.id, {}), minimum, counts.kept_hidden | hidden_background)
                      for q in area.questions if kind_of(q).background]
        areas.append(AreaResult(area, _group(area.key, area.title, area_pool, area_cell.shown), compiled,
                                background))
    return MeasurementResult(counts.respondents, minimum, True, areas)


@dataclass(frozen=True)
class Compared:
    """The change of an index between two measurements, with both n."""

    before: float | None
    after: float | None
    n_before: int | None
    n_after: int | None
    margin: float | None = None  # a change within ± margin could well be chance
    # True: the two asked different questions here, and only the ones asked both times (and shown
    # both times) are compared.
    shared_only: bool = False

    @property
    def shown(self) -> bool:
        return self.before is not None and self.after is not None

    @property
    def difference(self) -> float | None:
        return self.after - self.before if self.after is not None and self.before is not None else None

    @property
    def uncertain(self) -> bool:
        difference = self.difference
        return difference is None or self.margin is None or abs(difference) <= self.margin


def _compare(before: Pool | None, after: Pool | None, shown_before: bool, shown_after: bool,
             shared_only: bool = False) -> Compared:
    if not (shown_before and shown_after and before and after):
        return Compared(None, None, before.n if shown_before and before else None,
                        after.n if shown_after and after else None, shared_only=shared_only)
    standard_error = math.sqrt(before.variance / before.n + after.variance / after.n)
    return Compared(before.index, after.index, before.n, after.n, UNCERTAINTY * standard_error, shared_only)


@dataclass(frozen=True)
class Comparison:
    """Two measurements compared on what they share: question, indicator and focus-area keys."""

    before: MeasurementResult
    after: MeasurementResult
    areas: dict[str, Compared]
    indicators: dict[tuple[str, str], Compared]
    questions: dict[str, Compared]
    only_before: list[QuestionView] = field(default_factory=list)  # asked before, not after
    only_after: list[QuestionView] = field(default_factory=list)


def compare(before: MeasurementResult, after: MeasurementResult) -> Comparison:
    """Questions match on their keys across questionnaire versions. Where an indicator or a focus area
    asked other questions the second time, its figures are compared on the questions asked both times
    only, pooled from those shown both times: figures already on both results pages, so the comparison
    reveals nothing they hide."""
    def collect(result: MeasurementResult):
        groups: dict[tuple[str, ...], tuple] = {}
        questions = {}
        for area in result.areas:
            every = [q for _indicator, question_results in area.indicators for q in question_results]
            groups[(area.area.key,)] = (area.result, every)
            for indicator, question_results in area.indicators:
                groups[(area.area.key, indicator.key)] = (indicator, question_results)
                for q in question_results:
                    questions[q.question.key] = q
        return groups, questions

    (groups_before, questions_before), (groups_after, questions_after) = collect(before), collect(after)
    shared_keys = questions_before.keys() & questions_after.keys()

    def group_change(key) -> Compared:
        (first, asked_first), (second, asked_second) = groups_before[key], groups_after[key]
        if {q.question.key for q in asked_first} == {q.question.key for q in asked_second}:
            return _compare(first.pool, second.pool, first.shown, second.shown)
        both = [q.question.key for q in asked_first
                if q.question.key in shared_keys and q.shown and questions_after[q.question.key].shown]
        pools = (sum((questions_before[k].pool for k in both), Pool()), sum((questions_after[k].pool for k in both),
                                                                            Pool()))
        return _compare(*pools, bool(both), bool(both), shared_only=True)

    changes = {key: group_change(key) for key in groups_before if key in groups_after}
    return Comparison(
        before, after,
        {key[0]: change for key, change in changes.items() if len(key) == 1},
        {key: change for key, change in changes.items() if len(key) == 2},
        {key: _compare(questions_before[key].pool, questions_after[key].pool, questions_before[key].shown,
                       questions_after[key].shown) for key in questions_before if key in shared_keys},
        [q.question for key, q in questions_before.items() if key not in shared_keys],
        [q.question for key, q in questions_after.items() if key not in shared_keys],
    )


@dataclass(frozen=True)
class Summary:
    """A released measurement as the overview shows it: respondents, and per focus area its index when shown;
    and every shown focus area's and indicator's ("area.indicator") index with its number of answers, which
    the initiative's pooled figures add up (pooling.py)."""

    respondents: int
    areas: dict[str, float | None]  # None: not shown (too few, or protecting a hidden figure)
    shown: dict[str, tuple[float, int]] = field(default_factory=dict)  # key → (index, answers on the scale)


@dataclass(frozen=True)
class GroupTrend:
    """A group's measurements in a period, oldest first, with each one's figures per focus area."""

    group: object
    measurements: list[tuple[Any, Summary]]  # a measurement's id, group_id, title, code and opened_at

    @property
    def latest(self) -> tuple[Any, Summary] | None:
        return self.measurements[-1] if self.measurements else None


def _summarise(session: Session, measurement: Measurement, structure: Structure, minimum: int) -> Summary:
    """Compile the figures once, as every page shows them, and keep them per focus area and indicator."""
    result = results(session, measurement, structure, minimum)
    figures: dict[str, GroupResult | None] = {}
    for area in structure.areas:
        found = result.area(area.key) if result.shown else None
        figures[area.key] = found.result if found else None
        for indicator in area.indicators:
            key = f"{area.key}.{indicator.key}"
            figures[key] = next((figure for figure, _questions in found.indicators if figure.key == indicator.key),
                                None) if found else None
    shown = {key: (figure.index, figure.n) for key, figure in figures.items()
             if figure is not None and figure.shown and figure.index is not None and figure.n}
    session.execute(delete(AreaSummary).where(AreaSummary.measurement_id == measurement.id))
    session.add_all(AreaSummary(measurement_id=measurement.id, area_key=key, minimum=minimum,
                                respondents=result.respondents, shown=key in shown,
                                value=shown[key][0] if key in shown else None,
                                answers=shown[key][1] if key in shown else 0)
                    for key in figures)
    return Summary(result.respondents, {area.key: shown[area.key][0] if area.key in shown else None
                                        for area in structure.areas}, shown)


def trends(session: Session, groups, structures, minimum: int, since=None, until=None) -> list[GroupTrend]:
    """Every group's released measurements (closed at least once) between ``since`` and ``until``
    (dates, either may be None): two queries however many groups, from the kept summaries; a measurement
    not summarised yet (or under another minimum) is compiled once and kept."""
    query = select(Measurement).where(Measurement.group_id.in_([g.id for g in groups]),
                                      Measurement.closed_at.is_not(None))
    if since is not None:
        query = query.where(Measurement.opened_at >= datetime.combine(since, time(), UTC))
    if until is not None:
        query = query.where(Measurement.opened_at < datetime.combine(until + timedelta(days=1), time(), UTC))
    # Plain rows, not ORM objects: the page needs five columns of a few thousand measurements.
    measurements = session.execute(
        query.with_only_columns(Measurement.id, Measurement.group_id, Measurement.questionnaire_id,
                                Measurement.title, Measurement.code, Measurement.opened_at)
        .order_by(Measurement.opened_at, Measurement.id)).all()
    kept = summaries(session, measurements, query.with_only_columns(Measurement.id).scalar_subquery(), structures,
                     minimum)
    by_group: dict[int, list] = {g.id: [] for g in groups}
    for measurement in measurements:
        by_group[measurement.group_id].append((measurement, kept[measurement.id]))
    return [GroupTrend(group, by_group[group.id]) for group in groups]


def summaries(session: Session, measurements, ids, structures, minimum: int) -> dict[int, Summary]:
    """The kept summary of each of ``measurements`` (rows with an id and a questionnaire_id; ``ids`` their ids,
    as a list or a subquery): one query, and a measurement not summarised yet (or under another minimum)
    compiled once and kept."""
    kept: dict[int, Summary] = {}
    rows = session.execute(
        select(AreaSummary.measurement_id, AreaSummary.area_key, AreaSummary.respondents, AreaSummary.value,
               AreaSummary.answers)
        .where(AreaSummary.measurement_id.in_(ids), AreaSummary.minimum == minimum))
    for measurement_id, key, respondents, value, answers in rows:
        summary = kept.setdefault(measurement_id, Summary(respondents, {}))
        if "." not in key:
            summary.areas[key] = value
        if value is not None:
            summary.shown[key] = (value, answers)
    for measurement in measurements:
        if measurement.id not in kept:
            kept[measurement.id] = _summarise(session, session.get_one(Measurement, measurement.id),
                                              structures.get(session, measurement.questionnaire_id), minimum)
    return kept
