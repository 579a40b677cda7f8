"""Joint-analysis sessions (step 5): the group interprets its own answers together.

A leader runs the slides on a projector; the young people join on their
phones, react, spend a few priority votes on indicators and send short
texts, which reach the projector only once the leader approves them. Every
change bumps the session's ``version``, so a screen polling for news gets a
cheap "nothing changed" until something has.
"""

import secrets
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, delete, exists, func, insert, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from . import codes, db
from .cycles import audit, step
from .models import (
    AnalysisSession,
    Conclusion,
    Contribution,
    Cycle,
    Guess,
    IdeaSupport,
    Measurement,
    Participant,
    Reaction,
    User,
    Vote,
    utcnow,
)
from .models.sessions import CONTRIBUTION_KINDS, LEVELS, MODERATION, REACTIONS
from .questionnaire import Structure, text

MAX_TEXT = 280
MAX_DECISIONS = 4000


class Closed(Exception):
    """The session is finished."""


class Refused(ValueError):
    """Input that does not fit: ``reason`` says which rule."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Slide:
    key: str  # "area:work", "indicator:work.ways_in" or "priorities"
    area_key: str | None = None
    indicator_key: str | None = None


def slides(structure: Structure) -> list[Slide]:
    """Each focus area, then each of its indicators; last, the priorities."""
    found = []
    for area in structure.areas:
        found.append(Slide(f"area:{area.key}", area.key))
        found.extend(Slide(f"indicator:{area.key}.{i.key}", area.key, f"{area.key}.{i.key}") for i in area.indicators)
    return [*found, Slide("priorities")]


def indicator_keys(structure: Structure) -> set[str]:
    return set(structure.indicator_titles())


def start(session: Session, measurement: Measurement, user: User) -> AnalysisSession:
    analysis_session = AnalysisSession(
        measurement=measurement, cycle_id=measurement.cycle_id, created_by_id=user.id,
        code=codes.unused(session, AnalysisSession.code),
    )
    session.add(analysis_session)
    audit(session, user, measurement.cycle, "session.start", code=analysis_session.code)
    session.flush()
    return analysis_session


def latest_of(session: Session, cycle: Cycle) -> AnalysisSession | None:
    """The cycle's newest joint analysis, running or finished."""
    return session.scalar(select(AnalysisSession).where(AnalysisSession.cycle_id == cycle.id)
                          .order_by(AnalysisSession.id.desc()).limit(1))


def find(session: Session, code: str) -> AnalysisSession | None:
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return session.scalar(select(AnalysisSession).where(AnalysisSession.code == normalised)) if normalised else None


def version(session: Session, session_id: int) -> int | None:
    """The session's version alone: what a poll asks first."""
    return session.scalar(select(AnalysisSession.version).where(AnalysisSession.id == session_id))


def _changed(session: Session, analysis_session: AnalysisSession) -> None:
    # In the database, not in Python: two processes changing the session at once both count.
    session.execute(update(AnalysisSession).where(AnalysisSession.id == analysis_session.id)
                    .values(version=AnalysisSession.version + 1))
    session.flush()
    session.refresh(analysis_session)


def _open(analysis_session: AnalysisSession) -> None:
    if analysis_session.state != "open":
        raise Closed()


def move(session: Session, analysis_session: AnalysisSession, to: int, structure: Structure) -> None:
    """Show slide ``to`` (kept within the slides), results hidden until revealed."""
    _open(analysis_session)
    analysis_session.slide = max(0, min(to, len(slides(structure)) - 1))
    analysis_session.revealed = False
    _changed(session, analysis_session)


def reveal(session: Session, analysis_session: AnalysisSession, shown: bool = True) -> None:
    _open(analysis_session)
    analysis_session.revealed = shown
    _changed(session, analysis_session)


def current(analysis_session: AnalysisSession, structure: Structure) -> Slide:
    return slides(structure)[min(analysis_session.slide, len(slides(structure)) - 1)]


