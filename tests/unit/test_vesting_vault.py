"""VestingVault: the team step schedule at every boundary, linear grants, and bad input."""

import pytest
from brownie import ZERO_ADDRESS, GTToken, VestingVault, chain

from gt.vesting import LinearSchedule, StepSchedule
from tests.helpers import advance_to, custom_error, reverts_with, send_at

YEAR = 365 * 86_400


@pytest.fixture(scope="module")
def team_schedules(config, genesis_time, team_members):
    v = config.team_vesting
    return {
        member: StepSchedule(g.amount_wei, genesis_time, v.interval_seconds, v.tranches)
        for member, g in zip(team_members, v.grants, strict=True)
    }


@pytest.fixture(scope="module")
def fresh_vault(deployer, bg_fund):
    """A vault owned by the deployer, over its own token, for grant-creation tests."""
    token = GTToken.deploy([bg_fund], [10**27], {"from": deployer})
    vault = VestingVault.deploy(token, deployer, {"from": deployer})
    token.transfer(vault, 1_000 * 10**18, {"from": bg_fund})
    return vault


def test_deployed_team_grants_match_config(vault, gt, team_schedules, config):
    assert vault.owner() == ZERO_ADDRESS
    assert vault.token() == gt
    assert vault.totalUnreleased() == config.allocation_wei["team"] == gt.balanceOf(vault)
    assert vault.unallocated() == 0
    for member, schedule in team_schedules.items():
        grant = vault.grantOf(member)
        assert grant["amount"] == schedule.amount
        assert (grant["start"], grant["cliffOrInterval"], grant["durationOrTranches"]) == (schedule.start, YEAR, 4)


def test_step_schedule_at_every_boundary(vault, team_schedules):
    for member, schedule in team_schedules.items():
        assert vault.vestedAmount(member, schedule.start) == 0
        for k, unlock in enumerate(schedule.unlock_times(), start=1):
            assert vault.vestedAmount(member, unlock - 1) == schedule.amount * (k - 1) // 4
            assert vault.vestedAmount(member, unlock) == schedule.amount * k // 4 == schedule.vested(unlock)
        last = schedule.unlock_times()[-1]
        assert vault.vestedAmount(member, last + 1) == schedule.amount
        assert vault.vestedAmount(member, last + 10 * YEAR) == schedule.amount


def test_nothing_releasable_before_first_unlock(vault, team_members, genesis_time):
    member = team_members[0]
    assert vault.releasable(member) == 0
    assert vault.nextUnlock(member) == genesis_time + YEAR
    with reverts_with("VestingVaultNothingToRelease", member.address):
        vault.release(member, {"from": member})


def release_at(vault, member, caller, timestamp, schedule, paid, exact_total):
    """`release` in a block at `timestamp`, checked against the schedule at the block time the
    transaction really got; on Anvil that is exactly `timestamp` (see `send_at`), and then the
    total paid must be `exact_total`. Returns the total paid so far."""
    t, tx, message = send_at(timestamp, vault.release, member, {"from": caller})
    due = schedule.vested(t) - paid
    if due == 0:
        assert message == custom_error("VestingVaultNothingToRelease", member.address)
    else:
        assert message is None, message
        assert tx.return_value == due == tx.events["Released"]["amount"]
        assert tx.events["Released"]["beneficiary"] == member
    if t == timestamp:
        assert paid + due == exact_total
    return paid + due


