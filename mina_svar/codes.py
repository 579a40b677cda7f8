"""Codes people read off a screen or paper and type in: only characters that cannot be taken for another."""

import secrets

# No 0/O, 1/I/L, 5/S, 2/Z: nothing that looks or sounds like another character.
READABLE = "ABCDEFGHJKMNPQRTUVWXY346789"


def readable(groups: int, size: int = 4) -> str:
    """A random code in groups joined by "-", as "ABCD-EFGH" (27 characters: about 4.75 bits each)."""
    return "-".join("".join(secrets.choice(READABLE) for _ in range(size)) for _ in range(groups))
