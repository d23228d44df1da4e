"""Gas of the buyback and dividend path, with 10 and with 5,000 GT holders, on one chain run.

    brownie run benchmarks/bench_buyback.py --network anvil-h4

Rows: buyback execution (swap path), round creation, claim of 1 round, claim of 10 rounds in one
call against 10 separate calls, and a plain GT transfer to the same holder as the reference for
the claim. Writes benchmarks/results/buyback.json.
"""

from __future__ import annotations

import json
from pathlib import Path

from brownie import BenchBatchSender, accounts, chain, network, web3
from brownie.exceptions import TransactionError

from gt_chain.deployment import deploy_system
from scripts.cli import console, table

GT = 10**18
USDT = 10**6
RESULTS = Path(__file__).resolve().parent / "results" / "buyback.json"


def _holders(d, count: int) -> None:
    """Gives 1,000 GT to accounts 10..19 and to `count - 10` fresh addresses."""
    fund = d.role("bg_fund")
    for a in accounts[10:20]:
        d.token.transfer(a, 1_000 * GT, {"from": fund})
    extra = [web3.to_checksum_address(f"0x{0xB0B0 * 2**128 + i:040x}") for i in range(count - 10)]
    if extra:
        scratch = accounts[18]  # a scratch account of the benchmark's own, sending outside brownie
        d.token.transfer(scratch, len(extra) * GT, {"from": fund})
        sender = BenchBatchSender.deploy({"from": scratch})
        d.token.approve(sender, len(extra) * GT, {"from": scratch})
        batch = web3.eth.contract(address=sender.address, abi=sender.abi)
        for i in range(0, len(extra), 100):
            # Plain web3: brownie's confirmation loop loses some of these big transactions on Anvil.
            txid = batch.functions.send(d.token.address, extra[i : i + 100], GT).transact(
                {"from": str(scratch), "gas": 12_000_000}
            )
            if web3.eth.wait_for_transaction_receipt(txid, timeout=120).status != 1:
                raise RuntimeError("setting up holders failed")


def gas(call, *args) -> int:
    """Sends a transaction and returns its gas. Brownie sometimes reports a mined Anvil transaction as
    dropped after thousands of holders were set up; the receipt is then read directly."""
    try:
        return int(call(*args).gas_used)
    except TransactionError as exc:
        if "dropped" not in str(exc):
            raise
        receipt = web3.eth.wait_for_transaction_receipt(str(exc).rsplit(" ", 1)[-1], timeout=60)
        if receipt.status != 1:
            raise
        return int(receipt.gasUsed)


def measure(count: int) -> dict[str, int]:
    # A fresh system per holder count, before the governance hand-over: the benchmark opens
    # rounds directly (FUNDER_ROLE) to time claims; the hand-over changes no gas figure.
    d = deploy_system(hand_over=False)
    _holders(d, count)
    gt, usdt, engine, dist = (
        d.token,
        d.contracts["USDT"],
        d.contracts["BuybackEngine"],
        d.contracts["DividendDistributor"],
    )
    operator, deployer, fund = d.role("operator"), d.deployer, d.role("bg_fund")
    out: dict[str, int] = {}

    chain.sleep(engine.parameters()[3] + 1)
    chain.mine()
    budget = engine.budgetFor(20_000 * USDT)
    gas(usdt.mint, operator, budget, {"from": deployer})
    gas(usdt.approve, engine, budget, {"from": operator})
    quote = d.contracts["UniswapV2Router02"].getAmountsOut(budget, [usdt.address, gt.address])[-1]
    out["buyback"] = gas(
        engine.reportAndBuy, 1, 20_000 * USDT, b"\x01" * 32, quote * 99 // 100, chain.time() + 600, {"from": operator}
    )
    gas(dist.grantRole, dist.FUNDER_ROLE(), deployer, {"from": deployer})
    gas(gt.transfer, deployer, 1_000_000 * GT, {"from": fund})
    gas(gt.approve, dist, 2**256 - 1, {"from": deployer})
    chain.sleep(2)
    opened = [gas(dist.openRound, 1_000 * GT, {"from": deployer}) for _ in range(20)]
    out["round"] = opened[-1]  # rounds 1..20; round 0 came from the buyback

    alice, bob, carol = accounts[10], accounts[11], accounts[12]

    def later(call, *args):
        chain.sleep(2)  # a new timestamp: every checkpoint write is a new entry, as in real use
        return gas(call, *args)

    out["transfer"] = later(gt.transfer, alice, GT, {"from": fund})
    out["claim1_first"] = later(dist.claim, [1], {"from": alice})
    out["transfer_again"] = later(gt.transfer, alice, GT, {"from": fund})
    out["claim1_next"] = later(dist.claim, [2], {"from": alice})
    out["claim10_batch"] = later(dist.claim, list(range(1, 11)), {"from": bob})
    out["claim10_separate"] = sum(later(dist.claim, [r], {"from": carol}) for r in range(1, 11))
    console.print(f"  {count:,} holders: {out}")
    return out


def main() -> None:
    console.print(f"Buyback gas benchmark on {network.show_active()}")
    small, large = measure(10), measure(5_000)
    rows = []

    def row(operation, gas, reference=None, reference_gas=None, target=None, ok=None):
        rows.append(
            {
                "operation": operation,
                "gas": int(gas),
                "reference": reference,
                "reference_gas": None if reference_gas is None else int(reference_gas),
                "target": target,
                "ok": ok,
            }
        )

    for n, m in ((10, small), (5_000, large)):
        row(f"buyback execution, swap path ({n} holders)", m["buyback"])
        row(f"dividend round creation ({n} holders)", m["round"])
        row(
            f"claim 1 round, holder's first claim ({n} holders)",
            m["claim1_first"],
            "plain GT transfer to the same holder",
            m["transfer"],
            "<= reference + 25,000",
            m["claim1_first"] <= m["transfer"] + 25_000,
        )
        row(
            f"claim 1 round, later claim ({n} holders)",
            m["claim1_next"],
            "plain GT transfer to the same holder",
            m["transfer_again"],
            "<= reference + 25,000",
            m["claim1_next"] <= m["transfer_again"] + 25_000,
        )
        row(
            f"claim 10 rounds in one call ({n} holders)",
            m["claim10_batch"],
            "10 separate one-round claims",
            m["claim10_separate"],
            ">= 40% cheaper",
            m["claim10_batch"] <= m["claim10_separate"] * 60 // 100,
        )
    for key, name in (
        ("claim1_first", "claim 1 round, first"),
        ("claim1_next", "claim 1 round, later"),
        ("claim10_batch", "claim 10 rounds"),
    ):
        row(
            f"{name}: 5,000 vs 10 holders",
            large[key],
            f"{name} with 10 holders",
            small[key],
            "within 2%",
            abs(large[key] - small[key]) * 100 <= 2 * small[key],
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(rows, indent=2) + "\n")
    console.print(
        table(
            "Gas (buyback)",
            [
                (
                    r["operation"],
                    f"{r['gas']:,}"
                    + (
                        f" vs {r['reference_gas']:,} ({r['target']}: {'ok' if r['ok'] else 'MISSED'})"
                        if r["reference_gas"] is not None
                        else ""
                    ),
                )
                for r in rows
            ],
        )
    )
    console.print(f"written to {RESULTS}")