def join(session: Session, analysis_session: AnalysisSession, language: str) -> Participant:
    _open(analysis_session)
    participant = Participant(session_id=analysis_session.id, token=secrets.token_urlsafe(24), language=language)
    session.add(participant)
    _changed(session, analysis_session)  # the screen counts who has joined
    return participant


def participant_by_token(session: Session, analysis_session: AnalysisSession, token: str) -> Participant | None:
    return session.scalar(select(Participant).where(Participant.session_id == analysis_session.id,
                                                    Participant.token == token))


def _insert_once(session: Session, row) -> bool:
    """Add a row that a unique constraint keeps single; False when it was there already."""
    try:
        with session.begin_nested():
            session.add(row)
        return True
    except IntegrityError:
        return False


def react(session: Session, analysis_session: AnalysisSession, participant: Participant, kind: str,
          structure: Structure) -> None:
    _open(analysis_session)
    if kind not in REACTIONS:
        raise Refused("reaction")
    slide = current(analysis_session, structure)
    if _insert_once(session, Reaction(session_id=analysis_session.id, participant_id=participant.id,
                                      slide_key=slide.key, kind=kind)):
        _changed(session, analysis_session)


def guess(session: Session, analysis_session: AnalysisSession, participant: Participant, level: str,
          structure: Structure) -> None:
    """Guess how the current slide's figure turned out (a level of in_words.level), or change the guess; only
    while its results are not shown, on a slide of a focus area or an indicator."""
    _open(analysis_session)
    if level not in LEVELS:
        raise Refused("guess")
    slide = current(analysis_session, structure)
    if slide.area_key is None:
        raise Refused("guess")
    # Counted only while the slide is the one shown and its results are hidden, as the database has it when
    # the guess is written: a guess racing the leader's "show" is refused, never counted after the answer.
    still_hidden = exists().where(AnalysisSession.id == analysis_session.id, AnalysisSession.state == "open",
                                  AnalysisSession.slide == analysis_session.slide,
                                  AnalysisSession.revealed.is_(False))
    table = Guess.__table__
    statement = db.insert(session.get_bind().dialect.name, table).from_select(
        ["session_id", "participant_id", "slide_key", "level"],
        select(literal(analysis_session.id), literal(participant.id), literal(slide.key), literal(level))
        .where(still_hidden))
    written = session.execute(
        statement.on_conflict_do_update(index_elements=[table.c.participant_id, table.c.slide_key],
                                        set_={"level": statement.excluded.level})
        .returning(table.c.id)).all()
    if not written:
        raise Refused("shown")
    _changed(session, analysis_session)


def vote(session: Session, analysis_session: AnalysisSession, participant: Participant, indicator_key: str,
         structure: Structure) -> None:
    """Spend one of the participant's votes on an indicator; a second vote on the same one adds nothing."""
    _open(analysis_session)
    if indicator_key not in indicator_keys(structure):
        raise Refused("indicator")
    # The participant's row is held while the vote is counted and added, so that two votes
    # sent at once from the same phone cannot both fit under the limit.
    session.execute(select(Participant.id).where(Participant.id == participant.id).with_for_update())
    already = session.scalar(select(Vote.id).where(Vote.participant_id == participant.id,
                                                   Vote.indicator_key == indicator_key))
    if already is not None:
        return
    spent = select(func.count()).where(Vote.participant_id == participant.id).scalar_subquery()
    added = len(session.connection().execute(
        insert(cast(Table, Vote.__table__)).from_select(
            ["session_id", "participant_id", "indicator_key"],
            select(literal(analysis_session.id), literal(participant.id), literal(indicator_key))
            .where(spent < analysis_session.votes_each),
        ).returning(Vote.__table__.c.id)  # a row back for a vote added, on both databases
    ).all())
    if added != 1:
        raise Refused("no_votes_left")
    _changed(session, analysis_session)


