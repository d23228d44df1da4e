"""`gt listing monitor|status` on the test chain: synthetic market data → figures → plan → batches
through the send pipeline, and the chain ends exactly where the reference engine said."""

from __future__ import annotations

import json

import pytest
from brownie import chain

from gt.listing.marketdata import write_market_data
from gt.listing.rules import Status, TokenState
from gt.listing.synthetic import generate_markets
from tests.helpers import nonce, one_error_line

DAY = 86_400
DAYS = 20


@pytest.fixture
def market_dir(system, deployer, manifest_dir, tmp_path):
    registry = system.contracts["ListingRegistry"]
    from brownie.convert import to_address

    registry.grantRole(registry.LISTER_ROLE(), deployer, {"from": deployer})  # before the hand-over
    tokens = {}
    for i, profile in enumerate(("liquid", "thinning", "dead")):
        token = to_address("0x" + f"{0xBEEF00 + i:040x}")
        registry.list(token, deployer, b"\x01" * 32, {"from": deployer})
        tokens[token] = profile
    day0 = registry.tokenState(next(iter(tokens)))[2]
    chain.sleep((day0 + DAYS + 1) * DAY - chain[-1].timestamp)
    chain.mine()
    data = tmp_path / "market"
    write_market_data(generate_markets(tokens, day0, DAYS, snapshot_interval=3600, index_interval=900, levels=6), data)
    return data, tokens, day0


def test_monitor_submits_and_the_chain_agrees(system, gt_cmd, market_dir, accounts):
    data, tokens, day0 = market_dir
    registry = system.contracts["ListingRegistry"]
    before = nonce(accounts[4])
    dry = gt_cmd("listing", "monitor", "--data", str(data), "--dry-run")
    assert "What the chain will decide" in dry.stdout and nonce(accounts[4]) == before
    assert all(registry.tokenState(t)[3] == day0 for t in tokens)
    result = gt_cmd("listing", "monitor", "--data", str(data), "--batch-size", "2", "--yes", "--json")
    out = json.loads(result.stdout)
    assert out["token_days"] == 3 * DAYS or out["token_days"] > 0
    statuses = {tokens[t]: Status(registry.statusOf(t)) for t in tokens}
    assert statuses == {"liquid": Status.LISTED, "thinning": Status.LISTED, "dead": Status.HIDDEN}
    for entry in out["tokens"]:
        assert TokenState.from_chain(registry.tokenState(entry["token"])).status.name == entry["after"]
    counts = json.loads(gt_cmd("listing", "status", "--json").stdout)
    assert counts["LISTED"] == 2 and counts["HIDDEN"] == 1
    again = json.loads(gt_cmd("listing", "monitor", "--data", str(data), "--yes", "--json").stdout)
    assert again["transactions"] == 0


def test_monitor_refusals_send_nothing(system, gt_cmd, market_dir, accounts):
    data, tokens, day0 = market_dir
    before = nonce(accounts[19])
    result = gt_cmd("listing", "monitor", "--data", str(data), "--from", "19", "--yes", code=2)
    assert "does not hold METRICS_ROLE" in one_error_line(result) and nonce(accounts[19]) == before
    late = gt_cmd("listing", "monitor", "--data", str(data), "--through-day", str(day0 + 400), "--yes", code=2)
    assert "the chain accepts days up to" in one_error_line(late)
    no_tty = gt_cmd("listing", "monitor", "--data", str(data), code=2)
    assert "no terminal to confirm on" in one_error_line(no_tty)
    assert all(system.contracts["ListingRegistry"].tokenState(t)[3] == day0 for t in tokens)
