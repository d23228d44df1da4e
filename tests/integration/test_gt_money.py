"""`gt buyback`, `gt dividends`, `gt incentives`, `gt protection`, `gt sale` on the test chain: the
happy paths leave the chain as shown, and every refusal is one line, exit 2, nothing sent."""

from __future__ import annotations

import json

import pytest
from brownie import chain, network, web3

from gt.buyback_model import amount_out
from gt_chain.accounts import Sender, resolve_sender
from gt_chain.errors import Refused
from gt_chain.network import Session, connect, network_entry
from gt_chain.pipeline import Allowance, Call, execute
from gt_chain.rpc import LightWeb3
from tests.helpers import nonce, one_error_line

HASH = "0x" + "ab" * 32
DAY = 86_400


@pytest.fixture
def funded(system, operator):
    system.contracts["USDT"].mint(operator, 1_000_000 * 10**6, {"from": operator})
    chain.sleep(system.contracts["BuybackEngine"].parameters()[3] + 1)
    chain.mine()


def _reserves(system) -> tuple[int, int]:
    pair, gt = system.contracts["UniswapV2Pair"], system.token
    r0, r1, _ = pair.getReserves()
    return (int(r0), int(r1)) if pair.token0() == gt.address else (int(r1), int(r0))


def test_buyback_runs_and_opens_a_round(system, gt_cmd, funded, operator, tmp_path):
    report = tmp_path / "fees.txt"
    report.write_text("period 5 fees")
    r_gt, r_usdt = _reserves(system)
    expected = amount_out(1_000 * 10**6, r_usdt, r_gt)
    result = gt_cmd("buyback", "run", "--period", "5", "--revenue", "2000", "--report", str(report), "--yes", "--json")
    out = json.loads(result.stdout)
    assert out["round"] == 0 and len(out["transactions"]) == 2
    distributor = system.contracts["DividendDistributor"]
    assert distributor.roundOf(0)[0] == expected
    assert _reserves(system) == (r_gt - expected, r_usdt + 1_000 * 10**6)
    # the same period again: one line, exit 2, nothing sent
    before = nonce(operator)
    again = gt_cmd("buyback", "run", "--period", "5", "--revenue", "2000", "--report-hash", HASH, "--yes", code=2)
    assert one_error_line(again) == "error: period 5 was already reported"
    assert nonce(operator) == before


def test_buyback_never_sends_after_a_failed_precheck(system, gt_cmd, operator):
    """The old script warned "TWAP window too short" and then sent the approve and a reverting swap."""
    system.contracts["USDT"].mint(operator, 1_000_000 * 10**6, {"from": operator})
    before = nonce(operator)
    result = gt_cmd("buyback", "run", "--period", "7", "--revenue", "2000", "--report-hash", HASH, "--yes", code=2)
    assert "TWAP window too short" in one_error_line(result)
    assert nonce(operator) == before
    assert system.contracts["USDT"].allowance(operator, system.contracts["BuybackEngine"]) == 0


def test_buyback_deadline_comes_from_the_latest_block(system, gt_cmd, funded, operator):
    """After a time jump the node knows about (and brownie's clock does not), the swap deadline is
    still in the chain's future: it is taken from the latest block, never the wall clock."""
    web3.provider.make_request("evm_increaseTime", [30 * DAY])
    web3.provider.make_request("evm_mine", [])
    system.contracts["BuybackEngine"].recordObservation({"from": operator})
    web3.provider.make_request("evm_increaseTime", [400])
    web3.provider.make_request("evm_mine", [])
    result = gt_cmd("buyback", "run", "--period", "8", "--revenue", "2000", "--report-hash", HASH, "--yes", "--json")
    tx = json.loads(result.stdout)["transactions"][1]
    block = web3.eth.get_block(tx["block"])
    deadline = json.loads(result.stdout)["calls"][1]["args"][4]
    assert block["timestamp"] < deadline <= block["timestamp"] + 20 * 60 + 5
    assert system.contracts["BuybackEngine"].isReported(8)