def unvote(session: Session, analysis_session: AnalysisSession, participant: Participant, indicator_key: str) -> None:
    _open(analysis_session)
    vote_ = session.scalar(select(Vote).where(Vote.participant_id == participant.id,
                                              Vote.indicator_key == indicator_key))
    if vote_ is not None:
        session.delete(vote_)
        _changed(session, analysis_session)


def contribute(session: Session, analysis_session: AnalysisSession, participant: Participant, kind: str, text: str,
               structure: Structure) -> Contribution:
    _open(analysis_session)
    text = text.strip()
    if kind not in CONTRIBUTION_KINDS:
        raise Refused("kind")
    if not text:
        raise Refused("empty")
    if len(text) > MAX_TEXT:
        raise Refused("too_long")
    contribution = Contribution(session_id=analysis_session.id, participant_id=participant.id, kind=kind,
                                slide_key=current(analysis_session, structure).key, text=text)
    session.add(contribution)
    _changed(session, analysis_session)
    return contribution


def approved_ideas(session: Session, analysis_session: AnalysisSession) -> list[tuple[Contribution, int]]:
    """The ideas for activities the leaders approved in this session, each with how many phones support it."""
    supported = (select(func.count()).where(IdeaSupport.contribution_id == Contribution.id)
                 .correlate(Contribution).scalar_subquery())
    return [(c, n) for c, n in session.execute(
        select(Contribution, supported).where(Contribution.session_id == analysis_session.id,
                                              Contribution.kind == "idea", Contribution.moderation == "approved")
        .order_by(Contribution.text))]


def support(session: Session, analysis_session: AnalysisSession, participant: Participant, contribution_id: int,
            on: bool = True) -> None:
    """A phone supports an approved idea for an activity (once), or takes its support back."""
    _open(analysis_session)
    idea = session.get(Contribution, contribution_id)
    if idea is None or idea.session_id != analysis_session.id or idea.kind != "idea" or \
            idea.moderation != "approved":
        raise Refused("idea")
    if on:
        changed = _insert_once(session, IdeaSupport(contribution_id=idea.id, participant_id=participant.id))
    else:
        changed = bool(session.execute(delete(IdeaSupport).where(IdeaSupport.contribution_id == idea.id,
                                                                 IdeaSupport.participant_id == participant.id)
                                       .returning(IdeaSupport.id)).all())
    if changed:
        _changed(session, analysis_session)


def supported_by(session: Session, participant: Participant) -> set[int]:
    return set(session.scalars(select(IdeaSupport.contribution_id).where(IdeaSupport.participant_id == participant.id)))


def moderate(session: Session, analysis_session: AnalysisSession, contribution: Contribution, state: str) -> None:
    if state not in MODERATION:
        raise Refused("moderation")
    if contribution.moderation != state:
        contribution.moderation = state
        _changed(session, analysis_session)


@dataclass(frozen=True)
class Snapshot:
    """What the projector and the phones show at one version."""

    version: int
    state: str
    slide: Slide
    number: int
    total: int
    revealed: bool
    reactions: dict[str, int]
    guesses: dict[str, int]  # each level (LEVELS) with how many phones guessed it for this slide
    votes: dict[str, int]
    approved: list[Contribution]
    participants: int


def snapshot(session: Session, analysis_session: AnalysisSession, structure: Structure) -> Snapshot:
    slide = current(analysis_session, structure)
    reactions = dict(session.execute(
        select(Reaction.kind, func.count()).where(Reaction.session_id == analysis_session.id,
                                                  Reaction.slide_key == slide.key).group_by(Reaction.kind)
    ).all())
    guesses = dict(session.execute(
        select(Guess.level, func.count()).where(Guess.session_id == analysis_session.id,
                                                Guess.slide_key == slide.key).group_by(Guess.level)
    ).all())
    votes = dict(session.execute(
        select(Vote.indicator_key, func.count()).where(Vote.session_id == analysis_session.id)
        .group_by(Vote.indicator_key)
    ).all())
    approved = list(session.scalars(
        select(Contribution).where(Contribution.session_id == analysis_session.id,
                                   Contribution.moderation == "approved").order_by(Contribution.text)
    ))
    participants = session.execute(select(func.count()).where(Participant.session_id == analysis_session.id)
                                   ).scalar_one()
    return Snapshot(analysis_session.version, analysis_session.state, slide, analysis_session.slide + 1,
                    len(slides(structure)), analysis_session.revealed,
                    {kind: reactions.get(kind, 0) for kind in REACTIONS},
                    {level: guesses.get(level, 0) for level in LEVELS}, votes, approved, participants)


