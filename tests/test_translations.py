"""Every language complete and consistent: no English falling through, the same words for the same thing."""

import json
import re

import pytest
from babel.messages.pofile import read_po

from mina_svar import authoring, questionnaire, reviewing
from mina_svar.config import LANGUAGES

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _template():
    with (reviewing.TRANSLATIONS / "messages.pot").open("rb") as found:
        return read_po(found)


@pytest.mark.parametrize("code", [code for code in LANGUAGES if code != reviewing.SOURCE])
def test_every_interface_text_is_translated_with_its_placeholders(code):
    catalogue = reviewing._catalogue(code)
    assert catalogue is not None, f"no catalogue for {code}"
    for message in _template():
        if not message.id:
            continue
        found = catalogue.get(message.id)
        assert found is not None, (code, message.id)
        strings = found.string if isinstance(found.string, tuple) else (found.string,)
        assert all(strings) and "fuzzy" not in found.flags, (code, message.id)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:  # never a placeholder the text does not fill
            assert set(PLACEHOLDER.findall(string)) <= wanted, (code, message.id, string)
        # Every one in the text, or in the last plural form at least (Arabic's "none", "one" and "two" forms
        # may say the number in words and leave out what does not apply).
        assert wanted - {"num"} <= set(PLACEHOLDER.findall(strings[-1])), (code, message.id, strings[-1])


def test_a_scale_reads_the_same_wherever_it_is_offered():
    """Läget's agreement scale and the editor's starter scale of the same name are the same words."""
    shipped = json.loads(questionnaire.DEFAULT_FILE.read_text(encoding="utf-8"))
    starter = authoring.starter_scales()
    for name, options in shipped["scales"].items():
        if name in starter:
            assert [o["label"] for o in options] == [o["label"] for o in starter[name]["options"]], name


def test_every_starter_scale_and_the_groups_own_area_speak_every_language():
    for name, scale in authoring.starter_scales().items():
        assert set(scale["name"]) >= set(LANGUAGES), name
        for option in scale["options"]:
            assert set(option["label"]) >= set(LANGUAGES), (name, option["value"])
    assert set(authoring.OWN_TITLE) >= set(LANGUAGES)


@pytest.mark.parametrize("code", [code for code in LANGUAGES if code != reviewing.SOURCE])
def test_each_catalogue_chooses_its_plural_forms_by_the_cldr_rules(code):
    """The catalogue's rule picks the form its translator wrote for each number: Arabic's 15 takes the "many"
    form ("15 صوتًا") and 100 the "other" one (the rule Babel once wrote swapped them); Tigrinya's 0 is "one"."""
    import gettext

    from babel import Locale
    from babel.plural import PluralRule

    catalogue = reviewing._catalogue(code)
    if catalogue.num_plurals == 1:
        return  # one form says every number (Persian)
    cldr = PluralRule(Locale.parse(code).plural_form.rules)
    order = [tag for tag in ("zero", "one", "two", "few", "many", "other") if tag in cldr.tags | {"other"}]
    assert len(order) == catalogue.num_plurals, (code, order)
    chosen = gettext.c2py(catalogue.plural_expr)
    for number in (0, 1, 2, 3, 10, 11, 15, 99, 100, 101, 102, 103, 111, 1000):
        assert order[chosen(number)] == cldr(number), (code, number)
