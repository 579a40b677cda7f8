"""A questionnaire other than Läget's five areas on a 1–5 scale: every page, export and PDF reads its structure."""

import csv
import io
import json
import re

import pytest

from mina_svar import answering, db, questionnaire
from mina_svar.models import Measurement

from .conftest import csrf_token
from .languages import sv
from .pdfs import pages
from .staff import release, sign_in

OFTEN = [("Aldrig", "Never", "أبداً"), ("Nästan aldrig", "Almost never", "نادراً جداً"),
         ("Sällan", "Rarely", "نادراً"), ("Ibland", "Sometimes", "أحياناً"), ("Ofta", "Often", "غالباً"),
         ("Nästan varje dag", "Almost every day", "كل يوم تقريباً"), ("Varje dag", "Every day", "كل يوم")]


def _texts(sv: str, en: str, ar: str) -> dict:
    return {"sv": sv, "en": en, "ar": ar}


@pytest.fixture
def six_areas(app):
    """Läget's five focus areas and a sixth, "Fritid", asked on a seven-point frequency scale: loaded as
    the newest Läget, so that a cycle started now measures with it."""
    document = json.loads(questionnaire.DEFAULT_FILE.read_text(encoding="utf-8"))
    document["version"] += 1
    document["scales"]["often7"] = [{"value": value, "label": _texts(*labels)}
                                    for value, labels in enumerate(OFTEN, start=1)]
    question = {"kind": "scale", "scale": "often7"}
    document["focus_areas"].append({
        "key": "leisure", "title": _texts("Fritid", "Free time", "وقت الفراغ"),
        "description": _texts("Om det du gör när du är ledig.", "About what you do in your free time.",
                              "عمّا تفعله في وقت فراغك."),
        "indicators": [{"key": "free_time", "title": _texts("Meningsfull fritid", "Meaningful free time",
                                                             "وقت فراغ مفيد"),
                        "questions": [
                            {**question, "key": "leisure.club",
                             "text": _texts("Jag går till en förening eller fritidsgård.",
                                            "I go to a club or youth centre.", "أذهب إلى نادٍ أو مركز شبابي.")},
                            {**question, "key": "leisure.sport",
                             "text": _texts("Jag tränar eller rör på mig.", "I exercise or move about.",
                                            "أمارس الرياضة أو أتحرك.")}]}],
    })
    with app.app_context():
        loaded = questionnaire.load_file(db.session(), _written(document))
        db.session().commit()
        return loaded.id


def _written(document: dict):
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp()) / "six_areas.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def _answered_leisure(app, measurement_id: int, values: list[int]) -> None:
    """Sent and released responses, one per value, each giving it to both questions of free time."""
    with app.app_context():
        session = db.session()
        measurement = session.get(Measurement, measurement_id)
        structure = questionnaire.structure(session, measurement.questionnaire_id)
        leisure = [q.id for q in structure.areas[-1].questions]
        for value in values:
            respondent = answering.start(session, measurement, "sv")
            answering.save(session, respondent, {q: answering.Given(value=value) for q in leisure})
            answering.finish(session, respondent)
            session.commit()  # as the request that sends does
        release(session, measurement)


def test_a_cycle_measures_with_the_newest_läget_and_every_page_reads_its_scale(app, six_areas, world, leader):
    with app.app_context():
        assert db.session().get(Measurement, world.measurement).questionnaire_id == six_areas
    _answered_leisure(app, world.measurement, [7, 6, 5, 2, 1, 7])

    summary = leader.get(f"/lead/measurements/{world.measurement}/summary").text
    assert "Fritid" in summary and "Meningsfull fritid" in summary
    # The legend names both scales asked: Läget's agreement and the seven-point frequency.
    assert "1 = Aldrig, 7 = Varje dag" in summary and "1 = Stämmer inte alls, 5 = Stämmer helt" in summary
    # 7, 6 and 5 are above the middle of 1–7: four of six answered so.
    row = re.search(r"Jag går till en förening eller fritidsgård\.</td>(.*?)</tr>", summary, re.S).group(1)
    assert re.search(r">6</td>.*>4\.7</td>.*>67 % <span class=\"muted\">\(5–7\)</span>", row, re.S)
    assert "Inget index" not in summary and "index 61" in summary  # (100 + 83 + 67 + 17 + 0 + 100) / 6

    exported = leader.get(f"/lead/measurements/{world.measurement}/export/results.csv").text
    rows = list(csv.reader(io.StringIO(exported)))
    assert rows[0][6:13] == ["1", "2", "3", "4", "5", "6", "7"]
    club = next(r for r in rows if r[3] == "leisure.club")
    assert club[5:13] == ["6", "1", "1", "0", "0", "1", "1", "2"] and club[-2] == "0.667"

    report = "\n".join(pages(leader.get(f"/lead/measurements/{world.measurement}/report.pdf?lang=sv").data))
    assert "Fritid" in report and "(5–7)" in report and "1 = Aldrig, 7 = Varje dag" in report


