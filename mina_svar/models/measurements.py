"""Measurements (one run of a questionnaire), anonymous responses and answers.

A response holds no name, no IP address and no device detail: only a random
token (kept in the respondent's own session cookie), the language and the day
it was sent. Nothing carries the moment an answer was given: answers have
random public ids, and a response only the day.
"""

import secrets
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .cycles import Cycle
from .people import Group, Place
from .questionnaires import Question, Questionnaire

MEASUREMENT_STATES = ("open", "closed")


def public_id() -> str:
    return secrets.token_urlsafe(12)


class Round(Base):
    """A routine Läget: opened by a coordinator for every group at once, outside the cycles, and closed for all
    (rounds.py). Each group answers its own Läget of the round, with its own join code."""

    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), unique=True)
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    measurements: Mapped[list["Measurement"]] = relationship(back_populates="round")


class Measurement(Base):
    __tablename__ = "measurements"
    __table_args__ = (CheckConstraint(f"state IN {MEASUREMENT_STATES}", name="state"),
                      # A group has one Läget in a round, however many coordinators open it at once.
                      UniqueConstraint("round_id", "group_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaires.id"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"), index=True)
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycles.id"), index=True)
    # Which step of the cycle this measurement belongs to: "baseline" or "follow_up".
    step_key: Mapped[str | None] = mapped_column(String(30))
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    code: Mapped[str] = mapped_column(String(12), unique=True)
    state: Mapped[str] = mapped_column(String(10), default="open")
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    questionnaire: Mapped[Questionnaire] = relationship()
    group: Mapped[Group | None] = relationship()
    cycle: Mapped[Cycle | None] = relationship(back_populates="measurements")
    round: Mapped[Round | None] = relationship(back_populates="measurements")
    responses: Mapped[list["Response"]] = relationship(back_populates="measurement")

    @property
    def is_open(self) -> bool:
        return self.state == "open"


class Response(Base):
    __tablename__ = "responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    measurement_id: Mapped[int] = mapped_column(ForeignKey("measurements.id"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    language: Mapped[str] = mapped_column(String(10))
    # The day the answers were sent: no finer, so that a reader of the database
    # cannot match a response to the moment somebody pressed "send".
    sent_on: Mapped[date | None]
    # Counted in the results: set for the sent responses when the measurement
    # is closed (see measuring.release), never while it takes answers.
    released: Mapped[bool] = mapped_column(default=False)
    # A hash of the code the young person may write down to go on with this response on another phone;
    # the code itself is shown once, to them, and kept nowhere. Cleared when the answers are sent.
    resume_hash: Mapped[str | None] = mapped_column(String(64), unique=True)

    measurement: Mapped[Measurement] = relationship(back_populates="responses")
    answers: Mapped[list["Answer"]] = relationship(back_populates="response")


class Answer(Base):
    """One answer: a scale value, "don't know" (no value), or an open text."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("response_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # What pages and forms call an answer: random, so that sorting them does
    # not regroup one person's answers the way the typing order of ids would.
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=public_id)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), index=True)
    value: Mapped[int | None]
    dont_know: Mapped[bool] = mapped_column(default=False)
    text: Mapped[str | None] = mapped_column(Text)
    # Moderation of open answers: "pending", "approved" or "hidden".
    moderation: Mapped[str] = mapped_column(String(10), default="pending")
    # Counted in the results (the tallies): set as its response is released, except that a late answer waits
    # until enough late answers to its question have come in (late_answers.py).
    counted: Mapped[bool] = mapped_column(default=False)

    response: Mapped[Response] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()


class AnswerTally(Base):
    """How many released responses gave each answer, added to as responses are released.

    Analysis reads these few rows instead of every answer. ``value`` 0 stands
    for "don't know"; open answers are not tallied.
    """

    __tablename__ = "answer_tallies"

    measurement_id: Mapped[int] = mapped_column(ForeignKey("measurements.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), primary_key=True)
    language: Mapped[str] = mapped_column(String(10), primary_key=True)
    value: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(default=0)


class ContributorTally(Base):
    """How many released responses answered at least one scale question of an indicator or focus area.

    ``scope`` is a focus area's key, or ``area.indicator`` for an indicator.
    A figure of an indicator or focus area is shown only when at least the
    minimum number of young people contributed to it.
    """

    __tablename__ = "contributor_tallies"

    measurement_id: Mapped[int] = mapped_column(ForeignKey("measurements.id", ondelete="CASCADE"), primary_key=True)
    scope: Mapped[str] = mapped_column(String(120), primary_key=True)
    n: Mapped[int] = mapped_column(default=0)


class AreaSummary(Base):
    """A released measurement's figure per focus area and indicator ("area.indicator"), as every results page
    shows it (after the minimum and complementary suppression), kept so that the coordinator's overview of many
    groups, and the initiative's pooled figures, are one query.

    A cache: filled the first time the overview needs it, removed when the measurement releases more
    responses, and ignored when it was made under another minimum.
    """

    __tablename__ = "area_summaries"

    measurement_id: Mapped[int] = mapped_column(ForeignKey("measurements.id", ondelete="CASCADE"), primary_key=True)
    area_key: Mapped[str] = mapped_column(String(101), primary_key=True)  # an area's key, or "area.indicator"
    minimum: Mapped[int]
    respondents: Mapped[int]
    shown: Mapped[bool]
    value: Mapped[float | None]  # the index, 0–100; none when not shown
    answers: Mapped[int] = mapped_column(default=0)  # on the scale, when shown: what pooling weighs it by


class HiddenFigure(Base):
    """A figure a release of the measurement hid (analysis.figure_key): it stays hidden at later releases
    unless enough late answers change it, so that it never shows only because the figures beside it moved
    (that would tell what it was hiding). Written at each release (measuring.release)."""

    __tablename__ = "hidden_figures"

    measurement_id: Mapped[int] = mapped_column(ForeignKey("measurements.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(160), primary_key=True)


class PublishedMovement(Base):
    """How a focus area moved for a cycle's matched pairs, as last published: later pairs change it only when
    at least the minimum of them have come in (pairing.report)."""

    __tablename__ = "published_movements"

    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"), primary_key=True)
    area_key: Mapped[str] = mapped_column(String(50), primary_key=True)
    minimum: Mapped[int]
    pairs: Mapped[int]
    up: Mapped[int]
    stayed: Mapped[int]
    down: Mapped[int]
    mean_change: Mapped[float]
    margin: Mapped[float]


class SharedResults(Base):
    """What a leader has shared of a Läget's results with the young people themselves: the focus areas and
    the approved open answers shown to anyone with its link. None shared: no row."""

    __tablename__ = "shared_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    measurement_id: Mapped[int] = mapped_column(ForeignKey("measurements.id", ondelete="CASCADE"), unique=True)
    focus_area_keys: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Public ids of the approved open answers shown (an answer hidden later is left out when shown).
    answer_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    shared_at: Mapped[datetime] = mapped_column(default=utcnow)


class ResponseCode(Base):
    """A young person's private code for one response, as a keyed hash per element (pairing.py); never shown."""

    __tablename__ = "response_codes"

    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True)
    elements: Mapped[list[str]] = mapped_column(JSON)


class StatisticSeries(Base):
    """A public statistics series imported beside Läget (statistics.py): one figure by area and period, always
    shown with its source and date."""

    __tablename__ = "statistic_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(100), default="")
    source: Mapped[str] = mapped_column(String(300))
    published_on: Mapped[date | None]  # as the source dates it
    focus_area_key: Mapped[str | None] = mapped_column(String(50))
    origin: Mapped[str] = mapped_column(String(500))  # the file's name or the URL it came from
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)

    values: Mapped[list["StatisticValue"]] = relationship(back_populates="series", cascade="all, delete-orphan",
                                                          order_by="(StatisticValue.area, StatisticValue.period)")


class StatisticValue(Base):
    __tablename__ = "statistic_values"
    __table_args__ = (UniqueConstraint("series_id", "area", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("statistic_series.id", ondelete="CASCADE"))
    area: Mapped[str] = mapped_column(String(200))  # as the source names it
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"), index=True)  # the place of that name
    period: Mapped[date]  # the first day of the period the source gives
    value: Mapped[float]

    series: Mapped[StatisticSeries] = relationship(back_populates="values")
    place: Mapped[Place | None] = relationship()
