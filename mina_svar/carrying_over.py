"""The end of a cycle and the start of the next: what carries over (the needs nothing answered, the group's own
questions, the offer of a personal key)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from . import cycles, pairing
from .models import Cycle, CycleQuestion, Need, User


@dataclass(frozen=True)
class CarriedOver:
    """What the next cycle takes from the one before: the needs nothing answered, the group's own questions and
    the offer of a personal key."""

    needs: list[Need]
    own_questions: list[CycleQuestion]
    pairing: bool


def carried_over(cycle: Cycle) -> CarriedOver:
    return CarriedOver([need for need, answers in cycles.needs_answered(cycle) if not answers],
                       list(cycle.own_questions), cycle.pairing_key is not None)


def next_cycle(session: Session, previous: Cycle, title: str, period_start: date | None, period_end: date | None,
               user: User) -> Cycle:
    """Start the group's next cycle with what carries over from ``previous`` (carried_over): its step 1 holds the
    needs still open, step 2 the group's own questions, and the personal key is offered again (with a key of its
    own: the codes of one cycle never match another's)."""
    carried = carried_over(previous)
    cycle = cycles.start_cycle(session, previous.group, title, period_start, period_end, user)
    for need in carried.needs:
        cycles.add_item(session, cycle, Need(text=need.text, source=need.source,
                                             focus_area_key=need.focus_area_key), user)
    for question in carried.own_questions:
        session.add(CycleQuestion(cycle=cycle, position=question.position, text=dict(question.text),
                                  scale=question.scale))
    if carried.pairing:
        pairing.offer(session, cycle, True, user)
    cycles.audit(session, user, cycle, "cycle.carry_over", previous=previous.id, needs=len(carried.needs),
                 own_questions=len(carried.own_questions), pairing=carried.pairing)
    session.flush()
    return cycle
