"""Chain-free reference model of the buyback engine and the dividend distributor, plus the
validation of their configuration and of the operator's input.

The tests compare the contracts with this model to the wei: budget = revenue * share / 10,000
(floor); phase 1 sends all bought GT to dividends, phase 2 (entered for good the first time the
incentive pool is seen exhausted) floor(bought * 7,500 / 10,000) to dividends and the rest to
the recycling pool; a holder's share of a round is floor(amount * balance / eligibleSupply);
what a round does not pay (unclaimed shares and dust) rolls into the round opened after the
round expired and was swept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gt.config import ConfigError, account_ref, to_wei

BPS = 10_000
Q112 = 2**112
USDT_DECIMALS = 6
SECONDS_PER_DAY = 86_400


class ModelError(ValueError):
    """An operation the contracts would refuse; the message names the contract's custom error."""


def budget_for(revenue: int, share_bps: int = 5_000) -> int:
    """The part of the revenue (quote-token base units) that buys GT."""
    return revenue * share_bps // BPS


def split(amount: int, phase: int, phase2_dividend_bps: int = 7_500) -> tuple[int, int]:
    """(to dividends, to the recycling pool) for `amount` bought GT in `phase`."""
    to_dividends = amount if phase == 1 else amount * phase2_dividend_bps // BPS
    return to_dividends, amount - to_dividends


def amount_out(amount_in: int, reserve_in: int, reserve_out: int) -> int:
    """Uniswap V2's getAmountOut: the 0.3% fee, rounded down as the pair does."""
    with_fee = amount_in * 997
    return with_fee * reserve_out // (reserve_in * 1000 + with_fee)


def spot_price(reserve_gt: int, reserve_quote: int) -> int:
    """The engine's spot price: UQ112x112 quote base units per GT wei."""
    return (reserve_quote << 112) // reserve_gt


def deviation_bps(spot: int, twap: int) -> int:
    """How far the spot price is from the TWAP, in basis points of the TWAP (floor)."""
    if twap == 0:
        raise ModelError("BuybackEnginePriceDeviation: no TWAP")
    return abs(spot - twap) * BPS // twap


def price_allowed(spot: int, twap: int, max_deviation_bps: int) -> bool:
    """The engine's guard: |spot - twap| * 10,000 <= maxDeviationBps * twap."""
    return twap > 0 and abs(spot - twap) * BPS <= max_deviation_bps * twap


