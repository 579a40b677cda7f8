"""Accounts of the people who sign in: leaders and coordinators."""

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from .models import Organisation, User


def create_user(session: Session, email: str, name: str, password: str, role: str = "leader",
                organisation: Organisation | None = None) -> User:
    user = User(email=email.strip().lower(), name=name, role=role, organisation=organisation,
                password_hash=generate_password_hash(password))
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def password_matches(user: User, password: str) -> bool:
    return check_password_hash(user.password_hash, password)
