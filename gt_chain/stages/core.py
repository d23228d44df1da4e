"""Core stage: the team vesting vault (team bucket) and the BG fund's address (bg_fund bucket).

The capital stage gives the other buckets their contracts (sale, incentive pool, protection fund).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from brownie import VestingVault

from gt_chain.errors import DeploymentError

ZERO = "0x0000000000000000000000000000000000000000"


def before_token(d: Any) -> None:
    vault = d.add("VestingVault", VestingVault.deploy(d.token_address, d.deployer, d.tx()))
    d.buckets["team"] = vault.address
    d.buckets["bg_fund"] = str(d.role("bg_fund"))


def after_token(d: Any) -> None:
    """Creates the team grants and renounces the vault; a resumed deployment skips what is done."""
    vesting = d.config.team_vesting
    vault = d.contracts["VestingVault"]
    if vault.owner() == ZERO:
        return
    if vault.totalUnreleased() == 0:
        beneficiaries = [str(d.account(g.beneficiary)) for g in vesting.grants]
        amounts = [g.amount_wei for g in vesting.grants]
        vault.createStepGrants(
            beneficiaries, amounts, d.genesis_time, vesting.interval_seconds, vesting.tranches, d.tx()
        )
    # With every team grant in place nobody needs, or keeps, the power to add grants.
    vault.renounceOwnership(d.tx())


def verify(d: Any, phase: str) -> None:
    """Key wiring: the vault serves GT and holds the team bucket; after the token, every grant
    exists and nobody owns the vault."""
    vault = d.contracts["VestingVault"]
    if vault.token() != d.token_address or d.buckets.get("team") != vault.address:
        raise DeploymentError(
            f"VestingVault {vault.address} does not serve GT {d.token_address} or hold the team bucket"
        )
    if phase == "after_token":
        if vault.owner() != ZERO:
            raise DeploymentError(f"VestingVault is still owned by {vault.owner()}")
        if vault.totalUnreleased() != d.config.allocation_wei["team"]:
            raise DeploymentError(f"VestingVault grants {vault.totalUnreleased()} wei, not the team bucket")


def report(d: Any) -> list[tuple[str, str]]:
    vault = d.contracts["VestingVault"]
    rows = [("VestingVault", f"{vault.totalUnreleased() // 10**18:,} GT locked for the team")]
    for g in d.config.team_vesting.grants:
        who = d.account(g.beneficiary)
        unlock = datetime.fromtimestamp(vault.nextUnlock(who), tz=UTC).strftime("%Y-%m-%d %H:%M UTC")
        rows.append((f"  grant to {who}", f"{g.amount_wei // 10**18:,} GT, next unlock {unlock}"))
    return rows
