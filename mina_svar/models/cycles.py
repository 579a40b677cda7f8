"""A group's cycle through the seven steps, and what each step records."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .people import Group, Organisation, Place, User

if TYPE_CHECKING:
    from .measurements import Measurement, StatisticSeries

STEP_KEYS = (
    "needs",
    "first_meeting",
    "baseline",
    "leader_analysis",
    "group_analysis",
    "activities",
    "follow_up",
)
STEP_STATES = ("todo", "started", "done")
ACTIVITY_STATES = ("planned", "running", "done", "cancelled")
# An idea is a young person's, sent from a phone and approved; it stays an idea until an activity is made of
# it. What the group decided is the leaders' record of step 5 (cycles.decisions), not a conclusion.
CONCLUSION_KINDS = ("interpretation", "priority", "idea")


class _LinkedToGoals:
    """``goal_ids``: the ids of the initiative's goals a cycle or an activity is linked to, through its
    ``goal_links`` (rows of ``_link``)."""

    goal_links: Any
    _link: Any

    @property
    def goal_ids(self) -> list[int]:
        return [link.goal_id for link in self.goal_links]

    @goal_ids.setter
    def goal_ids(self, ids: list[int]) -> None:
        # Links kept are kept, so that none is removed and made again in one flush (its key written twice).
        kept = [link for link in self.goal_links if link.goal_id in ids]
        have = {link.goal_id for link in kept}
        self.goal_links = kept + [self._link(goal_id=goal_id) for goal_id in dict.fromkeys(ids) if goal_id not in have]


class Cycle(_LinkedToGoals, Base):
    __tablename__ = "cycles"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    # Set while the young people are offered a private code to follow their own change (pairing.py): the key
    # of its hashes, never exported or shown. None: not offered.
    pairing_key: Mapped[str | None] = mapped_column(String(64))
    period_start: Mapped[date | None]
    period_end: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    group: Mapped[Group] = relationship()
    steps: Mapped[list["CycleStep"]] = relationship(back_populates="cycle", cascade="all, delete-orphan")
    needs: Mapped[list["Need"]] = relationship(
        back_populates="cycle", order_by="Need.id", cascade="all, delete-orphan")
    activities: Mapped[list["Activity"]] = relationship(
        back_populates="cycle", order_by="Activity.id", cascade="all, delete-orphan")
    findings: Mapped[list["Finding"]] = relationship(
        back_populates="cycle", order_by="Finding.id", cascade="all, delete-orphan")
    conclusions: Mapped[list["Conclusion"]] = relationship(
        back_populates="cycle", order_by="Conclusion.id", cascade="all, delete-orphan")
    measurements: Mapped[list["Measurement"]] = relationship(back_populates="cycle")
    own_questions: Mapped[list["CycleQuestion"]] = relationship(
        back_populates="cycle", order_by="CycleQuestion.position", cascade="all, delete-orphan")
    # The initiative's goals it works toward (goal_ids, _LinkedToGoals).
    goal_links: Mapped[list["CycleGoal"]] = relationship(cascade="all, delete-orphan")


OWN_QUESTIONS_AT_MOST = 5


class CycleQuestion(Base):
    """A question of the group's own, agreed at the first meeting (step 2): asked after the common ones in the
    cycle's Läget 1 and 2 (see cycles.with_own_questions). At most five, numbered from 1 without gaps; the
    database refuses a sixth and two with one number."""

    __tablename__ = "cycle_questions"
    __table_args__ = (UniqueConstraint("cycle_id", "position"),
                      CheckConstraint(f"position BETWEEN 1 AND {OWN_QUESTIONS_AT_MOST}", name="position"))

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"))
    position: Mapped[int]
    text: Mapped[dict[str, Any]] = mapped_column(JSON)
    scale: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    cycle: Mapped[Cycle] = relationship(back_populates="own_questions")


class CycleStep(Base):
    """One of the seven steps of a cycle.

    ``record`` holds the step's own fields (a meeting's date, attendance,
    expectations, goals, measurement plan; a reflection); lists that belong
    to a step (needs, findings, conclusions, activities) have tables of
    their own. ``version`` lets a save notice that another leader changed
    the step in the meantime.
    """

    __tablename__ = "cycle_steps"
    __table_args__ = (
        UniqueConstraint("cycle_id", "key"),
        CheckConstraint(f"state IN {STEP_STATES}", name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(30))
    state: Mapped[str] = mapped_column(String(10), default="todo")
    record: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    cycle: Mapped[Cycle] = relationship(back_populates="steps")
    updated_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class Need(Base):
    __tablename__ = "needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    # conversation, observation, statistics, …
    source: Mapped[str] = mapped_column(String(50))
    focus_area_key: Mapped[str | None] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The joint problem analysis (problems.py): its root causes, what is known and not, who is part of the
    # problem, and its evidence — a figure of Läget ("work.ways_in"), a public series, words from conversations.
    root_causes: Mapped[str] = mapped_column(Text, default="")
    known: Mapped[str] = mapped_column(Text, default="")
    unknown: Mapped[str] = mapped_column(Text, default="")
    part_of_problem: Mapped[str] = mapped_column(Text, default="")
    evidence_figure: Mapped[str | None] = mapped_column(String(101))
    evidence_series_id: Mapped[int | None] = mapped_column(ForeignKey("statistic_series.id", ondelete="SET NULL"))
    evidence_words: Mapped[str] = mapped_column(Text, default="")

    cycle: Mapped[Cycle] = relationship(back_populates="needs")
    evidence_series: Mapped["StatisticSeries | None"] = relationship()


class Finding(Base):
    """A leaders' note on a focus area (step 4), possibly flagged as important."""

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"), index=True)
    focus_area_key: Mapped[str] = mapped_column(String(50))
    text: Mapped[str] = mapped_column(Text)
    flagged: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    cycle: Mapped[Cycle] = relationship(back_populates="findings")


