"""Ids and whole numbers read from forms, queries, uploaded files and cookies: one way, everywhere.

A text is a number only when it is made of decimal digits alone (``str.isdecimal``: ``isdigit`` lets "²"
through, which ``int`` then refuses) and the number fits the database's integer, as the ``<int:…>`` routes
do. Anything else is None, never an exception, so that a view answers 400 or 404, never 500.
"""

LARGEST = 2**31 - 1  # PostgreSQL's integer


def number(text, smallest: int = 0, largest: int = LARGEST) -> int | None:
    """The whole number ``text`` says, between ``smallest`` and ``largest``; else None."""
    if not isinstance(text, str) or not text.isdecimal() or len(text) > len(str(largest)):
        return None
    found = int(text)
    return found if smallest <= found <= largest else None


def row_id(text) -> int | None:
    """A database row's id: a whole number from 1 that the database can hold; else None."""
    return number(text, 1)


def required_row_id(text) -> int:
    """:func:`row_id`, raising ValueError for what is not one (a form naming nothing the page offered)."""
    found = row_id(text)
    if found is None:
        raise ValueError(text)
    return found
