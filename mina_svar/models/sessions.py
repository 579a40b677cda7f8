"""Joint-analysis sessions: results on a projector, the young people on their phones.

Everything a session needs lives here, in the database, so that several
server processes can serve the same session. ``version`` grows with every
change, so that a phone or the projector can ask "anything new?" cheaply.
"""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .cycles import Cycle
from .measurements import Measurement

SESSION_STATES = ("open", "finished")
REACTIONS = ("surprised", "agree", "disagree")
# How things go for the group on a figure from 0 to 100, as the young people are told (in_words.py): a phone's
# guess before a slide's results are shown is one of them.
LEVELS = ("well", "fairly_well", "not_so_well", "badly")
# "proposal": something Läget should ask about, a focus area or a question (the young people set part of
# the agenda; a coordinator can adopt it, proposals.py).
CONTRIBUTION_KINDS = ("interpretation", "idea", "proposal")
ADOPTIONS = ("questionnaire", "plan")
MODERATION = ("pending", "approved", "hidden")


class AnalysisSession(Base):
    __tablename__ = "analysis_sessions"
    __table_args__ = (CheckConstraint(f"state IN {SESSION_STATES}", name="state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    measurement_id: Mapped[int] = mapped_column(ForeignKey("measurements.id"), index=True)
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycles.id"), index=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    state: Mapped[str] = mapped_column(String(10), default="open")
    slide: Mapped[int] = mapped_column(default=0)
    # Two beats per slide: first "what do you think we answered?", then the results.
    revealed: Mapped[bool] = mapped_column(default=False)
    votes_each: Mapped[int] = mapped_column(default=3)
    version: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    measurement: Mapped[Measurement] = relationship()
    cycle: Mapped[Cycle | None] = relationship()


class Participant(Base):
    """A phone in a session: a random token and a language, nothing else (not even when it joined)."""

    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("analysis_sessions.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    language: Mapped[str] = mapped_column(String(10))


class Reaction(Base):
    __tablename__ = "reactions"
    __table_args__ = (
        UniqueConstraint("participant_id", "slide_key", "kind"),
        CheckConstraint(f"kind IN {REACTIONS}", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("analysis_sessions.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    slide_key: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))


class Guess(Base):
    """A phone's guess of how a slide's figure turned out, before it is shown; one per phone and slide,
    changed as often as the phone likes until the results are shown."""

    __tablename__ = "guesses"
    __table_args__ = (
        UniqueConstraint("participant_id", "slide_key"),
        CheckConstraint(f"level IN {LEVELS}", name="level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("analysis_sessions.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    slide_key: Mapped[str] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(20))


class Vote(Base):
    """A priority vote on an indicator; one per participant and indicator, so a replay adds nothing."""

    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("participant_id", "indicator_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("analysis_sessions.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    indicator_key: Mapped[str] = mapped_column(String(120))


class Contribution(Base):
    """An interpretation or an activity idea sent from a phone; shown only once a leader approves it.

    No time is kept: the screen lists approved texts by their words, not by when they were sent."""

    __tablename__ = "contributions"
    __table_args__ = (
        CheckConstraint(f"kind IN {CONTRIBUTION_KINDS}", name="kind"),
        CheckConstraint(f"moderation IN {MODERATION}", name="moderation"),
        CheckConstraint(f"adopted_into IS NULL OR adopted_into IN {ADOPTIONS}", name="adopted_into"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("analysis_sessions.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    slide_key: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)
    moderation: Mapped[str] = mapped_column(String(10), default="pending")
    # Taken up by a coordinator: into the next questionnaire version, or the action plan (an activity). No
    # time is kept of that either.
    adopted_into: Mapped[str | None] = mapped_column(String(20))

    analysis_session: Mapped["AnalysisSession"] = relationship()
    supports: Mapped[list["IdeaSupport"]] = relationship(cascade="all, delete-orphan")


class IdeaSupport(Base):
    """A phone's support for an idea for an activity the leaders approved; once per phone and idea."""

    __tablename__ = "idea_supports"
    __table_args__ = (UniqueConstraint("contribution_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
