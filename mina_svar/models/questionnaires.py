"""Versioned questionnaires: focus areas → indicators → questions → answer options.

Texts are stored per language as ``{"sv": ..., "en": ..., "ar": ...}``, so a
new language is new data, not new columns. A questionnaire's structure never
changes once loaded; a changed structure is a new version.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..question_kinds import KINDS
from .base import Base, utcnow

Texts = dict[str, Any]
QUESTION_KINDS = tuple(KINDS)  # what each kind is and does: question_kinds.py
# The focus area of a group's own questions (step 2), asked after the common ones.
OWN_AREA = "own"
QUESTIONNAIRE_STATES = ("draft", "published")


class Questionnaire(Base):
    """One version of a questionnaire. A draft is edited; a published version never changes, and only
    published versions are asked. Versions of one questionnaire share its ``key``."""

    __tablename__ = "questionnaires"
    __table_args__ = (UniqueConstraint("key", "version"),
                      CheckConstraint(f"state IN {QUESTIONNAIRE_STATES}", name="state"))

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(50))
    version: Mapped[int]
    state: Mapped[str] = mapped_column(String(10), default="published", server_default="published")
    published_at: Mapped[datetime | None]
    # Whose it is: None for the Läget shipped with the app, which every organisation may use.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("questionnaires.id"))
    # Set for a published version with one cycle's own questions added (``based_on`` and them): that
    # cycle's only, never listed or offered.
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycles.id"))
    title: Mapped[Texts] = mapped_column(JSON)
    intro: Mapped[Texts] = mapped_column(JSON, default=dict)
    # The languages every text of this questionnaire is written in.
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    # A draft made from an uploaded form: what did not come across, as [sheet, row, column, code, detail].
    left_out: Mapped[list | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    based_on: Mapped["Questionnaire | None"] = relationship(remote_side=[id])
    focus_areas: Mapped[list["FocusArea"]] = relationship(
        back_populates="questionnaire", order_by="FocusArea.position", cascade="all, delete-orphan"
    )

    @property
    def is_draft(self) -> bool:
        return self.state == "draft"


class FocusArea(Base):
    __tablename__ = "focus_areas"
    __table_args__ = (UniqueConstraint("questionnaire_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaires.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(50))
    position: Mapped[int]
    title: Mapped[Texts] = mapped_column(JSON)
    description: Mapped[Texts] = mapped_column(JSON, default=dict)

    questionnaire: Mapped[Questionnaire] = relationship(back_populates="focus_areas")
    indicators: Mapped[list["Indicator"]] = relationship(
        back_populates="focus_area", order_by="Indicator.position", cascade="all, delete-orphan"
    )
    questions: Mapped[list["Question"]] = relationship(
        back_populates="focus_area", order_by="Question.position", cascade="all, delete-orphan"
    )


class Indicator(Base):
    __tablename__ = "indicators"
    __table_args__ = (UniqueConstraint("focus_area_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    focus_area_id: Mapped[int] = mapped_column(ForeignKey("focus_areas.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(50))
    position: Mapped[int]
    title: Mapped[Texts] = mapped_column(JSON)

    focus_area: Mapped[FocusArea] = relationship(back_populates="indicators")
    questions: Mapped[list["Question"]] = relationship(back_populates="indicator", order_by="Question.position")


class Question(Base):
    """One question. ``key`` is stable across questionnaire versions, so two
    measurements are compared on the keys they share. Scale questions belong
    to an indicator; a focus area's open question belongs to no indicator.
    ``position`` orders the questions of a focus area."""

    __tablename__ = "questions"
    __table_args__ = (
        UniqueConstraint("focus_area_id", "key"),
        CheckConstraint(f"kind IN {QUESTION_KINDS}", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    focus_area_id: Mapped[int] = mapped_column(ForeignKey("focus_areas.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(50), index=True)
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(10))
    text: Mapped[Texts] = mapped_column(JSON)
    # Shown under the question, per language like its text (an XLSForm's hint); None: no hint.
    hint: Mapped[Texts | None] = mapped_column(JSON)
    # A form's note standing before this question (an XLSForm's note row), shown above it; None: none.
    lead_in: Mapped[Texts | None] = mapped_column(JSON)
    # Higher is better on every shipped question; a question worded the other
    # way round sets this, so that analysis can turn its scale.
    reversed: Mapped[bool] = mapped_column(default=False)
    allows_dont_know: Mapped[bool] = mapped_column(default=True)
    # Answered (or "don't know") before the young person goes on to the next page: an XLSForm's required.
    required: Mapped[bool] = mapped_column(default=False, server_default=false())
    # False for a scale read from a form whose answers are words: their order gives the values, but which end is
    # best is the coordinator's to say before the version is published (drafts.set_best_end).
    best_end_confirmed: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Asked only when earlier answers say so (skip_logic.py); None: asked of everyone.
    shown_if: Mapped[dict | None] = mapped_column(JSON)

    focus_area: Mapped[FocusArea] = relationship(back_populates="questions")
    indicator: Mapped[Indicator | None] = relationship(back_populates="questions")
    options: Mapped[list["AnswerOption"]] = relationship(
        back_populates="question", order_by="AnswerOption.position", cascade="all, delete-orphan"
    )


class AnswerOption(Base):
    __tablename__ = "answer_options"
    __table_args__ = (UniqueConstraint("question_id", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    value: Mapped[int]
    position: Mapped[int]
    label: Mapped[Texts] = mapped_column(JSON)

    question: Mapped[Question] = relationship(back_populates="options")
