"""PrivateSale's payment token must report 6 decimals: the price (12.5e12 GT wei per base unit),
the 500 USDT minimum and the 8,000,000 USDT cap are all in 6-decimal units. Pointed at an
18-decimal stable coin, the sale would hand out the whole bucket for a dust amount."""

from decimal import Decimal

from brownie import PrivateSale, TestStable18, TestUSDT

from gt.capital import GT_WEI_PER_USDT_UNIT
from tests.helpers import reverts_with

ZERO_ROOT = b"\x00" * 32


def deploy_sale(gt, payment, deployer, treasury):
    return PrivateSale.deploy(gt, payment, treasury, treasury, 1, 2**40, ZERO_ROOT, deployer, {"from": deployer})


def test_eighteen_decimal_stable_coin_is_refused(gt, deployer, treasury):
    stable = TestStable18.deploy({"from": deployer})
    assert stable.decimals() == 18
    with reverts_with("PrivateSaleWrongPaymentDecimals", stable, 18, 6):
        deploy_sale(gt, stable, deployer, treasury)


def test_what_the_refusal_prevents():
    """The dust: 8,000,000 "USDT" of an 18-decimal coin is 8e24 base units, but at 12.5e12 GT wei
    per base unit the whole 100,000,000 GT bucket goes for 8e12 base units = 0.000008 of the coin."""
    bucket_wei = 100_000_000 * 10**18
    assert bucket_wei // GT_WEI_PER_USDT_UNIT == 8 * 10**12
    assert Decimal(8 * 10**12).scaleb(-18) == Decimal("0.000008")


def test_six_decimal_token_is_accepted(gt, deployer, treasury):
    usdt = TestUSDT.deploy({"from": deployer})
    sale = deploy_sale(gt, usdt, deployer, treasury)
    assert sale.USDT_DECIMALS() == 6 and sale.usdt() == usdt.address


def test_token_without_decimals_is_refused(system, gt, deployer, treasury, attacker):
    vault = system.contracts["VestingVault"]  # a contract with no decimals()
    with reverts_with("PrivateSalePaymentTokenWithoutDecimals", vault):
        deploy_sale(gt, vault, deployer, treasury)
    with reverts_with("PrivateSalePaymentTokenWithoutDecimals", attacker):  # an account, no code at all
        deploy_sale(gt, attacker, deployer, treasury)


def test_zero_payment_token_is_still_a_zero_address(gt, deployer, treasury):
    with reverts_with("PrivateSaleZeroAddress", 1):
        deploy_sale(gt, "0x" + "00" * 20, deployer, treasury)
