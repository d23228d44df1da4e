"""PrivateSale: price math, minimum and cap boundaries, window, allowlist, proceeds and sweep."""

import brownie
import pytest
from brownie import PrivateSale, chain

from gt.capital import CAP_UNITS, MIN_PURCHASE_UNITS, gt_for_usdt, purchase_error
from gt.merkle import MerkleTree
from tests.helpers import GT, USDT, revert_args, reverts_with, unauthorized

ZERO_ROOT = b"\x00" * 32


def buy(sale, usdt, buyer, amount):
    usdt.mint(buyer, amount, {"from": buyer})
    usdt.approve(sale, amount, {"from": buyer})
    return sale.buy(amount, {"from": buyer})


def test_price_is_exact(sale):
    assert sale.GT_WEI_PER_USDT_UNIT() * 80_000 == GT  # 1 GT costs 80,000 units = 0.08 USDT
    assert sale.gtFor(1) == 12_500_000_000_000 == gt_for_usdt(1)
    assert sale.gtFor(500 * USDT) == 6_250 * GT
    assert sale.gtFor(CAP_UNITS) == 100_000_000 * GT
    assert sale.MIN_PURCHASE() == MIN_PURCHASE_UNITS and sale.CAP() == CAP_UNITS


def test_purchase_pays_treasury_and_delivers_gt(sale, usdt, gt, treasury, alice):
    before = usdt.balanceOf(treasury)
    tx = buy(sale, usdt, alice, 1_234_567_891)
    assert gt.balanceOf(alice) == 1_234_567_891 * 12_500_000_000_000
    assert usdt.balanceOf(treasury) - before == 1_234_567_891
    assert usdt.balanceOf(sale) == 0
    assert sale.raised() == sale.purchased(alice) == 1_234_567_891
    assert tx.events["Purchased"] == {"buyer": alice, "usdtAmount": 1_234_567_891, "gtAmount": gt.balanceOf(alice)}


def test_minimum_boundary(sale, usdt, alice):
    with reverts_with("PrivateSaleBelowMinimum", 499_999_999, 500 * USDT):
        buy(sale, usdt, alice, 499_999_999)
    assert purchase_error(499_999_999, 0) == f"PrivateSaleBelowMinimum: {499_999_999}, {500 * USDT}"
    buy(sale, usdt, alice, 500 * USDT)
    assert sale.raised() == 500 * USDT


def test_exactly_the_cap_then_nothing(sale, usdt, gt, alice, bob):
    buy(sale, usdt, alice, CAP_UNITS)
    assert sale.remaining() == 0
    assert gt.balanceOf(alice) == 100_000_000 * GT
    assert gt.balanceOf(sale) == 0
    with reverts_with("PrivateSaleCapExceeded", 500 * USDT, 0):
        buy(sale, usdt, bob, 500 * USDT)


def test_one_unit_over_the_cap(sale, usdt, alice, bob):
    with reverts_with("PrivateSaleCapExceeded", CAP_UNITS + 1, CAP_UNITS):
        buy(sale, usdt, alice, CAP_UNITS + 1)
    buy(sale, usdt, alice, 500 * USDT)
    left = CAP_UNITS - 500 * USDT
    with reverts_with("PrivateSaleCapExceeded", left + 1, left):
        buy(sale, usdt, bob, left + 1)
    assert purchase_error(left + 1, 500 * USDT) == f"PrivateSaleCapExceeded: {left + 1}, {left}"
    buy(sale, usdt, bob, left)
    assert sale.remaining() == 0


def deploy_sale(gt, usdt, deployer, treasury, start, end, root=ZERO_ROOT, amount=1_000_000 * GT, bg_fund=None):
    s = PrivateSale.deploy(gt, usdt, treasury, treasury, start, end, root, deployer, {"from": deployer})
    if bg_fund is not None:
        gt.transfer(s, amount, {"from": bg_fund})
    return s


def now():
    """The latest block's timestamp (chain.time() can run ahead of it after a revert)."""
    return chain[-1].timestamp


