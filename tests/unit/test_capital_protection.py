"""ProtectionFund: GT leaves only through approved cases, M-of-N counted once per member
(under the current membership version), exact amounts, nothing paid twice."""

import brownie
import pytest
from brownie import ProtectionFund, accounts

from tests.helpers import GT, reverts_with, unauthorized

OPEN, APPROVED, REJECTED, PAID = 1, 2, 3, 4
EVIDENCE = b"\x11" * 32
BALANCE = 1_000_000 * GT


@pytest.fixture(scope="module")
def fund(gt, stand_in_committee, deployer, operator, bg_fund):
    f = ProtectionFund.deploy(gt, stand_in_committee, deployer, operator, {"from": deployer})
    gt.transfer(f, BALANCE, {"from": bg_fund})
    return f


@pytest.fixture(scope="module")
def users():
    return [accounts[i] for i in (10, 11, 12)]


def open_case(fund, operator, users, amounts=(100 * GT, 250 * GT, 1)):
    evidence = bytes([0x11 + fund.caseCount()]) * 32  # one piece of evidence per case (see test_capital_evidence)
    return fund.openCase(evidence, list(users), list(amounts), {"from": operator}).return_value


def approve_by(fund, case_id, voters):
    return [fund.approve(case_id, {"from": m}) for m in voters]


def test_system_fund_holds_the_bucket(system, gt, config):
    fund = system.contracts["ProtectionFund"]
    assert gt.balanceOf(fund) == config.allocation_wei["protection_fund"]
    assert fund.committee() == system.contracts["Committee"].address


def test_abi_exposes_no_other_way_to_move_gt():
    writes = {
        i["name"]
        for i in ProtectionFund.abi
        if i["type"] == "function" and i["stateMutability"] not in ("view", "pure")
    }
    # No setCommittee: the approver is fixed, so no admin (not even governance) can swap it.
    assert writes == {
        "openCase",
        "openFollowUpCase",
        "approve",
        "reject",
        "pay",
        "grantRole",
        "revokeRole",
        "renounceRole",
    }


def test_full_case_pays_exact_amounts_once(fund, gt, operator, stand_in_members, users):
    tx = fund.openCase(EVIDENCE, users, [100 * GT, 250 * GT, 1], {"from": operator})
    case_id = tx.return_value
    assert tx.events["CaseOpened"] == {
        "caseId": 0,
        "opener": operator,
        "evidenceHash": "0x" + "11" * 32,
        "payoutCount": 3,
        "total": 350 * GT + 1,
    }
    with reverts_with("ProtectionFundWrongStatus", case_id, OPEN):
        fund.pay(case_id, 10, {"from": users[0]})
    txs = approve_by(fund, case_id, stand_in_members[:3])
    assert "CaseApproved" not in txs[1].events and "CaseApproved" in txs[2].events
    assert txs[2].events["VoteCast"]["approvals"] == 3
    assert fund.reserved() == 350 * GT + 1 and fund.available() == BALANCE - 350 * GT - 1
    before = [gt.balanceOf(u) for u in users]
    tx = fund.pay(case_id, 10, {"from": accounts[19]})  # anyone can trigger the payment
    assert [gt.balanceOf(u) - b for u, b in zip(users, before, strict=True)] == [100 * GT, 250 * GT, 1]
    assert [e["amount"] for e in tx.events["CompensationPaid"]] == [100 * GT, 250 * GT, 1]
    assert tx.events["CasePaid"]["total"] == 350 * GT + 1
    assert fund.totalPaid() == 350 * GT + 1 and fund.paidTo(users[1]) == 250 * GT
    assert fund.reserved() == 0 and gt.balanceOf(fund) == BALANCE - 350 * GT - 1
    c = fund.getCase(case_id)
    assert (c["status"], c["paid"], c["paidCount"]) == (PAID, 350 * GT + 1, 3)
    with reverts_with("ProtectionFundWrongStatus", case_id, PAID):
        fund.pay(case_id, 10, {"from": users[0]})


def test_partial_payments_never_repeat(fund, gt, operator, stand_in_members, users):
    case_id = open_case(fund, operator, users)
    approve_by(fund, case_id, stand_in_members[:3])
    assert fund.pay(case_id, 2, {"from": users[0]}).return_value == 2
    assert fund.getCase(case_id)["status"] == APPROVED
    assert fund.pay(case_id, 0, {"from": users[0]}).return_value == 0
    assert fund.pay(case_id, 5, {"from": users[0]}).return_value == 1
    assert fund.totalPaid() == 350 * GT + 1
    assert [fund.paidTo(u) for u in users] == [100 * GT, 250 * GT, 1]


def test_each_member_counts_once(fund, operator, stand_in_members, users):
    case_id = open_case(fund, operator, users)
    fund.approve(case_id, {"from": stand_in_members[0]})
    with reverts_with("ProtectionFundAlreadyVoted", case_id, stand_in_members[0].address.lower()):
        fund.approve(case_id, {"from": stand_in_members[0]})
    with reverts_with("ProtectionFundAlreadyVoted", case_id, stand_in_members[0].address.lower()):
        fund.reject(case_id, {"from": stand_in_members[0]})
    fund.approve(case_id, {"from": stand_in_members[1]})
    c = fund.getCase(case_id)
    assert (c["approvals"], c["status"]) == (2, OPEN)
    assert fund.hasVoted(case_id, stand_in_members[0]) and not fund.hasVoted(case_id, stand_in_members[2])


