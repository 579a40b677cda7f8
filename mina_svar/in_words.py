"""Results as they are said to the young people: the answer options they chose from and plain words for
how many, how it goes and whether it changed; the figures stay beside them for those who want them.

Only figures already shown are put into words, and the words are coarser than the figures (``how_many``
names a band, never a count), so they tell nothing the page did not."""

from dataclasses import dataclass

from .analysis import Compared, QuestionResult
from .questionnaire import OptionView

# How many of the group, as a share of those who answered on the scale: the first band reached.
HOW_MANY = ((0.9, "almost_all"), (0.6, "most"), (0.4, "about_half"), (0.2, "some"), (1e-9, "a_few"))


@dataclass(frozen=True)
class Side:
    """The side of a scale (above or below its middle) that more of the group chose."""

    how_many: str  # a key of HOW_MANY
    options: tuple[OptionView, ...]  # the answers of that side, the strongest last
    count: int
    n: int


def how_many(share: float) -> str:
    return next((name for floor, name in HOW_MANY if share >= floor), "none")


def side(question: QuestionResult) -> Side | None:
    """What most of the group answered to a shown question: the upper side of its scale ("Mostly true" or
    "Completely true") or the lower one, whichever more chose; the upper one on a tie. None when the
    question is not shown or nobody chose either side (all in the middle)."""
    if not question.shown or not question.n:
        return None
    view = question.question
    upper = view.upper
    lower = tuple(reversed(view.scale[:len(upper)]))  # as many below the middle as above it
    on = {name: sum(question.counts.get(value, 0) for value in values)
          for name, values in (("upper", upper), ("lower", lower))}
    chosen = "upper" if on["upper"] >= on["lower"] else "lower"
    if not on[chosen]:
        return None
    values = upper if chosen == "upper" else lower
    options = {option.value: option for option in view.options}
    return Side(how_many(on[chosen] / question.n), tuple(options[value] for value in values),
                on[chosen], question.n)


def level(index: float) -> str:
    """How things go for the group on an index from 0 to 100."""
    return "well" if index >= 75 else "fairly_well" if index >= 50 else "not_so_well" if index >= 25 else "badly"


def change(compared: Compared) -> str | None:
    """A change since Läget 1: "better" or "worse" (each "_maybe_chance" when it could well be chance), or
    "same" when the rounded figures are equal. None when not shown."""
    if compared.after is None or compared.before is None:
        return None
    difference = round(compared.after) - round(compared.before)
    if difference == 0:
        return "same"
    return ("better" if difference > 0 else "worse") + ("_maybe_chance" if compared.uncertain else "")
