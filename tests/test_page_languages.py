"""Every leader's and coordinator's page in every language: in that language and its direction, its menu in
its words (the browser tests check these pages with axe in one language of each direction)."""

from mina_svar import db
from mina_svar.config import LANGUAGES

from .conftest import sqlite_only
from .languages import words
from .staff import demo_staff_pages, sign_in


@sqlite_only
def test_every_staff_page_of_the_demo_is_in_the_language_asked(app):
    with app.app_context():
        _, staff, _ = demo_staff_pages(db.session())
    pages = 0
    for language, (_, direction) in LANGUAGES.items():
        said = words(language)
        for email, (password, paths) in staff.items():
            client = app.test_client()
            client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
            assert sign_in(client, email, password).status_code == 302
            for path in paths:
                page = client.get(path)
                assert page.status_code == 200, (language, path)
                assert f'<html lang="{language}" dir="{direction}"' in page.text, (language, path)
                assert f'aria-label="{said("Workspace")}"' in page.text, (language, path)
                pages += 1
    assert pages == len(LANGUAGES) * sum(len(paths) for _, paths in staff.values())
