"""Chain-free checks the capital commands run before sending: the payment token's decimals
(the deployment preflight) and the evidence rule of protection cases (`gt protection open`)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gt.capital import USDT_DECIMALS, EvidenceUse, PayoutError, case_to_follow, check_payment_decimals
from gt.config import ConfigError

USDT = "0xdAC17F958D2ee523a2206206994597C13D831ec7"
DAI = "0x6B175474E89094C44Da98b954EedeAC495271d0F"
EVIDENCE = b"\x11" * 32


def test_six_decimals_pass():
    assert USDT_DECIMALS == 6
    check_payment_decimals(USDT, 6)


@pytest.mark.parametrize("decimals", [0, 2, 8, 18, 255])
def test_other_decimals_are_refused_with_the_contract_error(decimals):
    with pytest.raises(ConfigError, match=rf"capital.usdt: {DAI} reports {decimals} decimals") as exc:
        check_payment_decimals(DAI, decimals)
    assert f"PrivateSaleWrongPaymentDecimals: {decimals}, 6" in str(exc.value)
    assert "\n" not in str(exc.value)


def test_no_answer_is_refused():
    with pytest.raises(ConfigError, match="does not answer decimals"):
        check_payment_decimals(DAI, None)


def test_unused_or_rejected_evidence_opens_a_plain_case():
    assert case_to_follow(EVIDENCE, EvidenceUse(False, 0, 0), False) is None
    assert case_to_follow(EVIDENCE, EvidenceUse(False, 0, 0), True) is None  # the flag allows, it does not force
    assert case_to_follow(EVIDENCE, EvidenceUse(True, 4, 0), False) is None  # every earlier case rejected


@given(latest=st.integers(0, 2**64), standing=st.integers(1, 2**32), allow=st.booleans())
def test_standing_evidence_needs_the_flag_and_follows_the_latest(latest, standing, allow):
    use = EvidenceUse(True, latest, standing)
    if allow:
        assert case_to_follow(EVIDENCE, use, True) == latest
    else:
        with pytest.raises(PayoutError, match=rf"backs {standing} case\(s\) not rejected \(latest: case {latest}\)"):
            case_to_follow(EVIDENCE, use, False)


def test_refusal_names_the_hash_and_the_flag():
    with pytest.raises(PayoutError) as exc:
        case_to_follow(EVIDENCE, EvidenceUse(True, 3, 1), False)
    text = str(exc.value)
    assert "0x" + "11" * 32 in text and "--allow-duplicate-evidence" in text and "follow-up of case 3" in text
