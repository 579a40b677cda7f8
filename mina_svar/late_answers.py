"""Which late answers a release may count: a figure changes by the minimum of answers, or not at all.

A Läget opened again for late answers releases them only when at least the
minimum of new young people have sent (measuring.release). That is not enough:
one late young person answers everything while four others press "don't
know", and every question grows by one answer: the results before and after,
subtracted, are that one person's questionnaire. So the change between two
releases is treated as a results table of its own (the *difference*), under
the same rules as a first release (analysis.compile_results: the minimum, and
complementary suppression). A question's late answers are counted only when
every figure they would change passes:

- a question shown before or after (its counts, mean, index, "don't know") changes only when its
  difference is shown: at least the minimum of late answers on its scale;
- an indicator or focus area shown before or after changes only when its difference is shown: at least
  the minimum of late young people in it, and no hidden figure of the difference derivable;
- a background question likewise, by its own late answers.

The late answers of a question that would break one of them wait (they stay
uncounted), and are counted with a later release once enough have come in.
And a figure hidden at a release stays hidden (Counts.kept_hidden) unless its
own difference is shown: it never shows only because the figures beside it
moved, which would tell what it was hiding.
"""

from collections import Counter
from dataclasses import dataclass

from .analysis import Counts, MeasurementResult, compile_results, figure_key, figures
from .question_kinds import chosen_in, kind_of
from .questionnaire import Structure

# One sent answer as release reads it: (response id, question id, value or "dk", counted already).
Row = tuple[int, int, object, bool]


@dataclass(frozen=True)
class Decision:
    questions: set[int]  # whose uncounted answers are counted now
    renewed: frozenset[str]  # the figures whose difference is shown: a hidden one among them may show again


def countable(structure: Structure, before: Counts, respondents: int, rows: list[Row], minimum: int) -> Decision:
    """The questions whose uncounted answers in ``rows`` may be counted now.

    ``before``: what the results count now; ``respondents``: how many young people they will count;
    ``rows``: every answer on a scale or a background question of the responses that hold an uncounted one.
    """
    scopes = _scopes(structure)
    waiting = [row for row in rows if not row[3] and row[1] in structure.questions]
    moving = {question_id for _r, question_id, _v, _c in waiting}
    old = compile_results(structure, before, minimum)
    renewed: frozenset[str] = frozenset()
    while moving:
        moved = [row for row in waiting if row[1] in moving]
        new, renewed = _results_after(structure, before, respondents, rows, moved, scopes, minimum)
        held = _held(structure, old, new, renewed, moving)
        if not held:
            break
        moving -= held
    return Decision(moving, renewed if moving else frozenset())


def _scopes(structure: Structure) -> dict[int, tuple[str, str]]:
    """The focus area and "area.indicator" a scale question's young people are counted in."""
    return {q.id: (area.key, f"{area.key}.{q.indicator_key}") for area in structure.areas for q in area.questions
            if kind_of(q).scored}


def _results_after(structure, before: Counts, respondents: int, rows: list[Row], moved: list[Row],
                   scopes: dict, minimum: int) -> tuple[MeasurementResult, frozenset[str]]:
    """The results once ``moved`` are counted, and the figures whose difference (as a first release shows it)
    is shown."""
    added: dict[int, Counter] = {}
    for _response, question_id, value, _counted in moved:
        added.setdefault(question_id, Counter()).update(_tallied_as(structure, question_id, value))
    answers = {q: dict(before.answers.get(q, {})) for q in set(before.answers) | set(added)}
    for question_id, values in added.items():
        for value, n in values.items():
            answers[question_id][value] = answers[question_id].get(value, 0) + n
    # Young people in a scope: counted there once, by their first answer on its scale that counts.
    counted_in = {(r, scope) for r, q, v, counted in rows if counted and v != "dk" and q in scopes
                  for scope in scopes[q]}
    late_in = {(r, scope) for r, q, v, _c in moved if v != "dk" and q in scopes for scope in scopes[q]}
    people = Counter(before.contributors)
    people.update(scope for r, scope in late_in - counted_in)
    difference = compile_results(structure, Counts(len({r for r, _q, _v, _c in moved}),
                                                   {q: dict(v) for q, v in added.items()},
                                                   dict(Counter(scope for _r, scope in late_in))), minimum)
    renewed = frozenset(key for key, shown in figures(difference).items() if shown)
    after = Counts(respondents, answers, dict(people), before.kept_hidden - renewed)
    return compile_results(structure, after, minimum), renewed


def _tallied_as(structure: Structure, question_id: int, value) -> list:
    """The tallies one answer adds to (answering.tallied): its value, or each option ticked of a multiple-choice
    question and the count of those who ticked any."""
    if value == "dk" or not kind_of(structure.questions[question_id]).several:
        return [value]
    return [*chosen_in(value), "answered"]


def _held(structure: Structure, old: MeasurementResult, new: MeasurementResult, renewed: frozenset[str],
          moving: set[int]) -> set[int]:
    """The moving questions that would change a published figure by a difference that is not shown."""
    before, after = figures(old), figures(new)

    def breaks(key: str) -> bool:
        return (before.get(key, False) or after.get(key, False)) and key not in renewed

    held: set[int] = set()
    for area in structure.areas:
        scored = [q for q in area.questions if kind_of(q).scored and q.id in moving]
        if scored and breaks(figure_key("area", area.key)):
            held.update(q.id for q in scored)
        for indicator in area.indicators:
            under = [q.id for q in scored if q.indicator_key == indicator.key]
            if under and breaks(figure_key("indicator", f"{area.key}.{indicator.key}")):
                held.update(under)
        for q in area.questions:
            if q.id in moving and breaks(figure_key(kind_of(q).figure or "", q.key)):
                held.add(q.id)
    return held
