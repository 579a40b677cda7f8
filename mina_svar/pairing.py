"""Change a young person can see, without names: the self-generated code, kept as keyed hashes, and matching.

At Läget 1 a young person may answer a few questions whose answers do not change (the first letter of their
mother's first name, the day of the month they were born, how many older sisters they have, …); at Läget 2
they answer the same. Each answer is kept only as a keyed hash (HMAC with the cycle's own key, never
exported), one per element, so that Läget 2 can be matched to Läget 1 allowing one or two elements to
differ, as the published method does (a self-generated identification code: 95.7 % matched allowing two of
eight to differ in a middle-school trial). Only aggregates come out: per focus area how many moved up,
stayed or moved down, and the mean individual change with its uncertainty, when at least the minimum
number of pairs exist; never a pair, never a code.
"""

import hashlib
import hmac
import math
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from . import cycles, db
from .models import Answer, Cycle, Measurement, PublishedMovement, Response, ResponseCode, User
from .question_kinds import kind_of
from .questionnaire import AreaView, StructureCache

# The elements, in order: (name, kind). A letter is the first letter of a name; a number lies within its
# range; a count of 9 or more is 9.
ELEMENTS = (
    ("mother", "letter"),        # the first letter of your mother's first name
    ("father", "letter"),        # the first letter of your father's first name
    ("day", ("number", 1, 31)),  # the day of the month you were born
    ("month", ("number", 1, 12)),  # the month you were born
    ("brothers", ("count", 9)),  # how many older brothers you have
    ("sisters", ("count", 9)),   # how many older sisters you have
    ("town", "letter"),          # the first letter of the town you were born in
    ("street", "letter"),        # the first letter of the street you lived on when you started school
)

TOLERANCE = 2  # elements that may differ between Läget 1 and Läget 2 for a match
# A change within this many points of the 0–100 index is "stayed": half a step of a five-point scale.
STAYED_WITHIN = 12.5
UNCERTAINTY = 2.0  # twice the standard error, as in the leaders' comparison


class NotACode(ValueError):
    """An element left empty or not of its kind: ``element`` names it."""

    def __init__(self, element: str) -> None:
        super().__init__(element)
        self.element = element


def new_key() -> str:
    """A cycle's own key for the hashes: never exported, never shown."""
    return secrets.token_hex(32)


def _normalised(name: str, kind, raw: str) -> str:
    raw = (raw or "").strip()
    if kind == "letter":
        letter = next((c for c in raw if c.isalpha()), "")
        if not letter:
            raise NotACode(name)
        return letter.upper()
    try:
        number = int(raw)
    except ValueError:
        raise NotACode(name) from None
    if kind[0] == "count":
        if number < 0:
            raise NotACode(name)
        return str(min(number, kind[1]))
    if not kind[1] <= number <= kind[2]:
        raise NotACode(name)
    return str(number)


def hashes(key: str, answers: Mapping[str, str]) -> list[str]:
    """The code's elements, each as a keyed hash of its own (so that one can differ and the rest still match).

    Raises :class:`NotACode` naming the first element left empty or not of its kind.
    """
    found = []
    for position, (name, kind) in enumerate(ELEMENTS):
        value = _normalised(name, kind, answers.get(name, ""))
        found.append(hmac.new(key.encode(), f"{position}:{value}".encode(), hashlib.sha256).hexdigest()[:32])
    return found


def differences(first: Sequence[str], second: Sequence[str]) -> int:
    return sum(a != b for a, b in zip(first, second, strict=True))


def match(first: Mapping[int, Sequence[str]], second: Mapping[int, Sequence[str]],
          tolerance: int = TOLERANCE) -> dict[int, int]:
    """Läget 2's codes matched to Läget 1's: {second id: first id}. Closest first; each code is used once, and a
    code with two equally close candidates is left unmatched rather than guessed."""
    candidates: dict[int, list[tuple[int, int]]] = {}
    for second_id, code in second.items():
        close = sorted((differences(other, code), first_id) for first_id, other in first.items()
                       if differences(other, code) <= tolerance)
        if close and not (len(close) > 1 and close[0][0] == close[1][0]):
            candidates[second_id] = close
    taken: set[int] = set()
    pairs: dict[int, int] = {}
    for second_id, close in sorted(candidates.items(), key=lambda item: item[1][0][0]):
        distance, first_id = close[0]
        if first_id not in taken:
            pairs[second_id] = first_id
            taken.add(first_id)
    return pairs


@dataclass(frozen=True)
class Movement:
    """How a focus area changed for the young people themselves, from their matched pairs."""

    pairs: int
    up: int
    stayed: int
    down: int
    mean_change: float
    margin: float  # a mean change within ± margin could well be chance

    @property
    def uncertain(self) -> bool:
        return abs(self.mean_change) <= self.margin


def movement(changes: Sequence[float], minimum: int) -> Movement | None:
    """From each pair's change of the area's 0–100 score (after − before); None under the minimum of pairs."""
    n = len(changes)
    if n < minimum or n == 0:
        return None
    mean = sum(changes) / n
    variance = sum((c - mean) ** 2 for c in changes) / (n - 1) if n > 1 else 0.0
    return Movement(n, sum(c > STAYED_WITHIN for c in changes), sum(abs(c) <= STAYED_WITHIN for c in changes),
                    sum(c < -STAYED_WITHIN for c in changes), mean, UNCERTAINTY * math.sqrt(variance / n))