def advance_to(timestamp):
    """Mines until the latest block is at or past `timestamp` (works on Anvil and Ganache)."""
    while chain[-1].timestamp < timestamp:
        chain.sleep(timestamp - chain[-1].timestamp)
        chain.mine()


def test_window(gt, usdt, deployer, treasury, bg_fund, alice):
    start = now() + 1_000
    end = start + 5_000
    s = deploy_sale(gt, usdt, deployer, treasury, start, end, bg_fund=bg_fund)
    assert [s.isOpen(t) for t in (start - 1, start, end - 1, end)] == [False, True, True, False]
    usdt.mint(alice, 2_000 * USDT, {"from": alice})
    usdt.approve(s, 2_000 * USDT, {"from": alice})
    args = revert_args(s.buy, 500 * USDT, {"from": alice}, name="PrivateSaleNotOpen")
    assert int(args[0]) < start and args[1:] == [str(start), str(end)]
    advance_to(start)
    s.buy(500 * USDT, {"from": alice})
    advance_to(end)
    args = revert_args(s.buy, 500 * USDT, {"from": alice}, name="PrivateSaleNotOpen")
    assert int(args[0]) >= end and args[1:] == [str(start), str(end)]


def test_invalid_window_and_zero_addresses(gt, usdt, deployer, treasury):
    with reverts_with("PrivateSaleInvalidWindow", 100, 100):
        deploy_sale(gt, usdt, deployer, treasury, 100, 100)
    with reverts_with("PrivateSaleZeroAddress", 2):
        PrivateSale.deploy(gt, usdt, brownie.ZERO_ADDRESS, treasury, 1, 2, ZERO_ROOT, deployer, {"from": deployer})
    with reverts_with("PrivateSaleZeroAddress", 4):
        PrivateSale.deploy(gt, usdt, treasury, treasury, 1, 2, ZERO_ROOT, brownie.ZERO_ADDRESS, {"from": deployer})


def test_insufficient_gt_is_refused(gt, usdt, deployer, treasury, bg_fund, alice):
    s = deploy_sale(gt, usdt, deployer, treasury, 1, now() + 5_000, amount=6_000 * GT, bg_fund=bg_fund)
    usdt.mint(alice, 500 * USDT, {"from": alice})
    usdt.approve(s, 500 * USDT, {"from": alice})
    with reverts_with("PrivateSaleInsufficientGT", 6_250 * GT, 6_000 * GT):
        s.buy(500 * USDT, {"from": alice})


def test_sweep_after_window_only(gt, usdt, deployer, treasury, bg_fund, alice, attacker):
    start, end = 1, now() + 5_000
    s = deploy_sale(gt, usdt, deployer, treasury, start, end, bg_fund=bg_fund)
    usdt.mint(alice, 500 * USDT, {"from": alice})
    usdt.approve(s, 500 * USDT, {"from": alice})
    s.buy(500 * USDT, {"from": alice})
    with reverts_with("PrivateSaleNotEnded", end):
        s.sweepUnsold({"from": attacker})
    advance_to(end)
    before = gt.balanceOf(treasury)
    tx = s.sweepUnsold({"from": attacker})  # anyone may sweep; the GT goes to the configured recipient
    assert gt.balanceOf(treasury) - before == 1_000_000 * GT - 6_250 * GT
    assert tx.events["UnsoldSwept"]["amount"] == 1_000_000 * GT - 6_250 * GT
    assert gt.balanceOf(s) == 0
    with reverts_with("PrivateSaleNothingToSweep"):
        s.sweepUnsold({"from": attacker})


CAROL_MAX = 1_700 * USDT + 1  # an allowance with room for a second purchase above the minimum


@pytest.fixture
def allowlisted(gt, usdt, deployer, treasury, bg_fund, operator, alice, bob, carol):
    tree = MerkleTree.of([(alice.address, 1_000 * USDT), (bob.address, 600 * USDT), (carol.address, CAROL_MAX)])
    s = deploy_sale(gt, usdt, deployer, treasury, 1, now() + 50_000, tree.root, bg_fund=bg_fund)
    s.grantRole(s.ALLOWLIST_ROLE(), operator, {"from": deployer})
    for who in (alice, bob, carol):
        usdt.mint(who, 5_000 * USDT, {"from": who})
        usdt.approve(s, 5_000 * USDT, {"from": who})
    return s, tree


