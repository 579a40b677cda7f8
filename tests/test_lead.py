"""The leaders' workspace through HTTP: signing in, a cycle's steps, needs, Läget 1."""

import re

from sqlalchemy import func, select

from mina_svar import db
from mina_svar.models import Activity, Answer, AuditEvent, CycleStep, Need

from .conftest import csrf_token, page_meant
from .languages import sv
from .staff import PASSWORD, answered, release, sign_in

HTMX = {"HX-Request": "true"}


def _token(client, url="/lead/"):
    return csrf_token(client.get(url).text)


def test_wrong_email_and_wrong_password_get_the_same_message(app, world):
    client = app.test_client()
    wrong_password = sign_in(client, "a@example.org", "not-the-password")
    wrong_email = sign_in(client, "nobody@example.org", PASSWORD)
    assert wrong_password.status_code == wrong_email.status_code == 401
    message = "Den e-postadressen och det lösenordet stämmer inte med något konto."
    assert message in wrong_password.text and message in wrong_email.text


def test_sign_in_is_rate_limited(app, world):
    client = app.test_client()
    answers = [sign_in(client, "a@example.org", "guess").status_code for _ in range(11)]
    assert answers[:10] == [401] * 10 and answers[10] == 429
    assert "För många försök" in sign_in(client, "a@example.org").text


def test_sign_in_returns_to_the_page_asked_for_and_sign_out_ends_it(app, world):
    client = app.test_client()
    asked = client.get(f"/lead/groups/{world.group_a}")
    assert asked.location == f"/sign-in?next=%2Flead%2Fgroups%2F{world.group_a}"
    page = client.get(asked.location)
    signed_in = client.post(asked.location, data={"csrf_token": csrf_token(page.text),
                                                  "email": "a@example.org", "password": PASSWORD})
    assert signed_in.location == f"/lead/groups/{world.group_a}"
    assert "Grupp A" in client.get(signed_in.location).text
    assert client.post("/sign-out", data={"csrf_token": _token(client)}).status_code < 400
    assert client.get("/lead/").status_code == 302


def test_changing_the_password(app, world, leader):
    token = _token(leader, "/account/password")
    mismatch = leader.post("/account/password", data={"csrf_token": token, "current": PASSWORD,
                                                      "new": "new-long-password", "repeat": "other"})
    assert mismatch.status_code == 400 and sv("The two new passwords differ.") in mismatch.text
    wrong = leader.post("/account/password", data={"csrf_token": token, "current": "wrong",
                                                   "new": "new-long-password", "repeat": "new-long-password"})
    assert wrong.status_code == 400 and sv("That is not your current password.") in wrong.text
    done = leader.post("/account/password", data={"csrf_token": token, "current": PASSWORD,
                                                  "new": "new-long-password", "repeat": "new-long-password"})
    assert done.status_code == 302
    assert leader.get("/lead/").status_code == 200
    assert sign_in(app.test_client(), "a@example.org", "new-long-password").status_code == 302


def test_starting_a_cycle(app, world, leader):
    url = f"/lead/groups/{world.group_a}"
    token = _token(leader, url)
    bad = leader.post(url, data={"csrf_token": token, "title": "", "period_start": "2026-09-01",
                                 "period_end": "2026-08-01"})
    assert bad.status_code == 400
    assert 'aria-invalid="true"' in bad.text and sv("The period cannot end before it starts.") in bad.text
    started = leader.post(url, data={"csrf_token": token, "title": "Hösten 2026", "period_start": "2026-09-01",
                                     "period_end": "2026-12-18"})
    cycle_page = leader.get(started.location).text
    assert "Hösten 2026" in cycle_page and "Nu: steg 1, Behov." in cycle_page
    assert cycle_page.count('class="number"') == 7


