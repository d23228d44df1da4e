"""ProtectionFund's evidence rule: an evidence hash backs one standing case. A second case on
evidence an earlier case (not rejected) was opened with is refused, unless it is opened on
purpose as a follow-up naming the latest case on that evidence."""

import pytest
from brownie import ProtectionFund, accounts

from tests.helpers import GT, reverts_with, unauthorized

EVIDENCE = b"\x11" * 32
OTHER = b"\x22" * 32
BALANCE = 1_000_000 * GT
OPEN, APPROVED, REJECTED, PAID = 1, 2, 3, 4


@pytest.fixture(scope="module")
def fund(gt, stand_in_committee, deployer, operator, bg_fund):
    f = ProtectionFund.deploy(gt, stand_in_committee, deployer, operator, {"from": deployer})
    gt.transfer(f, BALANCE, {"from": bg_fund})
    return f


@pytest.fixture(scope="module")
def second_opener(fund, deployer):
    """A second CASE_OPENER_ROLE holder (say, a support desk key) that turns rogue."""
    who = accounts[9]
    fund.grantRole(fund.CASE_OPENER_ROLE(), who, {"from": deployer})
    return who


def use(fund, evidence=EVIDENCE) -> tuple:
    return tuple(fund.evidenceUse(evidence))


def test_same_case_twice_is_refused(fund, operator, alice, bob):
    tx = fund.openCase(EVIDENCE, [alice, bob], [10 * GT, 20 * GT], {"from": operator})
    assert use(fund) == (True, 0, 1) and use(fund, OTHER) == (False, 0, 0)
    assert "FollowUpCaseOpened" not in tx.events and tuple(fund.followUpOf(0)) == (False, 0)
    # The very same case (an operator double-submitting it, or a replayed request) is refused.
    with reverts_with("ProtectionFundDuplicateEvidence", EVIDENCE, 1, 0):
        fund.openCase(EVIDENCE, [alice, bob], [10 * GT, 20 * GT], {"from": operator})
    # So is different payouts on the same evidence.
    with reverts_with("ProtectionFundDuplicateEvidence", EVIDENCE, 1, 0):
        fund.openCase(EVIDENCE, [bob], [GT], {"from": operator})
    fund.openCase(OTHER, [alice, bob], [10 * GT, 20 * GT], {"from": operator})  # other evidence: fine
    assert fund.caseCount() == 2


@pytest.mark.parametrize("decided", ["approved", "paid"])
def test_approved_or_paid_evidence_stays_taken(fund, operator, stand_in_members, alice, decided):
    fund.openCase(EVIDENCE, [alice], [10 * GT], {"from": operator})
    for m in stand_in_members[:3]:
        fund.approve(0, {"from": m})
    if decided == "paid":
        fund.pay(0, 1, {"from": alice})
        assert fund.getCase(0)["status"] == PAID
    with reverts_with("ProtectionFundDuplicateEvidence", EVIDENCE, 1, 0):
        fund.openCase(EVIDENCE, [alice], [10 * GT], {"from": operator})
    assert use(fund) == (True, 0, 1)


def test_rejected_case_frees_its_evidence(fund, operator, stand_in_members, alice):
    fund.openCase(EVIDENCE, [alice], [10 * GT], {"from": operator})
    for m in stand_in_members[:3]:
        fund.reject(0, {"from": m})
    assert use(fund) == (True, 0, 0)
    tx = fund.openCase(EVIDENCE, [alice], [9 * GT], {"from": operator})  # a corrected case, plainly
    assert tx.return_value == 1 and use(fund) == (True, 1, 1)


