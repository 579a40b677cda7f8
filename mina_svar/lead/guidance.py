"""The guide on every step's page: what the step is for, how groups do it well and what the tool keeps.

Written from the method (../shared/DESIGN.md, "What each step is for") so that a
leader who has never seen the tool reads in ten seconds what to do.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

CYCLE = _l("A cycle follows one group over a period in seven steps: find the needs, meet, measure with Läget, "
           "read the answers as leaders and then together with the young people, act on what they chose, "
           "and measure again to see what changed.")


@dataclass(frozen=True)
class Guide:
    purpose: object  # lazy strings: read in the language of the page
    keeps: object


GUIDES = {
    "needs": Guide(
        _l("Start from what the young people actually say and do, not from what your organisation offers: "
           "conversations, observations, what partners see. Write each need down with where it came from."),
        _l("The tool keeps each need with its source and focus area; they come back when you plan activities "
           "in step 6.")),
    "first_meeting": Guide(
        _l("Agree with the group what they expect, the overall goals and how measuring will work: when Läget is "
           "taken, that it is anonymous, who sees what and what comes back to the group. Give each goal a sign "
           "by which you will notice progress."),
        _l("The tool keeps the date, how many came, the expectations, the goals and the plan for measuring.")),
    "baseline": Guide(
        _l("Make it a social occasion, a lunch together; then everyone answers on their own phone, in their own "
           "language. Show the code or the QR code, watch the count and close Läget when the room is done."),
        _l("The tool keeps Läget 1 and how many came. Results are shown once Läget is closed, never while it "
           "takes answers.")),
    "leader_analysis": Guide(
        _l("Read the results and the open answers before the group sees them: what stands out, what surprises, "
           "what needs care. Hide an open answer that could hurt or identify someone. Prepare questions for the "
           "group rather than conclusions."),
        _l("The tool keeps your notes per focus area and the findings you want to raise with the group.")),
    "group_analysis": Guide(
        _l("The heart of the method: the young people interpret their own answers. On the projector each slide "
           "first asks what they think they answered, then shows it; they talk, vote for priorities on their "
           "phones and write their decisions in their own words."),
        _l("The tool keeps the group's interpretations, its priorities with their votes and its decisions.")),
    "activities": Guide(
        _l("What the group and the organisations do about the priorities: small and concrete, with dates and "
           "someone responsible. Write down small wins as they happen."),
        _l("The tool keeps each activity, the focus areas and indicators it answers, its status and how many "
           "took part.")),
    "follow_up": Guide(
        _l("Another social occasion with the same questionnaire. Then look at what changed beside what was done, "
           "honestly: in a small group much changes by chance. A reflection starts the next cycle."),
        _l("The tool keeps Läget 2, how many came and your reflection; the comparison with Läget 1 is one click "
           "away.")),
}
