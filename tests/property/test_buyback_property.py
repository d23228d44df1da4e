"""Differential property test: the engine and the distributor against gt.buyback_model, to the wei.

Random holders and balances, transfers before and after each snapshot, several rounds through
the engine (off-chain deposits, both phases, the phase switch at a random round), expiry with
rollover (or expired rounds left unswept), transfers right before the report and inside its own
transaction, and claims by random holders: every claimable equals the model's, claims pay exactly
the model's amounts, each round's `claimed` and the distributor's GT balance match the model.
"""

import hypothesis.strategies as st
import pytest
from brownie import SameBlockOperator, accounts, chain
from hypothesis import HealthCheck, given, settings

from gt.buyback_model import DistributorModel, EngineModel
from tests.helpers import GT, USDT, examples, exhaust, reverts_with

YEAR = 365 * 86_400
HOLDERS = list(range(10, 17))  # alice, bob, carol and friends
FUND = 3
OPERATOR = 1


@pytest.fixture(scope="module")
def same_block_op(staged, deployer):
    op = SameBlockOperator.deploy({"from": deployer})
    staged.engine.grantRole(staged.engine.OPERATOR_ROLE(), op, {"from": deployer})
    return op


transfer = st.tuples(st.sampled_from([FUND, *HOLDERS]), st.sampled_from(HOLDERS), st.integers(1, 10_000))
round_spec = st.fixed_dictionaries(
    {
        "before": st.lists(transfer, max_size=4),
        # Sent right before the report, no time allowed to pass: they land in the snapshot second or in
        # the round's own second, and the model counts them only if their block is at or before the snapshot.
        "late": st.lists(transfer, max_size=2),
        # A transfer to a holder inside the report transaction itself (SameBlockOperator): never counted.
        "same_tx": st.one_of(st.none(), st.tuples(st.sampled_from(HOLDERS), st.integers(1, 10**6 * GT))),
        "after": st.lists(transfer, max_size=2),
        "gt": st.integers(4, 10**6 * GT),
        "revenue": st.integers(2, 10**6 * USDT),
        "expire_before": st.booleans(),
        "sweep": st.booleans(),  # when expired: sweep now, or leave the expired rounds unswept
    }
)
scenario = st.fixed_dictionaries(
    {
        "seed": st.lists(st.integers(0, 5 * 10**6 * GT), min_size=len(HOLDERS), max_size=len(HOLDERS)),
        "rounds": st.lists(round_spec, min_size=1, max_size=4),
        "exhaust_at": st.integers(0, 5),
        "claimers": st.lists(st.sampled_from(HOLDERS + [FUND]), max_size=4),
    }
)


def _move(gt, balances, log, frm, to, bps):
    amount = balances[str(accounts[frm])] * bps // 10_000
    if amount == 0:
        return
    tx = gt.transfer(accounts[to], amount, {"from": accounts[frm]})
    balances[str(accounts[frm])] -= amount
    balances[str(accounts[to])] += amount
    log.append((chain[tx.block_number].timestamp, str(accounts[frm]), str(accounts[to]), amount))


def _at(balances, log, snapshot):
    """Balances at the end of second `snapshot`: undo the logged transfers made after it."""
    past = dict(balances)
    for ts, frm, to, amount in log:
        if ts > snapshot:
            past[frm] += amount
            past[to] -= amount
    return past


def _held(model):
    """GT the distributor should hold: what unswept rounds have not paid, plus the carry."""
    return sum(r.amount - r.claimed for r in model.rounds if not r.swept) + model.carry


