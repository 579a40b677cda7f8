"""A language's words as the app says them, read from its catalogue: for tests that go through every language."""

import json
from collections.abc import Callable

from mina_svar import questionnaire, reviewing


def words(code: str) -> Callable[[str], str]:
    """``gettext`` for one language, from its .po file (compiled catalogues may not exist yet)."""
    if code == reviewing.SOURCE:
        return lambda text: text
    catalogue = reviewing._catalogue(code)

    def said(text: str) -> str:
        message = catalogue.get(text)
        if message is None:
            raise KeyError(f"no such text in the interface: {text!r}")
        return message.string

    return said


def area_title(code: str, index: int = 0) -> str:
    """The title of one of shipped Läget's focus areas in one language."""
    return json.loads(questionnaire.DEFAULT_FILE.read_text(encoding="utf-8"))["focus_areas"][index]["title"][code]


# The Swedish words of the interface by their English source text: tests find buttons and labels by what the
# catalogue says, so that a changed Swedish word changes the tests with it instead of breaking them.
sv = words("sv")


def sv_n(singular: str, n: int) -> str:
    """A plural text in Swedish for ``n``, filled in: the singular's form for 1, the plural's otherwise."""
    forms = sv(singular)
    return (forms[0] if n == 1 else forms[1]) % {"num": n}


def next_step(n: int, title: str) -> str:
    """The link on to step ``n`` as a step's page says it in Swedish (``title``: the step's English name)."""
    return sv("Next: step %(n)s, %(title)s") % {"n": n, "title": sv(title)}


def continue_with(n: int, title: str) -> str:
    """The cycle page's link to its first step not done, in Swedish."""
    return sv("Continue with step %(n)s: %(title)s") % {"n": n, "title": sv(title)}