def _rpc_session() -> Session:
    """The connection a `gt` process makes to a local chain: gt_chain/rpc.py, no web3.py."""
    name = network.show_active()
    return Session(name, LightWeb3(web3.provider.endpoint_uri), network_entry(name), via_brownie=False)


def _approve_and_buy(usdt, engine, owner, deadline: int) -> list[Call]:
    """The buyback's plan for period 9: approve 1,000 USDT, then report 2,000 USDT of revenue and buy."""
    grant = Allowance(usdt.address, owner.address, engine.address, 10**9)
    return [
        Call(usdt, "USDT", "approve", (engine.address, 10**9), grants=grant),
        Call(engine, "BuybackEngine", "reportAndBuy", (9, 2 * 10**9, bytes(32), 1, deadline)),
    ]


@pytest.mark.parametrize("via", ["brownie", "rpc"])
def test_a_predicted_revert_sends_nothing_not_even_the_approve(via, system, manifest_dir, funded, operator):
    """The pipeline itself: an approve followed by a call that would revert sends neither."""
    session = connect(network.show_active()) if via == "brownie" else _rpc_session()
    usdt, engine = session.contract("USDT"), session.contract("BuybackEngine")
    sender = Sender(operator.address, "operator")
    past = session.now() - 1
    calls = _approve_and_buy(usdt, engine, operator, past)
    before = nonce(operator)
    # Ganache through brownie's connection gives eth_call no revert data: the refusal cannot name the error there
    expected = r"would revert with (BuybackEngineDeadlinePassed\(deadline=\d+, timestamp=\d+\)|VM Exception)"
    if network.show_active() == "development" or via == "rpc":
        expected = r"BuybackEngineDeadlinePassed\(deadline=\d+, timestamp=\d+\)"
    with pytest.raises(Refused, match=expected):
        execute(session, sender, calls, yes=True, dry_run=False)
    assert nonce(operator) == before and usdt.functions.allowance(operator.address, engine.address).call() == 0


def test_the_rpc_connection_sends_and_decodes_the_receipt(system, manifest_dir, funded, operator):
    """What a `gt` process does on a local chain, through gt_chain/rpc.py: the approve and the call
    it serves are simulated (the allowance laid over), sent, and their events decoded."""
    session = _rpc_session()
    usdt, engine = session.contract("USDT"), session.contract("BuybackEngine")
    sender = resolve_sender(session, "operator", None)
    deadline = session.now() + 600
    calls = _approve_and_buy(usdt, engine, operator, deadline)
    outcome = execute(session, sender, calls, yes=True, dry_run=False)
    assert [s.call.function for s in outcome.sent] == ["approve", "reportAndBuy"]
    approved = {"owner": operator.address, "spender": engine.address, "value": 10**9}
    assert outcome.sent[0].events == [("USDT", "Approval", approved)]
    assert outcome.event("RoundOpened") is not None and system.contracts["BuybackEngine"].isReported(9)
    last = outcome.sent[-1]
    receipt = web3.eth.get_transaction_receipt(last.tx_hash)
    assert (last.block, last.gas_used) == (receipt["blockNumber"], receipt["gasUsed"])


def test_dry_run_simulates_and_sends_nothing(system, gt_cmd, funded, operator):
    before = nonce(operator)
    result = gt_cmd("buyback", "run", "--period", "5", "--revenue", "2000", "--report-hash", HASH, "--dry-run")
    assert "USDT.approve(" in result.stdout and "BuybackEngine.reportAndBuy(" in result.stdout
    assert "revenue=2,000 USDT" in result.stdout and "dry run" in result.stdout
    assert nonce(operator) == before


