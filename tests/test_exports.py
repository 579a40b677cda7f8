"""Exports hold the same figures as the pages, and nothing about fewer than the minimum."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from .staff import make_world, release, sign_in
from .test_lead import _answered


@pytest.fixture
def leader(app):
    world = make_world(app)
    client = app.test_client()
    sign_in(client, "a@example.org")
    return client, world


def _csv(answer):
    assert answer.headers["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(answer.text)))


def test_below_the_minimum_nothing_leaves(app, leader):
    client, world = leader
    _answered(app, world.measurement, [5, 5, 1, 1])
    base = f"/lead/measurements/{world.measurement}/export"
    assert _csv(client.get(f"{base}/results.csv"))[1:] == []
    refused = client.get(f"{base}/responses.csv")
    assert refused.status_code == 409 and "minst 5 unga" in refused.text
    assert client.get(f"{base}/responses.xlsx").status_code == 409
    assert client.get(f"{base}/everything.csv").status_code == 404
    assert client.get(f"{base}/results.pdf").status_code == 404


def test_results_and_anonymous_answers_as_csv_and_excel(app, leader):
    client, world = leader
    _answered(app, world.measurement, [1, 2, 3, 4, 5, 5])
    base = f"/lead/measurements/{world.measurement}/export"
    rows = _csv(client.get(f"{base}/results.csv"))
    assert rows[0][:6] == ["level", "focus_area", "indicator", "question", "text", "answered"]
    apply = next(r for r in rows if r[3] == "work.apply")
    assert apply[4] == "Jag vet hur jag söker ett jobb."
    assert apply[5:] == ["6", "1", "1", "1", "1", "2", "0", "3.33", "0.5", "58.3"]
    health = next(r for r in rows if r[3] == "health.sleep")
    assert health[5:] == [""] * 10  # not answered: no figure
    workbook = load_workbook(io.BytesIO(client.get(f"{base}/results.xlsx").data))
    sheet = [list(r) for r in workbook.active.iter_rows(values_only=True)]
    assert [c for c in next(r for r in sheet if r[3] == "work.apply")][5:] == [6, 1, 1, 1, 1, 2, 0, 3.33, 0.5, 58.3]

    answers = _csv(client.get(f"{base}/responses.csv"))
    # A column for each question the results show: the other focus areas had no answers.
    assert len(answers) == 7 and answers[0][0] == "work.apply" and all(k.startswith("work.") for k in answers[0])
    assert sorted(r[0] for r in answers[1:]) == ["1", "2", "3", "4", "5", "5"]
    assert "health.sleep" not in answers[0]
    download = client.get(f"{base}/responses.xlsx")
    assert re.fullmatch(r'attachment; filename="\w{6}-responses.xlsx"', download.headers["Content-Disposition"])
    assert load_workbook(io.BytesIO(download.data)).active.max_row == 7


def test_open_answers_leave_only_when_approved_and_never_as_formulas(app, leader):
    from mina_svar import answering, db, questionnaire
    from mina_svar.models import Answer, Measurement

    client, world = leader
    _answered(app, world.measurement, [3, 3, 3, 3], released=False)
    with app.app_context():
        session = db.session()
        measurement = session.get(Measurement, world.measurement)
        structure = questionnaire.structure(session, measurement.questionnaire_id)
        work_open = next(q.id for q in structure.areas[0].questions if q.kind == "open")
        respondent = answering.start(session, measurement, "sv")
        answering.save(session, respondent, {work_open: answering.Given(text="=HYPERLINK(\"x\")")})
        answering.finish(session, respondent)
        release(session, measurement)
        answer_id = session.query(Answer).filter(Answer.text.is_not(None)).one().public_id
    base = f"/lead/measurements/{world.measurement}/export"
    assert not [r for r in _csv(client.get(f"{base}/results.csv")) if r[0] == "open_answer"]
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/lead/").text).group(1)
    client.post(f"/lead/answers/{answer_id}/moderation", data={"csrf_token": token, "state": "approved"})
    shared = [r for r in _csv(client.get(f"{base}/results.csv")) if r[0] == "open_answer"]
    assert shared == [["open_answer", "work", "", "", "'=HYPERLINK(\"x\")"] + [""] * 10]
    assert "HYPERLINK" not in client.get(f"{base}/responses.csv").text
