"""Chain-free committee rules (issue 12): displacement into a full candidate list, minimum
turnout, the refill minimum, the threshold against the seated count, action expiry, term-bound
recalls, the new configuration keys, and the pre-send refusals of the governance commands."""

import copy

import pytest
import yaml

from gt.config import CONFIG_DIR, ConfigError
from gt.governance_model import (
    BPS,
    ElectionModel,
    Refusal,
    approval_threshold,
    check_action,
    check_nomination,
    check_recall,
    check_turnout,
    meets_share,
    parse_governance,
    runner_up,
    share_ceil,
)

LOCAL = yaml.safe_load((CONFIG_DIR / "local.yaml").read_text())["governance"]
ELIGIBLE = 190_000_000


def test_new_keys_parse_and_reach_the_params_tuple():
    c = parse_governance(LOCAL).committee
    assert (c.min_turnout_bps, c.refill_min_bps, c.action_lifetime) == (500, 100, 7 * 86_400)
    assert c.params_tuple()[-3:] == (500, 100, 7 * 86_400) and len(c.params_tuple()) == 11
    sepolia = parse_governance(yaml.safe_load((CONFIG_DIR / "sepolia.yaml").read_text())["governance"]).committee
    assert sepolia.action_lifetime == 14 * 86_400
    defaults = parse_governance({"committee": [1, 2, 3, 4]}).committee
    assert (defaults.min_turnout_bps, defaults.refill_min_bps, defaults.action_lifetime) == (500, 100, 7 * 86_400)


@pytest.mark.parametrize(
    "key,value,message",
    [
        ("min_turnout_percent", 0, "more than 0"),
        ("min_turnout_percent", 101, "at most 100"),
        ("min_turnout_percent", 2.5, "quoted decimal"),
        ("refill_min_percent", 0, "more than 0"),
        ("refill_min_percent", "0.001", "two decimals"),
        ("action_lifetime", "0s", "positive"),
        ("action_lifetime", "366d", "longer than the term"),
    ],
)
def test_new_keys_are_validated(key, value, message):
    raw = copy.deepcopy(LOCAL)
    raw[key] = value
    with pytest.raises(ConfigError, match=message):
        parse_governance(raw)


def test_displacement_needs_strictly_more_stake_and_takes_the_latest_weakest():
    e = ElectionModel(seats=2, weights={"a": 5, "b": 3, "c": 3, "d": 3, "e": 4, "v": 100}, max_candidates=3)
    assert [e.nominate(x) for x in ("a", "b", "c")] == [None, None, None]
    # d ties the weakest stake (3): the earlier nominees stay.
    with pytest.raises(Refusal, match=r"full \(3\); d's stake 3 must exceed the weakest candidate's \(c, 3\)"):
        e.nominate("d")
    # e (4) displaces c, the latest of the two weakest, and takes c's slot.
    assert e.nominate("e") == "c" and e.candidates == ["a", "b", "e"] and e.displaced == ["c"]
    assert e.number == {"a": 1, "b": 2, "e": 4}
    with pytest.raises(Refusal, match="invalid candidate"):
        e.vote("v", ["c"])


def test_ranking_breaks_ties_by_nomination_number_not_slot():
    e = ElectionModel(seats=2, weights={"a": 5, "b": 1, "c": 3, "d": 6, "v": 10, "w": 10}, max_candidates=3)
    for x in ("a", "b", "c", "d"):
        e.nominate(x)
    assert e.candidates == ["a", "d", "c"]  # d (no. 4) sits in slot 1
    e.vote("v", ["d", "c"])
    e.vote("w", ["c", "a"])
    # c 20; d and a tie at 10: a (no. 1) outranks d (no. 4) although d sits in an earlier slot.
    assert e.ranking() == ["c", "a", "d"] and e.winners() == ["c", "a"]


