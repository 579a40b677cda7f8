"""Printable PDFs for meetings: a Läget report, a comparison, a cycle summary and a join page."""

import re
from datetime import date
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from sqlalchemy import select

from mina_svar import cycles, db, demo, i18n, printing, questionnaire, reports
from mina_svar.config import LANGUAGES
from mina_svar.models import Cycle, Measurement
from mina_svar.questionnaire import StructureCache

from .conftest import sqlite_only
from .languages import area_title, sv
from .pdfs import ARABIC, fonts, ink, pages
from .staff import answered, open_answer, sign_in

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "mina_svar" / "static" / "fonts"
TODAY = date.today().isoformat()


# Plain functions


def test_a_css_string_keeps_quotes_and_backslashes_inside():
    assert printing.css_string('Grupp "A" \\ B\nC') == '"Grupp \\"A\\" \\\\ B C"'


def test_every_page_gets_the_header_and_its_number():
    css = printing.page_css(printing.Running("Grupp A · Läget 1 · 2026-11-22", "Sida {page} av {pages}"))
    assert '@top-center { content: "Grupp A · Läget 1 · 2026-11-22"; }' in css
    assert '@bottom-center { content: "Sida " counter(page) " av " counter(pages); }' in css
    arabic = printing.page_css(printing.Running("x", "صفحة {page} من {pages}"))
    assert 'content: "صفحة " counter(page) " من " counter(pages);' in arabic


def test_the_direction_of_peoples_own_words():
    assert i18n.text_direction("Få vet hur man söker jobb.", "rtl") == "ltr"
    assert i18n.text_direction("2026: المزيد من الأنشطة", "ltr") == "rtl"
    assert i18n.text_direction("14 – 18", "rtl") == "rtl"
    assert i18n.text_direction(None) == "ltr"


def test_the_header_line_and_a_measurements_dates(app, session):
    assert reports.header("Grupp A", None, "Läget 1", on=date(2026, 11, 22)) == "Grupp A · Läget 1 · 2026-11-22"
    demo.create(session)
    spring = session.scalar(select(Measurement).where(Measurement.title == "Läget 1 – Våren 2026"))
    assert reports.dates(spring) == "2026-02-12 – 2026-02-20"


def test_a_cycle_report_compares_only_when_both_measurements_show_results(app, session):
    demo.create(session)
    spring = session.scalar(select(Cycle).where(Cycle.title == "Våren 2026"))
    report = reports.cycle_report(session, spring, StructureCache(), 5)
    assert [step.key for step in report.steps][0] == "needs" and len(report.steps) == 7
    assert report.records["follow_up"]["reflection"].startswith("Fler vet nu")
    assert report.baseline.result.respondents == 30 and report.follow_up.result.respondents == 28
    assert report.comparison is not None and set(report.comparison.areas) == {
        "work", "housing", "democracy", "health", "education"}
    autumn = session.scalar(select(Cycle).where(Cycle.title == "Hösten 2026"))
    half_way = reports.cycle_report(session, autumn, StructureCache(), 5)
    assert half_way.follow_up is None and half_way.comparison is None
    assert reports.cycle_report(session, spring, StructureCache(), 31).comparison is None  # too few for 31


def _characters_to_print(session) -> set[str]:
    """Every character the PDFs may hold: the questionnaire in every language, the catalogues, the templates."""
    from babel.messages.pofile import read_po

    found = set()
    structure = questionnaire.structure(session, (questionnaire.latest(session) or
                                                  questionnaire.load_file(session)).id)
    for language in LANGUAGES:
        for area in structure.areas:
            found |= set(questionnaire.text(area.title, language))
            for indicator in area.indicators:
                found |= set(questionnaire.text(indicator.title, language))
            for question in area.questions:
                found |= set(questionnaire.text(question.text, language))
    for po in (ROOT / "translations").glob("*/LC_MESSAGES/messages.po"):
        with po.open("rb") as handle:
            for message in read_po(handle):
                for value in (message.string if isinstance(message.string, tuple) else (message.string,)):
                    found |= set(value or "")
    for template in (ROOT / "templates").rglob("*.html"):
        found |= set(template.read_text())
    return {c for c in found if c.isprintable() and not c.isspace()}