class Conclusion(Base):
    """What the group itself concluded (step 5): an interpretation, a priority or an idea."""

    __tablename__ = "conclusions"
    __table_args__ = (CheckConstraint(f"kind IN {CONCLUSION_KINDS}", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    focus_area_key: Mapped[str | None] = mapped_column(String(50))
    indicator_key: Mapped[str | None] = mapped_column(String(50))
    votes: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    cycle: Mapped[Cycle] = relationship(back_populates="conclusions")


class Activity(_LinkedToGoals, Base):
    __tablename__ = "activities"
    # One activity is made from a priority or an idea, however often "Make it an activity" is sent.
    __table_args__ = (CheckConstraint(f"status IN {ACTIVITY_STATES}", name="status"),
                      UniqueConstraint("from_conclusion_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    focus_area_keys: Mapped[list[str]] = mapped_column(JSON, default=list)
    indicator_keys: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The needs of step 1 it answers (their ids in this cycle).
    need_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    responsible_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    responsible_person: Mapped[str] = mapped_column(String(200), default="")  # who, at the partner
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="planned")
    attendance: Mapped[int | None]
    sessions: Mapped[int | None]  # how many times it met (how much was done, with the attendance)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The code of its feedback link (/a/<code>), made the first time it is asked for.
    feedback_code: Mapped[str | None] = mapped_column(String(12), unique=True)
    # The priority or the young people's idea it was made from ("Make it an activity"), if any.
    from_conclusion_id: Mapped[int | None] = mapped_column(ForeignKey("conclusions.id", ondelete="SET NULL"))

    cycle: Mapped[Cycle] = relationship(back_populates="activities")
    from_conclusion: Mapped[Conclusion | None] = relationship()
    # What came of it, noted as it happens (small wins), oldest first.
    wins: Mapped[list["ActivityWin"]] = relationship(back_populates="activity", cascade="all, delete-orphan",
                                                     order_by="(ActivityWin.noted_on, ActivityWin.id)")
    # The initiative's goals it answers (goal_ids, _LinkedToGoals).
    goal_links: Mapped[list["ActivityGoal"]] = relationship(cascade="all, delete-orphan")


class ActivityGoal(Base):
    """One of the initiative's goals an activity answers."""

    __tablename__ = "activity_goals"

    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), primary_key=True, index=True)


Activity._link = ActivityGoal


class CycleGoal(Base):
    """One of the initiative's goals a cycle works toward (its own goals, step 2, in the initiative's words)."""

    __tablename__ = "cycle_goals"

    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"), primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), primary_key=True, index=True)


Cycle._link = CycleGoal


# Who made a win: the group, the young people themselves, or a partner (made_by_organisation_id).
WIN_MAKERS = ("group", "young_people", "partner")


class ActivityWin(Base):
    """What came of an activity, noted on the day: a small win, or how it went, credited to who made it."""

    __tablename__ = "activity_wins"
    __table_args__ = (CheckConstraint(f"made_by IN {WIN_MAKERS}", name="made_by"),
                      CheckConstraint("(made_by = 'partner') = (made_by_organisation_id IS NOT NULL)",
                                      name="partner_named"))

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    noted_on: Mapped[date] = mapped_column(default=date.today)
    text: Mapped[str] = mapped_column(Text)
    made_by: Mapped[str] = mapped_column(String(20), default="group")
    made_by_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))

    made_by_organisation: Mapped[Organisation | None] = relationship()

    activity: Mapped[Activity] = relationship(back_populates="wins")