def test_outsiders_cannot_vote_or_open(fund, operator, stand_in_members, users, attacker):
    with unauthorized(attacker, fund.CASE_OPENER_ROLE()):
        fund.openCase(EVIDENCE, [attacker], [GT], {"from": attacker})
    with unauthorized(stand_in_members[0], fund.CASE_OPENER_ROLE()):
        fund.openCase(EVIDENCE, [attacker], [GT], {"from": stand_in_members[0]})
    case_id = open_case(fund, operator, users)
    for who in (attacker, operator):
        with reverts_with("ProtectionFundNotMember", who.address.lower()):
            fund.approve(case_id, {"from": who})
        with reverts_with("ProtectionFundNotMember", who.address.lower()):
            fund.reject(case_id, {"from": who})


def test_membership_change_resets_votes(fund, stand_in_committee, deployer, operator, stand_in_members, users):
    case_id = open_case(fund, operator, users)
    approve_by(fund, case_id, stand_in_members[:2])
    # a new term with members 0, 1, 2 and 5 (member 3 and 4 leave): older approvals no longer count
    new_members = [stand_in_members[0], stand_in_members[1], stand_in_members[2], accounts[18]]
    stand_in_committee.setMembers(new_members, 3, {"from": deployer})
    assert not fund.hasVoted(case_id, stand_in_members[0])
    tx = fund.approve(case_id, {"from": stand_in_members[2]})
    assert tx.events["VotesReset"]["membershipVersion"] == 1
    assert fund.getCase(case_id)["approvals"] == 1
    with reverts_with("ProtectionFundNotMember", stand_in_members[3].address.lower()):
        fund.approve(case_id, {"from": stand_in_members[3]})
    fund.approve(case_id, {"from": stand_in_members[0]})  # re-approves under the new membership
    tx = fund.approve(case_id, {"from": accounts[18]})
    assert "CaseApproved" in tx.events


def test_rejection_is_final(fund, gt, operator, stand_in_members, users):
    case_id = open_case(fund, operator, users)
    fund.approve(case_id, {"from": stand_in_members[4]})
    txs = [fund.reject(case_id, {"from": m}) for m in stand_in_members[:3]]
    assert "CaseRejected" in txs[2].events
    with reverts_with("ProtectionFundWrongStatus", case_id, REJECTED):
        fund.approve(case_id, {"from": stand_in_members[3]})
    with reverts_with("ProtectionFundWrongStatus", case_id, REJECTED):
        fund.pay(case_id, 3, {"from": users[0]})
    assert gt.balanceOf(fund) == BALANCE and fund.totalPaid() == 0


def test_bad_cases_are_refused(fund, operator, users):
    with reverts_with("ProtectionFundLengthMismatch", 3, 2):
        fund.openCase(EVIDENCE, users, [GT, GT], {"from": operator})
    with reverts_with("ProtectionFundEmptyCase"):
        fund.openCase(EVIDENCE, [], [], {"from": operator})
    with reverts_with("ProtectionFundInvalidPayout", 1):
        fund.openCase(EVIDENCE, [users[0], brownie.ZERO_ADDRESS], [GT, GT], {"from": operator})
    with reverts_with("ProtectionFundInvalidPayout", 0):
        fund.openCase(EVIDENCE, [users[0]], [0], {"from": operator})
    with reverts_with("ProtectionFundInsufficientBalance", BALANCE + 1, BALANCE):
        fund.openCase(EVIDENCE, [users[0]], [BALANCE + 1], {"from": operator})
    with reverts_with("ProtectionFundUnknownCase", 7):
        fund.approve(7, {"from": operator})
    assert fund.caseCount() == 0


def test_approved_cases_reserve_their_gt(fund, operator, stand_in_members, users):
    a = open_case(fund, operator, users[:1], [600_000 * GT])
    b = open_case(fund, operator, users[1:2], [600_000 * GT])  # fits now: nothing reserved yet
    approve_by(fund, a, stand_in_members[:3])
    approve_by(fund, b, stand_in_members[:2])
    with reverts_with("ProtectionFundInsufficientBalance", 600_000 * GT, 400_000 * GT):
        fund.approve(b, {"from": stand_in_members[2]})
    with reverts_with("ProtectionFundInsufficientBalance", 600_000 * GT, 400_000 * GT):
        fund.openCase(b"\x33" * 32, [users[2]], [600_000 * GT], {"from": operator})


def test_inactive_committee(fund, stand_in_committee, deployer, operator, stand_in_members, users):
    case_id = open_case(fund, operator, users)
    stand_in_committee.setMembers(stand_in_members, 0, {"from": deployer})
    with reverts_with("ProtectionFundCommitteeInactive"):
        fund.approve(case_id, {"from": stand_in_members[0]})


def test_committee_is_fixed_at_construction(fund, stand_in_committee, gt, deployer, operator, attacker):
    assert fund.committee() == stand_in_committee.address
    with reverts_with("ProtectionFundZeroAddress", 1):
        ProtectionFund.deploy(gt, brownie.ZERO_ADDRESS, deployer, operator, {"from": deployer})
    with reverts_with("ProtectionFundZeroAddress", 0):
        ProtectionFund.deploy(brownie.ZERO_ADDRESS, stand_in_committee, deployer, operator, {"from": deployer})
    with reverts_with("ProtectionFundZeroAddress", 2):
        ProtectionFund.deploy(gt, stand_in_committee, brownie.ZERO_ADDRESS, operator, {"from": deployer})
