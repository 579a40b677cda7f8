"""The young people set part of the agenda: in a joint analysis phones propose what Läget should ask and
support ideas for activities; coordinators see them across groups and adopt one."""

import pytest
from sqlalchemy import func, select

from mina_svar import db, joint_analysis, proposals, questionnaire
from mina_svar.models import (
    Activity,
    AnalysisSession,
    Conclusion,
    Contribution,
    IdeaSupport,
    Measurement,
    Participant,
    User,
)

from .conftest import csrf_token, page_meant, words
from .languages import sv
from .staff import cycle_with_läget_1


def _with_phones(session, phones: int = 3):
    anna, cycle, measurement = cycle_with_läget_1(session)
    structure = questionnaire.structure(session, measurement.questionnaire_id)
    started = joint_analysis.start(session, measurement, anna)
    joined = [joint_analysis.join(session, started, "sv") for _ in range(phones)]
    return started, structure, anna, cycle, joined


def started_with_an_idea(session, world):
    """A joint analysis of the world's Läget 1, with one idea for an activity from a phone, approved."""
    measurement = session.get(Measurement, world.measurement)
    structure = questionnaire.structure(session, measurement.questionnaire_id)
    started = joint_analysis.start(session, measurement, session.get(User, world.leader_a))
    other = joint_analysis.join(session, started, "sv")
    idea = joint_analysis.contribute(session, started, other, "idea", "Öppet på fredagar", structure)
    joint_analysis.moderate(session, started, idea, "approved")
    return started, idea


def test_phones_propose_and_support_approved_ideas_once_each(session):
    started, structure, anna, cycle, (first, second, third) = _with_phones(session)
    proposal = joint_analysis.contribute(session, started, first, "proposal", "Fråga om fritiden", structure)
    idea = joint_analysis.contribute(session, started, second, "idea", "Öppet på fredagar", structure)
    with pytest.raises(joint_analysis.Refused):  # not approved yet: nothing to support
        joint_analysis.support(session, started, third, idea.id)
    joint_analysis.moderate(session, started, idea, "approved")
    joint_analysis.moderate(session, started, proposal, "approved")
    with pytest.raises(joint_analysis.Refused):  # a proposal is not an idea for an activity
        joint_analysis.support(session, started, third, proposal.id)
    for phone in (first, third, third):
        joint_analysis.support(session, started, phone, idea.id)
    assert joint_analysis.approved_ideas(session, started) == [(idea, 2)]  # a replay adds nothing
    joint_analysis.support(session, started, third, idea.id, on=False)
    assert joint_analysis.approved_ideas(session, started) == [(idea, 1)]
    assert joint_analysis.supported_by(session, first) == {idea.id}
    joint_analysis.finish(session, started, [], "", anna, structure)
    kinds = session.scalars(select(Conclusion.kind).where(Conclusion.cycle_id == cycle.id)).all()
    assert kinds == ["idea"]  # the proposal goes to the coordinators, not into the cycle's ideas
    with pytest.raises(joint_analysis.Closed):
        joint_analysis.support(session, started, first, idea.id)


def test_a_coordinator_adopts_a_proposal_into_the_questionnaire_and_an_idea_into_the_plan(session):
    started, structure, anna, cycle, (first, second, _third) = _with_phones(session)
    proposal = joint_analysis.contribute(session, started, first, "proposal", "Fråga om fritiden", structure)
    idea = joint_analysis.contribute(session, started, second, "idea", "Öppet på fredagar", structure)
    pending = joint_analysis.contribute(session, started, second, "idea", "Inte läst än", structure)
    for made in (proposal, idea):
        joint_analysis.moderate(session, started, made, "approved")
    joint_analysis.support(session, started, first, idea.id)
    listed = proposals.proposed(session)
    assert [(p.contribution.text, p.supported) for p in listed] == [("Öppet på fredagar", 1),
                                                                    ("Fråga om fritiden", 0)]
    assert all(p.group == cycle.group.name for p in listed)
    for wrong, into in ((proposal, "plan"), (idea, "questionnaire"), (pending, "plan")):
        with pytest.raises(proposals.NotAdoptable):
            proposals.adopt(session, wrong, into, anna)
    assert proposals.adopt(session, proposal, "questionnaire", anna) is None
    activity = proposals.adopt(session, idea, "plan", anna)
    assert activity.title == "Öppet på fredagar" and activity.cycle is cycle and activity.status == "planned"
    assert proposals.adopted_for_questionnaire(session) == [proposal]
    with pytest.raises(proposals.NotAdoptable):  # adopted once
        proposals.adopt(session, idea, "plan", anna)


def test_phones_support_on_the_phone_and_the_coordinator_adopts_on_the_page(app, world, coordinator):
    with app.app_context():
        session = db.session()
        started, idea = started_with_an_idea(session, world)
        structure = questionnaire.structure(session, started.measurement.questionnaire_id)
        phone = joint_analysis.join(session, started, "sv")
        proposal = joint_analysis.contribute(session, started, phone, "proposal", "Fråga om fritiden", structure)
        joint_analysis.moderate(session, started, proposal, "approved")
        session.commit()
        code, idea_id, proposal_id = started.code, idea.id, proposal.id
    young = app.test_client()
    joined = young.get(f"/s/{code}")
    assert young.post(f"/s/{code}/join", data={"csrf_token": csrf_token(joined.text), "lang": "sv"}
                      ).status_code == 302
    page = page_meant(young, f"/s/{code}", marker="ideas-heading")
    assert "Öppet på fredagar" in words(page) and sv("Support it") in page
    assert young.post(f"/s/{code}/support", data={"csrf_token": csrf_token(page), "idea": str(idea_id)}
                      ).status_code == 302
    assert young.post(f"/s/{code}/support", data={"csrf_token": csrf_token(page), "idea": "x"}).status_code == 400
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(IdeaSupport)) == 1
    listed = words(page_meant(coordinator, "/coordinate/proposals"))
    assert "Fråga om fritiden" in listed and "Öppet på fredagar" in listed
    token = csrf_token(listed)
    assert coordinator.post(f"/coordinate/proposals/{proposal_id}/adopt", data={"csrf_token": token, "into": "plan"}
                            ).status_code == 400
    assert coordinator.post(f"/coordinate/proposals/{idea_id}/adopt", data={"csrf_token": token, "into": "plan"}
                            ).status_code == 302
    assert coordinator.post(f"/coordinate/proposals/{proposal_id}/adopt",
                            data={"csrf_token": token, "into": "questionnaire"}).status_code == 302
    assert "Fråga om fritiden" in words(page_meant(coordinator, "/coordinate/questionnaires"))
    with app.app_context():
        assert db.session().scalar(select(Activity.id).where(Activity.title == "Öppet på fredagar")) is not None
        assert db.session().get(Contribution, idea_id).adopted_into == "plan"
        assert db.session().scalar(select(func.count()).select_from(Participant)) >= 2
        assert db.session().scalar(select(func.count()).select_from(AnalysisSession)) == 1
