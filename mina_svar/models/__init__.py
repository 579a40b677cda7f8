"""The data model of the whole domain, importable from one place."""

from .base import Base, utcnow
from .cycles import (
    OWN_QUESTIONS_AT_MOST,
    STEP_KEYS,
    Activity,
    ActivityFeedback,
    ActivityWin,
    AuditEvent,
    Conclusion,
    Cycle,
    CycleQuestion,
    CycleStep,
    Finding,
    Need,
)
from .measurements import (
    Answer,
    AnswerTally,
    AreaSummary,
    ContributorTally,
    Measurement,
    Response,
    ResponseCode,
    SharedResults,
)
from .people import Group, Organisation, User, group_leaders
from .questionnaires import AnswerOption, FocusArea, Indicator, Question, Questionnaire
from .sessions import AnalysisSession, Contribution, Participant, Reaction, Vote

__all__ = [
    "OWN_QUESTIONS_AT_MOST",
    "STEP_KEYS",
    "Activity",
    "ActivityFeedback",
    "ActivityWin",
    "AnalysisSession",
    "Answer",
    "AnswerOption",
    "AnswerTally",
    "AreaSummary",
    "AuditEvent",
    "Base",
    "Conclusion",
    "ContributorTally",
    "Contribution",
    "Cycle",
    "CycleQuestion",
    "CycleStep",
    "Finding",
    "FocusArea",
    "Group",
    "Indicator",
    "Measurement",
    "Need",
    "Organisation",
    "Participant",
    "Question",
    "Questionnaire",
    "Reaction",
    "Response",
    "ResponseCode",
    "SharedResults",
    "User",
    "Vote",
    "group_leaders",
    "utcnow",
]
