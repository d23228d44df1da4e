"""Core stage: the team vesting vault (team bucket) and the BG fund's address (bg_fund bucket).

The capital stage gives the other buckets their contracts (sale, incentive pool, protection fund).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from brownie import VestingVault


def before_token(d: Any) -> None:
    vault = d.add("VestingVault", VestingVault.deploy(d.token_address, d.deployer, d.tx()))
    d.buckets["team"] = vault.address
    d.buckets["bg_fund"] = str(d.role("bg_fund"))


def after_token(d: Any) -> None:
    vesting = d.config.team_vesting
    vault = d.contracts["VestingVault"]
    beneficiaries = [str(d.account(g.beneficiary)) for g in vesting.grants]
    amounts = [g.amount_wei for g in vesting.grants]
    vault.createStepGrants(beneficiaries, amounts, d.genesis_time, vesting.interval_seconds, vesting.tranches, d.tx())
    # With every team grant in place nobody needs, or keeps, the power to add grants.
    vault.renounceOwnership(d.tx())


def report(d: Any) -> list[tuple[str, str]]:
    vault = d.contracts["VestingVault"]
    rows = [("VestingVault", f"{vault.totalUnreleased() / 1e18:,.0f} GT locked for the team")]
    for g in d.config.team_vesting.grants:
        who = d.account(g.beneficiary)
        unlock = datetime.fromtimestamp(vault.nextUnlock(who), tz=UTC).strftime("%Y-%m-%d %H:%M UTC")
        rows.append((f"  grant to {who}", f"{g.amount_wei / 1e18:,.0f} GT, next unlock {unlock}"))
    return rows
