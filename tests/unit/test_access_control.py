"""After the hand-over, an outsider can touch no privileged entry of any system contract.

Every AccessControl contract of the deployed system, for every role its ABI names
(``*_ROLE`` and DEFAULT_ADMIN_ROLE): ``grantRole``/``revokeRole`` from the attacker revert with
exactly ``AccessControlUnauthorizedAccount(attacker, adminRole)``; Ownable contracts refuse
``transferOwnership``/``renounceOwnership``; the timelock refuses schedule/execute/cancel/
updateDelay. Role ids and their admins are computed here from the role names (keccak256 of the
name, admin DEFAULT_ADMIN_ROLE), never read back from the contracts under test.
"""

import brownie
import pytest
from brownie import ZERO_ADDRESS, web3

from gt_chain.stages.governance import roles_of
from tests.helpers import a, reverts_with

ZERO32 = b"\x00" * 32

# Every AccessControl contract of the local deployment and the roles it names besides
# DEFAULT_ADMIN_ROLE; every role's admin is DEFAULT_ADMIN_ROLE.
ROLES = {
    "Timelock": ("CANCELLER_ROLE", "EXECUTOR_ROLE", "PROPOSER_ROLE"),
    "Committee": (),
    "PrivateSale": ("ALLOWLIST_ROLE",),
    "ProtectionFund": ("CASE_OPENER_ROLE",),
    "IncentivePool": ("PUBLISHER_ROLE", "GUARDIAN_ROLE"),
    "RecyclingPool": ("PUBLISHER_ROLE", "GUARDIAN_ROLE"),
    "DividendDistributor": ("FUNDER_ROLE", "PARAMETERS_ROLE"),
    "BuybackEngine": ("OPERATOR_ROLE", "PARAMETERS_ROLE"),
    "ListingRegistry": ("COMMITTEE_ROLE", "LISTER_ROLE", "METRICS_ROLE", "PLATFORM_ROLE"),
}
# Ownable contracts and their owner after the hand-over: the core stage renounces the vault's
# ownership once the team grants exist, so nobody can add a grant.
OWNABLE = {"VestingVault": None}


def role_id(name: str) -> bytes:
    return bytes(web3.keccak(text=name))


def hex32(value: bytes) -> str:
    return "0x" + value.hex()


def test_the_lists_above_cover_every_system_contract(gsys):
    """A new AccessControl or Ownable contract in the system must be added to this module."""
    with_roles = {name for name, c in gsys.contracts.items() if roles_of(c)}
    assert with_roles == set(ROLES)
    for name, names in ROLES.items():
        expected = [hex32(role_id(n)) for n in names] + [hex32(ZERO32)]
        assert sorted(roles_of(gsys.contracts[name])) == sorted(expected), name
    ownable = {
        name for name, c in gsys.contracts.items() if {"owner", "transferOwnership"} <= {i.get("name") for i in c.abi}
    }
    assert ownable == set(OWNABLE)


@pytest.mark.parametrize("name", sorted(ROLES))
def test_attacker_cannot_grant_or_revoke_any_role(gsys, timelock, attacker, name):
    c = gsys.contracts[name]
    roles = [role_id(n) for n in ROLES[name]] + [ZERO32]
    for role in roles:
        # The admin of every role is DEFAULT_ADMIN_ROLE, held by the timelock alone.
        with reverts_with("AccessControlUnauthorizedAccount", a(attacker), ZERO32):
            c.grantRole(hex32(role), attacker, {"from": attacker})
        with reverts_with("AccessControlUnauthorizedAccount", a(attacker), ZERO32):
            c.revokeRole(hex32(role), timelock, {"from": attacker})
        # Renouncing on someone else's behalf is refused too.
        with reverts_with("AccessControlBadConfirmation"):
            c.renounceRole(hex32(role), timelock, {"from": attacker})
        assert not c.hasRole(hex32(role), attacker)
    assert c.hasRole(hex32(ZERO32), timelock)


@pytest.mark.parametrize("name", sorted(OWNABLE))
def test_attacker_cannot_take_or_drop_ownership(gsys, timelock, attacker, name):
    c = gsys.contracts[name]
    with reverts_with("OwnableUnauthorizedAccount", a(attacker)):
        c.transferOwnership(attacker, {"from": attacker})
    with reverts_with("OwnableUnauthorizedAccount", a(attacker)):
        c.renounceOwnership({"from": attacker})
    assert c.owner() == (timelock.address if OWNABLE[name] == "Timelock" else ZERO_ADDRESS)


def test_dex_fee_switch_belongs_to_governance(gsys, attacker, deployer):
    factory = gsys.contracts["UniswapV2Factory"]
    for who in (attacker, deployer):
        with brownie.reverts("UniswapV2: FORBIDDEN"):
            factory.setFeeToSetter(who, {"from": who})
        with brownie.reverts("UniswapV2: FORBIDDEN"):
            factory.setFeeTo(who, {"from": who})


def test_timelock_privileged_entries(timelock, governor, attacker, deployer, gcfg):
    proposer, executor, canceller = role_id("PROPOSER_ROLE"), role_id("EXECUTOR_ROLE"), role_id("CANCELLER_ROLE")
    target, data, salt = timelock.address, timelock.updateDelay.encode_input(1), hex32(b"\x07" * 32)
    delay = gcfg.governor.timelock_delay
    for who in (attacker, deployer):
        with reverts_with("AccessControlUnauthorizedAccount", a(who), proposer):
            timelock.schedule(target, 0, data, hex32(ZERO32), salt, delay, {"from": who})
        with reverts_with("AccessControlUnauthorizedAccount", a(who), proposer):
            timelock.scheduleBatch([target], [0], [data], hex32(ZERO32), salt, delay, {"from": who})
        # The executor role is not open (address(0) does not hold it): the governor alone executes.
        with reverts_with("AccessControlUnauthorizedAccount", a(who), executor):
            timelock.execute(target, 0, data, hex32(ZERO32), salt, {"from": who})
        with reverts_with("AccessControlUnauthorizedAccount", a(who), executor):
            timelock.executeBatch([target], [0], [data], hex32(ZERO32), salt, {"from": who})
        op = timelock.hashOperation(target, 0, data, hex32(ZERO32), salt)
        with reverts_with("AccessControlUnauthorizedAccount", a(who), canceller):
            timelock.cancel(op, {"from": who})
        with reverts_with("TimelockUnauthorizedCaller", a(who)):
            timelock.updateDelay(1, {"from": who})
    assert timelock.getMinDelay() == delay
    assert timelock.hasRole(hex32(executor), governor)
    assert not timelock.hasRole(hex32(executor), ZERO_ADDRESS)