@settings(max_examples=examples(12), deadline=None, suppress_health_check=list(HealthCheck))
@given(s=scenario)
def test_engine_and_distributor_match_model(bb, staged, same_block_op, s):
    gt, dist, engine = bb.gt, bb.distributor, staged.engine
    chain.snapshot()
    try:
        fund = accounts[FUND]
        op = accounts[OPERATOR]
        gt.transfer(op, 10**7 * GT, {"from": fund})
        gt.approve(engine, 2**256 - 1, {"from": op})
        gt.transfer(same_block_op, 10**7 * GT, {"from": fund})
        for idx, amount in zip(HOLDERS, s["seed"], strict=True):
            if amount:
                gt.transfer(accounts[idx], amount, {"from": fund})
        # What the deployment registered as excluded, plus the staged engine and its pools.
        excluded = {str(a) for a in bb.system.excluded} | {
            str(staged.engine),
            str(staged.incentive),
            str(staged.recycling),
        }
        tracked = [str(a) for a in accounts] + sorted(excluded) + [str(same_block_op)]
        balances = {a: int(gt.balanceOf(a)) for a in tracked}
        assert sum(balances.values()) == gt.totalSupply()
        assert balances[str(dist)] == 0
        model = DistributorModel(excluded=excluded)
        engine_model = EngineModel()
        ids, log = [], []
        for k, r in enumerate(s["rounds"]):
            if r["expire_before"] and ids:
                chain.sleep(YEAR + 1)
                chain.mine()
                open_ids = [i for i in ids if not model.rounds[i].swept]
                if open_ids and r["sweep"]:
                    assert dist.sweepExpired(open_ids, {"from": fund}).return_value == model.sweep(
                        open_ids, chain.time()
                    )
            for frm, to, bps in r["before"]:
                _move(gt, balances, log, frm, to, bps)
            if k == s["exhaust_at"]:
                exhaust(staged.incentive, bb.deployer)
            chain.sleep(2)
            for frm, to, bps in r["late"]:
                _move(gt, balances, log, frm, to, bps)
            if r["same_tx"] is None:
                revenue, payer = r["revenue"], op
                tx = engine.reportWithDeposit(k, revenue, b"\x00" * 32, r["gt"], {"from": op})
            else:
                holder, amount = r["same_tx"]
                revenue, payer = 1_000_000, same_block_op
                tx = same_block_op.run(engine, gt, accounts[holder], amount, k, r["gt"], {"from": op})
            _, to_div, to_rec, phase = engine_model.report(k, revenue, r["gt"], k >= s["exhaust_at"])
            ev = tx.events["BuybackDistributed"]
            assert (ev["toDividends"], ev["toRecycling"], ev["phase"]) == (to_div, to_rec, phase)
            now = chain[tx.block_number].timestamp
            rid = model.open_round(to_div, _at(balances, log, now - 1), now)
            if r["same_tx"] is not None:
                balances[str(payer)] -= amount
                balances[str(accounts[holder])] += amount
            balances[str(payer)] -= r["gt"]
            balances[str(staged.recycling)] += to_rec
            balances[str(dist)] += to_div
            assert tx.return_value == rid
            ids.append(rid)
            assert dist.roundOf(rid)[0] == model.rounds[rid].amount
            assert dist.roundOf(rid)[2] == model.rounds[rid].eligible_supply
            assert gt.balanceOf(dist) == _held(model)
            for frm, to, bps in r["after"]:
                _move(gt, balances, log, frm, to, bps)
        now = chain.time()
        live = [i for i in ids if now < model.rounds[i].expires_at]
        for rid in ids:
            total = 0
            for a in accounts:
                want = model.claimable(rid, str(a), now)
                assert dist.claimable(rid, a) == want
                total += want
            assert total <= dist.roundOf(rid)[0]
        expired = [i for i in ids if not model.rounds[i].swept and now >= model.rounds[i].expires_at]
        if expired:  # expired but never swept: nothing claimable, a claim names the round and its expiry
            rid = expired[0]
            holder = accounts[HOLDERS[rid % len(HOLDERS)]]
            assert dist.claimable(rid, holder) == 0
            with reverts_with("DividendDistributorRoundExpired", rid, model.rounds[rid].expires_at):
                dist.claim([rid], {"from": holder})
        for who in dict.fromkeys(s["claimers"]):
            holder = accounts[who]
            want = sum(model.claimable(i, str(holder), now) for i in live)
            if want == 0:
                continue
            before = gt.balanceOf(holder)
            dist.claim(live, {"from": holder})
            assert gt.balanceOf(holder) - before == model.claim(str(holder), live, now)
        for rid in ids:
            assert dist.roundOf(rid)[1] == model.rounds[rid].claimed
        assert gt.balanceOf(dist) == _held(model)
    finally:
        chain.revert()
