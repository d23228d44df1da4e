"""`gt listing monitor|status` on the test chain: synthetic market data → figures → plan → batches
through the send pipeline, and the chain ends exactly where the reference engine said; and the
registry's outage days, missing days and committee ST hold through `gt listing outage|count-missing|lift-st`
and `gt committee action`."""

from __future__ import annotations

import json

import pytest
from brownie import chain
from brownie.network.transaction import TransactionReceipt

from gt.listing.marketdata import write_market_data
from gt.listing.rules import Reason, Status, TokenState
from gt.listing.synthetic import generate_markets
from gt.units import keccak256
from tests.helpers import DAY, list_token, nonce, one_error_line, sleep_days, today

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


# ---- outage days, missing days and the committee's ST hold (issue 12's registry features) ----


@pytest.fixture
def listing_cli(system, gcfg, manifest_dir):
    """The deployed registry (the Committee holds its COMMITTEE_ROLE), `--from` indices of four
    committee members (the approval threshold) and a helper that carries an action to execution."""
    registry = system.contracts["ListingRegistry"]
    members = [str(i) for i in gcfg.committee.members[: gcfg.committee.threshold]]

    def carry(gt_cmd, action_id: int) -> None:
        for m in members[1:]:
            gt_cmd("committee", "action", "approve", "--action", str(action_id), "--from", m, "--yes")
        gt_cmd("committee", "action", "execute", "--action", str(action_id), "--yes")

    return registry, members, carry


def test_outage_declared_by_metrics_confirmed_and_revoked_by_the_committee(system, gt_cmd, listing_cli):
    registry, members, carry = listing_cli
    day = today() - 1
    review = registry.periods()[5]
    out = json.loads(gt_cmd("listing", "outage", "declare", "--day", str(day), "--yes", "--json").stdout)
    effective = registry.outageEffectiveAt(day)
    assert out["effective_at"] == effective == chain[-1].timestamp + review
    proposed = gt_cmd(
        "listing", "outage", "declare", "--day", str(day), "--committee", "--from", members[0], "--yes", "--json"
    )
    action_id = json.loads(proposed.stdout)["action"]
    assert registry.outageEffectiveAt(day) == effective  # a proposal changes nothing yet
    carry(gt_cmd, action_id)
    assert registry.outageEffectiveAt(day) == chain[-1].timestamp  # the committee confirmed it at once
    shown = json.loads(gt_cmd("committee", "action", "show", "--action", str(action_id), "--json").stdout)
    assert shown["actions"][0]["executed"] and f"declareOutage(day={day})" in shown["actions"][0]["call"]
    revoked = gt_cmd("listing", "outage", "revoke", "--day", str(day), "--from", members[0], "--yes", "--json")
    carry(gt_cmd, json.loads(revoked.stdout)["action"])
    assert registry.outageEffectiveAt(day) == 0 and registry.outageBits(day >> 8) == 0


def test_outage_mistakes_are_one_line_and_send_nothing(system, gt_cmd, listing_cli, accounts):
    registry, members, _carry = listing_cli
    day = today() - 1
    senders = [accounts[4], accounts[19], accounts[int(members[0])]]
    before = [nonce(a) for a in senders]
    wrong_type = gt_cmd("listing", "outage", "declare", "--day", "yesterday", "--yes", code=2)
    assert "--day: 'yesterday' is neither a UTC day number nor a YYYY-MM-DD date" in one_error_line(wrong_type)
    too_big = gt_cmd("listing", "outage", "declare", "--day", str(2**32), "--yes", code=2)
    assert "does not fit in uint32" in one_error_line(too_big)
    future = gt_cmd("listing", "outage", "declare", "--day", str(today() + 1), "--yes", code=2)
    assert "has not begun" in one_error_line(future)
    outsider = gt_cmd("listing", "outage", "declare", "--day", str(day), "--from", "19", "--yes", code=2)
    assert "does not hold the ListingRegistry's METRICS_ROLE" in one_error_line(outsider)
    not_member = gt_cmd("listing", "outage", "declare", "--day", str(day), "--committee", "--from", "4", code=2)
    assert "is not a member of the committee" in one_error_line(not_member)
    undeclared = gt_cmd("listing", "outage", "revoke", "--day", str(day), "--from", members[0], "--yes", code=2)
    assert f"(day {day}) is not a declared outage day" in one_error_line(undeclared)
    assert [nonce(a) for a in senders] == before
    gt_cmd("listing", "outage", "declare", "--day", str(day), "--yes")
    before = [nonce(a) for a in senders]
    twice = gt_cmd("listing", "outage", "declare", "--day", str(day), "--yes", code=2)
    assert "is already a declared outage day (under review until" in one_error_line(twice)
    no_action = gt_cmd("committee", "action", "execute", "--action", "1", "--yes", code=2)
    assert "--action 1: no such committee action" in one_error_line(no_action)
    assert [nonce(a) for a in senders] == before


