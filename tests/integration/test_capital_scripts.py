"""The capital operator scripts against the deployed system: every mistake is refused before a
transaction, dry runs send and write nothing, and the happy paths leave the chain as shown."""

import json

import pytest
from brownie import accounts, history

from gt.capital import PayoutError
from scripts.cli import UserError
from scripts.incentives import claim_from_file, publish_epoch
from scripts.protection_case import open_case, pay, vote
from tests.helpers import GT


@pytest.fixture(scope="module")
def fund(system):
    return system.contracts["ProtectionFund"]


@pytest.fixture
def csv_file(tmp_path, alice, bob):
    path = tmp_path / "rewards.csv"
    path.write_text(f"user,amount\n{alice.address},12.5\n{bob.address},0.25\n")
    return path


def txs_sent():
    return len(history)


@pytest.mark.parametrize(
    "body, error",
    [
        ("user,amount\n0x12,1\n", "is not a 0x-prefixed 20-byte address"),
        ("user,amount\n0x1111111111111111111111111111111111111111,-1\n", "negative"),
        ("user,amount\n0x1111111111111111111111111111111111111111,ten\n", "not a number"),
        (
            "0x1111111111111111111111111111111111111111,1\n0x1111111111111111111111111111111111111111,2\n",
            "already listed on line 1",
        ),
        (
            "0x1111111111111111111111111111111111111111,400000001\n",
            "exceeds the 400,000,000 GT the pool can still commit",
        ),
    ],
)
def test_publish_refuses_bad_input_before_sending(pool, operator, tmp_path, body, error):
    path = tmp_path / "bad.csv"
    path.write_text(body)
    before = txs_sent()
    with pytest.raises(PayoutError, match=error):
        publish_epoch(pool, operator, path, tmp_path / "p.json", yes=True, dry_run=False)
    assert txs_sent() == before and pool.epochCount() == 0 and not (tmp_path / "p.json").exists()


def test_publish_refuses_unauthorised_sender(pool, attacker, csv_file, tmp_path):
    before = txs_sent()
    with pytest.raises(UserError, match="lacks PUBLISHER_ROLE"):
        publish_epoch(pool, attacker, csv_file, tmp_path / "p.json", yes=True, dry_run=False)
    assert txs_sent() == before and pool.epochCount() == 0


def test_publish_dry_run_sends_and_writes_nothing(pool, operator, csv_file, tmp_path):
    before = txs_sent()
    assert publish_epoch(pool, operator, csv_file, tmp_path / "p.json", yes=True, dry_run=True) is None
    assert txs_sent() == before and pool.epochCount() == 0 and not (tmp_path / "p.json").exists()


def test_publish_without_yes_needs_a_terminal(pool, operator, csv_file, tmp_path):
    before = txs_sent()
    with pytest.raises(UserError, match="pass --yes"):
        publish_epoch(pool, operator, csv_file, tmp_path / "p.json", yes=False, dry_run=False)
    assert txs_sent() == before and pool.epochCount() == 0


def test_publish_then_claim_from_the_proofs_file(pool, gt, operator, csv_file, tmp_path, alice, bob, carol):
    out = tmp_path / "proofs.json"
    epoch_id = publish_epoch(pool, operator, csv_file, out, yes=True, dry_run=False)
    doc = json.loads(out.read_text())
    assert doc["epoch"] == epoch_id == 0 and doc["total"] == str(1275 * GT // 100)
    assert pool.epoch(0)["root"] == doc["root"]
    claim_from_file(pool, carol, out, bob.address.lower(), yes=True, dry_run=False)
    assert gt.balanceOf(bob) == GT // 4
    before = txs_sent()
    with pytest.raises(UserError, match="already claimed"):
        claim_from_file(pool, carol, out, bob.address, yes=True, dry_run=False)
    with pytest.raises(UserError, match="has no reward"):
        claim_from_file(pool, carol, out, carol.address, yes=True, dry_run=False)
    assert txs_sent() == before and gt.balanceOf(bob) == GT // 4 and gt.balanceOf(carol) == 0


def test_protection_case_flow(fund, gt, operator, csv_file, tmp_path, alice, bob, attacker):
    evidence = tmp_path / "evidence.txt"
    evidence.write_bytes(b"hack report")
    before = txs_sent()
    with pytest.raises(UserError, match="lacks CASE_OPENER_ROLE"):
        open_case(fund, attacker, csv_file, evidence, yes=True, dry_run=False)
    with pytest.raises(UserError, match="cannot read"):
        open_case(fund, operator, csv_file, tmp_path / "missing.pdf", yes=True, dry_run=False)
    assert open_case(fund, operator, csv_file, evidence, yes=True, dry_run=True) is None
    assert txs_sent() == before and fund.caseCount() == 0
    case_id = open_case(fund, operator, csv_file, evidence, yes=True, dry_run=False)
    assert txs_sent() == before + 1
    with pytest.raises(UserError, match="only an Approved case can be paid"):
        pay(fund, operator, str(case_id), 10, yes=True, dry_run=False)
    with pytest.raises(UserError, match="is not a member"):
        vote(fund, attacker, str(case_id), True, yes=True, dry_run=False)
    with pytest.raises(ValueError, match="case 3 does not exist"):
        vote(fund, attacker, "3", True, yes=True, dry_run=False)
    assert txs_sent() == before + 1 and fund.totalPaid() == 0
    committee = fund.committee()
    from brownie import interface

    c = interface.ICommittee(committee)
    voters = [a for a in accounts if c.isMember(a)][: c.approvalThreshold()]
    vote(fund, voters[0], str(case_id), True, yes=True, dry_run=False)
    before = txs_sent()
    with pytest.raises(UserError, match="already voted"):
        vote(fund, voters[0], str(case_id), True, yes=True, dry_run=False)
    assert txs_sent() == before
    for v in voters[1:]:
        vote(fund, v, str(case_id), True, yes=True, dry_run=False)
    pay(fund, attacker, str(case_id), 1, yes=True, dry_run=False)
    pay(fund, attacker, str(case_id), 1, yes=True, dry_run=False)
    assert gt.balanceOf(alice) == 125 * GT // 10 and gt.balanceOf(bob) == GT // 4
    assert fund.totalPaid() == 1275 * GT // 100
