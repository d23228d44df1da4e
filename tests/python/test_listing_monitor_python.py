"""Chain-free parts of the listing monitor: figures from order books (hand-computed), market-data
validation, configuration, the reference engine's errors, the plan, the synthetic pairs, the chart
and the script's argument checks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from gt.config import ConfigError
from gt.listing.config import Periods, Thresholds, parse_listing_config
from gt.listing.marketdata import MarketDataError, TokenMarket, load_market_data, write_market_data
from gt.listing.metrics import day_figures
from gt.listing.monitor import make_plan
from gt.listing.rules import Metrics, RuleError, Status, TokenState, count_day, simulate
from gt.listing.synthetic import generate_markets

DAY = 86_400
D = 20_000  # a UTC day number
T0 = D * DAY
NAN = float("nan")


def hand_market(**overrides) -> TokenMarket:
    """Two snapshots (6 h and 18 h), three trades, three index prices; see test_hand_computed_day."""
    fields = dict(
        token="0x" + "11" * 20,
        opening_price=125.0,
        snap_t=np.array([T0, T0 + 21_600], dtype=float),
        bid_px=np.array([[99, 98, 96], [199, NAN, NAN]], dtype=float),
        bid_sz=np.array([[10, 5, 100], [1, 0, 0]], dtype=float),
        ask_px=np.array([[101, 102, 104], [201, NAN, NAN]], dtype=float),
        ask_sz=np.array([[10, 5, 100], [1, 0, 0]], dtype=float),
        trade_t=np.array([T0 + 100, T0 + 50_000, T0 + 80_000], dtype=float),
        trade_px=np.array([100, 150, 120], dtype=float),
        trade_sz=np.array([2, 4, 1], dtype=float),
        index_t=np.array([T0 + 60, T0 + 60_000, T0 + 86_399], dtype=float),
        index_px=np.array([100, 150, 125], dtype=float),
    )
    fields.update(overrides)
    return TokenMarket(**fields)


def test_hand_computed_day():
    f = day_figures(hand_market(), D)
    # Snapshot 1 (weight 1/4): mid 100, bids ≥ 98: 99·10 + 98·5 = 1480, asks ≤ 102: 101·10 + 102·5 = 1520,
    # spread 2%. Snapshot 2 (weight 3/4): mid 200, bid 199, ask 201, spread 1%.
    assert f.bid_depth == pytest.approx(1480 * 0.25 + 199 * 0.75)  # 519.25
    assert f.ask_depth == pytest.approx(1520 * 0.25 + 201 * 0.75)  # 530.75
    assert f.spread == pytest.approx(0.0125)
    assert f.volume == pytest.approx(100 * 2 + 150 * 4 + 120 * 1)  # 920
    assert (f.close, f.index) == (120, 125)
    assert f.deviation == pytest.approx(1 - 120 / 125)  # 4%
    assert f.max_minute_deviation == pytest.approx(0.04)  # last minute: 120 vs 125; earlier ones 0
    assert f.lowest_to_opening == pytest.approx(0.8)
    assert f.encode() == Metrics(920_000_000, 519_250_000, 530_750_000, 12_500, 40_000, 40_000, 800_000)


def test_one_sided_snapshot_counts_as_full_spread_and_no_depth():
    m = hand_market(ask_px=np.array([[101, 102, 104], [NAN, NAN, NAN]]), ask_sz=np.array([[10, 5, 100], [0, 0, 0]]))
    f = day_figures(m, D)
    assert f.spread == pytest.approx(0.02 * 0.25 + 1.0 * 0.75)
    assert f.bid_depth == pytest.approx(1480 * 0.25)


def test_minute_deviation_uses_mid_before_the_first_trade():
    m = hand_market(index_px=np.array([80, 150, 125], dtype=float))  # mid 100 vs index 80 at minute 1
    assert day_figures(m, D).max_minute_deviation == pytest.approx(0.25)


def test_no_trades_falls_back_to_mid_and_lowest_mid():
    empty = np.array([], dtype=float)
    f = day_figures(hand_market(trade_t=empty, trade_px=empty, trade_sz=empty), D)
    assert (f.volume, f.close) == (0, 200)
    assert f.lowest_to_opening == pytest.approx(100 / 125)


def test_days_without_book_or_index_have_no_figures():
    assert day_figures(hand_market(), D + 1) is None
    empty = np.array([], dtype=float)
    assert day_figures(hand_market(index_t=empty, index_px=empty), D) is None


def test_lowest_equal_to_opening_is_exactly_one():
    assert day_figures(hand_market(opening_price=100.0), D).encode().lowest_to_opening == 1_000_000


# ---------------------------------------------------------------- market-data files


def write(
    tmp: Path, books: str | None = None, trades: str | None = None, index: str | None = None, tokens: str | None = None
) -> Path:
    tok = "0x" + "11" * 20
    files = {
        "tokens.csv": tokens or f"token,opening_price\n{tok},1.0\n",
        "books.csv": books
        or (
            f"token,timestamp,side,price,size\n{tok},{T0},bid,0.99,100\n{tok},{T0},ask,1.01,100\n"
            f"{tok},{T0 + 43_200},bid,0.99,100\n{tok},{T0 + 43_200},ask,1.01,100\n"
        ),
        "trades.csv": trades or f"token,timestamp,price,size\n{tok},{T0 + 5},1.0,10\n",
        "index.csv": index or f"token,timestamp,price\n{tok},{T0 + 60},1.0\n",
    }
    for name, text in files.items():
        (tmp / name).write_text(text)
    return tmp


def test_loads_valid_files(tmp_path):
    markets = load_market_data(write(tmp_path))
    (m,) = markets.values()
    assert m.days() == [D]
    assert day_figures(m, D).encode().spread == 20_000


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"books": "token,timestamp,side,price\n"}, "books.csv: missing column(s) size"),
        ({"trades": "token,price,size\n"}, "trades.csv: missing column(s) timestamp"),
        ({"books": f"token,timestamp,side,price,size\n{'0x' + '11' * 20},{T0},buy,0.99,5\n"}, "neither bid nor ask"),
        (
            {"books": f"token,timestamp,side,price,size\n{'0x' + '11' * 20},{T0},bid,abc,5\n"},
            "price 'abc' is not a number",
        ),
        ({"index": f"token,timestamp,price\n{'0x' + '22' * 20},{T0},1.0\n"}, "is not in tokens.csv"),
        ({"tokens": "token,opening_price\n0x" + "11" * 20 + ",0\n"}, "opening_price must be positive"),
        ({"books": f"token,timestamp,side,price,size\n{'0x' + '11' * 20},-5,bid,0.99,5\n"}, "negative timestamp -5"),
        (
            {"index": f"token,timestamp,price\n{'0x' + '11' * 20},{T0},inf\n"},
            "index.csv line 2: price 'inf' is not finite",
        ),
    ],
)
def test_malformed_market_data(tmp_path, kwargs, message):
    with pytest.raises(MarketDataError, match=None) as err:
        load_market_data(write(tmp_path, **kwargs))
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_missing_file(tmp_path):
    write(tmp_path)
    (tmp_path / "index.csv").unlink()
    with pytest.raises(MarketDataError, match="index.csv: file not found"):
        load_market_data(tmp_path)


def test_round_trip_of_synthetic_data(tmp_path):
    markets = generate_markets({"0x" + "aa" * 20: "liquid"}, D, 2, snapshot_interval=3600, index_interval=900)
    loaded = load_market_data(write_market_data(markets, tmp_path))
    (m,) = loaded.values()
    assert m.days() == [D, D + 1]
    original = day_figures(next(iter(markets.values())), D)
    assert day_figures(m, D).spread == pytest.approx(original.spread, rel=1e-6)


# ---------------------------------------------------------------- synthetic pairs


def test_synthetic_pairs_behave_as_described():
    tokens = {"L": "liquid", "T": "thinning", "X": "dead"}
    markets = generate_markets(tokens, D, 45, snapshot_interval=1800, index_interval=600)
    outcome = {}
    for token, market in markets.items():
        days = [(d, day_figures(market, d).encode()) for d in range(D, D + 45)]
        state, _ = simulate(D, days, Thresholds())
        outcome[token] = [(t.after.name, t.reason.name) for t in state.transitions]
    assert outcome["L"] == []
    assert outcome["T"] == [("SPECIAL_TREATMENT", "NORMAL_LIQUIDITY_RULE")]
    assert outcome["X"] == [("SPECIAL_TREATMENT", "EMERGENCY_LIQUIDITY_RULE"), ("HIDDEN", "DELISTING_LIQUIDITY_RULE")]


def test_generation_is_deterministic():
    a = generate_markets({"L": "thinning"}, D, 2, seed=3)["L"]
    b = generate_markets({"L": "thinning"}, D, 2, seed=3)["L"]
    assert np.array_equal(a.bid_px, b.bid_px) and np.array_equal(a.trade_px, b.trade_px)


# ---------------------------------------------------------------- engine, plan and chart


def test_engine_refuses_what_the_chain_refuses():
    s = TokenState(listed_day=D, next_day=D + 1)
    m = Metrics(0, 0, 0, 0, 0, 0, 0)
    with pytest.raises(RuleError, match="submitted twice or out of order"):
        count_day(s, D, m, Thresholds())
    with pytest.raises(RuleError, match="not Listed or ST"):
        count_day(TokenState(status=Status.HIDDEN), D, m, Thresholds())


def test_plan_batches_by_day_skips_inactive_tokens_and_counts_gaps():
    tokens = {f"0x{i:040x}": p for i, p in enumerate(["liquid", "dead", "liquid"], start=1)}
    markets = generate_markets(tokens, D, 20, snapshot_interval=3600, index_interval=900)
    gap_token = list(tokens)[2]
    m = markets[gap_token]
    keep = (m.snap_t // DAY) != D + 3  # no book on day D+3
    m.snap_t, m.bid_px, m.bid_sz, m.ask_px, m.ask_sz = (
        m.snap_t[keep],
        m.bid_px[keep],
        m.bid_sz[keep],
        m.ask_px[keep],
        m.ask_sz[keep],
    )
    states = {t: TokenState(listed_day=D, next_day=D) for t in tokens}
    states["0x" + "ff" * 20] = TokenState(status=Status.NONE)
    markets["0x" + "ff" * 20] = markets[list(tokens)[0]]
    plan = make_plan(markets, states, Thresholds(), through_day=D + 19, batch_size=2)
    by_token = {tp.token: tp for tp in plan.tokens}
    dead = by_token[list(tokens)[1]]
    assert dead.after.status == Status.HIDDEN and dead.submitted[-1][0] == D + 14
    assert by_token[gap_token].missing_days == [D + 3]
    assert by_token["0x" + "ff" * 20].skipped and not by_token["0x" + "ff" * 20].submitted
    assert [day for day, _, _ in plan.batches][:3] == [D, D, D + 1]  # 3 tokens a day, 2 per batch
    assert all(len(tokens_) <= 2 for _, tokens_, _ in plan.batches)
    assert plan.token_days == 20 + 15 + 19
    assert any("HIDDEN" in line for line in dead.why(Thresholds()))


def test_chart_is_a_png(tmp_path):
    from gt.listing.chart import plot_token

    market = generate_markets({"T": "thinning"}, D, 40, snapshot_interval=3600, index_interval=900)["T"]
    days = [(d, day_figures(market, d).encode()) for d in range(D, D + 40)]
    state, _ = simulate(D, days, Thresholds())
    path = plot_token("thinning", D, days, Thresholds(), state.transitions, tmp_path / "c.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# ---------------------------------------------------------------- configuration and arguments


def test_listing_config_defaults_and_conversion():
    cfg = parse_listing_config(
        {
            "thresholds": {"established": {"min_volume": "5000.5", "max_spread": "0.012"}},
            "windows": {"emergency": 5},
            "periods": {"inquiry_hours": 48},
        }
    )
    assert cfg.thresholds.min_volume == 5_000_500_000 and cfg.thresholds.max_spread == 12_000
    assert cfg.thresholds.emergency_window == 5 and cfg.periods.inquiry_window == 172_800
    assert parse_listing_config(None) == parse_listing_config({}) and parse_listing_config({}).periods == Periods()


@pytest.mark.parametrize(
    "raw, message",
    [
        ({"thresholds": {"established": {"max_spread": 0.01}}}, "not a float"),
        ({"thresholds": {"established": {"volume": 1}}}, "unknown key(s) volume"),
        ({"thresholds": {"weird": {}}}, "unknown group 'weird'"),
        ({"windows": {"normal": 0}}, "listing.windows.normal: 0 must be an integer from 1 to 65535"),
        ({"periods": {"inquiry_hours": -1}}, "listing.periods.inquiry_hours"),
        ({"thresholds": {"emergency": {"max_spread": "5000"}}}, "too large"),
        ({"committee": "me"}, "listing.committee"),
        ({"extra": 1}, "unknown key(s) extra"),
    ],
)
def test_listing_config_errors(raw, message):
    with pytest.raises(ConfigError) as err:
        parse_listing_config(raw)
    assert message in str(err.value)


@pytest.mark.parametrize(
    "argv, message",
    [
        ([], "Missing option '--data'"),
        (["--data", "/nonexistent"], "does not exist"),
        (["--data", ".", "--batch-size", "0"], "1<=x<=500"),
        (["--data", ".", "--chart", "0x1"], "not a 0x-prefixed 20-byte address"),
        (["--data", ".", "--chart", "0x" + "12" * 20], "--chart and --chart-out go together"),
        (["--data", ".", "--through-day", "x"], "not a whole number"),
    ],
)
def test_monitor_argument_errors(argv, message):
    from click.testing import CliRunner

    from gt_cli.main import cli

    result = CliRunner().invoke(cli, ["listing", "monitor", *argv, "--network", "no-such-network"])
    assert result.exit_code == 2 and message in result.stderr and result.stderr.count("\n") == 1