def test_turnout_rule_is_exact_to_the_wei():
    required = share_ceil(ELIGIBLE, 500)
    assert (
        required == 9_500_000 and meets_share(required, ELIGIBLE, 500) and not meets_share(required - 1, ELIGIBLE, 500)
    )
    assert share_ceil(7, 5_000) == 4 and meets_share(4, 7, 5_000) and not meets_share(3, 7, 5_000)
    for turnout, met in ((required - 1, False), (required, True)):
        e = ElectionModel(seats=1, weights={"a": 1, "v": turnout}, eligible=ELIGIBLE, min_turnout_bps=500)
        e.nominate("a")
        e.vote("v", ["a"])
        assert e.turnout == turnout and e.turnout_met() is met
        # Below the turnout an election seats no one, whether or not a committee is sitting.
        assert e.seats_new_term(threshold=1, sitting_can_act=False) is met
    check_turnout(required, required, ELIGIBLE)
    with pytest.raises(Refusal, match=f"turnout {required - 1} is below the minimum {required}"):
        check_turnout(required - 1, required, ELIGIBLE)


def test_refill_skips_runners_up_below_the_minimum():
    minimum = share_ceil(ELIGIBLE, 100)
    weights = {"m": 1, "p": 1, "q": 1, "big": 50_000_000, "puppeteer": minimum - 1, "backer": minimum}
    e = ElectionModel(seats=1, weights=weights, eligible=ELIGIBLE, refill_min_bps=100)
    for x in ("m", "p", "q"):
        e.nominate(x)
    e.vote("big", ["m"])
    e.vote("puppeteer", ["p"])
    assert runner_up(e, ["m"], []) is None  # p has minimum - 1 > 0 votes: a puppet
    e.vote("backer", ["q"])
    assert runner_up(e, ["m"], []) == "q"
    assert runner_up(e, ["m"], ["q"]) is None


def test_threshold_follows_the_seated_count():
    assert [approval_threshold(4, n) for n in (7, 5, 4, 3, 1, 0)] == [4, 4, 4, 3, 1, 0]


def test_action_checks_expiry_at_the_exact_second_and_never_zero_approvals():
    check_action(1, now=99, expires_at=100, executed=False)
    with pytest.raises(Refusal, match="action 1 expired at 100"):
        check_action(1, now=100, expires_at=100, executed=False)
    with pytest.raises(Refusal, match="does not exist or was already executed"):
        check_action(2, now=0, expires_at=0, executed=False)
    with pytest.raises(Refusal, match="already executed"):
        check_action(1, now=0, expires_at=100, executed=True)
    check_action(1, now=99, expires_at=100, executed=False, approvals=3, threshold=4, seated=3)
    with pytest.raises(Refusal, match="has 3 approvals; it needs 4"):
        check_action(1, now=99, expires_at=100, executed=False, approvals=3, threshold=4, seated=5)
    with pytest.raises(Refusal, match="has 0 approvals; it needs 0"):
        check_action(1, now=99, expires_at=100, executed=False, approvals=0, threshold=4, seated=0)


def test_recall_checks_name_the_term():
    check_recall("0xabc", 2, 2, True)
    with pytest.raises(Refusal, match="names term 1, but the current term is 2"):
        check_recall("0xabc", 1, 2, True)
    with pytest.raises(Refusal, match="not a member of the current term 2"):
        check_recall("0xabc", 2, 2, False)


def test_nomination_check_matches_the_model():
    listed = [("a", 5, 1), ("b", 3, 2), ("c", 3, 3)]
    assert check_nomination("d", 3, 3, listed[:2], 3) is None
    assert check_nomination("d", 4, 3, listed, 3) == "c"
    with pytest.raises(Refusal, match=r"weakest candidate's \(c: 3\), d has 3"):
        check_nomination("d", 3, 3, listed, 3)
    with pytest.raises(Refusal, match="already nominated"):
        check_nomination("A", 9, 3, listed, 3)
    with pytest.raises(Refusal, match="held 2 at the snapshot; nominating needs 3"):
        check_nomination("d", 2, 3, listed, 3)
    assert BPS == 10_000
