"""Gas of the foundation: GT transfers, permit and vesting release, beside OpenZeppelin references.

    brownie run benchmarks/bench_core.py --network development

Both references are deployed in the same run: a plain OpenZeppelin 5.0.2 ERC20 and a stock
ERC20Votes (+Permit) whose holders delegated to themselves (the comparable case: GT holders
are always their own delegates). Rows go to benchmarks/results/core.json.
"""

from __future__ import annotations

from brownie import ReferenceERC20, ReferenceERC20Votes, accounts, chain
from eth_account import Account

from gt.gasreport import GasRow, save, within_ratio
from gt.permit import sign_permit
from gt_chain.deployment import deploy_system
from scripts.cli import console

AMOUNT = 10**18


def _permit_gas(token, name: str, owner: Account, spender) -> int:
    deadline = chain.time() + 3600
    v, r, s = sign_permit(owner.key, name, chain.id, token.address, spender.address, AMOUNT, 0, deadline)
    return token.permit(owner.address, spender, AMOUNT, deadline, v, r, s, {"from": spender}).gas_used


def measure() -> list[GasRow]:
    d = deploy_system()
    gt, vault = d.token, d.contracts["VestingVault"]
    source, holder, fresh1, fresh2, fresh3 = accounts[3], accounts[10], accounts[11], accounts[12], accounts[13]
    plain = ReferenceERC20.deploy(source, 10**27, {"from": source})
    votes = ReferenceERC20Votes.deploy(source, 10**27, {"from": source})
    for token in (gt, plain, votes):
        token.transfer(holder, 100 * AMOUNT, {"from": source})
    for who in (source, holder):
        votes.delegate(who, {"from": who})

    def transfer(token, to) -> int:
        # A new block at a new timestamp, as on a real chain: checkpoints are written afresh,
        # not updated in place (Anvil may otherwise mine several blocks in the same second).
        chain.sleep(12)
        return token.transfer(to, AMOUNT, {"from": source}).gas_used

    # Warm the recipients' checkpoints/balances once, then measure a second transfer.
    gt_existing, plain_existing, votes_existing = transfer(gt, holder), transfer(plain, holder), transfer(votes, holder)
    votes.delegate(fresh3, {"from": fresh3})
    rows = [
        within_ratio(
            GasRow(
                "GT transfer to an existing holder", gt_existing, "OZ ERC20Votes, both self-delegated", votes_existing
            ),
            1.15,
        ),
        GasRow("GT transfer to an existing holder", gt_existing, "OZ ERC20 (plain)", plain_existing),
        within_ratio(
            GasRow(
                "GT transfer to a new holder",
                transfer(gt, fresh1),
                "OZ ERC20Votes, new self-delegated holder",
                transfer(votes, fresh3),
            ),
            1.15,
        ),
        GasRow("GT transfer to a new holder", transfer(gt, fresh2), "OZ ERC20 (plain)", transfer(plain, fresh2)),
    ]
    owner_gt, owner_ref = Account.create(), Account.create()
    gt.transfer(owner_gt.address, AMOUNT, {"from": source})
    votes.transfer(owner_ref.address, AMOUNT, {"from": source})
    rows.append(
        GasRow(
            "GT permit",
            _permit_gas(gt, "GT", owner_gt, holder),
            "OZ ERC20Permit (ERC20Votes)",
            _permit_gas(votes, "Reference Votes", owner_ref, holder),
        )
    )
    member = d.account(d.config.team_vesting.grants[0].beneficiary)
    chain.sleep(d.config.team_vesting.interval_seconds + 1)
    chain.mine()
    rows.append(GasRow("VestingVault release (one tranche)", vault.release(member, {"from": member}).gas_used))
    return rows


def main() -> None:
    rows = measure()
    for r in rows:
        ratio = f"  ({r.ratio:.3f}× {r.reference})" if r.ratio else ""
        verdict = "" if r.ok is None else ("  target met" if r.ok else "  TARGET MISSED")
        console.print(f"{r.operation:<40} {r.gas:>9,}{ratio}{verdict}")
    console.print(f"saved {save('core', rows)}")