def test_dividends_claimable_claim_claim_for_and_sweep(system, gt_cmd, funded, operator, bg_fund, alice, bob):
    gt = system.token
    gt.transfer(alice, 1_000 * 10**18, {"from": bg_fund})
    gt.transfer(bob, 3_000 * 10**18, {"from": bg_fund})
    chain.sleep(2)
    gt_cmd("buyback", "run", "--period", "1", "--revenue", "2000", "--report-hash", HASH, "--yes")
    distributor = system.contracts["DividendDistributor"]
    owed = distributor.claimable(0, alice)
    assert owed > 0
    shown = json.loads(gt_cmd("dividends", "claimable", "--holder", alice.address, "--json").stdout)
    assert shown["rounds"] == [{"round": 0, "amount": shown["total"]}]
    before = gt.balanceOf(alice)
    gt_cmd("dividends", "claim", "--from", "10", "--yes")
    assert gt.balanceOf(alice) == before + owed
    again = gt_cmd("dividends", "claim", "--from", "10", "--yes", code=2)
    assert "nothing to claim" in one_error_line(again)
    # claim-for: anyone sends, the GT goes to the holder
    bob_owed, bob_before = distributor.claimable(0, bob), gt.balanceOf(bob)
    gt_cmd("dividends", "claim-for", "--holder", bob.address, "--from", "12", "--yes")
    assert gt.balanceOf(bob) == bob_before + bob_owed
    # sweep: refused before expiry, accepted after
    early = gt_cmd("dividends", "sweep", "--rounds", "0", "--yes", code=2)
    assert "cannot be swept yet" in one_error_line(early)
    chain.sleep(366 * DAY)
    chain.mine()
    gt_cmd("dividends", "sweep", "--yes")
    assert distributor.roundOf(0)[5] is True


def test_incentives_publish_and_claim(system, gt_cmd, tmp_path, alice, bob):
    rewards = tmp_path / "rewards.csv"
    rewards.write_text(f"user,amount\n{alice.address},12.5\n{bob.address},0.25\n")
    proofs = tmp_path / "proofs.json"
    result = gt_cmd("incentives", "publish", "--csv", str(rewards), "--out", str(proofs), "--yes", "--json")
    assert json.loads(result.stdout)["epoch"] == 0 and proofs.exists()
    before = system.token.balanceOf(bob)
    gt_cmd("incentives", "claim", "--proofs", str(proofs), "--user", bob.address, "--from", "12", "--yes")
    assert system.token.balanceOf(bob) == before + 25 * 10**16
    twice = gt_cmd("incentives", "claim", "--proofs", str(proofs), "--user", bob.address, "--yes", code=2)
    assert "already claimed" in one_error_line(twice)
    status = json.loads(gt_cmd("incentives", "status", "--json").stdout)
    assert status["IncentivePool"]["epochs"] == 1


def test_protection_case_end_to_end_and_duplicate_evidence(system, gt_cmd, tmp_path, alice, bob, operator):
    fund = system.contracts["ProtectionFund"]
    victims = tmp_path / "victims.csv"
    victims.write_text(f"{alice.address},100\n{bob.address},50.5\n")
    evidence = tmp_path / "report.txt"
    evidence.write_text("incident")
    gt_cmd("protection", "open", "--csv", str(victims), "--evidence", str(evidence), "--yes")
    before = nonce(operator)
    dup = gt_cmd("protection", "open", "--csv", str(victims), "--evidence", str(evidence), "--yes", code=2)
    refusal = one_error_line(dup)
    assert (
        "already backs 1 case(s) not rejected (latest: case 0)" in refusal and "--allow-duplicate-evidence" in refusal
    )
    assert fund.caseCount() == 1 and nonce(operator) == before
    gt_cmd(
        "protection", "open", "--csv", str(victims), "--evidence", str(evidence), "--allow-duplicate-evidence", "--yes"
    )
    assert fund.caseCount() == 2 and tuple(fund.followUpOf(1)) == (True, 0)
    members = [str(m) for m in system.contracts["Committee"].members()]
    outsider = gt_cmd("protection", "approve", "--case", "0", "--from", "19", "--yes", code=2)
    assert "not a member" in one_error_line(outsider)
    from brownie import accounts

    index = {str(a): i for i, a in enumerate(accounts)}
    for member in members[: system.contracts["Committee"].approvalThreshold()]:
        gt_cmd("protection", "approve", "--case", "0", "--from", str(index[member]), "--yes")
    unpaid = gt_cmd("protection", "pay", "--case", "1", "--yes", code=2)
    assert "only an Approved case" in one_error_line(unpaid)
    a0 = system.token.balanceOf(alice)
    gt_cmd("protection", "pay", "--case", "0", "--batch", "1", "--yes")
    assert system.token.balanceOf(alice) == a0 + 100 * 10**18
    shown = json.loads(gt_cmd("protection", "show", "--case", "0", "--json").stdout)
    assert shown[0]["status"] == "Paid" and shown[0]["paid"] == "150.5"


