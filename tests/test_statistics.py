"""Public statistics beside Läget: a JSON-stat 2.0 series imported from a file, a URL or the upload page, tied
to the initiative's places, always shown with its source and date; a file with a problem is refused with
what is wrong, and nothing of it kept.

tests/files/scb_employment.json is shaped as Statistics Sweden's PxWeb API gives a table (JSON-stat 2.0), and
tests/files/kolada/v2/… as Kolada's API answers (its data, a key figure's title, a municipality's name); their
figures and area names are made up for the tests.
"""

import json
import threading
from datetime import date
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mina_svar import db, organising, statistics
from mina_svar.models import StatisticSeries, StatisticValue

from .conftest import csrf_token, page_meant, words
from .languages import sv

FILES = Path(__file__).parent / "files"
SCB = (FILES / "scb_employment.json").read_text(encoding="utf-8")


def _changed(**changes) -> str:
    doc = json.loads(SCB)
    for key, value in changes.items():
        doc[key] = value
    return json.dumps(doc)


def test_a_jsonstat_table_reads_as_one_series_by_area_and_period():
    read = statistics.read_jsonstat(SCB)
    assert (read.title, read.unit, read.source, read.published_on) == (
        "Förvärvsarbetande 20–24 år efter region och år", "procent", "SCB, Statistiska centralbyrån",
        date(2026, 3, 15))
    assert [(r.area, r.period.year, r.value) for r in read.rows] == [
        ("Norra Demostaden", 2022, 61.2), ("Norra Demostaden", 2023, 62.0), ("Norra Demostaden", 2024, 63.1),
        ("Södra Demostaden", 2022, 55.0), ("Södra Demostaden", 2023, 56.4)]  # a missing value is left out


@pytest.mark.parametrize(("text", "day"), [("2024", date(2024, 1, 1)), ("2024M05", date(2024, 5, 1)),
                                           ("2024K2", date(2024, 4, 1)), ("2024Q4", date(2024, 10, 1)),
                                           ("2024-05-17", date(2024, 5, 17))])
def test_a_period_is_read_as_its_first_day(text, day):
    assert statistics.period_start(text) == day


def _refused(text: str) -> str:
    with pytest.raises(statistics.StatisticsError) as refused:
        statistics.read_jsonstat(text)
    return str(refused.value)


def test_a_file_that_is_not_one_series_is_refused_with_what_is_wrong(app):
    doc = json.loads(SCB)
    with app.test_request_context():
        assert "JSON" in _refused("{not json")
        assert "JSON-stat 2.0" in _refused(json.dumps({"class": "collection", "version": "2.0"}))
        assert "geo" in _refused(_changed(role={"time": ["Tid"]}))
        doc["size"] = [2, 2, 3]
        doc["dimension"]["ContentsCode"]["category"]["index"]["AM0207L2"] = 1
        doc["value"] = doc["value"] * 2
        assert "ContentsCode" in _refused(json.dumps(doc))
        late = json.loads(SCB)
        late["dimension"]["Tid"]["category"]["index"] = {"2022": 0, "2023": 1, "2024H1": 2}
        assert "2024H1" in _refused(json.dumps(late))
        with pytest.raises(statistics.StatisticsError):
            statistics.period_start("2024M13")


def test_a_series_is_kept_with_its_areas_tied_to_the_places_of_their_names(app, session):
    organising.create_place(session, "norra demostaden")
    series = statistics.import_text(session, SCB, "scb.json", "work")
    assert [(v.area, v.place is not None) for v in statistics.latest_by_area(series)] == [
        ("Norra Demostaden", True), ("Södra Demostaden", False)]
    assert statistics.latest_by_area(series)[0].period == date(2024, 1, 1)
    organising.create_place(session, "SÖDRA DEMOSTADEN")  # named after the import: its values become its
    session.expire_all()
    assert [v.place.name for v in statistics.latest_by_area(series)] == ["norra demostaden", "SÖDRA DEMOSTADEN"]
    with app.test_request_context(), pytest.raises(statistics.StatisticsError) as no_source:
        statistics.import_text(session, _changed(source=""), "scb.json")
    with app.test_request_context():
        assert str(no_source.value) == sv("The file does not say its source: a series is always shown with it.")


