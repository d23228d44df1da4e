"""scripts/governance.py (its click `cli`, as `brownie run` drives it) against the deployed,
handed-over system: a resolution's whole life, refusals that send nothing, and dry runs.

Expected values come from the configuration and the amounts the tests send, not from the chain.
"""

import re

import pytest
from brownie import accounts, history

from gt_chain import deployment
from scripts.cli import UserError
from scripts.governance import cli, main
from tests.helpers import GT, STATE, advance, now

VOTER_GT = 40_000_000
CALL = "GTGovernor.setQuorumBps(500)"


@pytest.fixture
def manifest(gsys, tmp_path, monkeypatch):
    """The handed-over deployment's manifest, where the script looks for it."""
    deployment.write_manifest(gsys, tmp_path)
    monkeypatch.setattr("gt_chain.manifest.DEPLOYMENTS_DIR", tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def voter(gsys, bg_fund, alice):
    gsys.token.transfer(alice, VOTER_GT * GT, {"from": bg_fund})
    advance(2)
    return alice


def gov(*args: str) -> None:
    """Runs one script command the way `GT_ARGS=... brownie run scripts/governance.py` does."""
    cli.main(args=list(args), standalone_mode=False, prog_name="governance")


def refused(match: str, *args: str) -> None:
    """The command stops with one line (a UserError) and sends nothing."""
    before = len(history)
    with pytest.raises(UserError, match=match) as info:
        gov(*args)
    assert "\n" not in str(info.value)
    assert len(history) == before


def test_resolution_propose_vote_queue_execute(manifest, governor, voter, gcfg, capsys, monkeypatch):
    g = gcfg.governor
    sender = "10"  # alice, the voter
    description = "Resolution: raise the quorum to 5%"
    before = len(history)
    gov("propose", "--call", CALL, "--description", description, "--from", sender, "--yes")
    assert len(history) == before + 1
    pid = int(re.search(r"Proposal id will be (\d+)", capsys.readouterr().out).group(1))
    created = history[-1].events["ProposalCreated"]
    assert created["proposalId"] == pid and created["proposer"] == voter
    assert created["calldatas"][0] == governor.setQuorumBps.encode_input(500)
    p = str(pid)
    refused(
        "this exact proposal already exists",
        "propose",
        "--call",
        CALL,
        "--description",
        description,
        "--from",
        sender,
        "--yes",
    )
    refused(
        "votes are accepted only while it is Active",
        "vote",
        "--proposal",
        p,
        "--support",
        "for",
        "--from",
        sender,
        "--yes",
    )

    gov("advance", "--seconds", str(g.voting_delay + 1))
    gov("vote", "--proposal", p, "--support", "for", "--from", sender, "--yes")
    assert history[-1].events["VoteCast"]["weight"] == VOTER_GT * GT
    refused("already voted", "vote", "--proposal", p, "--support", "against", "--from", sender, "--yes")
    refused("only a Succeeded proposal can be queued", "queue", "--proposal", p, "--from", sender, "--yes")

    gov("advance", "--seconds", str(g.voting_period))
    assert governor.state(pid) == STATE["Succeeded"]
    gov("queue", "--proposal", p, "--from", sender, "--yes")
    eta = history[-1].events["ProposalQueued"]["etaSeconds"]
    assert eta == history[-1].timestamp + g.timelock_delay

    # Executing before the ETA: one line naming the ETA, exit status 2, nothing sent.
    capsys.readouterr()
    before = len(history)
    monkeypatch.setenv("GT_ARGS", f"execute --proposal {p} --from {sender} --yes")
    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code == 2
    out = capsys.readouterr().out.strip()
    assert out.startswith("error:") and "\n" not in out and f"in the timelock until {eta}" in out
    assert len(history) == before and governor.state(pid) == STATE["Queued"]

    gov("advance", "--seconds", str(eta - now()))
    gov("execute", "--proposal", p, "--from", sender, "--yes")
    assert governor.state(pid) == STATE["Executed"]
    assert governor.quorumBps(now()) == 500
    refused("it must be Queued to execute", "execute", "--proposal", p, "--from", sender, "--yes")


def test_dry_runs_send_nothing(manifest, governor, voter, gcfg, capsys):
    sender = "10"  # alice, the voter
    description = "Dry run: raise the quorum to 5%"
    before = len(history)
    gov("propose", "--call", CALL, "--description", description, "--from", sender, "--dry-run")
    out = capsys.readouterr().out
    pid = int(re.search(r"Proposal id will be (\d+)", out).group(1))
    assert "dry run: nothing sent" in out
    assert len(history) == before and governor.proposalSnapshot(pid) == 0
    # A real proposal, then a dry-run vote on it: still no vote recorded.
    gov("propose", "--call", CALL, "--description", description, "--from", sender, "--yes")
    gov("advance", "--seconds", str(gcfg.governor.voting_delay + 1))
    before = len(history)
    gov("vote", "--proposal", str(pid), "--support", "for", "--from", sender, "--dry-run")
    assert len(history) == before and not governor.hasVoted(pid, voter)
    assert [int(v) for v in governor.proposalVotes(pid)] == [0, 0, 0]


def test_nominate_checks_the_threshold_before_sending(manifest, gsys, gcfg, bg_fund, capsys):
    c = gcfg.committee
    needed = c.nomination_threshold_wei
    assert needed == 10_000 * GT
    short, exact = accounts[13], accounts[14]
    gsys.token.transfer(short, needed - 1, {"from": bg_fund})
    gsys.token.transfer(exact, needed, {"from": bg_fund})
    committee = gsys.contracts["Committee"]
    refused("no election is due", "election-open", "--from", "10", "--yes")
    # Elections open `election_lead_time` before the bootstrap term (one term from deployment) ends.
    term_end = committee.tx.timestamp + c.term
    gov("advance", "--seconds", str(term_end - c.election_lead_time - now()))
    gov("election-open", "--from", "10", "--yes")
    eid = history[-1].events["ElectionOpened"]["electionId"]
    refused(
        rf"{short} held 9,999\.999999999999999999 GT at the snapshot of election {eid} \(\d+\); "
        r"nominating needs 10,000 GT",
        "nominate",
        "--from",
        "13",
        "--yes",
    )
    refused(rf"{accounts[19]} held 0 GT .*nominating needs 10,000 GT", "nominate", "--from", "19", "--yes")
    before = len(history)
    gov("nominate", "--from", "14", "--dry-run")
    assert len(history) == before and list(committee.candidates(eid)[0]) == []
    gov("nominate", "--from", "14", "--yes")  # exactly the threshold
    assert list(committee.candidates(eid)[0]) == [exact]
    refused("already nominated", "nominate", "--from", "14", "--yes")
