"""scripts/protection_case.py and the evidence rule: a second case on evidence that backs a case
not rejected is refused before anything is sent, unless --allow-duplicate-evidence, which opens
it as a follow-up of the latest case on that evidence."""

import pytest
from brownie import history, interface

from gt.capital import PayoutError
from scripts.protection_case import open_case, vote


@pytest.fixture(scope="module")
def fund(system):
    return system.contracts["ProtectionFund"]


@pytest.fixture
def csv_file(tmp_path, alice, bob):
    path = tmp_path / "victims.csv"
    path.write_text(f"user,amount\n{alice.address},12.5\n{bob.address},0.25\n")
    return path


@pytest.fixture
def evidence(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(b"exploit report, block 123")
    return path


def test_duplicate_evidence_is_refused_before_sending(fund, operator, csv_file, evidence):
    first = open_case(fund, operator, csv_file, evidence, yes=True, dry_run=False)
    sent = len(history)
    # The careless operator runs the same command again: refused, nothing sent.
    with pytest.raises(PayoutError, match=rf"backs 1 case\(s\) not rejected \(latest: case {first}\)"):
        open_case(fund, operator, csv_file, evidence, yes=True, dry_run=False)
    with pytest.raises(PayoutError, match="--allow-duplicate-evidence"):
        open_case(fund, operator, csv_file, evidence, yes=True, dry_run=True)
    assert len(history) == sent and fund.caseCount() == first + 1


def test_allowed_duplicate_is_a_follow_up(fund, operator, csv_file, evidence):
    first = open_case(fund, operator, csv_file, evidence, yes=True, dry_run=False)
    sent = len(history)
    assert open_case(fund, operator, csv_file, evidence, yes=True, dry_run=True, allow_duplicate_evidence=True) is None
    assert len(history) == sent
    second = open_case(fund, operator, csv_file, evidence, yes=True, dry_run=False, allow_duplicate_evidence=True)
    assert second == first + 1 and tuple(fund.followUpOf(second)) == (True, first)
    assert history[-1].fn_name == "openFollowUpCase"
    # A further follow-up names the latest case (the follow-up), as the contract requires.
    third = open_case(fund, operator, csv_file, evidence, yes=True, dry_run=False, allow_duplicate_evidence=True)
    assert tuple(fund.followUpOf(third)) == (True, second)


def test_flag_without_a_standing_case_opens_a_plain_case(fund, operator, csv_file, evidence):
    case_id = open_case(fund, operator, csv_file, evidence, yes=True, dry_run=False, allow_duplicate_evidence=True)
    assert history[-1].fn_name == "openCase" and tuple(fund.followUpOf(case_id)) == (False, 0)


def test_rejected_case_frees_the_evidence(fund, operator, csv_file, evidence):
    first = open_case(fund, operator, csv_file, evidence, yes=True, dry_run=False)
    from brownie import accounts

    committee = interface.ICommittee(fund.committee())
    voters = [a for a in accounts if committee.isMember(a)][: committee.approvalThreshold()]
    for v in voters:
        vote(fund, v, str(first), False, yes=True, dry_run=False)
    second = open_case(fund, operator, csv_file, evidence, yes=True, dry_run=False)
    assert history[-1].fn_name == "openCase" and second == first + 1