def finish(session: Session, analysis_session: AnalysisSession, priorities: list[str], decisions: str,
           user: User, structure: Structure, language: str = "sv") -> None:
    """End the session; the group's priorities and approved texts go into step 5 of the cycle.

    Each priority is stored once, however often it was sent; finishing twice at once finishes once.
    Priorities are written by name in ``language`` (the finishing leader's); pages show them in theirs.
    """
    _open(analysis_session)
    if len(decisions) > MAX_DECISIONS:
        raise Refused("too_long")
    known = indicator_keys(structure)
    chosen = list(dict.fromkeys(key for key in priorities if key in known))
    votes = snapshot(session, analysis_session, structure).votes
    finished = db.changed(session.execute(
        update(AnalysisSession).where(AnalysisSession.id == analysis_session.id, AnalysisSession.state == "open")
        .values(state="finished", finished_at=utcnow()).execution_options(synchronize_session=False)
    ))
    if finished != 1:
        raise Closed()
    session.refresh(analysis_session)
    cycle = analysis_session.cycle
    if cycle is not None:
        approved = [c for c in snapshot(session, analysis_session, structure).approved]
        names = {key: text(titles[1], language) for key, titles in structure.indicator_titles().items()}
        for key in chosen:
            area_key, indicator = key.split(".", 1)
            session.add(Conclusion(cycle=cycle, kind="priority", text=names[key], focus_area_key=area_key,
                                   indicator_key=indicator, votes=votes.get(key, 0)))
        for contribution in (c for c in approved if c.kind != "proposal"):  # proposals go to the coordinators
            session.add(Conclusion(cycle=cycle, kind="interpretation" if contribution.kind == "interpretation"
                                   else "idea", text=contribution.text))
        group_step = step(cycle, "group_analysis")
        record = dict(group_step.record)
        record["priorities"] = "\n".join(names[key] for key in chosen)
        record["interpretations"] = "\n".join(c.text for c in approved if c.kind == "interpretation")
        if decisions.strip():
            record["decisions"] = decisions.strip()
        group_step.record = record
        if group_step.state == "todo":
            group_step.state = "started"
        audit(session, user, cycle, "session.finish", code=analysis_session.code, priorities=chosen)
    _changed(session, analysis_session)


def reactions_of(session: Session, participant: Participant, slide_key: str) -> set[str]:
    """The reactions this phone gave to a slide."""
    return set(session.scalars(select(Reaction.kind).where(Reaction.participant_id == participant.id,
                                                           Reaction.slide_key == slide_key)))


def guess_of(session: Session, participant: Participant, slide_key: str) -> str | None:
    """The level this phone guessed for a slide, if it guessed."""
    return session.scalar(select(Guess.level).where(Guess.participant_id == participant.id,
                                                    Guess.slide_key == slide_key))


def votes_of(session: Session, participant: Participant) -> set[str]:
    return set(session.scalars(select(Vote.indicator_key).where(Vote.participant_id == participant.id)))


def contributions(session: Session, analysis_session: AnalysisSession) -> list[Contribution]:
    """Every text sent in the session, newest first, for the leader to read."""
    return list(session.scalars(select(Contribution).where(Contribution.session_id == analysis_session.id)
                                .order_by(Contribution.id.desc())))
