"""The self-generated code: keyed hashes per element, matching with typos, and only aggregates of change."""

import random
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mina_svar import pairing

KEY = "k" * 64


def _code(rng: random.Random) -> dict[str, str]:
    letters = string.ascii_uppercase + "ÅÄÖ"
    return {"mother": rng.choice(letters), "father": rng.choice(letters), "day": str(rng.randint(1, 31)),
            "month": str(rng.randint(1, 12)), "brothers": str(rng.randint(0, 3)), "sisters": str(rng.randint(0, 3)),
            "town": rng.choice(letters), "street": rng.choice(letters)}


def _typos(answers: dict[str, str], count: int, rng: random.Random) -> dict[str, str]:
    """The same code with ``count`` elements given differently (as a young person misremembering)."""
    changed = dict(answers)
    for name in rng.sample([name for name, _kind in pairing.ELEMENTS], count):
        kind = dict(pairing.ELEMENTS)[name]
        while changed[name] == answers[name]:
            changed[name] = (rng.choice("BCDFGHJKLMNPRSTVW") if kind == "letter"
                             else str(rng.randint(1, 12) if name == "month" else rng.randint(0, 3)
                                      if kind[0] == "count" else rng.randint(1, 31)))
    return changed


def test_an_element_is_kept_as_its_own_keyed_hash_and_read_the_same_however_typed():
    code = {"mother": " fatima", "father": "Ali", "day": "07", "month": "3", "brothers": "12", "sisters": "0",
            "town": "mogadishu", "street": "Husbygränd"}
    same = {"mother": "F", "father": "a", "day": "7", "month": "03", "brothers": "9", "sisters": "0",
            "town": "M", "street": "h"}
    assert pairing.hashes(KEY, code) == pairing.hashes(KEY, same)  # first letters, numbers, nine or more
    assert pairing.hashes("another cycle's key" * 4, code) != pairing.hashes(KEY, code)
    assert all(len(h) == 32 and "fatima" not in h for h in pairing.hashes(KEY, code))
    for name, value in (("day", "32"), ("month", "0"), ("mother", "  "), ("sisters", "-1"), ("brothers", "två")):
        with pytest.raises(pairing.NotACode) as refused:
            pairing.hashes(KEY, {**code, name: value})
        assert refused.value.element == name


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), differing=st.integers(0, 3))
def test_läget_2_finds_läget_1_with_up_to_two_elements_differing_and_never_with_three(seed, differing):
    rng = random.Random(seed)
    population = [_code(rng) for _ in range(30)]
    first = {i: pairing.hashes(KEY, answers) for i, answers in enumerate(population)}
    again = _typos(population[0], differing, rng)
    found = pairing.match(first, {100: pairing.hashes(KEY, again)})
    if differing <= pairing.TOLERANCE:
        # Matched to itself, unless another young person's code happens to be as close (then left unmatched).
        assert found in ({100: 0}, {})
        closest = min(pairing.differences(first[i], pairing.hashes(KEY, again)) for i in range(1, 30))
        assert found == {100: 0} or closest <= differing
    else:
        assert found.get(100) != 0


def test_a_code_is_used_once_and_a_tie_is_left_unmatched_rather_than_guessed():
    a, b = ["1"] * 8, ["1"] * 6 + ["2", "2"]
    assert pairing.match({1: a}, {10: a, 11: a}) == {10: 1}  # two Läget 2 codes cannot share one Läget 1
    assert pairing.match({1: a, 2: a}, {10: a}) == {}  # two equally close: no pair
    assert pairing.match({1: a, 2: b}, {10: ["1"] * 7 + ["2"]}) == {}  # one difference from each: a tie
    assert pairing.match({1: a, 2: b}, {10: ["1"] * 8}) == {10: 1}


def test_only_aggregates_and_only_from_the_minimum_of_pairs():
    assert pairing.movement([10.0, -5.0, 30.0, 0.0], 5) is None
    moved = pairing.movement([25.0, 25.0, 0.0, -25.0, 50.0, 12.5], 5)
    assert (moved.pairs, moved.up, moved.stayed, moved.down) == (6, 3, 2, 1)
    assert moved.mean_change == pytest.approx(14.583, abs=0.001)
    assert moved.margin == pytest.approx(2 * (((25 - 14.583) ** 2 * 2 + 14.583 ** 2 + 39.583 ** 2 + 35.417 ** 2
                                                + 2.083 ** 2) / 5 / 6) ** 0.5, abs=0.01)
    assert moved.uncertain  # 14.6 points up on average, ± 20.8: could well be chance
    clear = pairing.movement([20.0, 22.0, 25.0, 18.0, 21.0], 5)
    assert (clear.up, clear.stayed, clear.down) == (5, 0, 0) and not clear.uncertain


# In the database, across late releases

@pytest.mark.slow
def test_the_movement_changes_only_by_the_minimum_of_new_pairs_across_releases(session):
    """Random late releases of Läget 2 in twelve cycles, each bringing some pairs (and young people without a
    code, so that it is released): every movement published is the one before or rests on at least the
    minimum of new pairs."""
    from mina_svar import accounts, answering, cycles, organising, questionnaire
    from mina_svar.questionnaire import StructureCache

    organisation = organising.create_organisation(session, "Föreningen")
    leader = accounts.create_user(session, "anna@example.org", "Anna", "a-long-test-password")
    rng = random.Random(3)
    checked = 0
    for number in range(12):
        group = organising.create_group(session, organisation, f"Grupp {number}")
        organising.assign_leader(session, group, leader)
        cycle = cycles.start_cycle(session, group, "Hösten", None, None, leader)
        pairing.offer(session, cycle, True, leader)
        first = cycles.open_measurement(session, cycle, "baseline", leader)
        work = [q for q in questionnaire.structure(session, first.questionnaire_id).areas[0].questions
                if q.kind == "scale"]

        def send(measurement, code, value):
            respondent = answering.start(session, measurement, "sv")
            answering.save(session, respondent, {q.id: answering.Given(value=value) for q in work})
            if code is not None:
                pairing.save_code(session, respondent.response_id, cycle.pairing_key, code)
            answering.finish(session, respondent)
            session.commit()  # as the request that sends does

        codes = [_code(rng) for _ in range(30)]
        for code in codes:
            send(first, code, 3)
        cycles.close_measurement(session, first, leader, 5)
        second = cycles.open_measurement(session, cycle, "follow_up", leader)
        unused, published = iter(codes), None
        for release in range(rng.randint(2, 5)):
            if release:
                cycles.reopen_measurement(session, second, leader)
            pairs = rng.randint(0, 7)
            for _ in range(pairs):
                send(second, next(unused, None), rng.randint(1, 5))
            for _ in range(max(0, 5 - pairs)):
                send(second, None, 3)
            cycles.close_measurement(session, second, leader, 5)
            now = pairing.report(session, cycle, StructureCache(), 5).areas[0].movement
            if published is not None and now != published:
                assert now.pairs - published.pairs >= 5, (published, now)
                checked += 1
            published = now or published
    assert checked >= 3  # movements did change, each by enough new pairs
