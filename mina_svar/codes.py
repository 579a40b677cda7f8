"""Codes people read off a screen or paper and type in: join, switch, session and feedback codes.

One alphabet for all of them, with only characters that cannot be taken for
another. Codes made before it (with L, S, Z, 2 or 5) still work: a code typed
is only put in capitals and stripped of what is not a letter or a digit.
"""

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

# No 0/O, 1/I/L, 5/S, 2/Z: nothing that looks or sounds like another character.
READABLE = "ABCDEFGHJKMNPQRTUVWXY346789"


def readable(groups: int, size: int = 4) -> str:
    """A random code in groups joined by "-", as "ABCD-EFGH" (27 characters: about 4.75 bits each)."""
    return "-".join("".join(secrets.choice(READABLE) for _ in range(size)) for _ in range(groups))


def unused(session: Session, column, length: int = 6) -> str:
    """A code of ``length`` characters not yet in ``column`` (a measurement's, a session's, an activity's)."""
    while True:
        code = readable(1, length)
        if session.scalar(select(column).where(column == code)) is None:
            return code


def normalise(code: str) -> str:
    """A code as typed (any case, spaces, dashes) as it is stored."""
    return "".join(ch for ch in code.upper() if ch.isalnum())
