"""Property-based fuzzing (Hypothesis) over every route and form: random methods, ids, codes,
field names, values, sizes and encodings. Never a 500, and nothing stored from a refused request."""

import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from mina_svar import db, feedback, joint_analysis
from mina_svar.models import Activity, Base, Measurement, User

from .staff import answered, make_world, open_answer, sign_in

FIELDS = ["state", "priority", "decisions", "lang", "code", "next", "nav", "kind", "text", "indicator", "action",
          "title", "version", "goals", "attendance", "held_on", "source", "focus_area", "status", "starts_on",
          "ends_on", "responsible_organisation_id", "focus_area_keys", "indicator_keys", "email", "password",
          "current", "new", "repeat", "organisation-name", "group-organisation", "group-name", "account-name",
          "account-email", "account-role", "account-organisation", "done", "q-1", "q-2", "q-7", "q-999999",
          "t-title-1-sv", "t-question_text-2-ar", "t-area_title-1-xx", "t-option_label-3-en", "t-x-1-sv", "key",
          "language", "languages", "questionnaire", "new-scale-1", "new-open-1-key", "new-open-1-text", "own-sv",
          "own-ar", "own-scale", "new-background-1-options", "new-background-1-key", "new-dont-know-1", "area",
          "answer", "face", "word", "on", "mother", "father", "day", "month", "brothers", "sisters", "town",
          "street", "best-1", "best-2"]
ODD = ["", "0", "1", "-1", "2147483648", "99999999999999999999", "dk", "sv", "ar", "xx", "approved", "hidden",
       "next", "reveal", "back", "vote", "work.ways_in", "2026-02-30", "1e309", "NaN", "\u202eevil", "\x00",
       "<script>x</script>", "=cmd|' /C calc'!A0", "å" * 5000, "laget", "en", "frequency5", "languages",
       "add:open:1", "add:background:1", "work", "health", "32", "5", "first", "last", "1,2", "1,dk"]
VALUES = st.one_of(st.sampled_from(ODD), st.text(max_size=40), st.integers(-2**70, 2**70).map(str))


@pytest.fixture
def fuzzed(app):
    app.config.update(WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False)
    world = make_world(app)
    answered(app, world.measurement, [1, 2, 3, 4, 5, 5])
    answer = open_answer(app, world.measurement)
    with app.app_context():
        session = db.session()
        measurement = session.get(Measurement, world.measurement)
        started = joint_analysis.start(session, measurement, session.get(User, world.leader_a))
        session.commit()
        code, join_code = started.code, measurement.code
        feedback_code = feedback.code_of(session, session.get(Activity, world.activity))
        session.commit()
    client = app.test_client()
    sign_in(client, "c@example.org")
    known = [str(v) for v in (world.group_a, world.cycle, world.need, world.activity, world.measurement)]
    known += [code, join_code, feedback_code, answer, "needs", "baseline", "follow_up", "results", "responses",
              "csv", "xlsx"]
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]
    return app, client, rules, known


def _rows(app) -> dict[str, int]:
    with app.app_context():
        session = db.session()
        return {table.name: session.scalar(select(func.count()).select_from(table))
                for table in Base.metadata.sorted_tables if table.name not in {"audit_events"}}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                    HealthCheck.too_slow])
@pytest.mark.slow
@given(data=st.data())
def test_no_route_answers_500_and_a_refused_request_stores_nothing(fuzzed, data):
    app, client, rules, known = fuzzed
    rule = data.draw(st.sampled_from(rules), label="rule")
    values = {name: data.draw(st.one_of(st.sampled_from(known), VALUES).filter(bool), label=name)
              for name in rule.arguments}
    path = re.sub(r"<(?:[^:<>]+:)?(\w+)>", lambda m: quote(values[m.group(1)], safe=""), rule.rule)
    method = data.draw(st.sampled_from(sorted(rule.methods - {"HEAD", "OPTIONS"}) + ["PUT", "POST"]),
                       label="method")
    form = data.draw(st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=12)), VALUES,
                                     max_size=6), label="form")
    query = data.draw(st.dictionaries(st.sampled_from(["before", "after", "lang", "v", "next", "organisation",
                                                       "since", "until", "code"]), VALUES, max_size=3),
                      label="query")
    before = _rows(app)
    answer = client.open(path, method=method, data=form, query_string=query,
                         headers=data.draw(st.sampled_from([{}, {"HX-Request": "true"}]), label="headers"))
    event(f"{answer.status_code // 100}xx")
    assert answer.status_code < 500, (method, path, form, query, answer.status_code)
    if answer.status_code >= 400:
        assert _rows(app) == before, (method, path, form, query, answer.status_code)
