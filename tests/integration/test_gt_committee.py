"""`gt gov recall` and `gt committee election …` under the committee rules of issue 12: a recall
names the current term; a nomination into a full list is refused before sending unless it
out-stakes the weakest candidate (then told whom it displaces); finalizing a thin election warns
that it seats no one. Expected values come from the configuration and the amounts sent here."""

from __future__ import annotations

from brownie import accounts, chain
from brownie.network.transaction import TransactionReceipt

from tests.helpers import GT, advance, nonce, now, one_error_line


def last_sent():
    """The latest transaction on chain, decoded (gt sends outside brownie's history)."""
    return TransactionReceipt(chain[-1].transactions[-1])


def test_recall_names_the_current_term(gsys, gt_cmd, bg_fund, committee_members, alice):
    gsys.token.transfer(alice, 2_000_000 * GT, {"from": bg_fund})  # above the recall proposal threshold
    advance(2)
    committee = gsys.contracts["Committee"]
    member = str(committee_members[2])
    gt_cmd("gov", "recall", "--member", member, "--description", "Recall seat 3", "--from", "10", "--yes")
    created = last_sent().events["ProposalCreated"]
    assert created["calldatas"][0] == committee.recall.encode_input(member, committee.currentTermId())
    before = nonce(alice)
    outsider = gt_cmd("gov", "recall", "--member", str(accounts[19]), "--description", "x", "--from", "10", code=2)
    assert "is not a member of the current term" in one_error_line(outsider) and nonce(alice) == before


def test_nominate_into_a_full_list_and_finalize_turnout(gsys, gt_cmd, gcfg, bg_fund):
    """The deployed committee with its slots filled at the threshold: an equal stake is refused
    before sending; a larger one is told whom it displaces and is sent; a thin election is warned about."""
    c = gcfg.committee
    committee = gsys.contracts["Committee"]
    squatters = [accounts.add() for _ in range(c.max_candidates)]
    for s in squatters:
        accounts[0].transfer(s, "1 ether")
        gsys.token.transfer(s, c.nomination_threshold_wei, {"from": bg_fund})
    gsys.token.transfer(accounts[14], c.nomination_threshold_wei, {"from": bg_fund})
    gsys.token.transfer(accounts[15], c.nomination_threshold_wei + 1, {"from": bg_fund})
    advance(2)
    term_end = committee.currentTerm()[2]
    advance(term_end - c.election_lead_time - now())
    gt_cmd("committee", "election", "open", "--from", "10", "--yes")
    for s in squatters:
        committee.nominate({"from": s})
    before = nonce(accounts[14])
    equal = gt_cmd("committee", "election", "nominate", "--from", "14", "--yes", code=2)
    assert f"the candidate list is full ({c.max_candidates}); a newcomer needs a stake above" in one_error_line(equal)
    assert nonce(accounts[14]) == before
    larger = gt_cmd("committee", "election", "nominate", "--from", "15", "--yes")
    assert f"displaces the weakest candidate, {squatters[-1]}" in larger.stdout
    assert last_sent().events["CandidateDisplaced"]["displaced"] == squatters[-1]
    eid = committee.electionCount()
    advance(committee.electionInfo(eid)[2] - now())
    out = gt_cmd("committee", "election", "finalize", "--from", "10", "--yes").stdout
    assert "turnout 0 is below the minimum" in out and "the sitting committee carries on" in out