def test_allowlist(allowlisted, gt, alice, bob, attacker, usdt):
    s, tree = allowlisted
    with reverts_with("PrivateSaleAllowlistRequired"):
        s.buy(500 * USDT, {"from": alice})
    s.buyAllowlisted(600 * USDT, 1_000 * USDT, tree.proof(0), {"from": alice})
    assert gt.balanceOf(alice) == 600 * USDT * 12_500_000_000_000
    with reverts_with("PrivateSaleAllowanceExceeded", alice.address.lower(), 500 * USDT, 400 * USDT):
        s.buyAllowlisted(500 * USDT, 1_000 * USDT, tree.proof(0), {"from": alice})
    # claiming a bigger allowance, or using someone else's proof, fails the proof
    with reverts_with("PrivateSaleNotAllowlisted", bob.address.lower(), 1_000 * USDT):
        s.buyAllowlisted(500 * USDT, 1_000 * USDT, tree.proof(1), {"from": bob})
    usdt.mint(attacker, 600 * USDT, {"from": attacker})
    usdt.approve(s, 600 * USDT, {"from": attacker})
    with reverts_with("PrivateSaleNotAllowlisted", attacker.address.lower(), 600 * USDT):
        s.buyAllowlisted(600 * USDT, 600 * USDT, tree.proof(1), {"from": attacker})
    s.buyAllowlisted(600 * USDT, 600 * USDT, tree.proof(1), {"from": bob})


def test_allowance_boundary(allowlisted, gt, usdt, treasury, carol):
    s, tree = allowlisted
    proof = tree.proof(2)
    s.buyAllowlisted(600 * USDT, CAROL_MAX, proof, {"from": carol})
    left = CAROL_MAX - 600 * USDT  # 1,100.000001 USDT
    with reverts_with("PrivateSaleAllowanceExceeded", carol.address.lower(), left + 1, left):
        s.buyAllowlisted(left + 1, CAROL_MAX, proof, {"from": carol})
    assert s.purchased(carol) == 600 * USDT
    before = usdt.balanceOf(treasury)
    tx = s.buyAllowlisted(left, CAROL_MAX, proof, {"from": carol})  # exactly what is left
    assert tx.return_value == left * 12_500_000_000_000 == gt_for_usdt(left)
    assert gt.balanceOf(carol) == CAROL_MAX * 12_500_000_000_000
    assert usdt.balanceOf(treasury) - before == left
    assert s.purchased(carol) == CAROL_MAX == s.raised()
    with reverts_with("PrivateSaleAllowanceExceeded", carol.address.lower(), 500 * USDT, 0):
        s.buyAllowlisted(500 * USDT, CAROL_MAX, proof, {"from": carol})


def test_allowlist_root_is_operator_only_and_can_open_the_sale(allowlisted, operator, attacker, alice):
    s, _ = allowlisted
    role = s.ALLOWLIST_ROLE()
    with unauthorized(attacker, role):
        s.setAllowlistRoot(ZERO_ROOT, {"from": attacker})
    tx = s.setAllowlistRoot(ZERO_ROOT, {"from": operator})
    assert tx.events["AllowlistRootUpdated"]["newRoot"] == "0x" + "00" * 32
    s.buy(500 * USDT, {"from": alice})
    s.buyAllowlisted(500 * USDT, 0, [], {"from": alice})  # no allowlist: the proof is ignored


def test_admin_role_guards_role_grants(sale, attacker, deployer, operator):
    assert sale.hasRole(sale.DEFAULT_ADMIN_ROLE(), deployer)
    assert sale.hasRole(sale.ALLOWLIST_ROLE(), operator)
    with unauthorized(attacker, sale.DEFAULT_ADMIN_ROLE()):
        sale.grantRole(sale.ALLOWLIST_ROLE(), attacker, {"from": attacker})
