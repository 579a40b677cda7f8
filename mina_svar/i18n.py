"""Interface languages: choosing one per request, and compiling the catalogues."""

import unicodedata
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, request, session
from flask_babel import Babel, force_locale, gettext
from markupsafe import Markup, escape

from .config import DEFAULT_LANGUAGE, LANGUAGES
from .questionnaire import written_in

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def init_app(app: Flask) -> None:
    compile_catalogues()
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS)
    Babel(app, locale_selector=current_language)

    @app.context_processor
    def language_context() -> dict:
        language = current_language()
        return {"language": language, "direction": LANGUAGES[language][1], "languages": LANGUAGES,
                "second": second_language(language)}


def current_language() -> str:
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(list(LANGUAGES)) or DEFAULT_LANGUAGE


def choose(language: str) -> bool:
    """Remember the language for this visitor; False if it is not offered."""
    if language not in LANGUAGES:
        return False
    if session.get("lang") != language:  # an unchanged session sends no new cookie
        session["lang"] = language
    return True


def choose_second(language: str) -> bool:
    """Show the questions in ``language`` too, under the page's ("" for none); False if it is not offered."""
    if language and language not in LANGUAGES:
        return False
    if language:
        session["second"] = language
    else:
        session.pop("second", None)
    return True


def second_language(language: str) -> str | None:
    """The language chosen to show under the page's (``language``), unless it is the page's own."""
    chosen = session.get("second")
    return chosen if chosen in LANGUAGES and chosen != language else None


def in_locale(language: str, message: str) -> str:
    """An interface text in another language than the page's (the second language's "don't know")."""
    with force_locale(language):
        return gettext(message)


def text_direction(value: object, fallback: str = "ltr") -> str:
    """"rtl" or "ltr" after the first letter of ``value`` that has a direction.

    For people's own words on paper: a Swedish note in an Arabic PDF keeps
    its full stop at its end (WeasyPrint has no ``dir="auto"``).
    """
    for character in str(value or ""):
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return fallback


def isolated(value: object) -> Markup:
    """People's own words (names, titles, notes, answers) set apart from the page's text direction.

    ``<bdi>`` keeps a right-to-left name inside a Swedish sentence readable, and keeps a
    direction override someone typed (U+202E) from turning the rest of the page around;
    ``dir`` does the same on paper, where WeasyPrint has no ``dir="auto"``.
    """
    text = "" if value is None else str(value)
    # Formatted by hand rather than by Markup.format: a long plan calls this thousands of times a page.
    return Markup(f'<bdi dir="{text_direction(text)}">{escape(text)}</bdi>')


def compile_catalogues() -> None:
    """Compile each ``messages.po`` whose ``.mo`` is missing or older."""
    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)


def language_name(code: str) -> str:
    """A language's name in its own language (English, العربية)."""
    return LANGUAGES.get(code, (code,))[0]


def in_language(texts: dict, language: str) -> Markup:
    """A questionnaire's text in ``language``; when it is not written in it (a group's own question, written
    in the group's language), in the language it falls back to, marked as such so that a screen reader reads
    it with that language's voice."""
    used = written_in(texts, language)
    if used in (None, language):
        return Markup.escape(texts.get(language, ""))
    return Markup('<span lang="{}" dir="{}">{}</span>').format(used, LANGUAGES.get(used, (used, "ltr"))[1],
                                                              texts[used])