class AuditEvent(Base):
    """Who changed what in a cycle, and when."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycles.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(100))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    user: Mapped[User | None] = relationship()


FEEDBACK_FACES = (1, 2, 3, 4, 5)


class ActivityFeedback(Base):
    """One phone's feedback on an activity: a face from 1 (very bad) to 5 (very good) and maybe a word.

    One per phone and activity (its cookie's token): giving it again changes it until it is counted. Nothing
    about the person; the day only, as for answers."""

    __tablename__ = "activity_feedback"
    __table_args__ = (UniqueConstraint("activity_id", "token"),
                      CheckConstraint(f"face IN {FEEDBACK_FACES}", name="face"))

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64))
    face: Mapped[int]
    word: Mapped[str | None] = mapped_column(Text)
    given_on: Mapped[date] = mapped_column(default=date.today)
    # Counted in what leaders see: set for all waiting feedback at once when at least the minimum has come
    # in (feedback.give), so that watching the figures never tells one phone's face. Final once set.
    released: Mapped[bool] = mapped_column(default=False)


# What a goal's key figure follows. "laget": a focus area or an indicator of Läget, pooled over the initiative or
# a place (pooling.py); "statistic": a public statistics series, its values for the place (statistics.py);
# "activity": a measure summed over the activities that answer the goal, term by term (performance.py).
KEY_FIGURE_KINDS = ("laget", "statistic", "activity")
GOAL_NOTE_KINDS = ("story", "what_works", "doing")


class Goal(Base):
    """One of the initiative's goals: a result in plain words, mostly for one focus area, followed by key
    figures ("turn the curve", as Results-Based Accountability puts it)."""

    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    result: Mapped[str] = mapped_column(Text)
    focus_area_key: Mapped[str | None] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    key_figures: Mapped[list["KeyFigure"]] = relationship(back_populates="goal", cascade="all, delete-orphan",
                                                          order_by="KeyFigure.id")
    notes: Mapped[list["GoalNote"]] = relationship(back_populates="goal", cascade="all, delete-orphan",
                                                   order_by="(GoalNote.written_on.desc(), GoalNote.id.desc())")
    partners: Mapped[list["GoalPartner"]] = relationship(back_populates="goal", cascade="all, delete-orphan",
                                                         order_by="GoalPartner.organisation_id")
    activities: Mapped[list[Activity]] = relationship(secondary="activity_goals", viewonly=True,
                                                      order_by="(Activity.starts_on, Activity.id)")
    cycles: Mapped[list[Cycle]] = relationship(secondary="cycle_goals", viewonly=True, order_by="Cycle.id")


class KeyFigure(Base):
    """A figure that says whether a goal is reached: where it starts (the baseline), where the initiative wants
    it by when (the target), and every value measured (the curve)."""

    __tablename__ = "key_figures"
    __table_args__ = (CheckConstraint(f"kind IN {KEY_FIGURE_KINDS}", name="kind"),
                      CheckConstraint("target_on > baseline_on", name="target_after_baseline"),
                      CheckConstraint("(kind = 'statistic') = (series_id IS NOT NULL)", name="series_of_statistic"))

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="laget")
    figure_key: Mapped[str] = mapped_column(String(101))  # "work" or "work.ways_in"; "series:12"
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))  # None: the whole initiative
    series_id: Mapped[int | None] = mapped_column(ForeignKey("statistic_series.id", ondelete="CASCADE"), index=True)
    baseline_value: Mapped[float]
    baseline_on: Mapped[date]
    target_value: Mapped[float]
    target_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    goal: Mapped[Goal] = relationship(back_populates="key_figures")
    place: Mapped[Place | None] = relationship()
    series: Mapped["StatisticSeries | None"] = relationship()


class GoalNote(Base):
    """Beside the curve, dated: the story behind it, what works, what is being done."""

    __tablename__ = "goal_notes"
    __table_args__ = (CheckConstraint(f"kind IN {GOAL_NOTE_KINDS}", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    written_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    goal: Mapped[Goal] = relationship(back_populates="notes")


class GoalPartner(Base):
    """A partner with a role in reaching a goal."""

    __tablename__ = "goal_partners"

    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    role: Mapped[str] = mapped_column(Text, default="")

    goal: Mapped[Goal] = relationship(back_populates="partners")
    organisation: Mapped[Organisation] = relationship()


class LearningEntry(Base):
    """A learning log's entry: what someone tried, what happened, what they learned and what they change, dated
    and tied to a goal, an activity or a cycle (learning.py)."""

    __tablename__ = "learning_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    written_on: Mapped[date] = mapped_column(index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    tried: Mapped[str] = mapped_column(Text, default="")
    happened: Mapped[str] = mapped_column(Text, default="")
    learned: Mapped[str] = mapped_column(Text)
    changing: Mapped[str] = mapped_column(Text, default="")
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id", ondelete="SET NULL"), index=True)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id", ondelete="SET NULL"))
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycles.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship()
    goal: Mapped[Goal | None] = relationship()
    activity: Mapped[Activity | None] = relationship()
    cycle: Mapped[Cycle | None] = relationship()


# The five questions the steering group asks of the backbone (steering.py), and what it writes beside them.
STEERING_QUESTIONS = ("time", "connections", "actors", "successes", "learning")
STEERING_NOTE_KINDS = ("note", "decision")


class SteeringNote(Base):
    """The steering group's own dated note or decision, on one of the five questions or on none."""

    __tablename__ = "steering_notes"
    __table_args__ = (CheckConstraint(f"kind IN {STEERING_NOTE_KINDS}", name="kind"),
                      CheckConstraint(f"question IS NULL OR question IN {STEERING_QUESTIONS}", name="question"))

    id: Mapped[int] = mapped_column(primary_key=True)
    written_on: Mapped[date] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(20))
    question: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship()