def test_needs_are_added_edited_and_removed_in_place(app, world, leader):
    step_url = f"/lead/cycles/{world.cycle}/steps/needs"
    token = _token(leader, step_url)
    added = leader.post(f"/lead/cycles/{world.cycle}/needs", headers=HTMX,
                        data={"csrf_token": token, "text": "Trygg väg hem", "source": "observation",
                              "focus_area": "housing"})
    assert added.status_code == 200 and "<html" not in added.text
    assert "Trygg väg hem" in added.text and "Boende och levnadsvillkor" in added.text
    empty = leader.post(f"/lead/cycles/{world.cycle}/needs", headers=HTMX,
                        data={"csrf_token": token, "text": " ", "source": "observation", "focus_area": ""})
    assert empty.status_code == 400 and "Det här fältet är obligatoriskt." in empty.text
    edit_form = leader.get(f"/lead/needs/{world.need}/edit", headers=HTMX)
    assert edit_form.text.strip().startswith('<li class="card" id="need-')
    edited = leader.post(f"/lead/needs/{world.need}/edit", headers=HTMX,
                         data={"csrf_token": token, "text": "Sommarjobb för 15-åringar", "source": "statistics",
                               "focus_area": "work"})
    assert "Sommarjobb för 15-åringar" in edited.text and sv("Statistics") in edited.text
    confirm = leader.get(f"/lead/needs/{world.need}/delete")
    assert confirm.status_code == 200 and sv("Remove this need?") in confirm.text
    removed = leader.post(f"/lead/needs/{world.need}/delete", data={"csrf_token": token})
    assert removed.location == step_url
    with app.app_context():
        texts = list(db.session().scalars(select(Need.text)))
        actions = list(db.session().scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert texts == ["Trygg väg hem"]
    assert actions[-3:] == ["need.add", "need.edit", "need.remove"]


def test_the_first_need_or_activity_starts_its_step_on_the_page_too(app, world, leader):
    with app.app_context():
        for step in db.session().scalars(select(CycleStep).where(CycleStep.cycle_id == world.cycle)):
            step.state = "todo"
        db.session().commit()
    for key, url, fields in (("needs", "needs", {"text": "Trygg väg hem", "source": "observation", "focus_area": ""}),
                             ("activities", "activities", {"title": "Läxhjälp", "status": "planned",
                                                           "responsible_organisation_id": "0"})):
        page = leader.get(f"/lead/cycles/{world.cycle}/steps/{key}").text
        assert "Status: <strong>Inte påbörjat</strong>" in page
        added = leader.post(f"/lead/cycles/{world.cycle}/{url}", headers=HTMX,
                            data={"csrf_token": csrf_token(page), **fields})
        assert added.status_code == 200 and "<html" not in added.text
        state = '<p class="step-state" id="step-state" hx-swap-oob="true">Status: <strong>Påbörjat</strong>'
        assert state in added.text
        assert '<ol class="stepper" id="stepper"' in added.text and 'hx-swap-oob="true"' in added.text


def test_an_activity_answers_needs_and_the_cycle_shows_the_needs_nothing_answers(app, world, leader):
    step6 = f"/lead/cycles/{world.cycle}/steps/activities"
    page = leader.get(step6).text
    with app.app_context():
        need_text = db.session().get(Need, world.need).text
    assert sv("Nothing answers it yet.") in page and need_text in page  # the needs come back in step 6
    cycle_page = leader.get(f"/lead/cycles/{world.cycle}").text
    assert sv("Needs that nothing answers yet") in cycle_page and need_text in cycle_page
    stranger = leader.post(f"/lead/cycles/{world.cycle}/activities", headers=HTMX, data={
        "csrf_token": csrf_token(page), "title": "Nattfotboll", "status": "planned", "responsible_organisation_id": "0",
        "need_ids": "999999"})
    assert stranger.status_code == 400 and "Nattfotboll" not in stranger.text.split("<form")[0]  # not this cycle's
    added = leader.post(f"/lead/cycles/{world.cycle}/activities", headers=HTMX, data={
        "csrf_token": csrf_token(page), "title": "Sommarjobbsmässa", "status": "planned",
        "responsible_organisation_id": "0", "need_ids": str(world.need)})
    assert added.status_code == 200
    # The needs are given again in the same answer: the page shows the need answered at once.
    oob = added.text[added.text.index('<div id="needs-answered" hx-swap-oob="true">'):]
    assert "Svaras av: <bdi" in oob and sv("Nothing answers it yet.") not in oob
    page = leader.get(step6).text
    assert sv("Nothing answers it yet.") not in page and "Svaras av: <bdi" in page
    assert sv("Needs that nothing answers yet") not in page_meant(leader, f"/lead/cycles/{world.cycle}")
    with app.app_context():
        activity_id = db.session().scalar(select(Activity.id).where(Activity.title == "Sommarjobbsmässa"))
    edit = f"/lead/activities/{activity_id}/edit"
    edited = leader.post(edit, headers=HTMX, data={
        "csrf_token": csrf_token(leader.get(edit).text), "title": "Sommarjobbsmässa", "status": "planned",
        "responsible_organisation_id": "0"})  # no need ticked any more
    assert edited.status_code == 200
    assert sv("Nothing answers it yet.") in edited.text[edited.text.index('<div id="needs-answered" hx-swap-oob'):]


def test_a_done_cycle_ends_and_the_next_starts_with_what_carries_over(app, world, leader):
    from mina_svar.models import Cycle, CycleQuestion

    cycle_url = f"/lead/cycles/{world.cycle}"
    page = leader.get(cycle_url).text
    assert sv("This cycle is done") not in page and "Fortsätt med steg" in page
    early = leader.post(f"{cycle_url}/next", data={"csrf_token": csrf_token(page), "title": "För tidigt"})
    assert early.location == cycle_url and "Nästa cykel börjar när varje steg" in leader.get(cycle_url).text
    with app.app_context():
        session = db.session()
        cycle = session.get(Cycle, world.cycle)
        for step in cycle.steps:
            step.state = "done"
        session.add(CycleQuestion(cycle_id=world.cycle, position=1, text={"sv": "Känner du dig trygg?"},
                                  scale="agree5"))
        cycle.pairing_key = "k" * 64
        need_text = session.get(Need, world.need).text
        session.commit()
    page = leader.get(cycle_url).text
    assert sv("This cycle is done") in page and "Fortsätt med steg" not in page
    assert "1 behov som inget svarade på ännu (steg 1)" in page and "gruppens 1 egna fråga (steg 2)" in page
    untitled = leader.post(f"{cycle_url}/next", data={"csrf_token": csrf_token(page), "title": " "})
    assert untitled.status_code == 400 and sv("This cycle is done") in untitled.text
    started = leader.post(f"{cycle_url}/next", data={"csrf_token": csrf_token(page), "title": "Hösten 2027"})
    assert started.status_code == 302
    with app.app_context():
        session = db.session()
        new = session.scalar(select(Cycle).where(Cycle.title == "Hösten 2027"))
        assert started.location == f"/lead/cycles/{new.id}"
        assert [n.text for n in new.needs] == [need_text]
        assert [q.text for q in new.own_questions] == [{"sv": "Känner du dig trygg?"}]
        assert new.pairing_key and new.pairing_key != "k" * 64  # offered again, with a key of its own
        assert {s.key: s.state for s in new.steps}["needs"] == "started"


def test_two_leaders_saving_the_same_step_are_told_not_overwritten(app, world, leader):
    other = app.test_client()
    sign_in(other, "c@example.org")
    url = f"/lead/cycles/{world.cycle}/steps/first_meeting"
    mine, theirs = leader.get(url).text, other.get(url).text
    version = re.search(r'name="version" type="hidden" value="(\d+)"', mine).group(1)
    first = other.post(url, data={"csrf_token": csrf_token(theirs), "version": version,
                                  "goals": "Samordnarens mål", "attendance": "12"})
    assert first.status_code == 302
    late = leader.post(url, data={"csrf_token": csrf_token(mine), "version": version,
                                  "goals": "Ledarens mål", "attendance": "14"})
    assert late.status_code == 409
    assert "Någon annan sparade det här steget medan du redigerade det." in late.text
    assert "Samordnarens mål" in late.text and "Ledarens mål" in late.text
    assert "Samordnarens mål" in leader.get(url).text
    bad = leader.post(url, data={"csrf_token": csrf_token(mine), "version": version, "attendance": "-3"})
    assert bad.status_code in (400, 409)


def test_first_meeting_is_recorded_and_the_step_marked_done(app, world, leader):
    url = f"/lead/cycles/{world.cycle}/steps/first_meeting"
    page = leader.get(url).text
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    saved = leader.post(url, data={"csrf_token": csrf_token(page), "version": version, "held_on": "2026-09-10",
                                   "attendance": "14", "expectations": "Att bli lyssnad på",
                                   "goals": "Fler i jobb", "measurement_plan": "Läget två gånger"})
    assert saved.status_code == 302
    page = leader.get(url).text
    assert 'value="2026-09-10"' in page and "Att bli lyssnad på</textarea>" in page
    invalid = leader.post(url, data={"csrf_token": csrf_token(page), "version": "2", "held_on": "den tionde"})
    assert invalid.status_code == 400 and 'aria-invalid="true"' in invalid.text
    assert leader.post(f"{url}/state", data={"csrf_token": csrf_token(page), "done": "1"}).status_code < 400
    assert sv("Done") in leader.get(url).text


def test_läget_1_is_opened_shown_counted_and_closed(app, world, leader):
    url = f"/lead/cycles/{world.cycle}/steps/baseline"
    page = leader.get(url).text
    code = re.search(r'data-testid="join-code">(\w+)<', page).group(1)
    assert f"/j/{code}" in page and "qr.svg" in page
    qr = leader.get(f"/lead/measurements/{world.measurement}/qr.svg")
    assert qr.headers["Content-Type"] == "image/svg+xml" and qr.text.startswith("<svg")
    assert code in leader.get(f"/lead/measurements/{world.measurement}/print").text
    phone = app.test_client()
    welcome = phone.get(f"/j/{code}")
    assert phone.post(f"/j/{code}/start", data={"csrf_token": csrf_token(welcome.text), "lang": "ar"}).status_code < 400
    count = leader.get(f"/lead/measurements/{world.measurement}/count", headers=HTMX)
    assert "0 unga har skickat sina svar;\n    1 har börjat." in count.text and "<html" not in count.text
    asked = leader.get(f"/lead/measurements/{world.measurement}/close")
    assert asked.status_code == 200 and "Stänga Läget 1" in asked.text and sv("Keep it open") in asked.text
    with app.app_context():  # asking closes nothing
        assert db.session().scalar(select(func.count()).select_from(AuditEvent)
                                   .where(AuditEvent.action == "measurement.close")) == 0
    closed = leader.post(f"/lead/measurements/{world.measurement}/close", data={"csrf_token": csrf_token(page)})
    assert closed.location == url
    assert sv("Closed.") in leader.get(url).text
    assert phone.get(f"/j/{code}/1").status_code == 410
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(AuditEvent)
                                   .where(AuditEvent.action == "measurement.close")) == 1


