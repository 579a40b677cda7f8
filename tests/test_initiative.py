"""The initiative: its name and purpose, its places (each group in one) and its partners' sectors and contacts."""

import re

import pytest
from sqlalchemy import select

from mina_svar import db, organising
from mina_svar.accounts import AccountError
from mina_svar.models import Group, Organisation, Place

from .conftest import csrf_token, page_meant, words
from .languages import sv


def test_a_place_is_named_once_and_a_group_moves_between_places(session):
    husby = organising.create_place(session, "Husby")
    with pytest.raises(AccountError):
        organising.create_place(session, " husby ")
    partner = organising.create_organisation(session, "Fritidsgården", "leisure", "Sara", "sara@example.org")
    group = organising.create_group(session, partner, "Tisdagsgruppen", place=husby)
    assert group.place is husby and husby.groups == [group]
    rinkeby = organising.create_place(session, "Rinkeby")
    organising.move_group(session, group, rinkeby)
    assert husby.groups == [] and rinkeby.groups == [group]
    organising.move_group(session, group, None)
    assert group.place_id is None
    assert [p.name for p in organising.places(session)] == ["Husby", "Rinkeby"]


def test_a_partner_has_one_of_the_sectors_or_none(session):
    partner = organising.create_organisation(session, "Jobbtorget", "work")
    with pytest.raises(AccountError):
        organising.describe_partner(partner, "sports", "", "")
    assert partner.sector == "work"
    organising.describe_partner(partner, None, " Ali ", "ali@example.org")
    assert (partner.sector, partner.contact_name) == (None, "Ali")
    assert set(organising.SECTOR_NAMES) == {"work", "housing", "health", "leisure", "education", "democracy"}


def test_the_initiative_is_one_made_when_first_asked_for(session):
    first = organising.initiative(session)
    assert first.name == "" and organising.initiative(session) is first
    organising.describe_initiative(session, " Unga i Järva ", "Fler unga i jobb")
    assert organising.initiative(session).name == "Unga i Järva"


def test_a_coordinator_names_the_initiative_adds_places_and_says_where_groups_meet(app, coordinator):
    page = page_meant(coordinator, "/coordinate/initiative")
    token = csrf_token(page)
    assert coordinator.post("/coordinate/initiative", data={
        "csrf_token": token, "initiative-name": "Unga i Järva",
        "initiative-purpose": "Fler unga i jobb eller studier"}).status_code == 302
    assert coordinator.post("/coordinate/places", data={"csrf_token": token, "place-name": "Husby"}).status_code == 302
    twice = coordinator.post("/coordinate/places", data={"csrf_token": token, "place-name": "HUSBY"})
    assert twice.status_code == 400 and sv("There is already a place with this name.") in twice.text
    empty = coordinator.post("/coordinate/places", data={"csrf_token": token, "place-name": " "})
    assert empty.status_code == 400
    with app.app_context():
        husby = db.session().scalar(select(Place).where(Place.name == "Husby"))
        group_a = db.session().scalar(select(Group).where(Group.name == "Grupp A"))
        assert db.session().scalar(select(Place.id).where(Place.name != "Husby")) is None  # nothing half-saved
        place_id, group_id = husby.id, group_a.id

    moved = coordinator.post(f"/coordinate/groups/{group_id}/place",
                             data={"csrf_token": token, f"group-{group_id}-place": str(place_id)})
    assert moved.status_code == 302
    nowhere = coordinator.post(f"/coordinate/groups/{group_id}/place",
                               data={"csrf_token": token, f"group-{group_id}-place": "999"})
    assert nowhere.status_code == 400
    page = words(page_meant(coordinator, "/coordinate/initiative"))
    assert "<h1>Unga i Järva</h1>" in page and "Fler unga i jobb eller studier" in page
    husby_card = page[page.index("<h3>Husby</h3>"):]
    assert "Grupp A" in husby_card[:husby_card.index("</li>")]
    assert f'<option selected value="{place_id}">Husby</option>' in page
    # The coordinator's home says which groups have no place yet.
    home = words(page_meant(coordinator, "/coordinate/"))
    assert "1 grupp har ingen plats än" in home
    assert 'Grupp A</a></h3>\n    <p class="muted">Föreningen · Husby' in home


def test_a_partners_sector_and_contact_are_kept_and_a_bad_email_saves_nothing(app, coordinator):
    with app.app_context():
        partner_id = db.session().scalar(select(Organisation.id).where(Organisation.name == "Föreningen"))
    page = page_meant(coordinator, f"/coordinate/organisations/{partner_id}")
    token = csrf_token(page)
    bad = coordinator.post(f"/coordinate/organisations/{partner_id}", data={
        "csrf_token": token, "sector": "leisure", "contact_name": "Sara", "contact_email": "not an address"})
    assert bad.status_code == 400 and 'aria-invalid="true"' in bad.text
    unknown = coordinator.post(f"/coordinate/organisations/{partner_id}", data={"csrf_token": token,
                                                                                  "sector": "sports"})
    assert unknown.status_code == 400
    with app.app_context():
        assert db.session().get(Organisation, partner_id).sector is None
    saved = coordinator.post(f"/coordinate/organisations/{partner_id}", data={
        "csrf_token": token, "sector": "leisure", "contact_name": "Sara", "contact_email": "sara@example.org"})
    assert saved.status_code == 302
    page = words(page_meant(coordinator, "/coordinate/initiative"))
    row = page[page.index("<td data-label=\"Organisation\">Föreningen"):]
    row = row[:row.index("</tr>")]
    assert "Fritid" in row and 'mailto:sara@example.org' in row
    assert coordinator.get("/coordinate/organisations/999").status_code == 404


def test_a_partner_and_a_group_are_added_with_a_sector_a_contact_and_a_place(app, coordinator):
    token = csrf_token(page_meant(coordinator, "/coordinate/"))
    added = coordinator.post("/coordinate/places", data={"csrf_token": token, "place-name": "Rinkeby"})
    assert added.status_code == 302
    added = coordinator.post("/coordinate/organisations", data={
        "csrf_token": token, "organisation-name": "Jobbtorget", "organisation-sector": "work",
        "organisation-contact_name": "Ali", "organisation-contact_email": "ali@example.org"})
    assert added.status_code == 302
    page = page_meant(coordinator, "/coordinate/")
    partner_id = re.search(r'<option value="(\d+)">Jobbtorget</option>', page).group(1)
    place_id = re.search(r'<option value="(\d+)">Rinkeby</option>', page).group(1)
    assert coordinator.post("/coordinate/groups", data={
        "csrf_token": token, "group-organisation": partner_id, "group-place": place_id,
        "group-name": "Jobbgruppen"}).status_code == 302
    with app.app_context():
        group = db.session().scalar(select(Group).where(Group.name == "Jobbgruppen"))
        assert (group.place.name, group.organisation.sector, group.organisation.contact_email) == (
            "Rinkeby", "work", "ali@example.org")

