"""Stateful property test: random sequences of governor votes and committee-election ballots;
on-chain tallies, the election's winners and the proposal's outcome equal the Python reference
(gt/governance_model.py) to the wei."""

import pytest
from brownie import accounts
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from gt.governance_model import ElectionModel, ProposalTally, quorum
from tests.helpers import GT, STATE, Proposal, a, advance, examples, now, reverts_with, run_state_machine

VOTER_IDS = (10, 11, 12, 19, 9, 4)
VOTER_GT = (10_000_000, 10_000_000, 20_000_000, 5_000_000, 5_000_000, 30_000_000)  # ties on purpose
CANDIDATE_IDS = (13, 14, 15, 16, 17, 18, 8, 5, 6)
CANDIDATE_GT = 10_000
# The BG fund's 200M less the 10M seeded into the DEX pair; every other bucket is excluded.
ELIGIBLE_GT = 190_000_000


@pytest.fixture(scope="module")
def arena(gsys, governor, committee, bg_fund, gcfg):
    gt = gsys.token
    voters = [accounts[i] for i in VOTER_IDS]
    cands = [accounts[i] for i in CANDIDATE_IDS]
    for v, amount in zip(voters, VOTER_GT, strict=True):
        gt.transfer(v, amount * GT, {"from": bg_fund})
    for c in cands:
        gt.transfer(c, CANDIDATE_GT * GT, {"from": bg_fund})
    advance(2)
    _t, _e, term_end = committee.currentTerm()
    advance(term_end - committee.params()[6] - now())
    eid = committee.openElection({"from": voters[0]}).events["ElectionOpened"]["electionId"]
    for c in cands:
        committee.nominate({"from": c})
    p = Proposal(governor, voters[5], [governor], [governor.setQuorumBps.encode_input(600)], "Property test")
    _snapshot, nom_end, vote_end, _ = committee.electionInfo(eid)
    advance(max(nom_end, p.snapshot()) - now() + 1)
    assert p.state() == STATE["Active"]
    # The reference model's inputs: the amounts sent above (none of these accounts held GT
    # before), the eligible-supply constant and the configured quorum — never the chain's views.
    known = {str(v): amount * GT for v, amount in zip(voters, VOTER_GT, strict=True)}
    known.update({str(c): CANDIDATE_GT * GT for c in cands})
    return {
        "voters": voters,
        "cands": cands,
        "eid": eid,
        "proposal": p,
        "vote_end": vote_end,
        "gov_weights": {str(v): known[str(v)] for v in voters},
        "el_weights": dict(known),
        "quorum": quorum(ELIGIBLE_GT * GT, gcfg.governor.quorum_bps),
    }


def test_tallies_match_reference(arena, governor, committee, gcfg):
    voters, cands, p, eid = arena["voters"], arena["cands"], arena["proposal"], arena["eid"]
    assert governor.quorum(p.snapshot()) == arena["quorum"] == 7_600_000 * GT

    class Votes(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.tally = ProposalTally(arena["gov_weights"])
            self.election = ElectionModel(
                seats=7,
                weights=arena["el_weights"],
                eligible=ELIGIBLE_GT * GT,
                min_turnout_bps=gcfg.committee.min_turnout_bps,
            )
            for c in cands:
                self.election.nominate(str(c))

        @rule(i=st.integers(0, len(VOTER_IDS) - 1), support=st.integers(0, 2))
        def governor_vote(self, i, support):
            voter = voters[i]
            if str(voter) in self.tally.voted:
                with reverts_with("GovernorAlreadyCastVote", a(voter)):
                    p.vote(voter, support)
                return
            tx = p.vote(voter, support)
            assert tx.events["VoteCast"]["weight"] == self.tally.cast(str(voter), support)

        @rule(
            i=st.integers(0, len(VOTER_IDS) - 1),
            picks=st.lists(st.integers(0, len(CANDIDATE_IDS) - 1), min_size=1, max_size=7, unique=True),
        )
        def election_vote(self, i, picks):
            voter = voters[i]
            ballot = [cands[j] for j in picks]
            if str(voter) in self.election.voted:
                with reverts_with("CommitteeAlreadyVoted", a(voter)):
                    committee.vote(ballot, {"from": voter})
                return
            tx = committee.vote(ballot, {"from": voter})
            assert tx.events["ElectionVoteCast"]["weight"] == self.election.vote(str(voter), [str(c) for c in ballot])

        @invariant()
        def tallies_equal(self):
            assert [int(x) for x in governor.proposalVotes(p.id)] == [
                self.tally.against,
                self.tally.for_,
                self.tally.abstain,
            ]
            accts, weights = committee.candidates(eid)
            assert [int(w) for w in weights] == [self.election.totals[str(c)] for c in accts]
            assert committee.electionTurnout(eid)[1] == self.election.turnout

        def teardown(self):
            # Outcomes: the proposal's state and the elected committee.
            advance(max(arena["vote_end"], governor.proposalDeadline(p.id)) - now() + 1)
            passed = self.tally.quorum_reached(arena["quorum"]) and self.tally.succeeded()
            assert p.state() == (STATE["Succeeded"] if passed else STATE["Defeated"])
            tx = committee.finalizeElection({"from": voters[0]})
            # The bootstrap committee (7 members, 4 needed) is still sitting while this election runs.
            seated = self.election.seats_new_term(gcfg.committee.threshold, sitting_can_act=True)
            event = "ElectionFinalized" if seated else "ElectionFailed"
            assert event in tx.events
            assert ("ElectionTurnoutTooLow" in tx.events) == (not self.election.turnout_met())
            assert [str(w) for w in tx.events[event]["winners"]] == self.election.winners()

    run_state_machine(Votes, examples=examples(12), steps=8)