def test_needs_activities_and_the_leaders_notes_offer_the_cycles_focus_areas(app, six_areas, world, leader):
    step = leader.get(f"/lead/cycles/{world.cycle}/steps/needs").text
    assert '<option value="leisure">Fritid</option>' in step
    token = csrf_token(step)
    added = leader.post(f"/lead/cycles/{world.cycle}/needs",
                        data={"csrf_token": token, "text": "Mer idrott", "source": "conversation",
                              "focus_area": "leisure"})
    assert added.status_code == 302
    assert "Mer idrott" in (page := leader.get(f"/lead/cycles/{world.cycle}/steps/needs").text)
    assert re.search(r"Mer idrott.*?Samtal · Fritid", page, re.S)
    refused = leader.post(f"/lead/cycles/{world.cycle}/needs",
                          data={"csrf_token": token, "text": "Något", "source": "conversation",
                                "focus_area": "sleep"})
    assert refused.status_code == 400

    activities = leader.get(f"/lead/cycles/{world.cycle}/steps/activities").text
    assert re.search(r'value="leisure"[^>]*> <span>Fritid</span>', activities)
    assert "Fritid: Meningsfull fritid" in activities

    notes = leader.get(f"/lead/cycles/{world.cycle}/steps/leader_analysis").text
    assert "Anteckningar: Fritid" in notes and 'name="notes_leisure"' in notes


def test_the_overview_has_a_column_per_focus_area_asked(app, six_areas, world):
    _answered_leisure(app, world.measurement, [7, 6, 5, 2, 1, 7])
    coordinator = app.test_client()
    sign_in(coordinator, "c@example.org")
    overview = coordinator.get("/coordinate/overview").text
    headers = re.findall(r'<th scope="col">([^<]*)</th>', overview)
    assert headers[2:8] == ["Arbete och hållbar försörjning", "Boende och levnadsvillkor", "Demokrati och inflytande",
                            "Hälsa", "Utbildning", "Fritid"]


def test_a_comparison_across_versions_names_the_questions_not_asked_both_times(app, world, six_areas, leader):
    """Läget 1 asked version 1 (the world opened it before version 2 was loaded); a second Läget asks
    version 2 with free time: work is compared on its shared keys, free time is named as only after."""
    from mina_svar import measuring
    from mina_svar.models import Group, Questionnaire

    from .staff import answered

    with app.app_context():
        session = db.session()
        second = measuring.open_measurement(session, session.get(Questionnaire, six_areas),
                                            session.get(Group, world.group_a), title="Läget 2")
        session.commit()
        second_id = second.id
    answered(app, world.measurement, [1, 2, 2, 1, 2, 1])
    answered(app, second_id, [4, 5, 5, 4, 5, 4])
    _answered_leisure(app, second_id, [7, 6, 5, 2, 1, 7])
    page = leader.get(f"/lead/groups/{world.group_a}/compare?before={world.measurement}&after={second_id}").text
    assert sv("Questions not asked both times") in page
    only_after = page.split("Bara efter")[1].split("</ul>")[0]
    assert "Jag går till en förening eller fritidsgård." in only_after and sv("Only before") not in page
    work = page.split("Arbete och hållbar försörjning</h2>")[1].split("</table>")[0]
    assert re.search(r"<td data-label=\"[^\"]+\">\d+ → \d+</td>", work)
    assert "de frågor som ställdes båda gångerna" not in work
