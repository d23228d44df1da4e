"""Chain-free validation of the capital section, sale math and the operators' (user, amount) CSVs."""

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gt.capital import (
    CAP_UNITS,
    MIN_PURCHASE_UNITS,
    PayoutError,
    check_within,
    epoch_tree,
    format_gt,
    gt_for_usdt,
    parse_capital,
    parse_payouts_csv,
    proofs_document,
    purchase_error,
)
from gt.config import ConfigError
from gt.merkle import MerkleTree, leaf_hash, verify

A = "0x1111111111111111111111111111111111111111"
B = "0x2222222222222222222222222222222222222222"
CHECKSUMMED = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
SALE_WEI = 100_000_000 * 10**18
GOOD = {
    "usdt": "deploy",
    "sale": {"start": 0, "duration_days": 30, "allowlist_root": None, "unsold_recipient": "treasury"},
}
ROLES = {"treasury": 2}


def parse(raw, local=True, sale_wei=SALE_WEI):
    return parse_capital(raw, local, ROLES, sale_wei)


def variant(**sale):
    raw = copy.deepcopy(GOOD)
    raw["sale"].update(sale)
    return raw


def test_good_section():
    cc = parse(GOOD)
    assert cc.usdt is None and cc.sale.duration_seconds == 30 * 86_400 and cc.sale.unsold_recipient == "treasury"


@pytest.mark.parametrize(
    "raw, local, message",
    [
        ({**GOOD, "usdt": "deploy"}, False, "test USDT is deployed on local chains only"),
        ({**GOOD, "usdt": "0x12"}, True, "neither 'deploy' nor"),
        (variant(duration_days=0), True, "duration_days: 0 must be a positive integer"),
        (variant(start=-1), True, "start: -1 must be a non-negative integer"),
        (variant(allowlist_root="0x1234"), True, "allowlist_root"),
        (variant(unsold_recipient="nobody"), True, "role 'nobody' is not configured"),
        ({**variant(unsold_recipient=5), "usdt": B}, False, "account indices are allowed on local chains only"),
        ({"usdt": "deploy"}, True, "capital.sale: expected a mapping"),
        ([], True, "capital: expected a mapping"),
    ],
)
def test_bad_sections(raw, local, message):
    with pytest.raises(ConfigError, match=message):
        parse(raw, local=local)


def test_sale_bucket_must_cover_the_cap():
    with pytest.raises(ConfigError, match="smaller than the 100,000,000 GT"):
        parse(GOOD, sale_wei=SALE_WEI - 1)


def test_testnet_section_with_address():
    cc = parse({**GOOD, "usdt": B}, local=False)
    assert cc.usdt == B


def test_sale_math():
    assert gt_for_usdt(MIN_PURCHASE_UNITS) == 6_250 * 10**18
    assert gt_for_usdt(CAP_UNITS) == SALE_WEI
    assert purchase_error(499_999_999, 0) is not None and purchase_error(500_000_000, 0) is None
    assert purchase_error(CAP_UNITS, 0) is None and purchase_error(CAP_UNITS + 1, 0) is not None


@given(st.integers(0, 10**13))
def test_price_never_rounds(units):
    # 1 GT = 0.08 USDT exactly: GT wei * 0.08 USDT == units of USDT paid, with no remainder
    assert gt_for_usdt(units) * 8 == units * 10**12 * 100


def test_good_csv():
    text = f"user,amount\n{A},12.5\n\n# comment\n{CHECKSUMMED.lower()}, 0.000000000000000001\n{B},1_000\n"
    rows = parse_payouts_csv(text, "r.csv")
    assert [(r.user, r.amount_wei, r.line) for r in rows] == [
        (A, 12_500_000_000_000_000_000, 2),
        (CHECKSUMMED, 1, 5),
        (B, 1_000 * 10**18, 6),
    ]


@pytest.mark.parametrize(
    "text, message",
    [
        (f"{A},1\n0x123,5\n", "r.csv line 2: '0x123' is not a 0x-prefixed 20-byte address"),
        ("zzz,5\n", "line 1: 'zzz' is not"),
        (CHECKSUMMED.replace("a", "A", 1) + ",1\n", "bad checksum"),
        ("0x" + "0" * 40 + ",1\n", "zero address"),
        (f"{A},-1\n", "line 1: amount '-1' is negative"),
        (f"{A},abc\n", "line 1: amount 'abc' is not a number"),
        (f"{A},NaN\n", "not a finite number"),
        (f"{A},0\n", "amount is zero"),
        (f"{A},0.0000000000000000001\n", "more than 18 decimals"),
        (f"{A},1\n{B},2\n{A.upper().replace('0X', '0x')},3\n", f"line 3: user {A} is already listed on line 1"),
        (f"{A},1,2\n", "expected 2 columns"),
        ("user,amount\n\n", "no (user, amount) rows"),
        ("", "no (user, amount) rows"),
    ],
)
def test_bad_csv_rows(text, message):
    with pytest.raises(PayoutError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_payouts_csv(text, "r.csv")


def test_total_check():
    check_within(10, 10)
    with pytest.raises(PayoutError, match="total 0.000000000000000011 GT exceeds the 0.00000000000000001 GT"):
        check_within(11, 10)
    assert format_gt(1_234_500 * 10**17) == "123,450 GT"


def test_proofs_document_is_self_contained():
    rows = parse_payouts_csv(f"{A},1\n{B},2.5\n")
    tree = epoch_tree(rows)
    doc = proofs_document(rows, tree, "0x" + "ab" * 20, 3, 31337)
    assert doc["epoch"] == 3 and doc["total"] == str(35 * 10**17)
    for r in rows:
        claim = doc["claims"][r.user]
        assert verify(
            bytes.fromhex(doc["root"][2:]),
            leaf_hash((r.user, int(claim["amount"]))),
            [bytes.fromhex(p[2:]) for p in claim["proof"]],
        )
    assert MerkleTree.load(doc["tree"]).root_hex == doc["root"]
