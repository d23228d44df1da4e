"""The liquidity monitor end to end on the chain: synthetic market data → figures → plan → batches,
and the chain ends exactly where the reference engine said it would."""

import pytest
from brownie import accounts, chain

from gt.listing.marketdata import write_market_data
from gt.listing.rules import Status, TokenState
from gt.listing.synthetic import generate_markets
from scripts.cli import UserError
from scripts.listing_monitor import MonitorArgs, run_monitor
from tests.helpers import DAY, fresh_token

DAYS = 20


@pytest.fixture
def market_dir(registry, deployer, tmp_path):
    tokens = {}
    for profile in ("liquid", "thinning", "dead"):
        token = fresh_token()
        registry.list(token, deployer, b"\x01" * 32, {"from": deployer})
        tokens[token] = profile
    day0 = registry.tokenState(next(iter(tokens)))[2]
    chain.sleep((day0 + DAYS + 1) * DAY - chain[-1].timestamp)
    chain.mine()
    write_market_data(
        generate_markets(tokens, day0, DAYS, snapshot_interval=3600, index_interval=900, levels=6), tmp_path
    )
    return tmp_path, tokens, day0


def test_monitor_submits_and_the_chain_agrees(registry, market_dir):
    path, tokens, day0 = market_dir
    chart = path / "chart.png"
    plan = run_monitor(
        MonitorArgs(data=path, yes=True, batch_size=2, chart_token=list(tokens)[2], chart_out=chart),
        registry=registry,
        sender=accounts[4],
    )
    assert chart.exists()
    statuses = {tokens[t]: Status(registry.statusOf(t)) for t in tokens}
    assert statuses == {"liquid": Status.LISTED, "thinning": Status.LISTED, "dead": Status.HIDDEN}
    for tp in plan.tokens:
        on_chain = TokenState.from_chain(registry.tokenState(tp.token))
        assert (on_chain.status, on_chain.next_day, on_chain.counters()) == (
            tp.after.status,
            tp.after.next_day,
            tp.after.counters(),
        )
    # A second run has nothing left to submit.
    again = run_monitor(MonitorArgs(data=path, yes=True), registry=registry, sender=accounts[4])
    assert again.batches == []


def test_dry_run_sends_nothing(registry, market_dir):
    path, tokens, day0 = market_dir
    plan = run_monitor(MonitorArgs(data=path, dry_run=True), registry=registry, sender=accounts[4])
    assert plan.token_days > 0
    assert all(registry.tokenState(t)[3] == day0 for t in tokens)


def test_refusals_before_any_transaction(registry, market_dir, attacker):
    path, tokens, day0 = market_dir
    with pytest.raises(UserError, match="no terminal to confirm on"):
        run_monitor(MonitorArgs(data=path), registry=registry, sender=accounts[4])
    with pytest.raises(UserError, match="does not hold METRICS_ROLE"):
        run_monitor(MonitorArgs(data=path, yes=True), registry=registry, sender=attacker)
    with pytest.raises(UserError, match="the chain accepts days up to"):
        run_monitor(MonitorArgs(data=path, yes=True, through_day=day0 + 400), registry=registry, sender=accounts[4])
    with pytest.raises(UserError, match="no such token"):
        run_monitor(
            MonitorArgs(data=path, yes=True, chart_token="0x" + "12" * 20, chart_out=path / "x.png"),
            registry=registry,
            sender=accounts[4],
        )
    assert all(registry.tokenState(t)[3] == day0 for t in tokens)
