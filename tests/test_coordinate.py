"""A coordinator sets up an organisation, a group and its leader."""

import re

from .conftest import csrf_token, page_meant, words
from .languages import sv
from .staff import make_world, sign_in


def test_coordinator_sets_up_a_group_and_its_leader(app):
    make_world(app)
    coordinator = app.test_client()
    sign_in(coordinator, "c@example.org")
    token = csrf_token(coordinator.get("/coordinate/").text)

    duplicate = coordinator.post("/coordinate/organisations", data={"csrf_token": token,
                                                                    "organisation-name": "föreningen"})
    assert duplicate.status_code == 400
    assert sv("There is already an organisation with this name.") in duplicate.text
    added = coordinator.post("/coordinate/organisations", data={"csrf_token": token,
                                                                "organisation-name": "Idrottsklubben"})
    assert added.status_code == 302
    page = coordinator.get("/coordinate/").text
    organisation_id = re.search(r'<option value="(\d+)">Idrottsklubben</option>', page).group(1)

    no_name = coordinator.post("/coordinate/groups", data={"csrf_token": token,
                                                           "group-organisation": organisation_id})
    assert no_name.status_code == 400 and 'aria-invalid="true"' in no_name.text
    assert coordinator.post("/coordinate/groups", data={"csrf_token": token, "group-organisation": organisation_id,
                                                 "group-name": "Fotbollsgruppen"}).status_code < 400

    taken = coordinator.post("/coordinate/accounts", data={
        "csrf_token": token, "account-name": "Dana", "account-email": "A@example.org",
        "account-role": "leader", "account-organisation": organisation_id})
    assert taken.status_code == 400 and sv("There is already an account with this email address.") in taken.text
    made = coordinator.post("/coordinate/accounts", data={
        "csrf_token": token, "account-name": "Dana", "account-email": "dana@example.org",
        "account-role": "leader", "account-organisation": organisation_id})
    assert made.status_code == 200
    link = re.search(r'data-testid="sign-in-link">[^<]*(/sign-in/link/[^<]+)<', made.text).group(1)

    page = coordinator.get("/coordinate/").text
    group_id = re.search(r'/coordinate/groups/(\d+)/leaders"', page[page.index("Fotbollsgruppen"):]).group(1)
    dana_id = re.search(r'<option value="(\d+)">Dana \(dana@example.org\)</option>', page).group(1)
    assigned = coordinator.post(f"/coordinate/groups/{group_id}/leaders",
                                data={"csrf_token": token, f"assign-{group_id}-leader": dana_id})
    assert assigned.status_code == 302
    assert "Dana leder nu Fotbollsgruppen." in coordinator.get("/coordinate/").text
    # Another organisation's group does not offer Dana, and refuses her.
    page = coordinator.get("/coordinate/").text
    other_group = re.search(r'/coordinate/groups/(\d+)/leaders"', page[page.index("Grupp A"):]).group(1)
    offered = page[page.index(f"assign-{other_group}-leader"):]
    assert "dana@example.org" not in offered[:offered.index("</select>")]
    refused = coordinator.post(f"/coordinate/groups/{other_group}/leaders",
                               data={"csrf_token": token, f"assign-{other_group}-leader": dana_id})
    assert refused.status_code == 400

    dana = app.test_client()
    page = dana.get(link)
    chosen = dana.post(link, data={"csrf_token": csrf_token(page.text), "new": "danas-own-password",
                                   "repeat": "danas-own-password"})
    assert chosen.status_code == 302
    assert "Fotbollsgruppen" in dana.get("/lead/").text and "Grupp A" not in page_meant(dana, "/lead/")


def test_set_up_leads_from_the_organisation_to_the_group_to_its_leader_in_one_account_form(app):
    from mina_svar import accounts, db
    from mina_svar.models import Group, User

    with app.app_context():
        accounts.create_user(db.session(), "c@example.org", "Cora", "a-long-test-password", role="coordinator")
        db.session().commit()
    coordinator = app.test_client()
    sign_in(coordinator, "c@example.org")
    page = coordinator.get("/coordinate/").text
    token = csrf_token(page)
    assert "Börja här: 1. lägg till organisationen" in page
    assert page.index('id="new-organisation"') < page.index('id="new-group"') < page.index('id="new-account"')
    sent = coordinator.post("/coordinate/organisations",
                            data={"csrf_token": token, "organisation-name": "Fritidsgården"})
    assert sent.status_code < 400
    assert sv("Next: 2. add a group of young people.") in coordinator.get("/coordinate/").text
    organisation_id = re.search(r'<option value="(\d+)">Fritidsgården</option>',
                                coordinator.get("/coordinate/").text).group(1)
    assert coordinator.post("/coordinate/groups", data={"csrf_token": token, "group-organisation": organisation_id,
                                                 "group-name": "Tjejgruppen"}).status_code < 400
    page = coordinator.get("/coordinate/").text
    link = re.search(r'href="(/coordinate/\?group=(\d+))#new-account">Ge Tjejgruppen en ledare</a>', page)
    assert sv("Next: 3. give each group its leader.") in page and link
    group_id = link.group(2)
    chosen = coordinator.get(link.group(1)).text  # the account form with the group chosen
    assert re.search(rf'<option selected value="{group_id}">Tjejgruppen \(Fritidsgården\)</option>', chosen)

    wrong_role = coordinator.post("/coordinate/accounts", data={
        "csrf_token": token, "account-name": "Elin", "account-email": "elin@example.org",
        "account-role": "coordinator", "account-organisation": "0", "account-group": group_id})
    assert wrong_role.status_code == 400 and "En grupp leds av en gruppledare" in wrong_role.text
    made = coordinator.post("/coordinate/accounts", data={
        "csrf_token": token, "account-name": "Elin", "account-email": "elin@example.org",
        "account-role": "leader", "account-organisation": organisation_id, "account-group": group_id})
    assert made.status_code == 200 and "Elin leder nu Tjejgruppen." in words(made.text)
    with app.app_context():
        session = db.session()
        elin = session.scalar(__import__("sqlalchemy").select(User).where(User.email == "elin@example.org"))
        assert [u.email for u in session.get(Group, int(group_id)).leaders] == ["elin@example.org"]
        assert elin.role == "leader"
    assert "Varje grupp har en ledare." in coordinator.get("/coordinate/").text
