"""Parity: for random streams of daily figures (with gaps), the registry's statuses after every day,
its transitions and its counters equal the Python reference engine's (gt.listing.rules)."""

from dataclasses import replace

from brownie import chain
from hypothesis import given, settings
from hypothesis import strategies as st

from gt.listing.config import Periods, Thresholds
from gt.listing.rules import (
    ACTIVE,
    Reason,
    Status,
    TokenState,
    Transition,
    count_history,
    count_missing,
    missing_countable_until,
)
from tests.helpers import DAY, DELIST, EMERGENCY, GOOD, NORMAL, U, examples, fresh_token, tup

T = Thresholds()
BASES = [GOOD, GOOD, NORMAL, EMERGENCY, DELIST]
# One field moved to (or just past) a threshold, or nothing.
TWEAKS = [
    {},
    {"volume": T.new_min_volume},
    {"volume": T.new_min_volume - 1},
    {"volume": T.min_volume - 1},
    {"bid_depth": T.min_depth, "ask_depth": T.min_depth},
    {"bid_depth": T.new_min_depth - 1},
    {"spread": T.new_max_spread},
    {"spread": T.new_max_spread + 1},
    {"spread": T.delist_max_spread + 1},
    {"deviation": -T.max_deviation},
    {"deviation": T.max_deviation + 1},
    {"max_minute_deviation": T.emergency_max_minute_deviation + 1},
    {"lowest_to_opening": T.new_min_lowest_to_opening - 1},
    {"bid_depth": T.delist_min_one_sided_depth - 1, "ask_depth": 100_000 * U},
]
segment = st.tuples(
    st.sampled_from(range(len(BASES))),
    st.integers(min_value=1, max_value=20),  # days in a row
    st.sampled_from(range(len(TWEAKS))),
    st.sampled_from([0, 0, 0, 0, 1, 3, 8]),  # missing days before the segment
)
HORIZON = 90


def build(segments):
    """Segments → chunks of consecutive days (offset from listing, figures), within the horizon."""
    chunks, offset = [], 0
    for base, length, tweak, gap in segments:
        offset += gap
        length = min(length, HORIZON - offset)
        if length <= 0:
            break
        m = replace(BASES[base], **TWEAKS[tweak])
        if gap or not chunks:
            chunks.append((offset, [m] * length))
        else:
            chunks[-1][1].extend([m] * length)
        offset += length
    return chunks


@settings(max_examples=examples(25))
@given(segments=st.lists(segment, min_size=1, max_size=8))
def test_registry_matches_reference_engine(registry, deployer, metrics_bot, segments):
    token = fresh_token()
    tx = registry.list(token, deployer, b"\x01" * 32, {"from": deployer})
    day0 = registry.tokenState(token)[2]
    chain.sleep((day0 + HORIZON + 1) * DAY - chain[tx.block_number].timestamp)
    chain.mine()

    ref = TokenState(listed_day=day0, next_day=day0)
    chain_transitions: list[Transition] = []
    for offset, metrics in build(segments):
        if ref.status not in ACTIVE:
            break
        count_history(ref, day0 + offset, metrics, T)
        tx = registry.submitTokenHistory(token, day0 + offset, tup(metrics), {"from": metrics_bot})
        if "StatusChanged" in tx.events:
            chain_transitions += [
                Transition(e["day"], Status(e["from"]), Status(e["to"]), Reason(e["reason"]))
                for e in tx.events["StatusChanged"]
            ]
        on_chain = TokenState.from_chain(registry.tokenState(token))
        assert (on_chain.status, on_chain.next_day, on_chain.counters()) == (ref.status, ref.next_day, ref.counters())
    # Equal transition lists (with their days) mean equal statuses after every single day.
    assert chain_transitions == ref.transitions


def test_engine_examples_match_chain_failures(registry):
    """The per-day failure bits agree on every base/tweak combination and both age regimes."""
    from gt.listing.rules import failures

    combos = [replace(b, **t) for b in BASES[1:] + [GOOD] for t in TWEAKS]
    for age in (0, 29, 30):
        for m in combos:
            assert registry.failuresOf(m.as_tuple(), age) == failures(m, age, T), (m, age)


# ---------------------------------------------------------------- outages and missing days

outage_offsets = st.sets(st.integers(min_value=0, max_value=HORIZON - 1), max_size=12)


@settings(max_examples=examples(20))
@given(segments=st.lists(segment, min_size=1, max_size=8), outages=outage_offsets, count_rest=st.booleans())
def test_registry_matches_reference_engine_with_outages_and_missing_days(
    registry, deployer, metrics_bot, segments, outages, count_rest
):
    """Platform outage days (declared by the committee, so final at once) fall anywhere, on days with
    figures, inside gaps or after the last figures; at the end, anyone may have the registry count the
    days that never got figures (``countMissingDays``, in steps). Chain and engine agree on every
    transition (so on every day's status) and on the counters after every call."""
    token = fresh_token()
    tx = registry.list(token, deployer, b"\x01" * 32, {"from": deployer})
    day0 = registry.tokenState(token)[2]
    committee = deployer  # the module's registry: the deployer administers roles
    if not registry.hasRole(registry.COMMITTEE_ROLE(), committee):
        registry.grantRole(registry.COMMITTEE_ROLE(), committee, {"from": deployer})
    chain.sleep((day0 + HORIZON + 1) * DAY - chain[tx.block_number].timestamp)
    chain.mine()
    outage_days = {day0 + o for o in outages}
    for d in sorted(outage_days):
        registry.declareOutage(d, {"from": committee})

    ref = TokenState(listed_day=day0, next_day=day0)
    chain_transitions: list[Transition] = []

    def collect(tx) -> None:
        if "StatusChanged" in tx.events:
            chain_transitions.extend(
                Transition(e["day"], Status(e["from"]), Status(e["to"]), Reason(e["reason"]))
                for e in tx.events["StatusChanged"]
            )
        on_chain = TokenState.from_chain(registry.tokenState(token))
        assert (on_chain.status, on_chain.next_day, on_chain.counters()) == (ref.status, ref.next_day, ref.counters())

    try:
        for offset, metrics in build(segments):
            if ref.status not in ACTIVE:
                break
            count_history(ref, day0 + offset, metrics, T, outage_days)
            collect(registry.submitTokenHistory(token, day0 + offset, tup(metrics), {"from": metrics_bot}))
        until = registry.missingCountableUntil()
        assert until == missing_countable_until(chain[-1].timestamp, Periods().missing_day_grace)
        while count_rest and ref.status in ACTIVE and ref.next_day < until:
            passed = count_missing(ref, until, T, outage_days)
            tx = registry.countMissingDays(token, {"from": metrics_bot})
            assert tx.return_value == passed
            collect(tx)
        assert chain_transitions == ref.transitions
    finally:
        for d in sorted(outage_days):  # later examples list tokens on later days; keep the registry clean
            registry.revokeOutage(d, {"from": committee})
