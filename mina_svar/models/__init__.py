"""The data model of the whole domain, importable from one place."""

from .base import Base, utcnow
from .cycles import (
    STEP_KEYS,
    Activity,
    AuditEvent,
    Conclusion,
    Cycle,
    CycleStep,
    Finding,
    Need,
)
from .measurements import Answer, AnswerTally, Measurement, Response
from .people import Group, Organisation, User, group_leaders
from .questionnaires import AnswerOption, FocusArea, Indicator, Question, Questionnaire

__all__ = [
    "STEP_KEYS",
    "Activity",
    "Answer",
    "AnswerOption",
    "AnswerTally",
    "AuditEvent",
    "Base",
    "Conclusion",
    "Cycle",
    "CycleStep",
    "Finding",
    "FocusArea",
    "Group",
    "Indicator",
    "Measurement",
    "Need",
    "Organisation",
    "Question",
    "Questionnaire",
    "Response",
    "User",
    "group_leaders",
    "utcnow",
]