def min_out(quote: int, slippage_bps: int) -> int:
    """The minimum GT output for a router quote and a slippage tolerance (floor, at least 1)."""
    return max(1, quote * (BPS - slippage_bps) // BPS)


def uq112_to_decimal(price: int, gt_decimals: int = 18, quote_decimals: int = USDT_DECIMALS) -> Decimal:
    """A UQ112x112 price in quote base units per GT wei, as quote tokens per whole GT."""
    return Decimal(price) / Decimal(Q112) * Decimal(10) ** (gt_decimals - quote_decimals)


@dataclass
class EngineModel:
    """Periods, phase and splits of :class:`BuybackEngine`."""

    buyback_share_bps: int = 5_000
    phase2_dividend_bps: int = 7_500
    phase2: bool = False
    reported: set[int] = field(default_factory=set)

    def report(self, period: int, revenue: int, bought: int, pool_exhausted: bool) -> tuple[int, int, int, int]:
        """Reports a period whose budget bought `bought` GT: (budget, to dividends, to recycling, phase)."""
        if period in self.reported:
            raise ModelError(f"BuybackEnginePeriodAlreadyReported: {period}")
        budget = budget_for(revenue, self.buyback_share_bps)
        if budget == 0:
            raise ModelError(f"BuybackEngineZeroRevenue: {revenue}")
        if bought == 0:
            raise ModelError("BuybackEngineZeroAmount")
        self.reported.add(period)
        if pool_exhausted:
            self.phase2 = True
        phase = 2 if self.phase2 else 1
        to_dividends, to_recycling = split(bought, phase, self.phase2_dividend_bps)
        if to_dividends == 0:
            raise ModelError("BuybackEngineZeroAmount")
        return budget, to_dividends, to_recycling, phase


@dataclass
class RoundModel:
    amount: int
    balances: dict[str, int]
    eligible_supply: int
    expires_at: int
    claimed: int = 0
    claimed_by: set[str] = field(default_factory=set)
    swept: bool = False


@dataclass
class DistributorModel:
    """Rounds, shares, claims, expiry and carry of :class:`DividendDistributor`.

    `balances` given to :meth:`open_round` are every account's GT at the snapshot; the model
    leaves out `excluded` (which should hold the distributor itself) to get the eligible supply.
    """

    excluded: set[str] = field(default_factory=set)
    claim_expiry: int = 365 * SECONDS_PER_DAY
    carry: int = 0
    rounds: list[RoundModel] = field(default_factory=list)

    def eligible_supply(self, balances: Mapping[str, int]) -> int:
        return sum(b for a, b in balances.items() if a not in self.excluded)

    def open_round(self, amount: int, balances: Mapping[str, int], now: int) -> int:
        if amount == 0:
            raise ModelError("DividendDistributorZeroAmount")
        eligible = self.eligible_supply(balances)
        if eligible == 0:
            raise ModelError("DividendDistributorNoEligibleSupply")
        kept = {a: b for a, b in balances.items() if a not in self.excluded}
        self.rounds.append(RoundModel(amount + self.carry, kept, eligible, now + self.claim_expiry))
        self.carry = 0
        return len(self.rounds) - 1

    def share(self, round_id: int, holder: str) -> int:
        r = self.rounds[round_id]
        return r.amount * r.balances.get(holder, 0) // r.eligible_supply

    def claimable(self, round_id: int, holder: str, now: int) -> int:
        r = self.rounds[round_id]
        if holder in self.excluded or now >= r.expires_at or holder in r.claimed_by:
            return 0
        return self.share(round_id, holder)

    def claim(self, holder: str, round_ids: list[int], now: int) -> int:
        total = 0
        for rid in round_ids:
            if rid >= len(self.rounds):
                raise ModelError(f"DividendDistributorUnknownRound: {rid}")
            r = self.rounds[rid]
            if holder in self.excluded:
                raise ModelError(f"DividendDistributorExcludedHolder: {holder}, {rid}")
            if now >= r.expires_at:
                raise ModelError(f"DividendDistributorRoundExpired: {rid}")
            if holder in r.claimed_by:
                raise ModelError(f"DividendDistributorAlreadyClaimed: {rid}")
            r.claimed_by.add(holder)
            s = self.share(rid, holder)
            r.claimed += s
            total += s
        if total == 0:
            raise ModelError(f"DividendDistributorNothingToClaim: {holder}")
        return total

    def sweep(self, round_ids: list[int], now: int) -> int:
        total = 0
        for rid in round_ids:
            r = self.rounds[rid]
            if now < r.expires_at:
                raise ModelError(f"DividendDistributorRoundNotExpired: {rid}")
            if r.swept:
                raise ModelError(f"DividendDistributorRoundAlreadySwept: {rid}")
            r.swept = True
            total += r.amount - r.claimed
        self.carry += total
        return total


# --- configuration ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BuybackConfig:
    buyback_share_bps: int
    phase2_dividend_bps: int
    max_deviation_bps: int
    twap_min_window_seconds: int
    claim_expiry_seconds: int


@dataclass(frozen=True)
class DexConfig:
    router: str | None
    pair: str | None
    usdt: str | None
    seed_gt_wei: int
    seed_usdt_units: int


def _int_in(raw: Mapping[str, Any], key: str, default: int, low: int, high: int, section: str) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(f"{section}.{key}: {value!r} must be an integer in [{low}, {high}]")
    return value


def parse_buyback_config(raw: Any) -> BuybackConfig:
    """Validates the `buyback:` section (defaults: 50% buyback, 75% phase-2 dividends, 365-day expiry)."""
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise ConfigError("buyback: expected a mapping")
    unknown = sorted(
        set(raw)
        - {
            "buyback_share_bps",
            "phase2_dividend_bps",
            "max_deviation_bps",
            "twap_min_window_seconds",
            "claim_expiry_days",
        }
    )
    if unknown:
        raise ConfigError(f"buyback: unknown key(s) {', '.join(unknown)}")
    return BuybackConfig(
        _int_in(raw, "buyback_share_bps", 5_000, 1, BPS, "buyback"),
        _int_in(raw, "phase2_dividend_bps", 7_500, 1, BPS, "buyback"),
        _int_in(raw, "max_deviation_bps", 500, 1, BPS, "buyback"),
        _int_in(raw, "twap_min_window_seconds", 1_800, 60, 7 * SECONDS_PER_DAY, "buyback"),
        _int_in(raw, "claim_expiry_days", 365, 7, 3_650, "buyback") * SECONDS_PER_DAY,
    )


def parse_dex_config(raw: Any, local: bool) -> DexConfig:
    """Validates the `dex:` section: seed liquidity on local chains, router (and pair) addresses elsewhere."""
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise ConfigError("dex: expected a mapping")
    unknown = sorted(set(raw) - {"router", "pair", "usdt", "seed_gt", "seed_usdt"})
    if unknown:
        raise ConfigError(f"dex: unknown key(s) {', '.join(unknown)}")
    addresses: dict[str, str | None] = {}
    for key in ("router", "pair", "usdt"):
        value = raw.get(key)
        if value is None:
            addresses[key] = None
            continue
        ref = account_ref(value, f"dex.{key}")
        if isinstance(ref, int):
            raise ConfigError(f"dex.{key}: expected a 0x address, not an account index")
        addresses[key] = ref
    if not local and addresses["router"] is None:
        raise ConfigError("dex.router: required on a public network (the Uniswap V2 Router02 address)")
    seed_gt = to_wei(raw.get("seed_gt", 0), what="dex.seed_gt")
    seed_usdt = to_wei(raw.get("seed_usdt", 0), USDT_DECIMALS, what="dex.seed_usdt")
    if local and (seed_gt == 0 or seed_usdt == 0):
        raise ConfigError("dex: seed_gt and seed_usdt must be positive on a local chain")
    return DexConfig(addresses["router"], addresses["pair"], addresses["usdt"], seed_gt, seed_usdt)


# --- operator input --------------------------------------------------------------------------


def parse_revenue(value: str) -> int:
    """The period's fee revenue in USDT (a decimal string) as base units; zero, negative or not a number is refused."""
    text = str(value).strip()
    if text.startswith("-"):
        raise ConfigError(f"revenue: {value!r} is negative")
    amount = to_wei(text, USDT_DECIMALS, what="revenue")
    if amount == 0:
        raise ConfigError(f"revenue: {value!r} is zero; there is nothing to buy back")
    return amount


def parse_period(value: str) -> int:
    """A period id: a non-negative integer (e.g. 202611 for November 2026)."""
    text = str(value).strip()
    if not text.isdigit():
        raise ConfigError(f"period: {value!r} is not a non-negative integer")
    return int(text)


@dataclass(frozen=True)
class BuybackPlan:
    """What an on-chain buyback will send and what it should produce, for the operator to confirm."""

    period: int
    revenue: int
    budget: int
    quote: int
    min_out: int
    spot: int
    twap: int
    twap_elapsed: int
    deviation_bps: int
    max_deviation_bps: int
    min_window: int
    phase: int
    to_dividends: int
    to_recycling: int

    @property
    def problems(self) -> list[str]:
        """Reasons the engine would refuse the swap now (empty when it should go through)."""
        out = []
        if self.twap_elapsed < self.min_window:
            out.append(f"TWAP window too short: {self.twap_elapsed} s of price history, {self.min_window} s needed")
        elif not price_allowed(self.spot, self.twap, self.max_deviation_bps):
            out.append(
                f"spot price is {self.deviation_bps / 100:.2f}% from the TWAP (max {self.max_deviation_bps / 100:.2f}%)"
            )
        return out

    def rows(self) -> list[tuple[str, str]]:
        usdt = Decimal(10) ** USDT_DECIMALS
        gt = Decimal(10) ** 18
        return [
            ("period", str(self.period)),
            ("fee revenue", f"{Decimal(self.revenue) / usdt:,.6f} USDT"),
            ("buyback budget", f"{Decimal(self.budget) / usdt:,.6f} USDT"),
            ("router quote", f"{Decimal(self.quote) / gt:,.6f} GT"),
            ("slippage bound (min out)", f"{Decimal(self.min_out) / gt:,.6f} GT"),
            ("spot price", f"{uq112_to_decimal(self.spot):.8f} USDT/GT"),
            (
                "TWAP",
                f"{uq112_to_decimal(self.twap):.8f} USDT/GT over {self.twap_elapsed} s"
                f" ({self.deviation_bps / 100:.2f}% from spot, max {self.max_deviation_bps / 100:.2f}%)",
            ),
            ("phase", str(self.phase)),
            (
                "split",
                f"{Decimal(self.to_dividends) / gt:,.6f} GT dividends, {Decimal(self.to_recycling) / gt:,.6f} GT recycling",
            ),
        ]


def plan_buyback(
    period: int,
    revenue: int,
    buyback_share_bps: int,
    quote: int,
    slippage_bps: int,
    spot: int,
    twap: int,
    twap_elapsed: int,
    max_deviation_bps: int,
    min_window: int,
    phase: int,
    phase2_dividend_bps: int,
) -> BuybackPlan:
    """Works out an on-chain buyback from the chain's figures (no chain access here)."""
    if not 0 <= slippage_bps < BPS:
        raise ConfigError(f"slippage: {slippage_bps} bps must be in [0, {BPS})")
    budget = budget_for(revenue, buyback_share_bps)
    if budget == 0:
        raise ConfigError(f"revenue: {revenue} base units give a buyback budget of zero")
    to_dividends, to_recycling = split(min_out(quote, slippage_bps), phase, phase2_dividend_bps)
    deviation = abs(spot - twap) * BPS // twap if twap else BPS
    return BuybackPlan(
        period,
        revenue,
        budget,
        quote,
        min_out(quote, slippage_bps),
        spot,
        twap,
        twap_elapsed,
        deviation,
        max_deviation_bps,
        min_window,
        phase,
        to_dividends,
        to_recycling,
    )
