"""A disclosure audit of published results, the way Statistics Norway's GaussSuppression checks a table.

Every figure a view publishes about a measurement (a shown question's counts,
a shown indicator's or focus area's number of answers and index) is a linear
equation over the answer counts. The counts of hidden questions are the
unknowns. A hidden figure — a hidden question's number of answers, its sum of
scores or any of its counts, a hidden indicator's or focus area's — is
*determined* when its row lies in the span of the published equations: then
it can be computed from what is shown, whatever the hidden counts are.
"""

import math
from fractions import Fraction

from mina_svar.analysis import Counts, MeasurementResult
from mina_svar.questionnaire import Structure


def counts_of(structure: Structure, people: list[dict]) -> Counts:
    """What the tallies would hold for ``people``: each a dict of question id → 1..5 or "dk"."""
    answers: dict[int, dict] = {}
    contributors: dict[str, int] = {}
    for person in people:
        scopes = set()
        for question_id, value in person.items():
            answers.setdefault(question_id, {}).setdefault(value, 0)
            answers[question_id][value] += 1
            if value != "dk":
                question = structure.questions[question_id]
                area = next(a.key for a in structure.areas if question in a.questions)
                scopes |= {area, f"{area}.{question.indicator_key}"}
        for scope in scopes:
            contributors[scope] = contributors.get(scope, 0) + 1
    return Counts(len(people), answers, contributors)


def determined(structure: Structure, result: MeasurementResult, counts: Counts) -> list[str]:
    """The hidden figures of ``result`` that the shown ones determine (empty when none is)."""
    if not result.shown:
        return []
    hidden = [q.question for area in result.areas for _i, questions in area.indicators for q in questions
              if not q.shown]
    cell = {(q.id, v): index for index, (q, v) in enumerate((q, v) for q in hidden for v in q.scale)}

    def rows(questions, with_count=True, with_score=True) -> list[list[Fraction]]:
        found = []
        for weight in ([lambda q, v: 1] if with_count else []) + ([_weight] if with_score else []):
            row = [Fraction(0)] * len(cell)
            for q in questions:
                for v in q.scale:
                    if (q.id, v) in cell:
                        row[cell[(q.id, v)]] = Fraction(weight(q, v))
            found.append(row)
        return found

    def answered(questions) -> int:
        return sum(counts.answers.get(q.id, {}).get(v, 0) for q in questions for v in q.scale)

    published, targets = [], []
    for area in result.areas:
        area_questions = [q.question for _i, questions in area.indicators for q in questions]
        for indicator, questions in area.indicators:
            own = [q.question for q in questions]
            if indicator.shown:
                published += rows(own)
            elif answered(own):
                targets.append((f"indicator {area.area.key}.{indicator.key}", rows(own)))
            for q in questions:
                if not q.shown and answered([q.question]):
                    targets.append((f"question {q.question.key}", rows([q.question])))
                    for v in q.question.scale:
                        single = [Fraction(0)] * len(cell)
                        single[cell[(q.question.id, v)]] = Fraction(1)
                        targets.append((f"count of {v} on {q.question.key}", [single]))
        if area.result.shown:
            published += rows(area_questions)
        elif answered(area_questions):
            targets.append((f"focus area {area.area.key}", rows(area_questions)))
    # Reduced once; a hidden figure's row is determined when nothing of it is left after reducing it by them.
    basis = _echelon(published)
    found = []
    for name, target_rows in targets:
        for row in target_rows:
            if not any(_reduce(basis, row)):
                found.append(name)
                break
    return found


def _weight(question, value: int) -> float:
    return question.scores[value]


# Whole numbers: the audit above treats answer counts as any real numbers. They are whole and never negative,
# which can pin what the equations alone leave open: an indicator with index 100 over two hidden questions says
# that every hidden answer was the highest, question by question. Each shown indicator's (and focus area's)
# hidden remainder is known by its number of answers and its sum of scores (the indicator's minus its shown
# questions'); every remainder holds other hidden questions than every other, so each can be enumerated alone.

def _score(question, value) -> Fraction:
    return Fraction(question.scores[value]).limit_denominator(10_000)


def _whole(questions) -> int:
    """A number that makes every score of ``questions`` whole (sums of whole numbers are far quicker)."""
    return math.lcm(1, *(_score(q, v).denominator for q in questions for v in q.scale))


def _sums(question, most: int, unit: int) -> dict[int, set[int]]:
    """Every (number of answers, sum of scores × ``unit``) ``question`` could hold with at most ``most`` answers."""
    scores = {int(_score(question, v) * unit) for v in question.scale}
    found = {0: {0}}
    for n in range(1, most + 1):
        found[n] = {t + score for t in found[n - 1] for score in scores}
    return found


def _combined(questions, most: int, unit: int) -> dict[int, set[int]]:
    found = {0: {0}}
    for question in questions:
        own, merged = _sums(question, most, unit), {}
        for n, totals in found.items():
            for m, more in own.items():
                if n + m <= most:
                    merged.setdefault(n + m, set()).update(t + u for t in totals for u in more)
        found = merged
    return found


