"""Chain-free governance logic: the `governance:` config section, the reference tallies, and the
input checks used by `gt gov` and `gt committee`."""

import copy

import pytest
import yaml

from gt.config import CONFIG_DIR, ConfigError
from gt.governance_model import (
    ElectionModel,
    ProposalTally,
    eligible_supply,
    parse_address,
    parse_bytes32,
    parse_call,
    parse_duration,
    parse_governance,
    parse_support,
    percent_to_bps,
    quorum,
    runner_up,
)

LOCAL = yaml.safe_load((CONFIG_DIR / "local.yaml").read_text())["governance"]


def test_local_and_sepolia_sections_parse():
    cfg = parse_governance(LOCAL)
    assert cfg.committee.members == (8, 13, 14, 15, 16, 17, 18)
    assert (cfg.committee.seats, cfg.committee.threshold, cfg.committee.max_candidates) == (7, 4, 50)
    assert cfg.governor.quorum_bps == 400 and cfg.recall.quorum_bps == 1000 and cfg.recall.supermajority_bps == 6667
    assert cfg.committee.term == 365 * 86400 and cfg.governor.voting_period == 600
    sepolia = parse_governance(yaml.safe_load((CONFIG_DIR / "sepolia.yaml").read_text())["governance"])
    assert sepolia.governor.timelock_delay == 2 * 86400


def test_defaults_majority_threshold():
    raw = {"committee": [1, 2, 3, 4, 5]}
    cfg = parse_governance(raw)
    assert (cfg.committee.seats, cfg.committee.threshold) == (7, 4)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("committee",), [], "non-empty list"),
        (("committee",), [8, 8, 13, 14], "appears twice"),
        (("committee",), [8, 13, 14], "need 4..7"),
        (("seats",), 22, "at most 21"),
        (("approval_threshold",), 8, "more than 7 seats"),
        (("max_candidates",), 101, "between 7 and 100"),
        (("term",), "0d", "positive"),
        (("term",), "1 week", "not a duration"),
        (("election_lead_time",), "400d", "longer than the term"),
        (("governor", "quorum_percent"), 0.5, "quoted decimal string"),
        (("governor", "quorum_percent"), "4.001", "two decimals"),
        (("governor", "quorum_percent"), 101, "at most 100"),
        (("recall", "quorum_percent"), 3, "higher quorum"),
        (("recall", "supermajority_percent"), 50, "more than 50"),
        (("governor", "proposal_threshold"), -1, "negative"),
    ],
)
def test_bad_config_is_one_line(path, value, message):
    raw = copy.deepcopy(LOCAL)
    node = raw
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(ConfigError) as err:
        parse_governance(raw)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_duration_and_percent():
    assert [parse_duration(v, "x") for v in (5, "5", "90s", "10m", "2h", "7d")] == [5, 5, 90, 600, 7200, 604800]
    assert percent_to_bps("66.67", "x") == 6667 and percent_to_bps(4, "x") == 400
    for bad in (True, "x", -1, "1.5d"):
        with pytest.raises(ConfigError):
            parse_duration(bad, "x")


def test_proposal_tally_and_quorum():
    t = ProposalTally({"a": 10, "b": 7, "c": 5})
    assert t.cast("a", 1) == 10 and t.cast("b", 0) == 7 and t.cast("c", 2) == 5
    with pytest.raises(ValueError):
        t.cast("a", 0)
    with pytest.raises(ValueError):
        t.cast("d", 3)
    assert (t.against, t.for_, t.abstain) == (7, 10, 5)
    assert t.quorum_reached(15) and not t.quorum_reached(16) and t.succeeded()
    assert not t.recall_succeeded(6667) and t.recall_succeeded(5800)
    assert eligible_supply(1000, [100, 200]) == 700 and quorum(700, 400) == 28


def test_election_ranking_ties_and_runner_up():
    e = ElectionModel(seats=2, weights={"v1": 5, "v2": 5, "x": 1, "y": 1, "z": 1, "w": 1}, nomination_threshold=1)
    for c in ("x", "y", "z", "w"):
        e.nominate(c)
    with pytest.raises(ValueError):
        e.nominate("x")
    e.vote("v1", ["z", "y"])
    e.vote("v2", ["x"])
    # x, y, z tie at 5: nomination order decides; w has no weight and never ranks.
    assert e.ranking() == ["x", "y", "z"] and e.winners() == ["x", "y"]
    assert runner_up(e, ["x", "y"], []) == "z"
    assert runner_up(e, ["x", "y"], ["z"]) is None
    for bad in (("v1", ["x"]), ("v3", ["x"]), ("x", ["x", "x"]), ("x", ["q"]), ("x", [])):
        with pytest.raises(ValueError):
            e.vote(*bad)


def test_script_input_checks():
    assert [parse_support(s) for s in ("for", "Against", "abstain", "1")] == [1, 0, 2, 1]
    with pytest.raises(ValueError, match="for, against or abstain"):
        parse_support("yes")
    assert parse_address("0x" + "ab" * 20, "--token")
    for bad in ("0x" + "00" * 20, "0x12", "abc"):
        with pytest.raises(ValueError, match="--token"):
            parse_address(bad, "--token")
    assert parse_bytes32("0x" + "AB" * 32, "--application") == "0x" + "ab" * 32
    with pytest.raises(ValueError, match="32-byte"):
        parse_bytes32("0x1234", "--application")
    assert parse_call("Committee.setParams((7,4,50,100,1,1,1,0))") == (
        "Committee",
        "setParams",
        [["7", "4", "50", "100", "1", "1", "1", "0"]],
    )
    assert parse_call("GTGovernor.setExcludedAccounts([0x1, 0x2])")[2] == [["0x1", "0x2"]]
    for bad in ("setQuorumBps(5)", "A.b(1,,2)", "A.b((1)", "A.b(1))"):
        with pytest.raises(ValueError):
            parse_call(bad)


def test_failed_election_rule():
    from gt.governance_model import ElectionModel

    model = ElectionModel(seats=7, weights={"a": 5, "b": 3, "v": 10})
    model.nominate("a")
    model.nominate("b")
    model.vote("v", ["a", "b"])
    assert model.winners() == ["a", "b"]
    assert not model.seats_new_term(threshold=4, sitting_can_act=True)  # 2 < 4: the sitting committee stays
    assert model.seats_new_term(threshold=4, sitting_can_act=False)  # term over: seat whoever won
    assert model.seats_new_term(threshold=2, sitting_can_act=True)