def test_the_command_imports_a_file_or_a_url_and_refuses_a_broken_one_keeping_nothing(app, tmp_path):
    runner = app.test_cli_runner()
    made = runner.invoke(args=["statistics", "import", str(FILES / "scb_employment.json"), "--focus-area", "work"])
    assert made.exit_code == 0, made.output
    assert "5 values" in made.output and "SCB" in made.output
    broken = tmp_path / "broken.json"
    broken.write_text(_changed(role={"time": ["Tid"]}), encoding="utf-8")
    refused = runner.invoke(args=["statistics", "import", str(broken)])
    assert refused.exit_code == 1 and "Nothing was imported" in refused.output
    # A URL is fetched when one is given: here from a server on this machine.
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(FILES)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        fetched = runner.invoke(args=["statistics", "import",
                                      f"http://127.0.0.1:{server.server_port}/scb_employment.json"])
    finally:
        server.shutdown()
    assert fetched.exit_code == 0, fetched.output
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(StatisticSeries)) == 2
        assert db.session().scalar(select(func.count()).select_from(StatisticValue)) == 10


def test_a_coordinator_uploads_a_series_and_sees_it_beside_the_pooled_läget(app, coordinator):
    page = page_meant(coordinator, "/coordinate/statistics")
    token = csrf_token(page)
    broken = coordinator.post("/coordinate/statistics", data={
        "csrf_token": token, "series": (__import__("io").BytesIO(_changed(role={}).encode()), "broken.json")})
    assert broken.status_code == 400 and sv("Nothing was imported:") in broken.text
    nothing = coordinator.post("/coordinate/statistics", data={"csrf_token": token})
    assert nothing.status_code == 400
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(StatisticSeries)) == 0
    sent = coordinator.post("/coordinate/statistics", data={
        "csrf_token": token, "focus_area": "work",
        "series": (__import__("io").BytesIO(SCB.encode()), "scb.json")})
    assert sent.status_code == 302
    page = words(page_meant(coordinator, "/coordinate/statistics"))
    assert "Förvärvsarbetande 20–24 år efter region och år" in page
    assert "SCB, Statistiska centralbyrån" in page and "2026-03-15" in page and "63.1" in page
    beside = words(page_meant(coordinator, "/coordinate/initiative/laget"))
    assert "Förvärvsarbetande 20–24 år" in beside and "SCB, Statistiska centralbyrån" in beside


DESCRIPTOR = (FILES / "unemployment.resource.json").read_text(encoding="utf-8")
CSV = (FILES / "unemployment.csv").read_bytes()


def test_a_csv_described_by_a_frictionless_schema_is_one_series(app, session):
    series = statistics.import_text(session, DESCRIPTOR, "unemployment.resource.json", "work", CSV)
    assert (series.title, series.unit, series.source, series.published_on) == (
        "Öppet arbetslösa 18–24 år, andel", "procent", "Arbetsförmedlingen", date(2026, 2, 1))
    assert [(v.area, v.period.year, v.value) for v in statistics.latest_by_area(series)] == [
        ("Norra Demostaden", 2024, 8.4), ("Södra Demostaden", 2024, 11.2)]


def _refused_csv(app, descriptor: dict, data: bytes | None, folder=None) -> str:
    with app.test_request_context(), pytest.raises(statistics.StatisticsError) as refused:
        statistics.read_described(descriptor, data, folder)
    with app.test_request_context():
        return str(refused.value)


def test_a_described_csv_with_a_problem_is_refused_with_where_it_is(app):
    descriptor = json.loads(DESCRIPTOR)
    bad = CSV.replace(b"2024,8.4", b"2024,many")
    assert "many" in _refused_csv(app, descriptor, bad) and "3" in _refused_csv(app, descriptor, bad)
    without_period = json.loads(DESCRIPTOR)
    without_period["schema"]["fields"] = [f for f in without_period["schema"]["fields"] if f["name"] != "period"]
    assert "period" in _refused_csv(app, without_period, CSV)
    assert _refused_csv(app, descriptor, None) == sv("The data is missing: give the CSV file with its descriptor.")
    outside = dict(descriptor, path="../../etc/passwd")
    assert "../../etc/passwd" in _refused_csv(app, outside, None, FILES)
    remote = dict(descriptor, path="https://example.org/data.csv")
    assert "https://example.org/data.csv" in _refused_csv(app, remote, None, FILES)  # never fetched from inside


def test_the_command_imports_a_descriptor_with_the_csv_beside_it(app):
    made = app.test_cli_runner().invoke(args=["statistics", "import", str(FILES / "unemployment.resource.json")])
    assert made.exit_code == 0, made.output
    assert "4 values" in made.output and "Arbetsförmedlingen" in made.output