def test_activities_are_planned_linked_and_followed(app, world, leader):
    step_url = f"/lead/cycles/{world.cycle}/steps/activities"
    page = leader.get(step_url).text
    assert 'value="work.ways_in"' in page and "Arbete och hållbar försörjning: Vägar till jobb" in page
    token = csrf_token(page)
    backwards = leader.post(f"/lead/cycles/{world.cycle}/activities", headers=HTMX, data={
        "csrf_token": token, "title": "Sommarjobbsmässa", "status": "planned", "responsible_organisation_id": "0",
        "starts_on": "2026-10-10", "ends_on": "2026-10-01"})
    assert backwards.status_code == 400 and sv("An activity cannot end before it starts.") in backwards.text
    added = leader.post(f"/lead/cycles/{world.cycle}/activities", headers=HTMX, data={
        "csrf_token": token, "title": "Sommarjobbsmässa", "status": "planned", "responsible_organisation_id": "1",
        "focus_area_keys": ["work", "education"], "indicator_keys": ["work.ways_in"],
        "starts_on": "2026-10-01", "ends_on": "2026-10-01"})
    assert added.status_code == 200 and "<html" not in added.text
    assert "Sommarjobbsmässa" in added.text and "Arbete och hållbar försörjning, Utbildning" in added.text
    activity_id = re.findall(r'id="activity-(\d+)"', added.text)[-1]
    edited = leader.post(f"/lead/activities/{activity_id}/edit", data={
        "csrf_token": token, "title": "Sommarjobbsmässa", "status": "done", "responsible_organisation_id": "1",
        "focus_area_keys": ["work"], "attendance": "23"})
    assert edited.location == step_url
    page = leader.get(step_url).text
    assert sv("Carried out") in page and "23 deltog" in page
    assert sv("Remove this activity?") in leader.get(f"/lead/activities/{activity_id}/delete").text
    assert leader.post(f"/lead/activities/{activity_id}/delete", data={"csrf_token": token}).status_code < 400
    assert "Sommarjobbsmässa" not in page_meant(leader, step_url)


