"""Translations are drafts until a native speaker has read them: each language's state, and one language's
texts — the interface's and a questionnaire version's — out to a reviewer and back, as one PO file (the
format Poedit, Weblate and most translators' tools open)."""

import io
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from sqlalchemy.orm import Session

from . import authoring, ids, questionnaire_texts
from .config import LANGUAGES
from .models import Questionnaire

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
SOURCE = "en"  # the interface is written in English; its other languages are translations of it
# Who read each language's texts and when; a language not in it is a draft.
REVIEWS = TRANSLATIONS / "reviews.json"


@dataclass(frozen=True)
class LanguageState:
    code: str
    interface: float  # the share of the interface's texts written in it
    reviewed: str | None  # who read it, and when; None: a draft


def _catalogue(code: str) -> Catalog | None:
    path = TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return None
    with path.open("rb") as found:
        return read_po(found, locale=code)


@cache
def _reviews() -> dict:
    return json.loads(REVIEWS.read_text(encoding="utf-8")) if REVIEWS.exists() else {}


def states() -> list[LanguageState]:
    found = []
    for code in LANGUAGES:
        catalogue = _catalogue(code)
        if code == SOURCE:
            share = 1.0
        elif catalogue is None:
            share = 0.0
        else:
            messages = [m for m in catalogue if m.id]
            written = [m for m in messages if (all(m.string) if isinstance(m.string, tuple) else m.string)]
            share = len(written) / len(messages) if messages else 0.0
        found.append(LanguageState(code, share, _reviews().get(code)))
    return found


def _context(questionnaire: Questionnaire, what: str, row_id: int) -> str:
    return f"questionnaire {questionnaire.id} {what} {row_id}"


def export(questionnaire: Questionnaire, code: str, source: str) -> bytes:
    """One language's texts as a PO file: the interface's, then the questionnaire version's, each with the
    text it translates (the version's in ``source``) and what it belongs to."""
    catalogue = Catalog(locale=code, project="Mina Svar", fuzzy=False)
    for message in _catalogue(code) or []:
        if message.id:
            catalogue.add(message.id, message.string, flags=message.flags)
    for row in questionnaire_texts.translation(questionnaire, source, code):
        catalogue.add(row.source or row.key, row.target, context=_context(questionnaire, row.what, row.row_id),
                      auto_comments=[row.key])
    out = io.BytesIO()
    write_po(out, catalogue, width=0, no_location=True)
    return out.getvalue()


class NotItsFile(ValueError):
    """The file is not a PO file of this questionnaire version."""


class NotItsLanguage(NotItsFile):
    """The file's ``Language:`` header names another language than the one it is taken in for (or none)."""

    def __init__(self, found: str | None) -> None:
        super().__init__(found or "")
        self.found = found


@dataclass(frozen=True)
class Imported:
    questionnaire_texts: int  # changed in the draft
    interface_texts: int  # that differ from the interface's catalogue: for the developers to take in
    changed: list[str] = field(default_factory=list)  # the new texts, in the draft's order of rows
    fuzzy: int = 0  # marked fuzzy by the reviewer: not yet a translation, left out


def import_texts(session: Session, draft: Questionnaire, code: str, data: bytes) -> Imported:
    """A reviewed PO file's questionnaire texts into the draft it was exported from (raises
    :class:`authoring.NotADraft` once published, :class:`NotItsFile` for another file); its interface texts
    are counted, not applied: the interface's catalogues are part of the code."""
    try:
        read = read_po(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - babel raises several kinds for a file that is not PO
        raise NotItsFile(str(error)) from None
    # The header says the language its texts are in: a Swedish file taken in for Somali would overwrite
    # every Somali text with Swedish.
    if read.locale is None or read.locale.language != code:
        raise NotItsLanguage(read.locale.language if read.locale is not None else None)
    texts, interface, fuzzy = {}, 0, 0
    current = _catalogue(code)
    prefix = f"questionnaire {draft.id} "
    for message in read:
        if not message.id:
            continue
        if "fuzzy" in message.flags:
            fuzzy += 1
            continue
        if message.context is None:
            known = current.get(message.id) if current is not None else None
            interface += bool(message.string) and (known is None or known.string != message.string)
        elif message.context.startswith(prefix):
            what, _sep, row = message.context.removeprefix(prefix).partition(" ")
            row_id = ids.row_id(row)
            if what not in questionnaire_texts.TEXT_FIELDS or row_id is None:
                raise NotItsFile(message.context)
            texts[(what, row_id, code)] = message.string if isinstance(message.string, str) else ""
        else:
            raise NotItsFile(message.context)
    if not texts and not interface:
        raise NotItsFile("nothing of this version")
    # Only what the reviewer wrote: an empty translation keeps the text that is there.
    written = {key: value.strip() for key, value in texts.items() if value.strip()}
    rows = authoring.text_rows(draft)
    changing = [value for (what, row_id, language), value in written.items()
                if (getattr(*rows[(what, row_id)]) or {}).get(language, "") != value]
    changed = authoring.set_texts(session, draft, written)
    return Imported(changed, interface, changing, fuzzy)