def test_deliberate_follow_up(fund, operator, stand_in_members, alice, bob):
    fund.openCase(EVIDENCE, [alice], [10 * GT], {"from": operator})
    tx = fund.openFollowUpCase(0, EVIDENCE, [bob], [5 * GT], {"from": operator})
    assert tx.return_value == 1
    assert tx.events["FollowUpCaseOpened"] == {"caseId": 1, "previousCaseId": 0, "evidenceHash": "0x" + "11" * 32}
    assert tx.events["CaseOpened"]["evidenceHash"] == "0x" + "11" * 32
    assert tuple(fund.followUpOf(1)) == (True, 0) and use(fund) == (True, 1, 2)
    # A follow-up of the follow-up must name the latest case, not the first one.
    with reverts_with("ProtectionFundNotLatestCase", 0, EVIDENCE, 1):
        fund.openFollowUpCase(0, EVIDENCE, [bob], [GT], {"from": operator})
    with reverts_with("ProtectionFundDuplicateEvidence", EVIDENCE, 2, 1):
        fund.openCase(EVIDENCE, [bob], [GT], {"from": operator})
    # Rejecting the follow-up leaves case 0 standing: the evidence is still taken.
    for m in stand_in_members[:3]:
        fund.reject(1, {"from": m})
    with reverts_with("ProtectionFundDuplicateEvidence", EVIDENCE, 1, 1):
        fund.openCase(EVIDENCE, [bob], [GT], {"from": operator})
    # The follow-up case is voted and paid like any other.
    for m in stand_in_members[:3]:
        fund.approve(0, {"from": m})
    fund.pay(0, 1, {"from": alice})
    assert fund.getCase(0)["status"] == PAID


def test_follow_up_needs_an_earlier_case(fund, operator, alice):
    with reverts_with("ProtectionFundNoCaseToFollow", 0, EVIDENCE):
        fund.openFollowUpCase(0, EVIDENCE, [alice], [GT], {"from": operator})
    fund.openCase(OTHER, [alice], [GT], {"from": operator})
    # Case 0 exists, but not on this evidence: a follow-up cannot borrow another case's standing.
    with reverts_with("ProtectionFundNoCaseToFollow", 0, EVIDENCE):
        fund.openFollowUpCase(0, EVIDENCE, [alice], [GT], {"from": operator})
    with reverts_with("ProtectionFundNotLatestCase", 7, OTHER, 0):
        fund.openFollowUpCase(7, OTHER, [alice], [GT], {"from": operator})
    assert fund.caseCount() == 1


def test_follow_up_checks_the_case_like_any_other(fund, operator, alice):
    fund.openCase(EVIDENCE, [alice], [GT], {"from": operator})
    with reverts_with("ProtectionFundEmptyCase"):
        fund.openFollowUpCase(0, EVIDENCE, [], [], {"from": operator})
    with reverts_with("ProtectionFundInsufficientBalance", BALANCE + 1, BALANCE):
        fund.openFollowUpCase(0, EVIDENCE, [alice], [BALANCE + 1], {"from": operator})
    with reverts_with("ProtectionFundInvalidPayout", 0):
        fund.openFollowUpCase(0, EVIDENCE, [alice], [0], {"from": operator})


def test_outsiders_cannot_open_follow_ups(fund, operator, stand_in_members, alice, attacker):
    fund.openCase(EVIDENCE, [alice], [GT], {"from": operator})
    for who in (attacker, stand_in_members[0]):
        with unauthorized(who, fund.CASE_OPENER_ROLE()):
            fund.openFollowUpCase(0, EVIDENCE, [who], [GT], {"from": who})
    assert fund.caseCount() == 1


def test_front_runner_opening_the_case_first(fund, operator, stand_in_members, second_opener, alice, attacker):
    """A rogue opener key sees the operator's pending case and opens one on the same evidence,
    paying itself, first. The operator's case is refused, naming the squatting case; the
    committee rejects the squatter, and the operator's case goes through."""
    squat = fund.openCase(EVIDENCE, [attacker], [500_000 * GT], {"from": second_opener}).return_value
    with reverts_with("ProtectionFundDuplicateEvidence", EVIDENCE, 1, squat):
        fund.openCase(EVIDENCE, [alice], [10 * GT], {"from": operator})
    for m in stand_in_members[:3]:
        fund.reject(squat, {"from": m})
    honest = fund.openCase(EVIDENCE, [alice], [10 * GT], {"from": operator}).return_value
    assert honest == squat + 1 and use(fund) == (True, honest, 1)


def test_front_runner_slipping_a_case_before_a_follow_up(fund, operator, second_opener, alice, attacker):
    """The operator means to follow up case 0; a rogue opener slips its own follow-up in first.
    The operator's follow-up names case 0, which is no longer the latest: it fails instead of
    silently following a case the operator never saw."""
    fund.openCase(EVIDENCE, [alice], [10 * GT], {"from": operator})
    fund.openFollowUpCase(0, EVIDENCE, [attacker], [GT], {"from": second_opener})
    with reverts_with("ProtectionFundNotLatestCase", 0, EVIDENCE, 1):
        fund.openFollowUpCase(0, EVIDENCE, [alice], [5 * GT], {"from": operator})
    assert fund.caseCount() == 2