def test_a_rejected_case_does_not_block_the_same_evidence(system, gt_cmd, tmp_path, alice):
    victims = tmp_path / "v.csv"
    victims.write_text(f"{alice.address},1\n")
    evidence = tmp_path / "e.txt"
    evidence.write_text("x")
    gt_cmd("protection", "open", "--csv", str(victims), "--evidence", str(evidence), "--yes")
    from brownie import accounts

    index = {str(a): i for i, a in enumerate(accounts)}
    committee = system.contracts["Committee"]
    members = [str(m) for m in committee.members()]
    needed = len(members) - committee.approvalThreshold() + 1
    for member in members[:needed]:
        gt_cmd("protection", "reject", "--case", "0", "--from", str(index[member]), "--yes")
    assert system.contracts["ProtectionFund"].getCase(0)["status"] == 3
    gt_cmd("protection", "open", "--csv", str(victims), "--evidence", str(evidence), "--yes")


def test_sale_status_and_buy(system, gt_cmd, alice):
    system.contracts["USDT"].mint(alice, 1_000 * 10**6, {"from": alice})
    low = gt_cmd("sale", "buy", "--usdt", "499.99", "--from", "10", "--yes", code=2)
    assert "below the minimum" in one_error_line(low)
    gt_cmd("sale", "buy", "--usdt", "500", "--from", "10", "--yes")
    assert system.token.balanceOf(alice) == 500 * 125 * 10**17
    status = json.loads(gt_cmd("sale", "status", "--buyer", alice.address, "--json").stdout)
    assert status["raised"] == "500" and status["buyer"]["paid"] == "500"


def test_an_account_store_sender_signs_locally(system, gt_cmd, tmp_path, monkeypatch, deployer):
    """`--from <id>`: a key from brownie's account store (a keystore file), its password from the
    environment; the transaction is signed in the process, not by the node."""
    from eth_account import Account

    from gt_chain import accounts as store

    key = Account.create()
    (tmp_path / "buyer.json").write_text(json.dumps(Account.encrypt(key.key, "s3cret")))
    monkeypatch.setattr(store, "ACCOUNT_STORE", tmp_path)
    deployer.transfer(key.address, 10**18)
    system.contracts["USDT"].mint(key.address, 600 * 10**6, {"from": deployer})
    wrong = gt_cmd("sale", "buy", "--usdt", "500", "--from", "buyer", "--yes", code=2)
    assert "set GT_ACCOUNT_PASSWORD" in one_error_line(wrong)
    monkeypatch.setenv("GT_ACCOUNT_PASSWORD", "nope")
    assert "wrong password" in one_error_line(
        gt_cmd("sale", "buy", "--usdt", "500", "--from", "buyer", "--yes", code=2)
    )
    monkeypatch.setenv("GT_ACCOUNT_PASSWORD", "s3cret")
    gt_cmd("sale", "buy", "--usdt", "500", "--from", "buyer", "--yes")
    assert system.token.balanceOf(key.address) == 500 * 125 * 10**17
    assert nonce(key.address) == 2  # approve + buy, both signed with the stored key
