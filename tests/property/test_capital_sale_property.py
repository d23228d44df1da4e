"""Property test of the deployed PrivateSale against the chain-free sale math in `gt.capital`.

Random sequences of purchases by three buyers, with amounts drawn around the 500 USDT minimum,
around what is left under the 8,000,000 USDT cap, around the cap itself, and anywhere between:
every purchase the Python math accepts pays the buyer exactly `gt_for_usdt(amount)` GT and the
treasury exactly `amount` USDT; every purchase it refuses reverts with exactly the error it names
and changes nothing; the raised total and each buyer's purchases equal the model to the unit.
"""

import pytest
from brownie import accounts
from brownie.test import given
from hypothesis import settings
from hypothesis import strategies as st

from gt.capital import CAP_UNITS, MIN_PURCHASE_UNITS, gt_for_usdt, purchase_error
from tests.helpers import examples, reverts_with

BUYERS = (10, 11, 12)  # alice, bob, carol

# (how the amount is chosen, a number): the amount itself, or an offset from what is left.
amounts = st.one_of(
    st.tuples(st.just("abs"), st.integers(MIN_PURCHASE_UNITS - 2, MIN_PURCHASE_UNITS + 2)),
    st.tuples(st.just("abs"), st.integers(CAP_UNITS - 2, CAP_UNITS + 2)),
    st.tuples(st.just("abs"), st.integers(0, CAP_UNITS)),
    st.tuples(st.just("abs"), st.integers(MIN_PURCHASE_UNITS, CAP_UNITS // 3)),
    st.tuples(st.just("left"), st.integers(-2, 2)),
)
purchases = st.lists(st.tuples(st.sampled_from(BUYERS), amounts), min_size=1, max_size=8)


@pytest.fixture(scope="module")
def funded_buyers(sale, usdt):
    """Every buyer can pay a little more than the whole cap."""
    for i in BUYERS:
        usdt.mint(accounts[i], CAP_UNITS + 10, {"from": accounts[i]})
        usdt.approve(sale, CAP_UNITS + 10, {"from": accounts[i]})
    return [accounts[i] for i in BUYERS]


@given(steps=purchases)
@settings(max_examples=examples(12), deadline=None)
def test_sale_matches_the_python_math(sale, usdt, gt, treasury, funded_buyers, steps):
    raised = 0
    bought = {b.address: 0 for b in funded_buyers}
    gt_start = {b.address: gt.balanceOf(b) for b in funded_buyers}
    usdt_start = {b.address: usdt.balanceOf(b) for b in funded_buyers}
    treasury_start = usdt.balanceOf(treasury)
    assert sale.raised() == 0  # the deployed sale is untouched before each example
    for index, (kind, number) in steps:
        buyer = accounts[index]
        amount = number if kind == "abs" else max(0, CAP_UNITS - raised + number)
        error = purchase_error(amount, raised)
        if error is None:
            tx = sale.buy(amount, {"from": buyer})
            assert tx.return_value == gt_for_usdt(amount)
            assert tx.events["Purchased"] == {"buyer": buyer, "usdtAmount": amount, "gtAmount": gt_for_usdt(amount)}
            raised += amount
            bought[buyer.address] += amount
        else:
            name, args = error.split(": ")
            with reverts_with(name, *args.split(", ")):
                sale.buy(amount, {"from": buyer})
        assert sale.raised() == raised
        assert sale.remaining() == CAP_UNITS - raised
    assert usdt.balanceOf(treasury) - treasury_start == raised
    assert usdt.balanceOf(sale) == 0
    for b in funded_buyers:
        assert sale.purchased(b) == bought[b.address]
        assert gt.balanceOf(b) - gt_start[b.address] == gt_for_usdt(bought[b.address])
        assert usdt_start[b.address] - usdt.balanceOf(b) == bought[b.address]