def test_count_missing_days_of_a_silent_token(system, gt_cmd, deployer, accounts, manifest_dir):
    registry = system.contracts["ListingRegistry"]
    registry.grantRole(registry.LISTER_ROLE(), deployer, {"from": deployer})  # before the hand-over
    silent, listed_day = list_token(registry, deployer, accounts[9])
    fresh, _ = list_token(registry, deployer, accounts[9])
    before = nonce(accounts[1])
    wrong_type = gt_cmd("listing", "count-missing", "--token", "12345", "--yes", code=2)
    assert "--token" in one_error_line(wrong_type)
    unlisted = gt_cmd("listing", "count-missing", "--token", str(accounts[19]), "--yes", code=2)
    assert "is not in the listing registry: only a Listed or ST token's days are counted" in one_error_line(unlisted)
    nothing = gt_cmd("listing", "count-missing", "--token", fresh, "--yes", code=2)
    assert "has no day to count as missing" in one_error_line(nothing)
    assert nonce(accounts[1]) == before
    sleep_days(3)
    until = registry.missingCountableUntil()
    out = json.loads(gt_cmd("listing", "count-missing", "--token", silent, "--yes", "--json").stdout)
    assert out["first_day"] == listed_day and out["days"] == out["missing_days"] == until - listed_day
    assert registry.tokenState(silent)[3] == until and out["status"] == "LISTED"
    again = gt_cmd("listing", "count-missing", "--token", silent, "--yes", code=2)
    assert "has no day to count as missing" in one_error_line(again)


def test_lift_the_committee_st_hold(system, gt_cmd, listing_cli, deployer, accounts, tmp_path):
    registry, members, carry = listing_cli
    committee = system.contracts["Committee"]
    registry.grantRole(registry.LISTER_ROLE(), deployer, {"from": deployer})  # before the hand-over
    held, _ = list_token(registry, deployer, accounts[9])
    listed, _ = list_token(registry, deployer, accounts[9])
    data = registry.imposeSpecialTreatment.encode_input(held, Reason.FRAUD, b"\x07" * 32)
    aid = committee.proposeAction(registry, data, {"from": accounts[int(members[0])]}).events["ActionProposed"][
        "actionId"
    ]
    for m in members[1:]:
        committee.approveAction(aid, {"from": accounts[int(m)]})
    committee.executeAction(aid, {"from": deployer})
    assert registry.listingOf(held)[1] and Status(registry.statusOf(held)) == Status.SPECIAL_TREATMENT

    member = accounts[int(members[0])]
    before = [nonce(member), nonce(accounts[19])]
    evidence = tmp_path / "evidence.txt"
    evidence.write_text("the project answered every question\n")
    bad_address = gt_cmd("listing", "lift-st", "--token", "0xnot-an-address", "--evidence", str(evidence), code=2)
    assert "--token" in one_error_line(bad_address)
    no_evidence = gt_cmd("listing", "lift-st", "--token", held, "--from", members[0], "--yes", code=2)
    assert "give the evidence as --evidence FILE or --evidence-hash" in one_error_line(no_evidence)
    not_st = gt_cmd("listing", "lift-st", "--token", listed, "--evidence", str(evidence), "--from", members[0], code=2)
    assert "is LISTED, not in ST: there is no committee hold to lift" in one_error_line(not_st)
    outsider = gt_cmd("listing", "lift-st", "--token", held, "--evidence", str(evidence), "--from", "19", code=2)
    assert "is not a member of the committee" in one_error_line(outsider)
    assert [nonce(member), nonce(accounts[19])] == before

    out = gt_cmd(
        "listing", "lift-st", "--token", held, "--evidence", str(evidence), "--from", members[0], "--yes", "--json"
    )
    carry(gt_cmd, json.loads(out.stdout)["action"])
    assert Status(registry.statusOf(held)) == Status.LISTED and not registry.listingOf(held)[1]
    lifted = TransactionReceipt(chain[-1].transactions[-1]).events["DiscretionaryActionTaken"]  # gt sent it
    assert (
        lifted["cause"] == Reason.COMMITTEE_LIFTED
        and lifted["evidenceHash"] == "0x" + keccak256(evidence.read_bytes()).hex()
    )
