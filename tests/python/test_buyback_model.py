"""Chain-free: the buyback/dividend reference model, config sections and the operator's input."""

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from gt.buyback_model import (
    Q112,
    DistributorModel,
    EngineModel,
    ModelError,
    budget_for,
    min_out,
    parse_buyback_config,
    parse_dex_config,
    parse_period,
    parse_revenue,
    plan_buyback,
    price_allowed,
    split,
    uq112_to_decimal,
)
from gt.config import ConfigError
from gt_cli.main import cli


def test_budget_and_split():
    assert budget_for(1_000_001) == 500_000
    assert split(1_001, 1) == (1_001, 0)
    assert split(1_001, 2) == (750, 251)
    assert split(10, 2, 10_000) == (10, 0)


def test_engine_model_phases_and_periods():
    m = EngineModel()
    assert m.report(1, 100, 40, False) == (50, 40, 0, 1)
    with pytest.raises(ModelError, match="PeriodAlreadyReported"):
        m.report(1, 100, 40, False)
    with pytest.raises(ModelError, match="ZeroRevenue"):
        m.report(2, 1, 40, False)
    assert m.report(3, 100, 40, True)[1:] == (30, 10, 2)
    assert m.report(4, 100, 40, False)[3] == 2  # phase 2 is for good


def test_distributor_model_shares_dust_and_rollover():
    m = DistributorModel(excluded={"pair"})
    rid = m.open_round(100, {"a": 1, "b": 2, "pair": 1_000}, now=0)
    assert m.rounds[rid].eligible_supply == 3
    assert (m.claimable(0, "a", 1), m.claimable(0, "b", 1), m.claimable(0, "pair", 1)) == (33, 66, 0)
    assert m.claim("a", [0], 1) == 33
    with pytest.raises(ModelError, match="AlreadyClaimed"):
        m.claim("a", [0], 1)
    with pytest.raises(ModelError, match="RoundNotExpired"):
        m.sweep([0], 10)
    assert m.sweep([0], m.claim_expiry) == 67
    assert m.open_round(10, {"a": 1}, now=m.claim_expiry)
    assert m.rounds[1].amount == 77 and m.carry == 0


@settings(max_examples=200)
@given(amount=st.integers(1, 10**30), balances=st.lists(st.integers(0, 10**27), min_size=1, max_size=30))
def test_shares_never_exceed_the_round(amount, balances):
    held = {f"h{i}": b for i, b in enumerate(balances)}
    if sum(held.values()) == 0:
        return
    m = DistributorModel()
    m.open_round(amount, held, 0)
    shares = [m.share(0, h) for h in held]
    assert sum(shares) <= amount
    assert amount - sum(shares) < len(held)  # dust is under one wei per holder


def test_price_helpers():
    assert price_allowed(105, 100, 500) and not price_allowed(106, 100, 500) and not price_allowed(1, 0, 500)
    assert min_out(1_000, 100) == 990 and min_out(1, 100) == 1
    assert str(uq112_to_decimal(Q112 * 8 // 100 // 10**12)).startswith("0.0799999")


def test_plan_reports_problems():
    kw = dict(
        period=1,
        revenue=2_000_000,
        buyback_share_bps=5_000,
        quote=12 * 10**18,
        slippage_bps=100,
        twap_elapsed=600,
        max_deviation_bps=500,
        min_window=300,
        phase=2,
        phase2_dividend_bps=7_500,
    )
    plan = plan_buyback(spot=100, twap=100, **kw)
    assert plan.budget == 1_000_000 and plan.min_out == 11_880_000_000_000_000_000 and plan.problems == []
    assert plan.to_dividends == plan.min_out * 3 // 4
    assert "from the TWAP" in plan_buyback(spot=120, twap=100, **kw).problems[0]
    assert "window too short" in plan_buyback(spot=100, twap=100, **{**kw, "twap_elapsed": 10}).problems[0]
    assert len(plan.rows()) == 9


def test_buyback_config():
    cfg = parse_buyback_config({"max_deviation_bps": 300})
    assert (cfg.buyback_share_bps, cfg.phase2_dividend_bps, cfg.claim_expiry_seconds) == (5_000, 7_500, 365 * 86_400)
    for bad in (
        {"buyback_share_bps": 0},
        {"phase2_dividend_bps": 10_001},
        {"claim_expiry_days": 1},
        {"twap_min_window_seconds": True},
        {"typo": 1},
    ):
        with pytest.raises(ConfigError):
            parse_buyback_config(bad)


def test_dex_config():
    assert parse_dex_config({"seed_gt": 10, "seed_usdt": "0.5"}, local=True).seed_usdt_units == 500_000
    with pytest.raises(ConfigError, match="dex.router: required"):
        parse_dex_config({}, local=False)
    with pytest.raises(ConfigError, match="seed_gt and seed_usdt"):
        parse_dex_config({}, local=True)
    with pytest.raises(ConfigError, match="account index"):
        parse_dex_config({"router": 3}, local=False)


@pytest.mark.parametrize(
    "value, message",
    [
        ("0", "is zero"),
        ("-5", "is negative"),
        ("abc", "not a number"),
        ("nan", "not a finite number"),
        ("1.0000001", "more than 6 decimals"),
        ("0.000000", "is zero"),
    ],
)
def test_revenue_refused(value, message):
    with pytest.raises(ConfigError, match=message):
        parse_revenue(value)


def test_revenue_and_period_parsed():
    assert parse_revenue("125000.50") == 125_000_500_000
    assert parse_period("202611") == 202611
    with pytest.raises(ConfigError, match="period"):
        parse_period("-1")


def _buyback(argv: list[str]):
    """`gt buyback run …` up to where it would connect (argument mistakes are refused before)."""
    return CliRunner().invoke(cli, ["buyback", "run", *argv, "--network", "no-such-network"])


def test_options_reach_the_network_step(tmp_path):
    report = tmp_path / "fees.csv"
    report.write_text("fees")
    for argv in (
        ["--period", "7", "--revenue", "10", "--report", str(report), "--yes"],
        ["--period", "7", "--revenue", "10", "--report-hash", "0x" + "ab" * 32, "--deposit-gt", "5"],
    ):
        result = _buyback(argv)
        assert result.exit_code == 2 and "unknown network 'no-such-network'" in result.stderr


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--revenue", "10", "--report-hash", "0x" + "00" * 32], "Missing option '--period'"),
        (["--period", "1", "--revenue", "0", "--report-hash", "0x" + "00" * 32], "is zero"),
        (["--period", "1", "--revenue", "-3", "--report-hash", "0x" + "00" * 32], "is negative"),
        (["--period", "1", "--revenue", "ten", "--report-hash", "0x" + "00" * 32], "not a decimal amount"),
        (["--period", "1", "--revenue", "10"], "exactly one"),
        (["--period", "1", "--revenue", "10", "--report", "/nonexistent/file"], "does not exist"),
        (["--period", "1", "--revenue", "10", "--report-hash", "0x12"], "32 bytes of hex"),
        (
            ["--period", "1", "--revenue", "10", "--report-hash", "0x" + "00" * 32, "--slippage-bps", "10000"],
            "0<=x<=9999",
        ),
        (["--period", "1", "--revenue", "10", "--report-hash", "0x" + "00" * 32, "--deposit-gt", "0"], "is zero"),
    ],
)
def test_options_refused(argv, message):
    result = _buyback(argv)
    assert result.exit_code == 2 and message in result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""