def pinned(result: MeasurementResult, counts: Counts) -> list[str]:
    """The hidden questions whose mean (index) or number of answers every whole-number table that fits the
    published figures agrees on (empty when none is)."""
    if not result.shown:
        return []
    remainders = []
    for area in result.areas:
        beyond_indicators = []
        for indicator, questions in area.indicators:
            hidden = [q.question for q in questions if not q.shown]
            if indicator.shown:
                remainders.append(hidden)
            else:
                beyond_indicators += hidden
        if area.result.shown:
            remainders.append(beyond_indicators)
    found = []
    for hidden in remainders:
        given = {q.id: counts.answers.get(q.id, {}) for q in hidden}
        hidden = [q for q in hidden if any(given[q.id].get(v, 0) for v in q.scale)]
        if len(hidden) < 1:
            continue
        unit = _whole(hidden)
        n_all = sum(given[q.id].get(v, 0) for q in hidden for v in q.scale)
        t_all = sum(int(_score(q, v) * unit) * given[q.id].get(v, 0) for q in hidden for v in q.scale)
        for question in hidden:
            own = _sums(question, n_all, unit)
            others = _combined([q for q in hidden if q is not question], n_all, unit)
            fitting = [(n, t) for n, totals in own.items() for t in totals
                       if t_all - t in others.get(n_all - n, set())]
            if len({Fraction(t, n) for n, t in fitting if n}) == 1:
                found.append(f"index of {question.key}")
            if len({n for n, _t in fitting}) == 1:
                found.append(f"answers to {question.key}")
    return found


# Across releases: a Läget closed, opened for late answers and closed again publishes its figures twice (or
# more). Each release's counted answers are the earlier release's plus a layer of late ones; every published
# figure of every release is an equation over the layers. The late layer of a question must stay hidden unless
# it holds at least the minimum of answers (the difference is then a results table shown by the same rules as a
# first release): its number of answers and its sum of scores must not follow from the equations.

def _echelon(rows: list[list[Fraction]]) -> list[tuple[int, list[Fraction]]]:
    """The rows reduced: (pivot column, row) with 1 at the pivot, every other row 0 there."""
    basis: list[tuple[int, list[Fraction]]] = []
    for row in rows:
        reduced = _reduce(basis, row)
        pivot = next((i for i, x in enumerate(reduced) if x), None)
        if pivot is None:
            continue
        reduced = [x / reduced[pivot] for x in reduced]
        basis = [(p, [a - b[pivot] * c for a, c in zip(b, reduced)] if b[pivot] else b) for p, b in basis]
        basis.append((pivot, reduced))
    return basis


def _reduce(basis, row: list[Fraction]) -> list[Fraction]:
    row = row[:]
    for pivot, base in basis:
        if row[pivot]:
            factor = row[pivot]
            row = [a - factor * b for a, b in zip(row, base)]
    return row


def determined_across(structure: Structure, releases: list[tuple[MeasurementResult, Counts]],
                      minimum: int) -> list[str]:
    """The late layers (release 2 on) that the published figures of every release determine although they hold
    fewer than ``minimum`` answers (a question's number of late answers or their sum of scores), and the
    questions a release hid whose figures the releases together determine."""
    # Questions no release counted an answer to are left out: their counts are then taken as known (zero), which
    # only helps whoever works figures out, so the audit is at least as strict, and its equations far narrower.
    questions = [q for area in structure.areas for q in area.questions if q.kind == "scale"
                 and any(counts.answers.get(q.id) for _result, counts in releases)]
    layers = len(releases)
    column = {(k, q.id, v): i for i, (k, q, v) in enumerate(
        (k, q, v) for k in range(layers) for q in questions for v in q.scale)}

    def row(k_upto: int, members, weight) -> list[Fraction]:
        found = [Fraction(0)] * len(column)
        for k in range(k_upto + 1):
            for q in members:
                for v in q.scale:
                    if (k, q.id, v) in column:
                        found[column[(k, q.id, v)]] = Fraction(weight(q, v))
        return found

    def one(q, v):
        return 1

    def score(q, v):
        return _score(q, v)

    published = []
    for k, (result, _counts) in enumerate(releases):
        if not result.shown:
            continue
        for area in result.areas:
            every = [q.question for _i, qs in area.indicators for q in qs]
            if area.result.shown:
                published += [row(k, every, one), row(k, every, score)]
            for indicator, qs in area.indicators:
                if indicator.shown:
                    published += [row(k, [q.question for q in qs], one), row(k, [q.question for q in qs], score)]
                for q in qs:
                    if q.shown:
                        published += [row(k, [q.question], lambda _q, value, v=v: 1 if value == v else 0)
                                      for v in q.question.scale]
    basis = _echelon(published)
    found = []
    for k, (result, counts) in enumerate(releases):  # what a release hid stays hidden, whatever came later
        if not result.shown:
            continue
        hidden = [q.question for area in result.areas for _i, qs in area.indicators for q in qs if not q.shown
                  and any(counts.answers.get(q.question.id, {}).get(v, 0) for v in q.question.scale)]
        for q in hidden:
            for name, weight in (("answers", one), ("scores", score)):
                if not any(_reduce(basis, row(k, [q], weight))):
                    found.append(f"hidden {name} of {q.key} in release {k + 1}")
    for k in range(1, layers):
        before, after = releases[k - 1][1], releases[k][1]
        for q in questions:
            late = sum(after.answers.get(q.id, {}).get(v, 0) - before.answers.get(q.id, {}).get(v, 0)
                       for v in q.scale)
            if not 0 < late < minimum:
                continue
            for name, weight in (("answers", one), ("scores", score)):
                target = [Fraction(0)] * len(column)
                for v in q.scale:
                    target[column[(k, q.id, v)]] = Fraction(weight(q, v))
                if not any(_reduce(basis, target)):
                    found.append(f"late {name} of {q.key} in release {k + 1}")
    return found