def test_the_leaders_see_a_summary_only_for_enough_young_people(app, world, leader):
    page = leader.get(f"/lead/measurements/{world.measurement}/summary")
    assert page.status_code == 200
    assert "Resultat visas när minst 5 unga har svarat" in page.text and "<table>" not in page.text


def test_done_saves_what_is_on_the_page_and_leads_to_the_next_step(app, world, leader):
    url = f"/lead/cycles/{world.cycle}/steps/first_meeting"
    page = leader.get(url).text
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    done = leader.post(url, data={"csrf_token": csrf_token(page), "version": version, "done": "1",
                                  "expectations": "Att bli lyssnad på", "goals": "Fler i jobb"})
    assert done.status_code == 302 and done.location == f"/lead/cycles/{world.cycle}/steps/baseline"
    page = leader.get(url).text
    assert "Att bli lyssnad på</textarea>" in page and "Fler i jobb</textarea>" in page
    assert "Status: <strong>Klart</strong>" in page and sv("Open this step again") in page
    # A step without notes of its own is marked done, and leads on, with one button.
    needs = f"/lead/cycles/{world.cycle}/steps/needs"
    moved = leader.post(f"{needs}/state", data={"csrf_token": csrf_token(page), "done": "1"})
    assert moved.location == f"/lead/cycles/{world.cycle}/steps/first_meeting"
    again = leader.post(f"{needs}/state", data={"csrf_token": csrf_token(page), "done": "0"})
    assert again.location == needs and "Status: <strong>Påbörjat</strong>" in leader.get(needs).text
    # After the last step, "done" leads to the whole cycle.
    last = leader.get(f"/lead/cycles/{world.cycle}/steps/follow_up").text
    version = re.search(r'name="version" type="hidden" value="(\d+)"', last).group(1)
    end = leader.post(f"/lead/cycles/{world.cycle}/steps/follow_up",
                      data={"csrf_token": csrf_token(last), "version": version, "done": "1", "reflection": "Bra"})
    assert end.location == f"/lead/cycles/{world.cycle}"


