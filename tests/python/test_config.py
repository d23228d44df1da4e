"""The configuration loader refuses every bad table before anything is sent."""

import copy

import pytest

from gt.config import TOTAL_SUPPLY_WEI, ConfigError, load_config, parse_config, to_wei

GOOD = {
    "local": True,
    "roles": {"deployer": 0, "treasury": 2, "bg_fund": 3},
    "allocation": {
        "private_sale": 100_000_000,
        "team": 200_000_000,
        "bg_fund": 200_000_000,
        "community_incentive": 400_000_000,
        "protection_fund": 100_000_000,
    },
    "team_vesting": {"grants": [{"beneficiary": 5, "amount": 150_000_000}, {"beneficiary": 6, "amount": "50000000"}]},
}


def variant(**changes):
    raw = copy.deepcopy(GOOD)
    for path, value in changes.items():
        node = raw
        keys = path.split("__")
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value
    return raw


def test_good_table_sums_to_supply():
    config = parse_config(GOOD)
    assert sum(config.allocation_wei.values()) == TOTAL_SUPPLY_WEI
    assert config.team_vesting.interval_seconds == 365 * 86_400
    assert config.team_vesting.tranches == 4


def test_shipped_configs_are_valid():
    for network in ("development", "ganache-cli", "sepolia"):
        assert sum(load_config(network).allocation_wei.values()) == TOTAL_SUPPLY_WEI


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"allocation__team": 200_000_001}, "add up to 1,000,000,001 GT, not exactly 1,000,000,000 GT"),
        ({"allocation__team": "199999999.999999999999999999"}, "not exactly 1,000,000,000 GT"),
        ({"allocation__bg_fund": 0}, "allocation.bg_fund: a genesis bucket cannot be empty"),
        ({"allocation__bg_fund": -5}, "is negative"),
        ({"allocation__bg_fund": "lots"}, "is not a number"),
        ({"allocation__bg_fund": 2e8}, "not a float"),
        ({"allocation__bg_fund": "0.0000000000000000001"}, "more than 18 decimals"),
        ({"allocation__marketing": 1}, "unknown bucket(s) marketing"),
        ({"roles__treasury": "0x12"}, "neither an account index nor"),
        ({"roles__treasury": "0x" + "0" * 40}, "zero address"),
        ({"local": False}, "use account indices, allowed on local chains only"),
        ({"team_vesting__grants": []}, "non-empty list"),
        ({"team_vesting__tranches": 0}, "team_vesting.tranches: 0 must be a positive integer"),
    ],
)
def test_bad_tables_are_refused_with_one_clear_line(changes, message):
    with pytest.raises(ConfigError) as info:
        parse_config(variant(**changes))
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_bucket_is_named():
    raw = copy.deepcopy(GOOD)
    del raw["allocation"]["protection_fund"]
    with pytest.raises(ConfigError, match="missing bucket\\(s\\) protection_fund"):
        parse_config(raw)


def test_team_grants_must_cover_the_team_bucket_exactly():
    raw = variant(team_vesting__grants=[{"beneficiary": 5, "amount": 150_000_000}])
    with pytest.raises(ConfigError, match="grants add up to 150,000,000 GT, but the team bucket is 200,000,000 GT"):
        parse_config(raw)


def test_duplicate_team_beneficiary_is_refused():
    raw = variant(team_vesting__grants=[{"beneficiary": 5, "amount": 100_000_000}] * 2)
    with pytest.raises(ConfigError, match="beneficiary 5 appears twice"):
        parse_config(raw)


def test_unknown_network_is_named():
    with pytest.raises(ConfigError, match="no configuration for network 'mainnet-fork'"):
        load_config("mainnet-fork")


@pytest.mark.parametrize(
    "value, decimals, expected", [("0.08", 6, 80_000), (500, 6, 500_000_000), ("1_000", 18, 10**21)]
)
def test_to_wei_is_exact(value, decimals, expected):
    assert to_wei(value, decimals) == expected
