"""Four young people answer: no page, comparison, overview or export shows anything about them."""

import re

from mina_svar import answering, db, questionnaire
from mina_svar.models import Measurement

from .staff import make_world, sign_in

SECRET = "Mitt hemliga svar"


def _four_answer(app, measurement_id):
    with app.app_context():
        session = db.session()
        measurement = session.get(Measurement, measurement_id)
        structure = questionnaire.structure(session, measurement.questionnaire_id)
        work = structure.areas[0].questions
        for language in ("sv", "ar", "en", "sv"):
            respondent = answering.start(session, measurement, language)
            given = {q.id: answering.Given(value=5) for q in work if q.kind == "scale"}
            given[next(q.id for q in work if q.kind == "open")] = answering.Given(text=SECRET)
            answering.save(session, respondent, given)
            answering.finish(session, respondent)


def test_nothing_about_four_young_people_is_shown_anywhere(app):
    world = make_world(app)
    _four_answer(app, world.measurement)
    client = app.test_client()
    sign_in(client, "c@example.org")
    m = world.measurement
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/lead/").text).group(1)
    client.post(f"/lead/measurements/{m}/close", data={"csrf_token": token})
    client.post(f"/lead/cycles/{world.cycle}/steps/follow_up/measurement", data={"csrf_token": token})

    pages = {
        "summary": client.get(f"/lead/measurements/{m}/summary").text,
        "compare": client.get(f"/lead/groups/{world.group_a}/compare").text,
        "overview": client.get("/coordinate/overview").text,
        "results.csv": client.get(f"/lead/measurements/{m}/export/results.csv").text,
        "step 4": client.get(f"/lead/cycles/{world.cycle}/steps/leader_analysis").text,
    }
    for name, page in pages.items():
        assert SECRET not in page, name
        # Every answer was 5: an index of 100 or a mean of 5.0 would give them away.
        assert not re.search(r">\s*(100|5\.0)\s*<|index 100|,100", page), name
    assert "<table" not in pages["summary"] and "index" not in pages["summary"]
    assert "→" not in pages["compare"]
    assert pages["results.csv"].strip().count("\n") == 0  # the header alone
    overview_row = pages["overview"][pages["overview"].index("Grupp A<br>"):]
    assert overview_row[:overview_row.index("</tr>")].count("band-none") == 5
    for export in ("responses.csv", "responses.xlsx"):
        assert client.get(f"/lead/measurements/{m}/export/{export}").status_code == 409
