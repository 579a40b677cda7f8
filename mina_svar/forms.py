"""What the forms of every blueprint share."""

from wtforms.fields.choices import SelectChoice


def choices(pairs) -> list[SelectChoice]:
    """Options of a select field from ``(value, label)`` pairs."""
    return [SelectChoice(value, label) for value, label in pairs]
