"""scripts/governance.py and the committee rules of issue 12: a recall names the current term,
a nomination into a full list is refused before sending unless it out-stakes the weakest, and
election-finalize warns of a turnout below the minimum. Expected values come from the
configuration and the amounts the tests send."""

import pytest
from brownie import accounts, history

from gt_chain import deployment
from scripts.cli import UserError
from scripts.governance import cli
from tests.helpers import GT, advance, now


@pytest.fixture
def manifest(gsys, tmp_path, monkeypatch):
    deployment.write_manifest(gsys, tmp_path)
    monkeypatch.setattr("gt_chain.manifest.DEPLOYMENTS_DIR", tmp_path)
    return tmp_path


def gov(*args: str) -> None:
    cli.main(args=list(args), standalone_mode=False, prog_name="governance")


def refused(match: str, *args: str) -> None:
    before = len(history)
    with pytest.raises(UserError, match=match) as info:
        gov(*args)
    assert "\n" not in str(info.value)
    assert len(history) == before


def test_recall_names_the_current_term(manifest, gsys, bg_fund, committee_members, alice):
    gsys.token.transfer(alice, 2_000_000 * GT, {"from": bg_fund})  # above the recall proposal threshold
    advance(2)
    committee = gsys.contracts["Committee"]
    member = str(committee_members[2])
    gov("recall", "--member", member, "--description", "Recall seat 3", "--from", "10", "--yes")
    created = history[-1].events["ProposalCreated"]
    assert created["calldatas"][0] == committee.recall.encode_input(member, 1)
    refused("is not a current committee member", "recall", "--member", str(accounts[19]), "--description", "x")


def test_nominate_into_a_full_list_and_finalize_turnout(manifest, gsys, gcfg, bg_fund, capsys):
    """The deployed committee with its 50 slots filled at the threshold: an equal stake is refused
    pre-send; a larger one is told whom it displaces and is sent; a thin election is warned about."""
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
    gov("election-open", "--from", "10", "--yes")
    for s in squatters:
        committee.nominate({"from": s})
    refused(r"the candidate list is full \(50\); a newcomer needs a stake above", "nominate", "--from", "14", "--yes")
    gov("nominate", "--from", "15", "--yes")
    assert f"displaces {squatters[-1]}" in capsys.readouterr().out
    assert history[-1].events["CandidateDisplaced"]["displaced"] == squatters[-1]
    eid = committee.electionCount()
    advance(committee.electionInfo(eid)[2] - now())
    gov("election-finalize", "--from", "10", "--yes")
    out = capsys.readouterr().out
    assert "turnout 0 is below the minimum" in out and "nobody was seated" in out
