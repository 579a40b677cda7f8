"""Invitations and forgotten passwords: one-time links to choose a password, sent through a real SMTP server."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from mina_svar import accounts, db, organising, sign_in_links
from mina_svar.models import SignInLink, User, utcnow

from .conftest import csrf_token, page_meant, words
from .languages import sv
from .mailbox import link_in
from .staff import PASSWORD, sign_in
from .test_races import _at_once

NEW = "my-own-new-password"


def _user(session, email="nora@example.org"):
    return session.scalar(select(User).where(User.email == email))


def test_an_invited_account_has_no_password_until_its_link_chooses_one(session):
    nora, token = organising.create_account(session, "Nora@example.org", "Nora", "leader", None)
    for tried in ("", "unused-until-reset", PASSWORD):
        assert accounts.authenticate(session, "nora@example.org", tried) is None
    assert sign_in_links.owner(session, token) is nora
    assert sign_in_links.owner(session, token + "x") is None
    with pytest.raises(accounts.AccountError):
        sign_in_links.use(session, token, "short")
    assert sign_in_links.use(session, token, NEW) is nora
    assert accounts.authenticate(session, "nora@example.org", NEW) is nora
    # Once: the link is spent, and a second use chooses nothing.
    assert sign_in_links.owner(session, token) is None
    assert sign_in_links.use(session, token, "someone-elses-password") is None
    assert accounts.authenticate(session, "nora@example.org", NEW) is nora
    # The database keeps only a hash of the token.
    assert token not in {link.token_hash for link in session.scalars(select(SignInLink))}


def test_a_link_expires_and_choosing_a_password_ends_every_other_link(session):
    nora, invitation = organising.create_account(session, "nora@example.org", "Nora", "leader", None)
    reset = sign_in_links.make(session, nora, "reset")
    later = sign_in_links.make(session, nora, "reset")
    session.execute(update(SignInLink).where(SignInLink.purpose == "invitation")
                    .values(expires_at=utcnow() - timedelta(seconds=1)))
    assert sign_in_links.owner(session, invitation) is None
    assert sign_in_links.use(session, invitation, NEW) is None
    assert sign_in_links.use(session, reset, NEW) is nora
    assert sign_in_links.owner(session, later) is None  # every other link ended with it
    # Changing the password by hand ends the links too; an account switched off has none that work.
    fresh = sign_in_links.make(session, nora, "reset")
    accounts.change_password(session, nora, NEW, "yet-another-password")
    assert sign_in_links.owner(session, fresh) is None
    fresh = sign_in_links.make(session, nora, "reset")
    nora.active = False
    assert sign_in_links.owner(session, fresh) is None
    assert sign_in_links.use(session, fresh, NEW) is None


def test_lifetimes_are_a_week_for_an_invitation_and_two_hours_for_a_forgotten_password(session):
    nora, _token = organising.create_account(session, "nora@example.org", "Nora", "leader", None)
    sign_in_links.make(session, nora, "reset")
    lifetimes = {link.purpose: link.expires_at - link.created_at for link in session.scalars(select(SignInLink))}
    assert timedelta(days=7) - lifetimes["invitation"] < timedelta(seconds=5)
    assert timedelta(hours=2) - lifetimes["reset"] < timedelta(seconds=5)


def _invite(coordinator, name="Nora", email="nora@example.org"):
    page = coordinator.get("/coordinate/")
    organisation = re.search(r'<option value="(\d+)">Föreningen</option>', page.text).group(1)
    return coordinator.post("/coordinate/accounts", data={
        "csrf_token": csrf_token(page.text), "account-name": name, "account-email": email,
        "account-role": "leader", "account-organisation": organisation})


def _choose(client, link: str, password: str = NEW, repeat: str | None = None):
    path = link[link.index("/sign-in/link/"):]
    page = client.get(path)
    assert page.status_code == 200 and sv("Choose your password") in page.text
    return client.post(path, data={"csrf_token": csrf_token(page.text), "new": password,
                                   "repeat": password if repeat is None else repeat})


def test_the_coordinator_invites_by_email_and_the_new_leader_chooses_a_password(coordinator, mailbox, app):
    made = _invite(coordinator)
    assert made.status_code == 200 and "Ett brev med en länk" in made.text
    assert 'data-testid="sign-in-link"' not in made.text  # the link went by mail only
    letter = mailbox.wait_for("nora@example.org")
    assert letter["Subject"] == "Ditt konto i Mina Svar"
    body = letter.get_body(("plain",)).get_content()
    assert "Hej Nora," in body and "Samordnare har gjort ett konto åt dig" in body and sv("within 7 days") in body
    link = link_in(letter)
    assert link.startswith("http://localhost/sign-in/link/")
    assert sv("Not chosen yet") in coordinator.get("/coordinate/").text

    nora = app.test_client()
    differ = _choose(nora, link, repeat="something-else-entirely")
    assert differ.status_code == 400 and sv("The two new passwords differ.") in differ.text
    short = _choose(nora, link, password="short")
    assert short.status_code == 400 and "minst 10 tecken" in short.text
    chosen = _choose(nora, link)
    assert chosen.status_code == 302 and chosen.location == "/lead/"
    assert "Välkommen, Nora." in nora.get("/lead/").text  # signed in
    spent = nora.get(link[link.index("/sign-in/link/"):])
    assert spent.status_code == 404 and sv("This link no longer works") in spent.text
    assert sign_in(app.test_client(), "nora@example.org", NEW).status_code == 302
    assert sv("Not chosen yet") not in page_meant(coordinator, "/coordinate/")


def test_without_a_mail_server_the_coordinator_is_shown_the_link_to_pass_on(coordinator, app):
    assert not app.config.get("MAIL_SERVER")
    assert "Du får en länk att ge" in coordinator.get("/coordinate/").text
    made = _invite(coordinator)
    assert made.status_code == 200 and sv("This server sends no e-mail.") in made.text
    link = re.search(r'data-testid="sign-in-link">([^<]+)<', made.text).group(1)
    assert link.startswith("http://localhost/sign-in/link/")
    assert _choose(app.test_client(), link).status_code == 302
    # The forgotten-password page says whom to ask instead of pretending to send.
    forgot = app.test_client().get("/forgot-password")
    assert forgot.status_code == 200 and "Be din samordnare om en inloggningslänk" in forgot.text
    assert 'name="email"' not in forgot.text


def test_a_mail_server_that_refuses_leaves_the_link_with_the_coordinator(coordinator, mailbox, app):
    app.config["MAIL_PORT"] = 1  # nothing listens there
    made = _invite(coordinator)
    assert made.status_code == 200 and sv("The mail server did not take the letter.") in made.text
    assert 'data-testid="sign-in-link"' in made.text
    with app.app_context():
        assert _user(db.session()) is not None  # the account is made all the same


def test_a_coordinators_new_link_signs_out_the_old_password_only_once_used(coordinator, app, world):
    leader = app.test_client()
    assert sign_in(leader, "a@example.org").status_code == 302
    token = csrf_token(coordinator.get("/coordinate/").text)
    sent = coordinator.post(f"/coordinate/accounts/{world.leader_a}/link", data={"csrf_token": token})
    assert sent.status_code == 200 and "En ny inloggningslänk för Ledare A" in words(sent.text)
    link = re.search(r'data-testid="sign-in-link">([^<]+)<', sent.text).group(1)
    # A misclick locks nobody out: the old password works until the link is used.
    assert leader.get("/lead/").status_code == 200
    assert _choose(app.test_client(), link).status_code == 302
    assert leader.get("/lead/").status_code == 302  # signed out by the new password
    assert sign_in(app.test_client(), "a@example.org").status_code == 401
    assert sign_in(app.test_client(), "a@example.org", NEW).status_code == 302


def _forgot(client, email: str, **headers):
    page = client.get("/forgot-password", headers=headers)
    assert page.status_code == 200, page.text
    return client.post("/forgot-password", data={"csrf_token": csrf_token(page.text), "email": email},
                       headers=headers, buffered=True)


def test_a_forgotten_password_is_mailed_and_the_answer_does_not_tell_who_has_an_account(app, world, mailbox):
    client = app.test_client()
    page = client.get("/sign-in").text
    assert 'href="/forgot-password"' in page
    known = _forgot(client, " A@example.org ", Host="evil.example")
    unknown = _forgot(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    assert "Om ett konto har den adressen" in known.text

    def main(response):
        return response.text[response.text.index("<main"):response.text.index("</main>")]
    assert main(known) == main(unknown)
    letter = mailbox.wait_for("a@example.org")
    assert letter["Subject"] == "Välj ett nytt lösenord till Mina Svar"
    link = link_in(letter)
    # Made from the configured address, never from the Host header the asker sent.
    assert link.startswith("http://localhost/sign-in/link/") and "evil" not in link
    assert sv("within 2 hours") in letter.get_body(("plain",)).get_content()
    assert mailbox.to("nobody@example.org") == []
    assert sign_in(app.test_client(), "a@example.org").status_code == 302  # asking changed nothing yet
    assert _choose(app.test_client(), link).status_code == 302
    assert sign_in(app.test_client(), "a@example.org", NEW).status_code == 302


def test_the_forgotten_password_form_is_limited_per_address_whether_or_not_it_has_an_account(app, world, mailbox):
    for email in ("a@example.org", "nobody@example.org"):
        client = app.test_client()
        answers = [_forgot(client, email).status_code for _ in range(6)]
        assert answers == [200] * 5 + [429], (email, answers)
    assert len(mailbox.to("a@example.org")) <= 5
    bad = _forgot(app.test_client(), "not an address at all" * 30)
    assert bad.status_code == 400


def test_two_tabs_sending_one_link_at_once_choose_one_password(app, world):
    with app.app_context():
        session = db.session()
        token = sign_in_links.make(session, session.get(User, world.leader_a), "reset")
        session.commit()
    path = f"/sign-in/link/{token}"
    results = []

    def tab(password):
        client = app.test_client()
        form = {"csrf_token": csrf_token(client.get(path).text), "new": password, "repeat": password}

        def action():
            results.append((password, client.post(path, data=form).status_code))
        return action

    raised = _at_once(tab("first-long-password"), tab("second-long-password"))
    assert raised == [None, None]
    assert sorted(status for _, status in results) == [302, 404]
    winner = next(password for password, status in results if status == 302)
    assert sign_in(app.test_client(), "a@example.org", winner).status_code == 302
