"""The evaluator's data: a read-only role, and the initiative's data as a Frictionless Data Package that
validates, holds what the pages show and nothing a hidden group or a single young person adds."""

import csv
import io
import json
import zipfile
from datetime import date

from mina_svar import accounts, data_package, db, demo, feedback, goals, organising, pooling
from mina_svar.models import Activity

from .conftest import page_meant, words
from .languages import sv
from .staff import PASSWORD, sign_in
from .test_pooling import MINIMUM, _group_with_läget


def _read(body: bytes) -> tuple[dict, dict[str, list[dict]]]:
    """The package's descriptor and each table's rows (as dicts of strings), its header row under "" ."""
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        descriptor = json.loads(archive.read("datapackage.json"))
        tables = {}
        for resource in descriptor["resources"]:
            reader = csv.DictReader(io.StringIO(archive.read(resource["path"]).decode()))
            tables[resource["name"]] = list(reader)
            tables[resource["name"] + ".header"] = reader.fieldnames
    return descriptor, tables


def _package(app, session) -> bytes:
    with app.test_request_context():
        names = {"work": "Arbete"}
        found = data_package.tables(session, app.extensions["mina_svar.structures"], MINIMUM, names)
        return data_package.zipped(found, "Unga i Demostaden", date(2026, 12, 6))


def test_the_demos_package_validates_against_its_own_schemas_and_holds_every_table(app, session, tmp_path):
    from frictionless import Package

    demo.create(session)
    body = _package(app, session)
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        archive.extractall(tmp_path)
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    descriptor, tables = _read(body)
    assert [r["name"] for r in descriptor["resources"]] == [
        "pooled_laget", "cycles", "needs", "priorities", "activities", "wins", "goals", "curves", "statistics"]
    assert all(tables[r["name"]] for r in descriptor["resources"] if r["name"] != "wins")  # all but wins filled
    for resource in descriptor["resources"]:
        assert tables[resource["name"] + ".header"] == [field["name"] for field in resource["schema"]["fields"]]
    # Läget pooled as the page pools it: every group, and each place.
    everyone = pooling.pooled(session, organising.groups(session), app.extensions["mina_svar.structures"], MINIMUM)
    work = [row for row in tables["pooled_laget"] if row["place"] == "" and row["figure"] == "work"]
    assert [(row["term_starts"], float(row["index"]), int(row["groups"])) for row in work] == [
        (term.period.starts.isoformat(), round(term.figure("work").index, 2), term.figure("work").groups)
        for term in everyone]
    assert {row["place"] for row in tables["pooled_laget"]} == {"", "Norra Demostaden", "Södra Demostaden"}
    [goal] = goals.goals(session)
    assert {row["kind"] for row in tables["curves"]} == {"laget", "statistic", "activity"}
    assert {row["what"] for row in tables["curves"]} >= {"baseline", "measured", "target", "trend"}
    assert tables["goals"][0]["result"] == goal.result
    # Nothing per young person: no table has a column for a response, a respondent or an answer.
    names = {field["name"] for r in descriptor["resources"] for field in r["schema"]["fields"]}
    assert not names & {"response_id", "respondent", "answer", "token", "code"}


def test_a_hidden_group_adds_nothing_to_the_package_but_the_count_of_groups(app, session):
    partner = organising.create_organisation(session, "Fritidsgården")
    place = organising.create_place(session, "Husby")
    _group_with_läget(session, partner, place, [{"work": v} for v in (2, 3, 4, 4, 5)])
    before = _read(_package(app, session))[1]["pooled_laget"]
    assert before and all(row["groups"] == "1" for row in before)
    _group_with_läget(session, partner, place, [{"work": 1}] * 3)  # three young people: under the minimum
    after = _read(_package(app, session))[1]["pooled_laget"]
    hidden_group_aside = [{k: v for k, v in row.items() if k != "groups_in_term"} for row in after]
    assert hidden_group_aside == [{k: v for k, v in row.items() if k != "groups_in_term"} for row in before]
    assert {row["groups_in_term"] for row in after} == {"2"}


def test_an_evaluator_reads_and_downloads_the_initiatives_data_and_changes_nothing(app, world):
    with app.app_context():
        session = db.session()
        accounts.create_user(session, "e@example.org", "Eva", PASSWORD, role="evaluator")
        goals.create_goal(session, "Unga har en väg in i arbete", "work")
        session.commit()
    evaluator = app.test_client()
    signed = sign_in(evaluator, "e@example.org")
    assert signed.status_code == 302
    landed = evaluator.get(signed.location)
    assert landed.status_code == 302 and landed.location == "/evaluate/"
    page = words(page_meant(evaluator, "/evaluate/"))
    assert sv("Download the data package (.zip)") in page and "Unga har en väg in i arbete" in page
    assert sv("My groups") not in page and sv("Coordinate") not in page
    download = evaluator.get("/evaluate/data-package.zip")
    assert download.status_code == 200 and download.mimetype == "application/zip"
    assert "attachment" in download.headers["Content-Disposition"]
    descriptor, tables = _read(download.data)
    assert descriptor["resources"] and tables["goals"][0]["result"] == "Unga har en väg in i arbete"
    # Feedback goes in once at least the minimum gave it, as on the leader's page.
    with app.app_context():
        session = db.session()
        activity = session.get(Activity, world.activity)
        for phone in range(4):
            feedback.give(session, activity, f"phone-{phone}", "4", "", MINIMUM)
        session.commit()
    [row] = _read(evaluator.get("/evaluate/data-package.zip").data)[1]["activities"]
    assert (row["title"], row["feedback_given"], row["feedback_4"]) == ("Läxhjälp", "", "")
    with app.app_context():
        feedback.give(db.session(), db.session().get(Activity, world.activity), "phone-9", "5", "", MINIMUM)
        db.session().commit()
    [row] = _read(evaluator.get("/evaluate/data-package.zip").data)[1]["activities"]
    assert (row["feedback_given"], row["feedback_4"], row["feedback_5"]) == ("5", "4", "1")
    for refused in ("/coordinate/", "/coordinate/goals", f"/lead/groups/{world.group_a}",
                    f"/lead/cycles/{world.cycle}"):
        assert evaluator.get(refused).status_code == 403, refused
    assert evaluator.post("/coordinate/goals", data={"goal-result": "x"}).status_code in (400, 403)
    leader = app.test_client()
    sign_in(leader, "a@example.org")
    assert leader.get("/evaluate/").status_code == 403 and leader.get("/evaluate/data-package.zip").status_code == 403
    coordinator = app.test_client()
    sign_in(coordinator, "c@example.org")
    assert coordinator.get("/evaluate/data-package.zip").status_code == 200
    assert 'href="/evaluate/"' in page_meant(coordinator, "/coordinate/initiative")
