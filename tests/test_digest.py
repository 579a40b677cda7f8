"""The digest per month or quarter: wins, decisions, what moved on the goals, what was learned, what comes next;
a page, and a PDF in every language set in the shipped fonts."""

from datetime import date

import pytest

from mina_svar import cycles, db, digest, goals, learning, steering
from mina_svar.config import LANGUAGES
from mina_svar.models import Activity, ActivityWin, Cycle, User

from .conftest import csrf_token, page_meant, sqlite_only, words
from .languages import sv
from .languages import words as said_in
from .pdfs import pages
from .test_printing import _only_shipped_fonts, _pdf


def test_a_period_is_a_month_or_a_quarter_and_none_is_the_last_whole_quarter():
    assert digest.span("2026-11", date(2026, 12, 6)) == digest.Span("2026-11", date(2026, 11, 1), date(2026, 11, 30))
    assert digest.span("2026-q4", date(2026, 12, 6)).ends == date(2026, 12, 31)
    assert digest.span("2026-12", date(2026, 12, 6)).next().key == "2027-01"
    assert digest.span(None, date(2026, 12, 6)) == digest.Span("2026-Q3", date(2026, 7, 1), date(2026, 9, 30))
    assert digest.span(None, date(2026, 2, 1)).key == "2025-Q4"
    for wrong in ("2026-13", "2026-Q5", "höst", "2026"):
        with pytest.raises(digest.NotAPeriod):
            digest.span(wrong, date(2026, 12, 6))


def _a_quarter_of_work(app, world) -> None:
    """In the third quarter of 2026: a win, a decision, a learning; an activity starting in the fourth."""
    with app.app_context():
        session = db.session()
        cycle = session.get(Cycle, world.cycle)
        leader = session.get(User, world.leader_a)
        goals.create_goal(session, "Unga har en väg in i arbete", "work")
        activity = session.get(Activity, world.activity)
        activity.starts_on = date(2026, 3, 1)
        win = cycles.note_win(session, activity, "Två fick sommarjobb", leader, "young_people")
        win.noted_on = date(2026, 8, 20)
        coordinator = session.scalar(__import__("sqlalchemy").select(User).where(User.role == "coordinator"))
        steering.write(session, coordinator, date(2026, 9, 1), "decision", "actors", "Bjud in biblioteket")
        steering.write(session, coordinator, date(2026, 9, 2), "note", None, "En anteckning, inget beslut")
        learning.write(session, leader, date(2026, 9, 10), "Fråga de unga först", changing="De väljer dag")
        cycles.add_item(session, cycle, Activity(title="Höstens CV-kväll", starts_on=date(2026, 10, 5)), leader)
        late = cycles.note_win(session, activity, "En senare vinst", leader)
        late.noted_on = date(2026, 10, 2)
        session.commit()


def test_a_quarters_digest_holds_what_happened_in_it_and_what_comes_next(app, world):
    _a_quarter_of_work(app, world)
    with app.app_context():
        found = digest.digest(db.session(), digest.span("2026-Q3", date(2026, 12, 6)),
                              app.extensions["mina_svar.structures"], 5)
        assert [w.text for w in found.wins] == ["Två fick sommarjobb"]
        assert [n.text for n in found.decisions] == ["Bjud in biblioteket"]  # decisions, not notes
        assert [e.learned for e in found.learnings] == ["Fråga de unga först"]
        assert [a.title for a in found.coming] == ["Höstens CV-kväll"]
        assert found.moved == []  # the goal has no key figure
        assert db.session().query(ActivityWin).count() == 2


def test_the_digest_reads_on_a_page_and_a_bad_period_is_refused(app, world, coordinator):
    _a_quarter_of_work(app, world)
    page = words(page_meant(coordinator, "/digest/?period=2026-Q3"))
    assert "Två fick sommarjobb" in page and "Bjud in biblioteket" in page and "Höstens CV-kväll" in page
    assert "En senare vinst" not in page and sv("made by the young people themselves") in page
    assert coordinator.get("/digest/?period=2026-Q9").status_code == 400
    assert coordinator.get("/digest/digest.pdf?period=2026-Q3&lang=xx").status_code == 400


@pytest.mark.slow
@sqlite_only  # fonts are the same whichever database holds the words
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_digest_as_a_pdf_in_every_language_is_set_in_the_shipped_fonts(app, world, coordinator, language):
    _a_quarter_of_work(app, world)
    data = _pdf(coordinator, f"/digest/digest.pdf?period=2026-Q3&lang={language}")
    text = " ".join(pages(data))
    assert "Två fick sommarjobb" in text and _only_shipped_fonts(data)
    heading = said_in(language)("What comes next")
    assert heading.split()[0] in text


def test_the_digest_is_mailed_to_partners_and_the_steering_group_each_in_their_language(app, world, mailbox):
    from mina_svar import accounts, organising

    from .staff import PASSWORD

    _a_quarter_of_work(app, world)
    with app.app_context():
        session = db.session()
        partner = organising.create_organisation(session, "Jobbtorget")
        accounts.create_user(session, "p@example.org", "Per", PASSWORD, role="partner", organisation=partner)
        member = accounts.create_user(session, "s@example.org", "Siv", PASSWORD, role="steering")
        member.language = "ar"
        session.commit()
    sent = app.test_cli_runner().invoke(args=["digest", "send", "--period", "2026-Q3"])
    assert sent.exit_code == 0, sent.output
    assert "2 of 2 letters" in sent.output
    swedish, arabic = mailbox.wait_for("p@example.org"), mailbox.wait_for("s@example.org")
    assert mailbox.to("a@example.org") == []  # leaders are not sent the digest
    body = swedish.get_content()
    assert "Två fick sommarjobb" in body and "Bjud in biblioteket" in body and sv("What comes next") in body
    assert "/digest/?period=2026-Q3" in body and "lang=sv" in body
    assert said_in("ar")("What comes next") in arabic.get_content() and "lang=ar" in arabic.get_content()
    assert arabic["Subject"].startswith(said_in("ar")("The digest of Mina Svar: %(period)s").split("%")[0].strip())
    refused = app.test_cli_runner().invoke(args=["digest", "send", "--period", "höst"])
    assert refused.exit_code == 1


def test_without_a_mail_server_the_digest_is_not_sent_and_the_command_says_so(app, world):
    app.config["MAIL_SERVER"] = None
    said = app.test_cli_runner().invoke(args=["digest", "send"])
    assert said.exit_code == 1 and "No mail server" in said.output


def test_a_staff_members_language_is_remembered_for_their_letters_and_their_next_sign_in(app, world, leader):
    token = csrf_token(page_meant(leader, "/lead/"))
    assert leader.post("/language", data={"csrf_token": token, "lang": "fa", "next": "/lead/"}).status_code == 302
    with app.app_context():
        assert db.session().get(User, world.leader_a).language == "fa"
    from .staff import sign_in

    again = app.test_client()
    sign_in(again, "a@example.org")
    assert 'lang="fa"' in again.get("/lead/").text
