"""Property test of the Committee's nominations against the Python reference (gt/governance_model.py):
random stakes (below, at and above the nomination threshold, with ties), nominations in random
order into a short candidate list (4 places for 3 seats, so a full list and displacement happen in
almost every example), repeated nominations and random ballots. Every nomination the model refuses
reverts with the error it implies and changes nothing; every accepted one lands in the slot the model
says, displacing exactly the candidate it names; the final list, the tallies, the turnout and the
winners (or the failed election) equal the model's."""

import pytest
from brownie import Committee, accounts
from brownie.test import given
from hypothesis import event, settings
from hypothesis import strategies as st

from gt.governance_model import ElectionModel, Refusal
from tests.helpers import GT, a, advance, examples, now, reverts_with

NOMINEES = (13, 14, 15, 16, 17, 18, 8, 9)
VOTERS = (10, 11, 12)  # alice, bob, carol
SEATS, THRESHOLD, MAX_CANDIDATES = 3, 2, 4
THRESHOLD_GT = 10_000  # config/local.yaml: committee.nomination_threshold

stakes = st.lists(
    st.sampled_from([THRESHOLD_GT - 1, THRESHOLD_GT, THRESHOLD_GT + 1, 20_000, 50_000]), min_size=8, max_size=8
)
# Voter weights: turnout (5% of the eligible supply) is met by some combinations only.
weights = st.lists(st.sampled_from([5_000_000, 20_000_000, 60_000_000]), min_size=3, max_size=3)
order = st.lists(st.integers(0, len(NOMINEES) - 1), min_size=4, max_size=12)  # repeats on purpose
# A ballot picks among the listed candidates by position, or (stray) names nominees directly, who
# may have been displaced or never listed.
ballots = st.lists(
    st.tuples(st.lists(st.integers(0, len(NOMINEES) - 1), min_size=1, max_size=SEATS, unique=True), st.booleans()),
    min_size=3,
    max_size=3,
)


@pytest.fixture(scope="module")
def small_committee(system, gt, deployer, team_members):
    """A Committee like the deployed one (same token, parameters and supply source) but with a short
    candidate list and a bootstrap committee of two, at the moment its first election may open."""
    deployed = system.contracts["Committee"]
    params = list(deployed.params())
    params[0:3] = [SEATS, THRESHOLD, MAX_CANDIDATES]
    committee = Committee.deploy(
        gt, deployer, team_members[:THRESHOLD], params, system.contracts["GTGovernor"], {"from": deployer}
    )
    _term, _election, term_end = committee.currentTerm()
    advance(term_end - params[6] - now())
    return committee, term_end


@given(stakes=stakes, weights=weights, order=order, ballots=ballots)
@settings(max_examples=examples(15), deadline=None)
def test_nominations_and_election_match_the_model(small_committee, gt, bg_fund, stakes, weights, order, ballots):
    committee, term_end = small_committee
    nominees = [accounts[i] for i in NOMINEES]
    voters = [accounts[i] for i in VOTERS]
    held = {}
    for account, amount in [*zip(nominees, stakes, strict=True), *zip(voters, weights, strict=True)]:
        gt.transfer(account, amount * GT - gt.balanceOf(account), {"from": bg_fund})
        held[str(account)] = amount * GT
    advance(2)
    eid = committee.openElection({"from": voters[0]}).events["ElectionOpened"]["electionId"]
    snapshot, nomination_end, voting_end, _finalized = committee.electionInfo(eid)
    eligible, _turnout, _required = committee.electionTurnout(eid)
    model = ElectionModel(
        seats=SEATS,
        weights=held,
        max_candidates=MAX_CANDIDATES,
        nomination_threshold=THRESHOLD_GT * GT,
        eligible=eligible,
        min_turnout_bps=committee.params()[8],
    )

    for i in order:
        nominee = nominees[i]
        listed = list(model.candidates)
        try:
            out = model.nominate(str(nominee))
        except Refusal:
            stake = held[str(nominee)]
            if str(nominee) in listed:
                expected = reverts_with("CommitteeAlreadyNominated", a(nominee))
            elif stake < THRESHOLD_GT * GT:
                expected = reverts_with("CommitteeInsufficientBalance", a(nominee), stake, THRESHOLD_GT * GT)
            else:
                _slot, weakest = model.weakest()
                expected = reverts_with("CommitteeCandidateListFull", a(nominee), stake, a(weakest), held[weakest])
            with expected:
                committee.nominate({"from": nominee})
            event("a nomination refused")
            assert list(committee.candidates(eid)[0]) == listed
            continue
        tx = committee.nominate({"from": nominee})
        assert tx.events["Nominated"]["index"] == model.candidates.index(str(nominee))
        assert tx.events["Nominated"]["stake"] == held[str(nominee)]
        if out is None:
            assert "CandidateDisplaced" not in tx.events
        else:
            assert tx.events["CandidateDisplaced"]["displaced"] == out
            event("a candidate displaced")
        assert [str(c) for c in committee.candidates(eid)[0]] == model.candidates

    advance(nomination_end - now() + 1)
    for voter, (picks, stray) in zip(voters, ballots, strict=True):
        listed = model.candidates
        if stray or not listed:
            ballot = [str(nominees[j]) for j in picks]
        else:
            ballot = list(dict.fromkeys(listed[j % len(listed)] for j in picks))
        invalid = next((c for c in ballot if c not in model.totals), None)
        if invalid is not None:
            with reverts_with("CommitteeInvalidCandidate", a(invalid)):
                committee.vote(ballot, {"from": voter})
            continue
        tx = committee.vote(ballot, {"from": voter})
        assert tx.events["ElectionVoteCast"]["weight"] == model.vote(str(voter), ballot)
    accounts_, tallies = committee.candidates(eid)
    assert [str(c) for c in accounts_] == model.candidates
    assert [int(t) for t in tallies] == [model.totals[c] for c in model.candidates]
    assert committee.electionTurnout(eid)[1] == model.turnout

    advance(voting_end - now() + 1)
    sitting_can_act = now() + 1 < term_end  # the bootstrap committee's term, at the finalizing block
    tx = committee.finalizeElection({"from": voters[0]})
    outcome = "ElectionFinalized" if model.seats_new_term(THRESHOLD, sitting_can_act) else "ElectionFailed"
    assert outcome in tx.events
    event(outcome)
    assert [str(w) for w in tx.events[outcome]["winners"]] == model.winners()
    if outcome == "ElectionFinalized":
        assert [str(m) for m in committee.members()] == model.winners()
