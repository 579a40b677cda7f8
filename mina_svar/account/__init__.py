"""Signing in and out, and changing one's password (leaders and coordinators)."""

from flask import Blueprint

bp = Blueprint("account", __name__)

from . import lifetime, views  # noqa: E402,F401