def test_drafts_are_saved_as_the_leader_types_and_never_over_another_leaders_text(app, world, leader):
    url = f"/lead/cycles/{world.cycle}/steps/group_analysis"
    page = leader.get(url).text
    version = int(re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1))
    data = {"csrf_token": csrf_token(page), "version": version, "priorities": "Trygghet först"}
    saved = leader.post(url, data=data, headers=HTMX)
    assert saved.status_code == 200 and "<html" not in saved.text and sv("Draft saved.") in saved.text
    assert f'name="version" type="hidden" value="{version + 1}" hx-swap-oob="true"' in saved.text
    assert "Trygghet först</textarea>" in leader.get(url).text
    other = app.test_client()
    sign_in(other, "c@example.org")
    theirs = other.get(url).text
    sent = other.post(url, data={"csrf_token": csrf_token(theirs), "version": version + 1, "priorities": "Jobb först"})
    assert sent.status_code < 400
    stale = leader.post(url, data=data | {"version": version + 1, "priorities": "Trygghet, sedan jobb"},
                        headers=HTMX)
    assert stale.status_code == 409
    assert 'Inte sparat: <bdi dir="ltr">Samordnare</bdi> sparade steget under tiden.' in stale.text
    assert "Jobb först" in stale.text and "hx-swap-oob" not in stale.text
    assert "Jobb först</textarea>" in leader.get(url).text
    # With the button, the leader sees both texts once and then saves over theirs knowingly.
    pressed = leader.post(url, data=data | {"version": version + 1, "priorities": "Trygghet, sedan jobb"})
    assert pressed.status_code == 409 and "Trygghet, sedan jobb</textarea>" in pressed.text
    newest = re.search(r'name="version" type="hidden" value="(\d+)"', pressed.text).group(1)
    kept = leader.post(url, data=data | {"version": newest, "priorities": "Trygghet, sedan jobb"})
    assert kept.status_code == 302 and "Trygghet, sedan jobb</textarea>" in leader.get(url).text