def test_the_shipped_fonts_cover_every_character_of_every_language(app, session):
    covered = set()
    for path in FONTS.glob("*.ttf"):
        covered |= {chr(code) for code in TTFont(path).getBestCmap()}
    missing = sorted(c for c in _characters_to_print(session) if c not in covered)
    assert missing == [], f"add a font for {missing} to mina_svar/static/fonts and print.css"


# The PDFs, as a leader gets them


def _only_shipped_fonts(data: bytes) -> bool:
    """True when every font in the PDF is one of the app's own (print.css names them "Mina Svar …")."""
    return all(name.startswith("Mina-Svar-") for name in fonts(data))


def _pdf(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.text[:500]
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    assert response.headers["Content-Disposition"].startswith("inline; filename=")
    return response.data


def _every_page_carries(data: bytes, *texts: str, page_word: str = "Sida") -> list[str]:
    text = pages(data)
    for number, page in enumerate(text, start=1):
        for expected in (*texts, TODAY, f"{page_word} {number} "):
            assert expected in page, (number, expected)
    return text


def test_a_läget_report_holds_the_figures_and_only_approved_words(app, world, leader):
    open_answer(app, world.measurement, "Fler sommarjobb tack", "approved", released=False)
    open_answer(app, world.measurement, "Mitt namn är Kalle", "pending", released=False)
    open_answer(app, world.measurement, "Hemligt om Sara", "hidden", released=False)
    answered(app, world.measurement, [4, 4, 5, 3, 2])
    data = _pdf(leader, f"/lead/measurements/{world.measurement}/report.pdf?lang=sv")
    text = "\n".join(_every_page_carries(data, "Grupp A", "Läget 1 – Våren"))
    assert "8 unga har skickat sina svar." in text
    # Work: (75 + 75 + 100 + 50 + 25) / 5 answers on each question = 65.
    assert "Arbete och hållbar försörjning index 65" in text and "Vägar till jobb index 65" in text
    assert re.search(r"Jag vet hur jag söker ett jobb\.\s*5\s*3\.6\s*60 %\s*\(4–5\)\s*0", text)
    assert "Fler sommarjobb tack" in text
    assert "Kalle" not in text and "Sara" not in text
    assert _only_shipped_fonts(data)
    assert 0.01 < ink(data) < 0.5


def test_a_report_for_too_few_shows_no_figures(app, world, leader):
    answered(app, world.measurement, [1, 5, 5])
    open_answer(app, world.measurement, "Bara jag svarade så", "approved")
    text = "\n".join(pages(_pdf(leader, f"/lead/measurements/{world.measurement}/report.pdf")))
    assert "Resultat visas när minst 5 unga har svarat" in text
    assert "index" not in text and "Bara jag" not in text and "75" not in text


def test_an_arabic_report_is_arabic_right_to_left_in_the_shipped_fonts(app, world, leader):
    answered(app, world.measurement, [4, 4, 5, 3, 2])
    data = _pdf(leader, f"/lead/measurements/{world.measurement}/report.pdf?lang=ar")
    text = _every_page_carries(data, "Grupp A", page_word="صفحة")
    arabic_letters = len(re.findall(ARABIC, text[0]))
    assert arabic_letters > 200 and "العمل وكسب العيش المستدام" in text[0]
    assert "Arbete och hållbar försörjning" not in text[0]  # the leader's own language is Swedish
    assert "Mina-Svar-Arabic" in fonts(data) and _only_shipped_fonts(data)
    assert ink(data) > 0.01


def _plain(text: str) -> str:
    """Text as extracted from a PDF compares with the source once joiners and line breaks are set aside."""
    return re.sub(r"\s+", " ", text.replace("\u200c", ""))


@pytest.mark.slow
@sqlite_only  # fonts are the same whichever database holds the words
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_pdf_in_every_language_is_set_in_the_shipped_fonts_alone(app, world, leader, language):
    """Every glyph comes from a font of the app's own: none missing, none borrowed from the machine."""
    with app.app_context():
        code = db.session().get(Measurement, world.measurement).code
    join = _pdf(leader, f"/lead/measurements/{world.measurement}/join.pdf?lang={language}")
    assert code in pages(join)[0].replace(" ", "") and _only_shipped_fonts(join)
    answered(app, world.measurement, [4, 4, 5, 3, 2])
    for url in (f"/lead/measurements/{world.measurement}/report.pdf", f"/lead/cycles/{world.cycle}/summary.pdf"):
        data = _pdf(leader, f"{url}?lang={language}")
        assert _plain(area_title(language)) in _plain(" ".join(pages(data))), url
        assert _only_shipped_fonts(data) and ink(data) > 0.01, url


def test_a_comparison_shows_before_and_after(app, world, leader):
    answered(app, world.measurement, [1, 2, 2, 1, 2, 1])
    with app.app_context():
        session = db.session()
        cycle = session.get(Cycle, world.cycle)
        cycles.close_measurement(session, session.get(Measurement, world.measurement), cycle.group.leaders[0], 5)
        follow_up = cycles.open_measurement(session, cycle, "follow_up", cycle.group.leaders[0]).id
        session.commit()
    answered(app, follow_up, [3, 4, 5, 4, 5, 4])
    url = f"/lead/groups/{world.group_a}/compare.pdf?before={world.measurement}&after={follow_up}"
    page = leader.get(f"/lead/groups/{world.group_a}/compare?before={world.measurement}&after={follow_up}").text
    assert f'action="/lead/groups/{world.group_a}/compare.pdf"' in page
    assert f'name="before" value="{world.measurement}"' in page and f'name="after" value="{follow_up}"' in page
    data = _pdf(leader, url)
    text = "\n".join(_every_page_carries(data, "Grupp A", "Läget 1 – Våren → Läget 2 – Våren"))
    assert "6 unga svarade före och 6 efter." in text
    # Work: before (3 × 0 + 3 × 25) / 6 = 12.5, after (50 + 3 × 75 + 2 × 100) / 6 = 79.2.
    assert re.search(r"Hela fokusområdet\s*12 → 79\s*\+67", text)
    assert _only_shipped_fonts(data)  # the arrows too
    arabic = pages(_pdf(leader, url + "&lang=ar"))
    assert "12 → 79" in arabic[0] and len(re.findall(ARABIC, arabic[0])) > 100
    assert leader.get(f"/lead/groups/{world.group_a}/compare.pdf?before={world.measurement}").status_code == 404
    assert leader.get(f"/lead/groups/{world.group_b}/compare.pdf?before={world.measurement}"
                      f"&after={follow_up}").status_code == 404


@pytest.fixture
def demo_leader(app):
    with app.app_context():
        demo.create(db.session())
        spring = db.session().scalar(select(Cycle.id).where(Cycle.title == "Våren 2026"))
    client = app.test_client()
    sign_in(client, demo.LEADER_EMAIL, demo.LEADER_PASSWORD)
    return client, spring


def test_a_cycle_summary_holds_all_seven_steps(demo_leader):
    client, spring = demo_leader
    data = _pdf(client, f"/lead/cycles/{spring}/summary.pdf?lang=sv")
    text = "\n".join(_every_page_carries(data, "Fritidsgården", "Våren 2026"))
    for expected in ("1. Behov", "De unga säger att de inte vet var man kan få hjälp med CV.",
                     "Övergripande mål", "Fler unga som vet hur man söker jobb",
                     "30 unga har skickat sina svar.", "28 unga har skickat sina svar.",
                     "Arbete och inflytande är lägst.", "Vägar till jobb (14 röster)",
                     "CV-kväll med arbetsförmedlingen", "Genomförd", "17",
                     "Fler vet nu hur man söker jobb.", "Vad som förändrades", "Arbete och hållbar försörjning"):
        assert expected in text, expected
    assert re.search(r"Arbete och hållbar försörjning\s*\d+ → \d+\s*[+-]\d+", text)
    assert _only_shipped_fonts(data) and ink(data) > 0.01


def test_an_arabic_cycle_summary_keeps_swedish_notes_readable(demo_leader):
    client, spring = demo_leader
    data = _pdf(client, f"/lead/cycles/{spring}/summary.pdf?lang=ar")
    text = "\n".join(_every_page_carries(data, "Fritidsgården", page_word="صفحة"))
    # Thirty takes the singular accusative in Arabic (شابًا); text extraction drops its tanween.
    assert "تحليل القادة" in text and "أرسل 30 شاب" in text
    assert "CV-kväll med arbetsförmedlingen" in text
    assert _only_shipped_fonts(data)


def test_a_join_page_has_the_code_in_large_type_and_the_qr_code(app, world, leader):
    data = _pdf(leader, f"/lead/measurements/{world.measurement}/join.pdf?lang=sv")
    with app.app_context():
        code = db.session().get(Measurement, world.measurement).code
    (text,) = _every_page_carries(data, "Grupp A")
    assert sv("Answer Läget on your phone") in text and code in text.replace(" ", "")
    assert ink(data) > 0.05  # the QR code is a large black square pattern
    arabic = pages(_pdf(leader, f"/lead/measurements/{world.measurement}/join.pdf?lang=ar"))[0]
    assert len(re.findall(ARABIC, arabic)) > 20 and code in arabic.replace(" ", "")
    token = re.search(r'name="csrf_token" value="([^"]+)"', leader.get("/lead/").text).group(1)
    assert leader.post(f"/lead/measurements/{world.measurement}/close", data={"csrf_token": token}).status_code < 400
    closed = leader.get(f"/lead/measurements/{world.measurement}/join.pdf")
    assert closed.status_code == 409 and "stängd" in closed.text


def test_a_language_not_offered_is_refused_clearly(app, world, leader):
    response = leader.get(f"/lead/measurements/{world.measurement}/report.pdf?lang=xx")
    assert response.status_code == 400 and response.mimetype == "text/html"


def test_each_pdf_is_offered_where_a_leader_looks_for_it(app, world, leader):
    answered(app, world.measurement, [4, 4, 5, 3, 2])
    pages_with_forms = {
        f"/lead/measurements/{world.measurement}/summary": f"/lead/measurements/{world.measurement}/report.pdf",
        f"/lead/cycles/{world.cycle}": f"/lead/cycles/{world.cycle}/summary.pdf",
        f"/lead/cycles/{world.cycle}/steps/baseline": f"/lead/measurements/{world.measurement}/join.pdf",
    }
    for page_url, pdf_url in pages_with_forms.items():
        page = leader.get(page_url).text
        assert f'action="{pdf_url}"' in page, page_url
        assert '<label for="' in page and sv("Language of the PDF") in page
        assert re.search(r'<option value="ar" lang="ar">العربية</option>', page)


def test_charts_on_an_arabic_page_speak_arabic_and_run_right_to_left(app, world, leader):
    """The chart macros take the page's language (they were once imported without it)."""
    answered(app, world.measurement, [4, 4, 5, 3, 2])
    token = re.search(r'name="csrf_token" value="([^"]+)"', leader.get("/lead/").text).group(1)
    assert leader.post("/language", data={"csrf_token": token, "lang": "ar", "next": "/lead/"}).status_code < 400
    page = leader.get(f"/lead/measurements/{world.measurement}/summary").text
    chart = re.search(r'<svg class="chart indexes"[^>]*aria-label="([^"]+)"', page).group(1)
    assert chart.startswith("الطريق إلى العمل: 65")
    assert 'text-anchor="end"' in page
    assert '<option value="ar" lang="ar" selected>' in page  # the PDF comes in the page's language


def test_a_cycle_summary_for_too_few_shows_no_figures(app, world, leader):
    answered(app, world.measurement, [5, 1, 5, 1])
    text = "\n".join(pages(_pdf(leader, f"/lead/cycles/{world.cycle}/summary.pdf")))
    assert "4 unga har skickat sina svar." in text
    assert "Resultat visas när minst 5 unga har svarat" in text
    assert "Hälsa" not in text  # no bar for any focus area
    assert sv("Shown when both Läget 1 and Läget 2 have results.") in text
    assert "Sommarjobb" in text and "Läxhjälp" in text  # the need and the activity are still there
