"""Differential property test: the engine and the distributor against gt.buyback_model, to the wei.

Random holders and balances, transfers before and after each snapshot, several rounds through
the engine (off-chain deposits, both phases, the phase switch at a random round), expiry with
rollover, and claims by random holders: every claimable equals the model's, claims pay exactly
the model's amounts, and no round ever pays more than its amount.
"""

import hypothesis.strategies as st
from brownie import accounts, chain
from hypothesis import HealthCheck, given, settings

from gt.buyback_model import DistributorModel, EngineModel
from tests.unit.conftest_buyback import GT, USDT, bb_fixture, exhaust, staged_fixture  # noqa: F401

YEAR = 365 * 86_400
HOLDERS = list(range(10, 17))  # alice, bob, carol and friends
FUND = 3
OPERATOR = 1

transfer = st.tuples(st.sampled_from([FUND, *HOLDERS]), st.sampled_from(HOLDERS), st.integers(1, 10_000))
round_spec = st.fixed_dictionaries(
    {
        "before": st.lists(transfer, max_size=4),
        "after": st.lists(transfer, max_size=2),
        "gt": st.integers(4, 10**6 * GT),
        "revenue": st.integers(2, 10**6 * USDT),
        "expire_before": st.booleans(),
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


def _move(gt, balances, frm, to, bps):
    amount = balances[str(accounts[frm])] * bps // 10_000
    if amount == 0:
        return
    gt.transfer(accounts[to], amount, {"from": accounts[frm]})
    balances[str(accounts[frm])] -= amount
    balances[str(accounts[to])] += amount


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(s=scenario)
def test_engine_and_distributor_match_model(bb, staged, s):
    gt, dist, engine = bb.gt, bb.distributor, staged.engine
    chain.snapshot()
    try:
        fund = accounts[FUND]
        gt.transfer(accounts[OPERATOR], 10**7 * GT, {"from": fund})
        gt.approve(engine, 2**256 - 1, {"from": accounts[OPERATOR]})
        for idx, amount in zip(HOLDERS, s["seed"], strict=True):
            if amount:
                gt.transfer(accounts[idx], amount, {"from": fund})
        excluded = {str(a) for a in [*dist.excludedAccounts(), dist.address]}
        tracked = [str(a) for a in accounts] + sorted(excluded)
        balances = {a: int(gt.balanceOf(a)) for a in tracked}
        assert sum(balances.values()) == gt.totalSupply()
        model = DistributorModel(excluded=excluded)
        engine_model = EngineModel()
        ids = []
        for k, r in enumerate(s["rounds"]):
            if r["expire_before"] and ids:
                chain.sleep(YEAR + 1)
                chain.mine()
                open_ids = [i for i in ids if not model.rounds[i].swept]
                if open_ids:
                    assert dist.sweepExpired(open_ids, {"from": fund}).return_value == model.sweep(open_ids, chain.time())
            for frm, to, bps in r["before"]:
                _move(gt, balances, frm, to, bps)
            if k == s["exhaust_at"]:
                exhaust(staged.incentive, bb.deployer)
            chain.sleep(2)
            tx = engine.reportWithDeposit(k, r["revenue"], b"\x00" * 32, r["gt"], {"from": accounts[OPERATOR]})
            _, to_div, to_rec, phase = engine_model.report(k, r["revenue"], r["gt"], k >= s["exhaust_at"])
            ev = tx.events["BuybackDistributed"]
            assert (ev["toDividends"], ev["toRecycling"], ev["phase"]) == (to_div, to_rec, phase)
            now = chain[tx.block_number].timestamp
            rid = model.open_round(to_div, balances, now)  # balances at the snapshot: before the deposit
            balances[str(accounts[OPERATOR])] -= r["gt"]
            balances[str(staged.recycling)] = balances.get(str(staged.recycling), 0) + to_rec
            assert tx.return_value == rid
            ids.append(rid)
            balances[dist.address] += to_div
            assert dist.roundOf(rid)[0] == model.rounds[rid].amount
            assert dist.roundOf(rid)[2] == model.rounds[rid].eligible_supply
            for frm, to, bps in r["after"]:
                _move(gt, balances, frm, to, bps)
        now = chain.time()
        live = [i for i in ids if now < model.rounds[i].expires_at]
        for rid in ids:
            total = 0
            for a in accounts:
                want = model.claimable(rid, str(a), now)
                assert dist.claimable(rid, a) == want
                total += want
            assert total <= model.rounds[rid].amount
        for who in dict.fromkeys(s["claimers"]):
            holder = accounts[who]
            want = sum(model.claimable(i, str(holder), now) for i in live)
            if want == 0:
                continue
            before = gt.balanceOf(holder)
            dist.claim(live, {"from": holder})
            assert gt.balanceOf(holder) - before == model.claim(str(holder), live, now)
        for rid in ids:
            claimed = dist.roundOf(rid)[1]
            assert claimed == model.rounds[rid].claimed <= model.rounds[rid].amount
    finally:
        chain.revert()
