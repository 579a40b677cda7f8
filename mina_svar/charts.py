"""What the charts need to know of a scale, whatever its number of points."""

from .analysis import MeasurementResult
from .questionnaire import OptionView, QuestionView, text

# From the lowest point of a scale to the highest: red, grey in the middle, green.
ANCHORS = ((0x8e, 0x1b, 0x1b), (0xd0, 0x74, 0x5d), (0xb9, 0xb4, 0xaa), (0x5b, 0x9c, 0x87), (0x0b, 0x5c, 0x4a))


def colour(place: int, points: int) -> str:
    """The colour of the ``place``-th point (from 0) of a scale of ``points``: on 1–5 the five anchors."""
    position = place / max(points - 1, 1) * (len(ANCHORS) - 1)
    low = min(int(position), len(ANCHORS) - 2)
    share = position - low
    mixed = (round(a + (b - a) * share) for a, b in zip(ANCHORS[low], ANCHORS[low + 1], strict=True))
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


def value_colours(options: tuple[OptionView, ...]) -> dict[int, str]:
    """Each value of a scale (its options) with its colour."""
    values = sorted(option.value for option in options)
    return {value: colour(place, len(values)) for place, value in enumerate(values)}


def upper_label(question: QuestionView, language: str) -> str:
    """The values above the middle of a question's scale, as the tables name them: "4–5", or one
    option's label ("Yes") when only one is."""
    upper = question.upper
    if len(upper) == 1:
        return text(next(o.label for o in question.options if o.value == upper[0]), language)
    return f"{upper[0]}–{upper[-1]}" if upper else ""


def scales(result: MeasurementResult) -> list[tuple[OptionView, ...]]:
    """The scales of the questions a result shows, each once, in the order they first appear."""
    seen: list[tuple[OptionView, ...]] = []
    for area in result.areas:
        for _indicator, questions in area.indicators:
            for question in questions:
                options = tuple(sorted(question.question.options, key=lambda o: o.value))
                if options and options not in seen:
                    seen.append(options)
    return seen
