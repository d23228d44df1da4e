"""`gt gov` and `gt committee` on the handed-over system: a listing vote from proposal to execution,
proposals that could only fail at execution refused before they are proposed, one-line refusals."""

from __future__ import annotations

import json

import pytest
from brownie import chain, network

from tests.helpers import nonce, one_error_line

GT = 10**18
VOTER_GT = 40_000_000


@pytest.fixture(scope="module")
def voter(gsys, bg_fund, alice):
    gsys.token.transfer(alice, VOTER_GT * GT, {"from": bg_fund})
    chain.sleep(2)
    chain.mine()
    return alice


def _advance(seconds: int) -> None:
    chain.sleep(seconds)
    chain.mine()


def test_listing_vote_to_execution(gsys, manifest_dir, gt_cmd, voter):
    token = "0x" + "5a" * 20
    from eth_utils import to_checksum_address

    token = to_checksum_address(token)
    team = to_checksum_address("0x" + "7b" * 20)
    app = "0x" + "11" * 32
    out = gt_cmd(
        "gov",
        "propose-listing",
        "--token",
        token,
        "--team",
        team,
        "--application",
        app,
        "--description",
        "List TKN",
        "--from",
        "10",
        "--yes",
        "--json",
    )
    pid = json.loads(out.stdout)["proposal"]
    governor = gsys.contracts["GTGovernor"]
    _advance(governor.proposalSnapshot(pid) - chain[-1].timestamp + 1)
    gt_cmd("gov", "vote", "--proposal", pid, "--support", "for", "--from", "10", "--yes")
    twice = gt_cmd("gov", "vote", "--proposal", pid, "--support", "for", "--from", "10", "--yes", code=2)
    assert "already voted" in one_error_line(twice)
    early = gt_cmd("gov", "queue", "--proposal", pid, "--from", "10", "--yes", code=2)
    assert "only a Succeeded proposal can be queued" in one_error_line(early)
    _advance(governor.proposalDeadline(pid) - chain[-1].timestamp + 1)
    gt_cmd("gov", "queue", "--proposal", pid, "--from", "10", "--yes")
    locked = gt_cmd("gov", "execute", "--proposal", pid, "--from", "10", "--yes", code=2)
    assert "in the timelock until" in one_error_line(locked)
    _advance(governor.proposalEta(pid) - chain[-1].timestamp + 1)
    gt_cmd("gov", "execute", "--proposal", pid, "--from", "10", "--yes")
    assert gsys.contracts["ListingRegistry"].statusOf(token) == 1
    shown = json.loads(gt_cmd("gov", "show", "--proposal", pid, "--json").stdout)
    assert shown["state"] == "Executed"
    # listing it again can only fail at execution: refused before it is proposed
    before = nonce(voter)
    again = gt_cmd(
        "gov",
        "propose-listing",
        "--token",
        token,
        "--team",
        team,
        "--application",
        app,
        "--description",
        "List TKN again",
        "--from",
        "10",
        "--yes",
        code=2,
    )
    assert "already in the listing registry" in one_error_line(again) and nonce(voter) == before


def test_a_resolution_that_would_fail_at_execution_is_refused(gsys, manifest_dir, gt_cmd, voter):
    if network.show_active() != "development":
        pytest.skip("Ganache through brownie's connection gives eth_call no revert data nor state overrides")
    before = nonce(voter)
    result = gt_cmd(
        "gov",
        "propose",
        "--call",
        "GTGovernor.setQuorumBps(100000)",
        "--description",
        "bad quorum",
        "--from",
        "10",
        "--yes",
        code=2,
    )
    assert nonce(voter) == before
    line = one_error_line(result)
    assert "would revert when the Timelock executes it" in line and "GTGovernor" in line
    ok = gt_cmd(
        "gov",
        "propose",
        "--call",
        "GTGovernor.setQuorumBps(500)",
        "--description",
        "quorum 5%",
        "--from",
        "10",
        "--dry-run",
    )
    assert "simulated as the Timelock will execute it" in ok.stdout
    listed = json.loads(gt_cmd("gov", "proposals", "--json").stdout)
    assert listed == []


def test_wrong_checksum_and_unknown_contract_are_refused(gsys, manifest_dir, gt_cmd, voter):
    bad = "0x5a5A5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a"
    result = gt_cmd(
        "gov",
        "propose-listing",
        "--token",
        bad,
        "--team",
        bad,
        "--application",
        "0x" + "11" * 32,
        "--description",
        "x",
        "--from",
        "10",
        "--yes",
        code=2,
    )
    assert "wrong EIP-55 checksum" in one_error_line(result)
    call = gt_cmd(
        "gov",
        "propose",
        "--call",
        f"GTGovernor.setExcludedAccounts([{bad}])",
        "--description",
        "x",
        "--from",
        "10",
        "--yes",
        code=2,
    )
    assert "checksum" in one_error_line(call)
    unknown = gt_cmd("gov", "propose", "--call", "Nope.f(1)", "--description", "x", "--from", "10", "--yes", code=2)
    assert "unknown contract 'Nope'" in one_error_line(unknown)


def test_committee_show_and_election_refusals(gsys, manifest_dir, gt_cmd):
    info = json.loads(gt_cmd("committee", "show", "--json").stdout)
    assert len(info["members"]) == 7 and info["approvals_needed"] == 4
    early = gt_cmd("committee", "election", "open", "--from", "10", "--yes", code=2)
    assert "no election is due" in one_error_line(early)
    none = gt_cmd("committee", "election", "nominate", "--from", "10", "--yes", code=2)
    assert "no election is accepting nominations" in one_error_line(none)
