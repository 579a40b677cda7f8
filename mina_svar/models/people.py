"""The initiative, its partner organisations and places, the people who sign in (leaders, coordinators), and
groups."""

import hashlib
from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow

# An evaluator reads the initiative's data and changes nothing; a partner (a partner organisation's person)
# reads the action plan and keeps its own organisation's activities in it; the steering group reads.
ROLES = ("leader", "coordinator", "evaluator", "partner", "steering")

group_leaders = Table(
    "group_leaders",
    Base.metadata,
    Column("group_id", ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


# The sectors partners work in (the collective-impact method's partners: work, housing, health, leisure,
# education, democracy).
SECTORS = ("work", "housing", "health", "leisure", "education", "democracy")


class Initiative(Base):
    """The initiative this installation serves: one row, its name and what it is for."""

    __tablename__ = "initiatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text, default="")


class Place(Base):
    """A district or area of the initiative; each group belongs to one."""

    __tablename__ = "places"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    groups: Mapped[list["Group"]] = relationship(back_populates="place")


class Organisation(Base):
    """A partner organisation of the initiative."""

    __tablename__ = "organisations"
    __table_args__ = (CheckConstraint(f"sector IS NULL OR sector IN {SECTORS}", name="sector"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    sector: Mapped[str | None] = mapped_column(String(20))
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(320), default="")
    # The key of the questionnaire its groups measure with (its newest published version); None: Läget.
    questionnaire_key: Mapped[str | None] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    groups: Mapped[list["Group"]] = relationship(back_populates="organisation")


class User(Base):
    """A leader, a coordinator or an evaluator. Young people never have an account."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint(f"role IN {ROLES}", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20), default="leader")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    active: Mapped[bool] = mapped_column(default=True)
    # The language they last chose on the site: their letters (the digest) are written in it.
    language: Mapped[str | None] = mapped_column(String(10))
    # Grows when the user signs out, so that every copy of an earlier session cookie stops working.
    session_generation: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation | None] = relationship()
    groups: Mapped[list["Group"]] = relationship(secondary=group_leaders, back_populates="leaders")

    # What Flask-Login asks of a user.
    is_anonymous = False

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        # The id carries a fingerprint of the password hash, so that changing
        # or resetting a password signs out every other session, and the
        # session generation, so that signing out ends every copy.
        return f"{self.id}.{self.password_fingerprint}.{self.session_generation}"

    @property
    def password_fingerprint(self) -> str:
        return hashlib.sha256(self.password_hash.encode()).hexdigest()[:16]

    @property
    def is_coordinator(self) -> bool:
        return self.role == "coordinator"

    @property
    def is_evaluator(self) -> bool:
        return self.role == "evaluator"

    @property
    def leads_nothing(self) -> bool:
        """An evaluator, a partner or the steering group: no group's pages are theirs."""
        return self.role in ("evaluator", "partner", "steering")


class Group(Base):
    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    # None until the coordinator says where the group meets: such a group counts for the initiative, not a place.
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="groups")
    place: Mapped[Place | None] = relationship(back_populates="groups")
    leaders: Mapped[list[User]] = relationship(secondary=group_leaders, back_populates="groups", order_by=User.name)


LINK_PURPOSES = ("invitation", "reset")


class SignInLink(Base):
    """A one-time link to choose a password: a coordinator's invitation, or a forgotten password.

    Only a hash of the link's token is kept, so a copy of the database signs nobody in.
    """

    __tablename__ = "sign_in_links"
    __table_args__ = (CheckConstraint(f"purpose IN {LINK_PURPOSES}", name="purpose"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