def test_a_whole_cycle_from_an_empty_group_to_a_closed_läget_2(app, world, leader):
    token = _token(leader, f"/lead/groups/{world.group_a}")
    started = leader.post(f"/lead/groups/{world.group_a}", data={"csrf_token": token, "title": "Hela cykeln"})
    cycle = int(started.location.rsplit("/", 1)[1])
    base = f"/lead/cycles/{cycle}"

    def save(key, **fields):
        page = leader.get(f"{base}/steps/{key}").text
        version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
        assert leader.post(f"{base}/steps/{key}", data={"csrf_token": token, "version": version,
                                                        **fields}).status_code == 302

    def done(key):
        assert leader.post(f"{base}/steps/{key}/state", data={"csrf_token": token, "done": "1"}).status_code < 400

    assert leader.post(f"{base}/needs", data={"csrf_token": token, "text": "Trygghet", "source": "conversation",
                                       "focus_area": "housing"}).status_code < 400
    done("needs")
    save("first_meeting", held_on="2026-09-10", goals="Tryggare kvällar")
    done("first_meeting")
    assert leader.post(f"{base}/steps/baseline/measurement", data={"csrf_token": token}).status_code < 400
    first_code = re.search(r'data-testid="join-code">(\w+)<', leader.get(f"{base}/steps/baseline").text).group(1)
    measurement = re.search(r"/lead/measurements/(\d+)/close", leader.get(f"{base}/steps/baseline").text).group(1)
    assert leader.post(f"/lead/measurements/{measurement}/close", data={"csrf_token": token}).status_code < 400
    done("baseline")
    save("leader_analysis", notes_housing="Kvällarna känns otrygga")
    done("leader_analysis")
    save("group_analysis", priorities="Belysning vid busshållplatsen")
    done("group_analysis")
    sent = leader.post(f"{base}/activities", data={"csrf_token": token, "title": "Trygghetsvandring", "status": "done",
                                            "responsible_organisation_id": "0", "focus_area_keys": ["housing"]})
    assert sent.status_code < 400
    done("activities")
    assert leader.post(f"{base}/steps/follow_up/measurement", data={"csrf_token": token}).status_code < 400
    follow_up = leader.get(f"{base}/steps/follow_up").text
    second_code = re.search(r'data-testid="join-code">(\w+)<', follow_up).group(1)
    assert second_code != first_code
    second = re.search(r"/lead/measurements/(\d+)/close", follow_up).group(1)
    assert leader.post(f"/lead/measurements/{second}/close", data={"csrf_token": token}).status_code < 400
    save("follow_up", reflection="Fler kände sig trygga, men det är få svar.")
    done("follow_up")

    cycle_page = leader.get(base).text
    assert cycle_page.count('<li class="done">') == 7
    assert sv("This cycle is done") in cycle_page and "Nu: steg 7" not in cycle_page
    assert sv("Closed.") in leader.get(f"{base}/steps/follow_up").text


def test_the_summary_shows_the_demo_cycles_läget_1(app, client):
    from mina_svar import demo as demo_data

    with app.app_context():
        demo_data.create(db.session())
    sign_in(client, demo_data.LEADER_EMAIL, demo_data.LEADER_PASSWORD)
    cycle_page = client.get("/lead/cycles/1/steps/leader_analysis").text
    summary_url = re.search(r'href="(/lead/measurements/\d+/summary)"', cycle_page).group(1)
    page = client.get(summary_url).text
    assert "36 unga har skickat sina svar." in page
    assert page.count('<table class="results">') == 15
    assert re.search(r"Arbete och hållbar försörjning <span class=\"index\">index \d+", page)
    # Every chart is an image with its figures as text, beside a table with the same figures.
    labels = re.findall(r'<svg class="chart distribution"[^>]*role="img"\s+aria-label="([^"]+)"', page)
    assert len(labels) == 30 and all(re.fullmatch(r"1: \d+, 2: \d+, 3: \d+, 4: \d+, 5: \d+", x) for x in labels)
    assert page.count('<svg class="chart indexes"') == 5
    assert "Få vet hur man söker jobb" in page and "Arbete och trygghet på kvällen sticker ut" in page


def test_the_demos_finished_cycle_shows_the_loop_closed(app, client):
    from mina_svar import demo as demo_data
    from mina_svar.models import Cycle

    with app.app_context():
        demo_data.create(db.session())
        spring = db.session().scalar(select(Cycle.id).where(Cycle.title == "Våren 2026"))
    sign_in(client, demo_data.LEADER_EMAIL, demo_data.LEADER_PASSWORD)
    page = re.sub(r"\s+", " ", client.get(f"/lead/cycles/{spring}").text)
    assert sv("This cycle is done") in page and "Vägar till jobb" in page and "Att kunna påverka" in page
    assert sv("Nothing planned for it yet.") not in page  # each priority has the activity that answers it
    assert sv("Needs that nothing answers yet") not in page  # and each need
    assert "Ett ungdomsråd som träffas varje månad." in page and "Öppet på fritidsgården på fredagskvällar" in page


