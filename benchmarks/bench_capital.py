"""Gas of the capital flows, with Uniswap's MerkleDistributor design as the claim reference.

    brownie run benchmarks/bench_capital.py --network anvil-h3

Rows: a private-sale purchase; an incentive claim for trees of 10 and 100,000 leaves against
ReferenceMerkleDistributor (a minimal re-implementation of Uniswap's claim, same token, same
tree size, same recipients' situation: fresh accounts) measured in the same run; protection-fund
payment per user and opening a case (the evidence rule's storage included). Writes
benchmarks/results/capital.json.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

from brownie import IncentivePool, ProtectionFund, ReferenceMerkleDistributor, TestCommittee, accounts, chain

from gt.merkle import MerkleTree
from gt_chain.deployment import deploy_system

RESULTS = Path(__file__).resolve().parent / "results" / "capital.json"
GT = 10**18
TARGET = 1.10
CLAIMS = 4


_keys = random.Random(7)


def fresh_accounts(n: int) -> list:
    """New accounts holding nothing (deterministic keys, so nothing is printed)."""
    return [accounts.add(private_key="0x" + _keys.randbytes(32).hex()) for _ in range(n)]


def measure(send) -> int:
    """Gas of one transaction sent in a block of its own second: a GT transfer then always pushes
    a new balance checkpoint, so figures do not depend on how blocks fall within a second."""
    chain.sleep(2)
    return send().gas_used


def claim_rows(d, leaves: int, rnd: random.Random) -> list[dict]:
    gt, deployer, operator, funder = d.token, d.deployer, d.role("operator"), d.role("bg_fund")
    ours_users = [a.address for a in fresh_accounts(CLAIMS)]
    ref_users = [a.address for a in fresh_accounts(CLAIMS)]
    others = ["0x" + rnd.randbytes(20).hex() for _ in range(leaves - CLAIMS)]
    amounts = [rnd.randint(1, 1000) * 10**15 for _ in range(leaves)]  # up to 1 GT each

    t0 = time.time()
    tree = MerkleTree.of(list(zip(ours_users + others, amounts, strict=True)))
    ref_values = [(i, u, a) for i, (u, a) in enumerate(zip(ref_users + others, amounts, strict=True))]
    ref_tree = MerkleTree.of(ref_values, ("uint256", "address", "uint256"))
    print(f"  trees of {leaves:,} leaves built in {time.time() - t0:.1f} s")

    pool = IncentivePool.deploy(gt, deployer, operator, 0, 0, {"from": deployer})
    gt.transfer(pool, sum(amounts), {"from": funder})
    pool.publishEpoch(tree.root, sum(amounts), {"from": operator})
    ref = ReferenceMerkleDistributor.deploy(gt, ref_tree.root, {"from": deployer})
    gt.transfer(ref, sum(amounts), {"from": funder})

    ours, theirs = [], []
    for k in range(CLAIMS):
        ours.append(measure(lambda k=k: pool.claim(0, ours_users[k], amounts[k], tree.proof(k), {"from": funder})))
        theirs.append(measure(lambda k=k: ref.claim(k, ref_users[k], amounts[k], ref_tree.proof(k), {"from": funder})))
    proof_len = len(tree.proof(0))
    rows = []
    first_ok = ours[0] <= TARGET * theirs[0]
    rows.append(
        row(
            f"incentive claim, {leaves:,}-leaf tree ({proof_len}-hash proof), first claim",
            ours[0],
            "ReferenceMerkleDistributor.claim (Uniswap design), first claim in its bitmap word",
            theirs[0],
            first_ok,
        )
    )
    avg_ours, avg_ref = sum(ours) // CLAIMS, sum(theirs) // CLAIMS
    rows.append(
        row(
            f"incentive claim, {leaves:,}-leaf tree, mean of {CLAIMS} users' claims",
            avg_ours,
            f"ReferenceMerkleDistributor.claim, mean of {CLAIMS} claims sharing one bitmap word",
            avg_ref,
            avg_ours <= TARGET * avg_ref,
        )
    )
    # A recurring user: Uniswap's design deploys one distributor (one fresh bitmap) per drop, while
    # the pool keeps one bitmap word per user for 256 epochs.
    gt.transfer(pool, sum(amounts), {"from": funder})
    pool.publishEpoch(tree.root, sum(amounts), {"from": operator})
    later = measure(lambda: pool.claim(1, ours_users[0], amounts[0], tree.proof(0), {"from": funder}))
    ref2 = ReferenceMerkleDistributor.deploy(gt, ref_tree.root, {"from": deployer})
    gt.transfer(ref2, sum(amounts), {"from": funder})
    ref_later = measure(lambda: ref2.claim(0, ref_users[0], amounts[0], ref_tree.proof(0), {"from": funder}))
    rows.append(
        row(
            f"incentive claim, {leaves:,}-leaf tree, same user's claim in a later epoch",
            later,
            "ReferenceMerkleDistributor.claim, same user's claim from the next drop's distributor",
            ref_later,
            later <= TARGET * ref_later,
        )
    )
    return rows


def row(
    operation: str, gas: int, reference: str | None = None, reference_gas: int | None = None, ok: bool | None = None
) -> dict:
    target = f"<= {TARGET}x reference" if reference else None
    return {
        "operation": operation,
        "gas": gas,
        "reference": reference,
        "reference_gas": reference_gas,
        "target": target,
        "ok": ok,
    }


def main() -> None:
    rnd = random.Random(2024)
    d = deploy_system()
    rows = []

    usdt, sale = d.contracts["USDT"], d.contracts["PrivateSale"]
    buyers = fresh_accounts(2)
    for b in buyers:
        accounts[0].transfer(b, 10**18)
        usdt.mint(b, 10_000 * 10**6, {"from": b})
        usdt.approve(sale, 10_000 * 10**6, {"from": b})
    first = measure(lambda: sale.buy(1_000 * 10**6, {"from": buyers[0]}))
    again = measure(lambda: sale.buy(1_000 * 10**6, {"from": buyers[0]}))
    rows.append(row("private sale purchase (buy), first purchase of a buyer", first))
    rows.append(row("private sale purchase (buy), repeat purchase", again))

    for leaves in (10, 100_000):
        rows.extend(claim_rows(d, leaves, rnd))

    deployer, operator = d.deployer, d.role("operator")
    members = [accounts[i] for i in (13, 14, 15)]
    committee = TestCommittee.deploy(members, 2, {"from": deployer})
    fund = ProtectionFund.deploy(d.token, committee, deployer, operator, {"from": deployer})
    d.token.transfer(fund, 1_000_000 * GT, {"from": d.role("bg_fund")})
    for n in (1, 100):
        users = [a.address for a in fresh_accounts(n)]
        chain.sleep(2)  # as measure(): a block of its own second
        opened = fund.openCase(n.to_bytes(32, "big"), users, [GT] * n, {"from": operator})
        case_id = opened.return_value
        if n == 1:
            rows.append(row("protection fund openCase (1 payout, evidence not used before)", opened.gas_used))
        for m in members[:2]:
            fund.approve(case_id, {"from": m})
        gas = measure(lambda case_id=case_id, n=n: fund.pay(case_id, n, {"from": operator}))
        rows.append(row(f"protection fund payment per user (case of {n}, one pay call)", gas // n))

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(rows, indent=2) + "\n")
    for r in rows:
        ref = (
            f"  vs {r['reference_gas']:,} ({r['gas'] / r['reference_gas']:.3f}x) ok={r['ok']}"
            if r["reference_gas"]
            else ""
        )
        print(f"{r['gas']:>9,}  {r['operation']}{ref}")
    print(f"written to {RESULTS}")