def test_a_coordinator_uploads_a_descriptor_with_its_csv(app, coordinator):
    import io

    token = csrf_token(page_meant(coordinator, "/coordinate/statistics"))
    alone = coordinator.post("/coordinate/statistics", data={
        "csrf_token": token, "series": (io.BytesIO(DESCRIPTOR.encode()), "unemployment.resource.json")})
    assert alone.status_code == 400 and sv("The data is missing: give the CSV file with its descriptor.") in words(
        alone.text)
    sent = coordinator.post("/coordinate/statistics", data={
        "csrf_token": token, "series": (io.BytesIO(DESCRIPTOR.encode()), "unemployment.resource.json"),
        "data": (io.BytesIO(CSV), "unemployment.csv")})
    assert sent.status_code == 302
    assert "Öppet arbetslösa 18–24 år, andel" in words(page_meant(coordinator, "/coordinate/statistics"))


def test_a_file_larger_than_a_request_may_be_is_refused_plainly(app, coordinator):
    import io

    token = csrf_token(page_meant(coordinator, "/coordinate/statistics"))
    big = coordinator.post("/coordinate/statistics", data={
        "csrf_token": token, "series": (io.BytesIO(b" " * (1024 * 1024 + 1)), "big.json")})
    assert big.status_code == 413
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(StatisticSeries)) == 0


KOLADA = FILES / "kolada" / "v2" / "data" / "kpi" / "N00945" / "municipality" / "0180" / "year" / "2022,2023,2024"


def _kolada(**item_changes) -> str:
    doc = json.loads(KOLADA.read_text(encoding="utf-8"))
    doc["values"][0].update(item_changes)
    return json.dumps(doc)


def test_a_kolada_key_figure_is_one_series_of_each_areas_total_by_year(app, session):
    series = statistics.import_text(session, KOLADA.read_text(encoding="utf-8"), "kolada.json", "work")
    assert (series.title, series.source) == ("Kolada N00945", "Kolada (RKA)")  # a file: nothing asked of the API
    assert [(v.area, v.period, v.value) for v in series.values] == [
        ("0180", date(2022, 1, 1), 59.5), ("0180", date(2023, 1, 1), 60.1)]  # the total; 2024 has no value
    with app.test_request_context():
        for text, said in ((_kolada(kpi="N00946"), sv("The file holds more than one series: the key figures "
                                                      "%(kpis)s. Ask for one at a time.") % {"kpis": "N00945, N00946"}),
                           (_kolada(municipality=None), sv("A dimension is missing: %(dimension)s.") % {
                               "dimension": sv("area (municipality or ou)")}),
                           (_kolada(period="sommar"), sv("A period that is not a date: %(period)s") % {
                               "period": "sommar"}),
                           (_kolada(values=[{"gender": "T", "value": "många"}]),
                            sv("A value that is not a number: %(value)s") % {"value": "många"})):
            with pytest.raises(statistics.StatisticsError) as refused:
                statistics.import_text(session, text, "kolada.json")
            assert str(refused.value) == said
    assert session.scalar(select(func.count()).select_from(StatisticSeries)) == 1  # nothing half-imported


def test_kolada_data_from_its_api_is_named_by_the_api_and_tied_to_the_place_of_its_name(app):
    with app.app_context():
        organising.create_place(db.session(), "Demostaden")
        db.session().commit()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(FILES / "kolada")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        made = app.test_cli_runner().invoke(args=[
            "statistics", "import", f"http://127.0.0.1:{server.server_port}/v2/data/kpi/N00945/municipality/0180/"
                                    "year/2022,2023,2024", "--focus-area", "work"])
    finally:
        server.shutdown()
    assert made.exit_code == 0, made.output
    assert "2 values, 2 of them for the initiative's places" in made.output
    with app.app_context():
        series = db.session().scalar(select(StatisticSeries))
        assert series.title == "Förvärvsarbetande invånare 20-64 år, andel (%)"
        assert {v.area for v in series.values} == {"Demostaden"}


def test_a_coordinator_uploads_kolada_data_and_a_refused_one_says_why(app, coordinator):
    import io

    token = csrf_token(page_meant(coordinator, "/coordinate/statistics"))
    two = coordinator.post("/coordinate/statistics", data={
        "csrf_token": token, "series": (io.BytesIO(_kolada(kpi="N00946").encode()), "kolada.json")})
    assert two.status_code == 400 and "N00945, N00946" in two.text
    sent = coordinator.post("/coordinate/statistics", data={
        "csrf_token": token, "focus_area": "work", "series": (io.BytesIO(KOLADA.read_bytes()), "kolada.json")})
    assert sent.status_code == 302
    page = words(page_meant(coordinator, "/coordinate/statistics"))
    assert "Kolada N00945" in page and sv("Source: %(source)s") % {"source": "Kolada (RKA)"} in page
    assert ">60.1</td>" in page  # 2023's total, the newest with a value
