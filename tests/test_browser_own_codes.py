"""A phone gives its private code at Läget 1; after Läget 2 the leader sees how the young people moved."""

import pytest
from playwright.sync_api import expect

from .browser import PHONE, chromium, fresh_app, no_axe_violations, serve, signed_in
from .languages import sv
from .staff import make_world
from .test_own_codes import CODE, _close, _open_läget_2, _young_people

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from mina_svar import db, pairing
    from mina_svar.models import Cycle, Measurement, User

    app = fresh_app(tmp_path_factory.mktemp("own-codes"))
    world = make_world(app)
    with app.app_context():
        session = db.session()
        pairing.offer(session, session.get(Cycle, world.cycle), True, session.get(User, world.leader_a))
        code = session.get(Measurement, world.measurement).code
        session.commit()
    with serve(app) as base_url, chromium() as browser:
        yield app, world, base_url, code, browser


def test_a_phone_keeps_its_code_and_the_leader_later_sees_only_how_many_moved(site):
    app, world, base_url, code, browser = site
    phone = browser.new_context(viewport=PHONE, locale="sv-SE", has_touch=True, is_mobile=True).new_page()
    phone.goto(f"{base_url}/j/{code}")
    phone.get_by_role("button", name="Svenska").click()
    offer = phone.get_by_role("heading", name=sv("Follow your own change (you may skip this)"))
    expect(offer).to_be_visible()
    # Offered before "Start", so that a young person who taps Start has seen it.
    assert offer.bounding_box()["y"] < phone.get_by_role("link", name=sv("Start")).bounding_box()["y"]
    phone.get_by_text(sv("Make my personal key")).click()
    for label, value in (("Första bokstaven i din mammas förnamn", "Fatima"),
                         ("Första bokstaven i din pappas förnamn", "A"), ("Dagen i månaden du föddes (1–31)", "20"),
                         ("Månaden du föddes (1–12)", "3"),
                         ("Hur många äldre bröder du har", "1"), ("Hur många äldre systrar du har", "0"),
                         ("Första bokstaven i staden du föddes i", "M"),
                         ("Första bokstaven i gatan du bodde på när du började skolan", "H")):
        phone.get_by_label(label).fill(value)
    phone.get_by_role("button", name=sv("Keep my personal key")).click()
    expect(phone.get_by_role("status")).to_have_text(sv("Your personal key is kept. Give the same answers at Läget 2."))
    no_axe_violations(phone)

    # The phone sends its answers; others answer too; Läget 1 closes, Läget 2 is answered with the same codes.
    others = [{**CODE, "day": str(day)} for day in range(1, 6)]
    _young_people(app, world.measurement, others, 2)
    phone.goto(f"{base_url}/j/{code}/finish")
    phone.get_by_role("button", name=sv("Send my answers")).click()
    _close(app, world.measurement, world)
    follow_up = _open_läget_2(app, world)
    _young_people(app, follow_up, [*others, {**CODE, "day": "20"}], 4)
    _close(app, follow_up, world)

    leader = signed_in(browser, base_url)
    leader.goto(f"{base_url}/lead/cycles/{world.cycle}/steps/follow_up")
    table = leader.get_by_role("region", name=sv("How the young people themselves moved"))
    expect(table.get_by_role("columnheader", name=sv("Moved up"))).to_be_visible()
    expect(table.get_by_role("row", name="Arbete och hållbar försörjning")).to_contain_text("5")
    no_axe_violations(leader)