# In the database


def offer(session: Session, cycle: Cycle, on: bool, user: User) -> None:
    """Offer the young people of this cycle a private code, or stop: stopping forgets every code given."""
    if on and cycle.pairing_key is None:
        # Only the first statement to find no key sets one: two leaders offering at once share it.
        session.execute(update(Cycle).where(Cycle.id == cycle.id, Cycle.pairing_key.is_(None))
                        .values(pairing_key=new_key()))
        session.refresh(cycle, ["pairing_key"])
        cycles.audit(session, user, cycle, "pairing.on")
    elif not on and cycle.pairing_key is not None:
        cycle.pairing_key = None
        responses = select(Response.id).join(Measurement).where(Measurement.cycle_id == cycle.id)
        session.execute(delete(ResponseCode).where(ResponseCode.response_id.in_(responses)))
        session.execute(delete(PublishedMovement).where(PublishedMovement.cycle_id == cycle.id))
        cycles.audit(session, user, cycle, "pairing.off")
    session.flush()


def key_for(measurement: Measurement) -> str | None:
    """The key of the codes its young people are offered; None when they are offered none."""
    cycle = measurement.cycle
    if cycle is None or measurement.step_key not in ("baseline", "follow_up"):
        return None
    return cycle.pairing_key


def save_code(session: Session, response_id: int, key: str, answers: Mapping[str, str]) -> None:
    """Keep a response's code (replacing one given before); :class:`NotACode` when an element is missing."""
    elements = hashes(key, answers)
    session.merge(ResponseCode(response_id=response_id, elements=elements))
    session.flush()


@dataclass(frozen=True)
class AreaMovement:
    area: AreaView
    movement: Movement | None  # None: fewer pairs than the minimum


def _codes(session: Session, measurement: Measurement) -> dict[int, list[str]]:
    rows = session.execute(select(ResponseCode.response_id, ResponseCode.elements).join(Response)
                           .where(Response.measurement_id == measurement.id, Response.released))
    return {response_id: elements for response_id, elements in rows}


def _scores(session: Session, structure, response_ids) -> dict[int, dict[str, float]]:
    """Each response's own 0–100 score per focus area: the mean of its answers' scores on the scale."""
    area_of = {q.id: area.key for area in structure.areas for q in area.questions if kind_of(q).scored}
    sums: dict[int, dict[str, list[float]]] = {}
    rows = session.execute(select(Answer.response_id, Answer.question_id, Answer.value)
                           .where(Answer.response_id.in_(list(response_ids)), Answer.value.is_not(None)))
    for response_id, question_id, value in rows:
        if question_id in area_of:
            score = structure.questions[question_id].scores.get(value)
            if score is not None:
                sums.setdefault(response_id, {}).setdefault(area_of[question_id], []).append(score)
    return {rid: {key: sum(v) / len(v) for key, v in areas.items()} for rid, areas in sums.items()}


@dataclass(frozen=True)
class Report:
    """Step 7's movement: how many young people gave the same code twice (a count, as the number who answered
    is), and per focus area how they moved."""

    pairs: int
    areas: list[AreaMovement]


def report(session: Session, cycle: Cycle, structures: StructureCache, minimum: int) -> Report | None:
    """Per focus area, how the young people who gave the same code twice moved; None when there is nothing
    to pair (no codes offered, or Läget 2 not yet answered)."""
    before = cycles.measurement_of(session, cycle, "baseline")
    after = cycles.measurement_of(session, cycle, "follow_up")
    if cycle.pairing_key is None or before is None or after is None:
        return None
    pairs = match(_codes(session, before), _codes(session, after))
    structure_before = structures.get(session, before.questionnaire_id)
    structure_after = structures.get(session, after.questionnaire_id)
    scores_before = _scores(session, structure_before, pairs.values())
    scores_after = _scores(session, structure_after, pairs.keys())
    found = []
    for area in structure_after.areas:
        changes = [scores_after[second][area.key] - scores_before[first][area.key]
                   for second, first in pairs.items()
                   if area.key in scores_after.get(second, {}) and area.key in scores_before.get(first, {})]
        found.append(AreaMovement(area, _published(session, cycle, area.key, movement(changes, minimum), minimum)))
    return Report(len(pairs), found)


def _published(session: Session, cycle: Cycle, area_key: str, current: Movement | None,
               minimum: int) -> Movement | None:
    """The movement as published. A late release that adds fewer pairs than the minimum leaves it as it was:
    otherwise up/stayed/down and the mean before and after would tell the late pair's own change."""
    kept = session.get(PublishedMovement, (cycle.id, area_key))
    if kept is not None and kept.minimum == minimum and (current is None or current.pairs - kept.pairs < minimum):
        return Movement(kept.pairs, kept.up, kept.stayed, kept.down, kept.mean_change, kept.margin)
    if current is None:
        return None
    values = dict(cycle_id=cycle.id, area_key=area_key, minimum=minimum, pairs=current.pairs, up=current.up,
                  stayed=current.stayed, down=current.down, mean_change=current.mean_change, margin=current.margin)
    statement = db.insert(session.get_bind().dialect.name, PublishedMovement).values(**values)
    # Two leaders reading at once publish the same figures: the second writes them again.
    session.execute(statement.on_conflict_do_update(index_elements=["cycle_id", "area_key"], set_=values))
    if kept is not None:
        session.expire(kept)  # written past the ORM: read again when next asked for
    return current