def test_läget_2_is_compared_with_läget_1(app, world, leader):
    answered(app, world.measurement, [1, 2, 2, 1, 2, 1])
    token = _token(leader, f"/lead/cycles/{world.cycle}/steps/follow_up")
    assert leader.post(f"/lead/measurements/{world.measurement}/close", data={"csrf_token": token}).status_code < 400
    sent = leader.post(f"/lead/cycles/{world.cycle}/steps/follow_up/measurement", data={"csrf_token": token})
    assert sent.status_code < 400
    follow_up = int(re.search(r"/lead/measurements/(\d+)/close",
                              leader.get(f"/lead/cycles/{world.cycle}/steps/follow_up").text).group(1))
    answered(app, follow_up, [3, 4])
    too_few = leader.get(f"/lead/groups/{world.group_a}/compare")
    assert "Resultat visas när minst 5 unga har svarat" in too_few.text and "→" not in too_few.text
    answered(app, follow_up, [5, 4, 5, 4])
    page = leader.get(f"/lead/groups/{world.group_a}/compare").text
    assert "6 unga svarade före och 6 efter." in page
    # Work: before (3 × 0 + 3 × 25) / 6 = 12.5, after (50 + 3 × 75 + 2 × 100) / 6 = 79.2.
    assert re.search(r'Hela fokusområdet</th>\s*<td data-label="[^"]+">12 → 79</td>\s*<td data-label="[^"]+">'
                     r'<span dir="ltr">\+67</span></td>\s*<td data-label="[^"]+">36 / 36 · trolig', page)
    assert sv("Too few answers to compare.") in page  # the other focus areas were not answered
    other_group = leader.get(f"/lead/groups/{world.group_a}/compare?before=99999&after={follow_up}")
    assert other_group.status_code == 404


def test_open_answers_are_read_first_and_only_approved_ones_go_further(app, world, leader):
    from mina_svar import answering, moderation, questionnaire
    from mina_svar.models import Measurement

    with app.app_context():
        session = db.session()
        measurement = session.get(Measurement, world.measurement)
        structure = questionnaire.structure(session, measurement.questionnaire_id)
        work_open = next(q.id for q in structure.areas[0].questions if q.kind == "open")
        for text in ["Fler sommarjobb", "Bättre busstider", "", "Ärligt talat vet jag inte", "Läxhjälp"]:
            respondent = answering.start(session, measurement, "sv")
            answering.save(session, respondent, {work_open: answering.Given(text=text or None)})
            answering.finish(session, respondent)
            session.commit()  # as the request that sends does
        release(session, measurement)
    url = f"/lead/measurements/{world.measurement}/summary"
    page = leader.get(url).text
    listed = re.findall(r'<li class="card answer pending" id="answer-([\w-]+)">\s*<p><bdi dir="ltr">([^<]+)</bdi></p>',
                        page)
    assert [text for _id, text in listed] == ["Bättre busstider", "Fler sommarjobb", "Läxhjälp",
                                              "Ärligt talat vet jag inte"]
    ids = {text: answer_id for answer_id, text in listed}
    # Public ids carry no order: not the database's, which follow the typing order.
    assert all(not answer_id.isdigit() and len(answer_id) >= 16 for answer_id in ids.values())
    with app.app_context():
        database_id = db.session().scalar(select(func.min(Answer.id)).where(Answer.text.is_not(None)))
    assert leader.post(f"/lead/answers/{database_id}/moderation",
                       data={"csrf_token": csrf_token(page), "state": "approved"}).status_code == 404
    token = csrf_token(page)
    approved = leader.post(f"/lead/answers/{ids['Läxhjälp']}/moderation", headers=HTMX,
                           data={"csrf_token": token, "state": "approved"})
    assert approved.status_code == 200 and "Godkänt" in approved.text and "<html" not in approved.text
    sent = leader.post(f"/lead/answers/{ids['Fler sommarjobb']}/moderation",
                       data={"csrf_token": token, "state": "hidden"})
    assert sent.status_code < 400
    assert leader.post(f"/lead/answers/{ids['Fler sommarjobb']}/moderation",
                       data={"csrf_token": token, "state": "shown"}).status_code == 400
    with app.app_context():
        session = db.session()
        measurement = session.get(Measurement, world.measurement)
        shared = moderation.open_answers(session, measurement, structure, 5, approved_only=True)
        assert [a.text for a in shared["work"]] == ["Läxhjälp"] and shared["health"] == []
        assert moderation.open_answers(session, measurement, structure, 6) is None
