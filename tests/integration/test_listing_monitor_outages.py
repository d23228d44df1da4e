"""The liquidity monitor with platform outage days: the plan passes over outage days as the chain
does (so the run's own chain-vs-plan check holds), and a day still under the committee's review
stops the run before anything is sent."""

import pytest
from brownie import accounts, chain, network

from gt.listing.marketdata import write_market_data
from gt.listing.rules import Status
from gt.listing.synthetic import generate_markets
from gt_chain.accounts import Sender
from gt_chain.errors import UserError
from gt_chain.listing_monitor import MonitorArgs, run_monitor
from gt_chain.network import connect
from tests.helpers import DAY, fresh_token

DAYS = 20


def monitor(registry, path):
    """The monitor as `gt listing monitor --yes` runs it, the metrics account (accounts[4]) sending."""
    metrics = Sender(str(accounts[4]), "metrics")
    return run_monitor(connect(network.show_active()), metrics, registry.address, MonitorArgs(data=path, yes=True))


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


def test_monitor_passes_over_outage_days(registry, market_dir, registry_committee):
    path, tokens, day0 = market_dir
    dead = next(t for t, p in tokens.items() if p == "dead")
    for d in range(day0 + 3, day0 + 7):  # four outage days in the dead pair's emergency window
        registry.declareOutage(d, {"from": registry_committee})
    plan, _sent = monitor(registry, path)  # the run checks the chain against the plan
    dead_plan = next(tp for tp in plan.tokens if tp.token == dead)
    # Without the outage the dead pair enters ST on its 8th day (day0 + 7); four days later with it.
    assert dead_plan.transitions[0].day == day0 + 11 and dead_plan.transitions[0].after == Status.SPECIAL_TREATMENT


def test_monitor_stops_at_an_outage_under_review(registry, market_dir):
    path, tokens, day0 = market_dir
    registry.declareOutage(day0 + 4, {"from": accounts[4]})  # the metrics role: under review for a day
    with pytest.raises(UserError, match=f"outage day {day0 + 4} is under the committee's review"):
        monitor(registry, path)
    assert all(registry.tokenState(t)[3] == day0 for t in tokens)