def test_release_on_chain_at_every_unlock(vault, gt, team_members, team_schedules, attacker):
    member = team_members[1]
    schedule = team_schedules[member]
    paid = 0
    for k, unlock in enumerate(schedule.unlock_times(), start=1):
        # One second before the unlock: nothing of this tranche (everything earlier is paid).
        paid = release_at(vault, member, attacker, unlock - 1, schedule, paid, schedule.amount * (k - 1) // 4)
        # At the unlock: exactly this tranche. Anyone may trigger it; the GT goes to the beneficiary.
        paid = release_at(vault, member, attacker, unlock, schedule, paid, schedule.amount * k // 4)
        assert paid == schedule.amount * k // 4 == vault.released(member) == gt.balanceOf(member)
        assert vault.nextUnlock(member) == (unlock + YEAR if k < 4 else 0)
    assert paid == schedule.amount
    with reverts_with("VestingVaultNothingToRelease", member.address):
        vault.release(member, {"from": member})
    assert gt.balanceOf(attacker) == 0


def test_release_just_before_an_unlock_pays_only_earlier_tranches(vault, gt, team_members, team_schedules):
    member = team_members[0]
    schedule = team_schedules[member]
    _, u2, _, u4 = schedule.unlock_times()
    quarter = schedule.amount // 4
    # One second before the second unlock only the first tranche has vested: a smaller amount.
    paid = release_at(vault, member, member, u2 - 1, schedule, 0, quarter)
    paid = release_at(vault, member, member, u2, schedule, paid, schedule.amount * 2 // 4)
    paid = release_at(vault, member, member, u4 - 1, schedule, paid, schedule.amount * 3 // 4)
    paid = release_at(vault, member, member, u4, schedule, paid, schedule.amount)
    assert paid == schedule.amount == gt.balanceOf(member) == vault.released(member)


def test_release_of_unknown_beneficiary(vault, alice):
    with reverts_with("VestingVaultNoGrant", alice.address):
        vault.release(alice, {"from": alice})
    with reverts_with("VestingVaultNoGrant", alice.address):
        vault.vestedAmount(alice, 0)
    assert vault.releasable(alice) == 0
    assert vault.nextUnlock(alice) == 0


def test_grants_cannot_be_added_after_deployment(vault, deployer, attacker):
    for sender in (deployer, attacker):
        with reverts_with("OwnableUnauthorizedAccount", sender.address):
            vault.createStepGrants([sender], [1], 0, YEAR, 4, {"from": sender})
        with reverts_with("OwnableUnauthorizedAccount", sender.address):
            vault.createLinearGrant(sender, 1, 0, 0, YEAR, {"from": sender})


def test_unauthorised_grant_creation(fresh_vault, attacker):
    with reverts_with("OwnableUnauthorizedAccount", attacker.address):
        fresh_vault.createStepGrants([attacker], [1], 0, YEAR, 4, {"from": attacker})
    with reverts_with("OwnableUnauthorizedAccount", attacker.address):
        fresh_vault.createLinearGrant(attacker, 1, 0, 0, YEAR, {"from": attacker})
    with reverts_with("OwnableUnauthorizedAccount", attacker.address):
        fresh_vault.renounceOwnership({"from": attacker})


def test_bad_grants_are_refused(fresh_vault, deployer, alice, bob):
    tx = {"from": deployer}
    with reverts_with("VestingVaultZeroBeneficiary"):
        fresh_vault.createStepGrants([ZERO_ADDRESS], [1], 0, YEAR, 4, tx)
    with reverts_with("VestingVaultZeroAmount", alice.address):
        fresh_vault.createStepGrants([alice], [0], 0, YEAR, 4, tx)
    with reverts_with("VestingVaultInsufficientBalance", 1_001 * 10**18, 1_000 * 10**18):
        fresh_vault.createStepGrants([alice], [1_001 * 10**18], 0, YEAR, 4, tx)
    with reverts_with("VestingVaultInvalidSchedule", alice.address):
        fresh_vault.createStepGrants([alice], [1], 0, 0, 4, tx)
    with reverts_with("VestingVaultInvalidSchedule", alice.address):
        fresh_vault.createStepGrants([alice], [1], 0, YEAR, 0, tx)
    with reverts_with("VestingVaultInvalidSchedule", alice.address):
        fresh_vault.createLinearGrant(alice, 1, 0, YEAR + 1, YEAR, tx)
    with reverts_with("VestingVaultInvalidSchedule", alice.address):
        fresh_vault.createLinearGrant(alice, 1, 0, 0, 0, tx)
    with reverts_with("VestingVaultLengthMismatch"):
        fresh_vault.createStepGrants([alice, bob], [1], 0, YEAR, 4, tx)
    # Duplicates are refused, in one batch and across calls.
    with reverts_with("VestingVaultDuplicateBeneficiary", alice.address):
        fresh_vault.createStepGrants([alice, alice], [1, 1], 0, YEAR, 4, tx)
    fresh_vault.createStepGrants([alice], [600 * 10**18], 0, YEAR, 4, tx)
    with reverts_with("VestingVaultDuplicateBeneficiary", alice.address):
        fresh_vault.createLinearGrant(alice, 1, 0, 0, YEAR, tx)
    # The remaining balance bounds the next grant.
    with reverts_with("VestingVaultInsufficientBalance", 401 * 10**18, 400 * 10**18):
        fresh_vault.createLinearGrant(bob, 401 * 10**18, 0, 0, YEAR, tx)


def test_linear_grant_with_cliff(fresh_vault, deployer, bob):
    token = GTToken.at(fresh_vault.token())
    start = chain.time() + 100
    amount = 1_000 * 10**18 - 1  # odd, so rounding shows
    schedule = LinearSchedule(amount, start, cliff=YEAR // 4, duration=YEAR)
    fresh_vault.createLinearGrant(bob, amount, start, YEAR // 4, YEAR, {"from": deployer})
    for t in (
        start - 1,
        start,
        start + YEAR // 4 - 1,
        start + YEAR // 4,
        start + YEAR // 2 + 7,
        start + YEAR,
        start + 2 * YEAR,
    ):
        assert fresh_vault.vestedAmount(bob, t) == schedule.vested(t)
    assert fresh_vault.nextUnlock(bob) == start + YEAR // 4
    advance_to(start + YEAR // 2)
    tx = fresh_vault.release(bob, {"from": bob})
    assert tx.return_value == schedule.vested(chain[tx.block_number].timestamp) == token.balanceOf(bob) > 0
    advance_to(start + YEAR)
    fresh_vault.release(bob, {"from": bob})
    assert token.balanceOf(bob) == amount == fresh_vault.released(bob)
    assert fresh_vault.totalUnreleased() == 0
    assert fresh_vault.nextUnlock(bob) == 0


def test_zero_token_is_refused(deployer):
    with reverts_with("VestingVaultZeroToken"):
        VestingVault.deploy(ZERO_ADDRESS, deployer, {"from": deployer})


def test_release_pays_beneficiary_not_caller(vault, gt, team_members, genesis_time, alice):
    advance_to(genesis_time + 2 * YEAR)
    before = gt.balanceOf(alice)
    vault.release(team_members[2], {"from": alice})
    assert gt.balanceOf(alice) == before
    with reverts_with("VestingVaultNoGrant", alice.address):
        vault.release(alice, {"from": alice})
