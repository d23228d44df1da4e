"""The capital stage's preflight: a configured payment token that is not 6-decimal is refused
before the deployment sends its first transaction (not half-way, when PrivateSale would revert)."""

from pathlib import Path

import pytest
import yaml
from brownie import GTGenesis, TestStable18, TestUSDT, accounts, history

from gt.config import ConfigError, parse_config
from gt_chain.deployment import deploy_system

ROOT = Path(__file__).resolve().parents[2]


def config_with_usdt(address):
    raw = yaml.safe_load((ROOT / "config" / "local.yaml").read_text())
    raw["capital"]["usdt"] = address
    return parse_config(raw, "local (payment token overridden)")


@pytest.mark.parametrize("kind", ["18-decimal stable coin", "account without code", "contract without decimals"])
def test_wrong_payment_token_is_refused_before_any_transaction(deployer, kind):
    if kind == "18-decimal stable coin":
        address, error = TestStable18.deploy({"from": accounts[9]}).address, "reports 18 decimals"
    elif kind == "account without code":
        address, error = accounts[9].address, "does not answer decimals"
    else:
        address, error = GTGenesis.deploy({"from": accounts[9]}).address, "does not answer decimals"
    nonce, sent = deployer.nonce, len(history)
    with pytest.raises(ConfigError, match=error):
        deploy_system(config_with_usdt(address), deployer, hand_over=False)
    assert deployer.nonce == nonce and len(history) == sent


def test_six_decimal_payment_token_passes_the_preflight(deployer):
    """A configured 6-decimal token passes the preflight, which sends nothing."""
    from gt_chain.stages import capital

    usdt = TestUSDT.deploy({"from": accounts[9]})
    nonce = deployer.nonce
    capital.preflight(type("D", (), {"config": config_with_usdt(usdt.address)})())
    assert deployer.nonce == nonce
