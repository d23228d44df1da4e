"""Governance, chain-free: the `governance:` configuration section, reference tallies for the
GT governor and the committee elections, and the input checks of `gt gov` and `gt committee`.

The reference model mirrors the contracts exactly (to the wei):

* Governor (OpenZeppelin GovernorCountingSimple): weights are balances at the proposal
  snapshot; quorum = ``quorum_bps`` of the eligible supply at the snapshot (total supply minus
  the balances of excluded system contracts), reached by for + abstain; a proposal succeeds when
  for > against and the quorum is reached.
* Recall governor: quorum over the same eligible supply (for + abstain) and
  ``for * 10000 >= (for + against) * supermajority_bps`` with for > 0.
* Committee election: a nominee needs ``nomination_threshold`` at the snapshot (its stake); into
  a full list it displaces the weakest listed stake if its own is strictly greater (among equally
  weak candidates the latest nominated goes). Approval voting capped at the number of seats;
  every named candidate receives the voter's full snapshot weight; the ``seats`` candidates with
  the most weight win, a winner needs weight > 0, a tie goes to the earlier nomination. The
  election seats no one unless the turnout (each voter's weight once) reaches ``min_turnout_bps``
  of the eligible supply. The runner-up for a refill is the best remaining candidate by the same
  order with at least ``refill_min_bps`` of the eligible supply in votes.
* Committee: the approval threshold is ``min(M, seated)``; an action expires ``action_lifetime``
  seconds after it was proposed (refused from that second on); a recall names the term.

The ``check_*`` functions are the pre-send refusals of the governance commands: each raises
:class:`Refusal` (a ValueError) with one line naming the problem and its values, for exactly the
cases the contracts refuse.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from gt.config import AccountRef, ConfigError, account_ref, optional_section, to_wei

BPS = 10_000
MAX_SEATS = 21
MAX_CANDIDATES_LIMIT = 100
MAX_EXCLUDED = 32
_DURATION = re.compile(r"^\s*(\d+)\s*([smhd]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86_400}
SUPPORT = {"against": 0, "for": 1, "abstain": 2}


# ------------------------------------------------------------------------------------ config


def parse_duration(value: Any, what: str) -> int:
    """A duration in seconds: an integer, or a string like ``90s``, ``10m``, ``2h``, ``7d``."""
    if isinstance(value, bool):
        raise ConfigError(f"{what}: {value!r} is not a duration")
    if isinstance(value, int):
        seconds = value
    elif isinstance(value, str) and _DURATION.match(value):
        number, unit = _DURATION.match(value).groups()  # type: ignore[union-attr]
        seconds = int(number) * _UNITS[unit]
    else:
        raise ConfigError(f"{what}: {value!r} is not a duration (seconds, or e.g. 90s, 10m, 2h, 7d)")
    if seconds <= 0:
        raise ConfigError(f"{what}: a duration must be positive, got {value!r}")
    return seconds


def percent_to_bps(value: Any, what: str) -> int:
    """A percentage with at most two decimals (``4``, ``"66.67"``) as basis points (1..10000)."""
    if isinstance(value, (bool, float)):
        raise ConfigError(f"{what}: write {value!r} as an integer or a quoted decimal string")
    try:
        pct = Decimal(str(value))
    except InvalidOperation:
        raise ConfigError(f"{what}: {value!r} is not a number") from None
    bps = pct * 100
    if not bps.is_finite() or bps != bps.to_integral_value():
        raise ConfigError(f"{what}: {value!r} has more than two decimals")
    if not 0 < bps <= BPS:
        raise ConfigError(f"{what}: {value!r}% must be more than 0 and at most 100")
    return int(bps)


@dataclass(frozen=True)
class GovernorSettings:
    voting_delay: int
    voting_period: int
    proposal_threshold_wei: int
    quorum_bps: int
    late_quorum_extension: int
    timelock_delay: int
    execution_grace: int


@dataclass(frozen=True)
class RecallSettings:
    voting_delay: int
    voting_period: int
    proposal_threshold_wei: int
    quorum_bps: int
    supermajority_bps: int


@dataclass(frozen=True)
class CommitteeSettings:
    members: tuple[AccountRef, ...]
    seats: int
    threshold: int
    max_candidates: int
    term: int
    nomination_period: int
    voting_period: int
    election_lead_time: int
    nomination_threshold_wei: int
    min_turnout_bps: int = 500
    refill_min_bps: int = 100
    action_lifetime: int = 7 * 86_400

    def params_tuple(self) -> tuple[int, ...]:
        """The Committee's ``Params`` struct, in field order."""
        return (
            self.seats,
            self.threshold,
            self.max_candidates,
            self.term,
            self.nomination_period,
            self.voting_period,
            self.election_lead_time,
            self.nomination_threshold_wei,
            self.min_turnout_bps,
            self.refill_min_bps,
            self.action_lifetime,
        )


@dataclass(frozen=True)
class GovernanceConfig:
    governor: GovernorSettings
    recall: RecallSettings
    committee: CommitteeSettings


def _positive_int(raw: Mapping[str, Any], key: str, default: int, what: str) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ConfigError(f"{what}.{key}: {value!r} must be a positive integer")
    return value


def parse_governance(raw: Any, what: str = "governance") -> GovernanceConfig:
    """Validates the ``governance:`` section (see config/local.yaml for every key)."""
    raw = optional_section(raw, what)
    g = optional_section(raw.get("governor"), f"{what}.governor")
    gov = GovernorSettings(
        voting_delay=parse_duration(g.get("voting_delay", "1d"), f"{what}.governor.voting_delay"),
        voting_period=parse_duration(g.get("voting_period", "5d"), f"{what}.governor.voting_period"),
        proposal_threshold_wei=to_wei(g.get("proposal_threshold", 100_000), what=f"{what}.governor.proposal_threshold"),
        quorum_bps=percent_to_bps(g.get("quorum_percent", 4), f"{what}.governor.quorum_percent"),
        late_quorum_extension=parse_duration(
            g.get("late_quorum_extension", "1d"), f"{what}.governor.late_quorum_extension"
        ),
        timelock_delay=parse_duration(g.get("timelock_delay", "2d"), f"{what}.governor.timelock_delay"),
        execution_grace=parse_duration(g.get("execution_grace", "14d"), f"{what}.governor.execution_grace"),
    )
    if gov.voting_period >= 2**32 or gov.voting_delay >= 2**48 or gov.late_quorum_extension >= 2**48:
        raise ConfigError(f"{what}.governor: voting period or delay is too long")
    r = optional_section(raw.get("recall"), f"{what}.recall")
    recall = RecallSettings(
        voting_delay=parse_duration(r.get("voting_delay", gov.voting_delay), f"{what}.recall.voting_delay"),
        voting_period=parse_duration(r.get("voting_period", gov.voting_period), f"{what}.recall.voting_period"),
        proposal_threshold_wei=to_wei(r.get("proposal_threshold", 1_000_000), what=f"{what}.recall.proposal_threshold"),
        quorum_bps=percent_to_bps(r.get("quorum_percent", 10), f"{what}.recall.quorum_percent"),
        supermajority_bps=percent_to_bps(
            r.get("supermajority_percent", "66.67"), f"{what}.recall.supermajority_percent"
        ),
    )
    if recall.supermajority_bps <= BPS // 2:
        raise ConfigError(f"{what}.recall.supermajority_percent: must be more than 50")
    if recall.quorum_bps <= gov.quorum_bps:
        raise ConfigError(f"{what}.recall.quorum_percent: a recall needs a higher quorum than a resolution")

    members_raw = raw.get("committee")
    if not isinstance(members_raw, list) or not members_raw:
        raise ConfigError(f"{what}.committee: expected a non-empty list of bootstrap members")
    members = tuple(account_ref(m, f"{what}.committee[{i}]") for i, m in enumerate(members_raw))
    if len({str(m).lower() for m in members}) != len(members):
        raise ConfigError(f"{what}.committee: a member appears twice")
    seats = _positive_int(raw, "seats", 7, what)
    if seats > MAX_SEATS:
        raise ConfigError(f"{what}.seats: at most {MAX_SEATS}")
    threshold = _positive_int(raw, "approval_threshold", seats // 2 + 1, what)
    if threshold > seats:
        raise ConfigError(f"{what}.approval_threshold: {threshold} is more than {seats} seats")
    if not threshold <= len(members) <= seats:
        raise ConfigError(f"{what}.committee: {len(members)} members; need {threshold}..{seats}")
    max_candidates = _positive_int(raw, "max_candidates", 50, what)
    if not seats <= max_candidates <= MAX_CANDIDATES_LIMIT:
        raise ConfigError(f"{what}.max_candidates: must be between {seats} and {MAX_CANDIDATES_LIMIT}")
    term = parse_duration(raw.get("term", "365d"), f"{what}.term")
    lead = parse_duration(raw.get("election_lead_time", "30d"), f"{what}.election_lead_time")
    if lead > term:
        raise ConfigError(f"{what}.election_lead_time: longer than the term")
    action_lifetime = parse_duration(raw.get("action_lifetime", "7d"), f"{what}.action_lifetime")
    if action_lifetime > term:
        raise ConfigError(f"{what}.action_lifetime: longer than the term")
    committee = CommitteeSettings(
        members=members,
        seats=seats,
        threshold=threshold,
        max_candidates=max_candidates,
        term=term,
        nomination_period=parse_duration(raw.get("nomination_period", "7d"), f"{what}.nomination_period"),
        voting_period=parse_duration(raw.get("election_voting_period", "7d"), f"{what}.election_voting_period"),
        election_lead_time=lead,
        nomination_threshold_wei=to_wei(raw.get("nomination_threshold", 10_000), what=f"{what}.nomination_threshold"),
        min_turnout_bps=percent_to_bps(raw.get("min_turnout_percent", 5), f"{what}.min_turnout_percent"),
        refill_min_bps=percent_to_bps(raw.get("refill_min_percent", 1), f"{what}.refill_min_percent"),
        action_lifetime=action_lifetime,
    )
    return GovernanceConfig(gov, recall, committee)


# ------------------------------------------------------------------------------------ governor tally


def eligible_supply(total_supply: int, excluded_balances: Iterable[int]) -> int:
    """Total supply at the snapshot minus the balances of excluded system contracts."""
    return total_supply - sum(excluded_balances)


def quorum(eligible: int, quorum_bps: int) -> int:
    return eligible * quorum_bps // BPS


@dataclass
class ProposalTally:
    """One proposal's votes (GovernorCountingSimple), weighted by snapshot balances."""

    weights: Mapping[str, int]
    against: int = 0
    for_: int = 0
    abstain: int = 0
    voted: set[str] = field(default_factory=set)

    def cast(self, voter: str, support: int) -> int:
        """Records a vote; raises ValueError on a second vote or an unknown support value."""
        if voter in self.voted:
            raise ValueError(f"{voter} already voted")
        if support not in (0, 1, 2):
            raise ValueError(f"support {support} is not 0, 1 or 2")
        weight = self.weights.get(voter, 0)
        self.voted.add(voter)
        if support == 0:
            self.against += weight
        elif support == 1:
            self.for_ += weight
        else:
            self.abstain += weight
        return weight

    def quorum_reached(self, quorum_votes: int) -> bool:
        return quorum_votes <= self.for_ + self.abstain

    def succeeded(self) -> bool:
        return self.for_ > self.against

    def recall_succeeded(self, supermajority_bps: int) -> bool:
        return self.for_ > 0 and self.for_ * BPS >= (self.for_ + self.against) * supermajority_bps


# ------------------------------------------------------------------------------------ elections


class Refusal(ValueError):
    """A command refused before sending: the contract would revert for the same reason."""


def meets_share(amount: int, eligible: int, bps: int) -> bool:
    """``amount >= bps`` of ``eligible``, without rounding (``amount * 10000 >= eligible * bps``)."""
    return amount * BPS >= eligible * bps


def share_ceil(eligible: int, bps: int) -> int:
    """The smallest amount that meets ``bps`` of ``eligible`` (the contract's ``required``)."""
    return -(-eligible * bps // BPS)


@dataclass
class ElectionModel:
    """One committee election: nominations with displacement, approval ballots capped at ``seats``.

    ``weights`` are snapshot balances: a nominee's stake and a voter's weight. ``eligible`` is the
    eligible supply at the snapshot (0: the turnout and refill minimums are not modelled).
    """

    seats: int
    weights: Mapping[str, int]
    max_candidates: int = 50
    nomination_threshold: int = 0
    eligible: int = 0
    min_turnout_bps: int = 0
    refill_min_bps: int = 0
    candidates: list[str] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    number: dict[str, int] = field(default_factory=dict)
    voted: set[str] = field(default_factory=set)
    turnout: int = 0
    nominations: int = 0
    displaced: list[str] = field(default_factory=list)

    def weakest(self) -> tuple[int, str]:
        """(slot, candidate) with the smallest stake; among equals, the latest nominated."""
        slot = min(
            range(len(self.candidates)),
            key=lambda i: (self.weights.get(self.candidates[i], 0), -self.number[self.candidates[i]]),
        )
        return slot, self.candidates[slot]

    def nominate(self, candidate: str) -> str | None:
        """Adds ``candidate``; returns the candidate it displaced from a full list (or None)."""
        if candidate in self.totals:
            raise Refusal(f"{candidate} is already nominated")
        stake = self.weights.get(candidate, 0)
        if stake < self.nomination_threshold:
            raise Refusal(f"{candidate} holds too little GT: {stake} < {self.nomination_threshold}")
        out = None
        if len(self.candidates) >= self.max_candidates:
            slot, out = self.weakest()
            weakest_stake = self.weights.get(out, 0)
            if stake <= weakest_stake:
                raise Refusal(
                    f"the candidate list is full ({self.max_candidates}); {candidate}'s stake {stake} "
                    f"must exceed the weakest candidate's ({out}, {weakest_stake})"
                )
            self.candidates[slot] = candidate
            del self.totals[out]
            del self.number[out]
            self.displaced.append(out)
        else:
            self.candidates.append(candidate)
        self.totals[candidate] = 0
        self.nominations += 1
        self.number[candidate] = self.nominations
        return out

    def vote(self, voter: str, ballot: Sequence[str]) -> int:
        if voter in self.voted:
            raise Refusal(f"{voter} already voted")
        if not 1 <= len(ballot) <= self.seats:
            raise Refusal("ballot size")
        weight = self.weights.get(voter, 0)
        if weight == 0:
            raise Refusal(f"{voter} has no weight")
        if len(set(ballot)) != len(ballot) or any(c not in self.totals for c in ballot):
            raise Refusal("invalid candidate")
        self.voted.add(voter)
        self.turnout += weight
        for c in ballot:
            self.totals[c] += weight
        return weight

    def ranking(self) -> list[str]:
        """Candidates with weight > 0, by weight descending, earlier nomination first on ties."""
        ranked = [c for c in self.candidates if self.totals[c] > 0]
        return sorted(ranked, key=lambda c: (-self.totals[c], self.number[c]))

    def winners(self) -> list[str]:
        return self.ranking()[: self.seats]

    def turnout_met(self) -> bool:
        return meets_share(self.turnout, self.eligible, self.min_turnout_bps)

    def seats_new_term(self, threshold: int, sitting_can_act: bool) -> bool:
        """Whether finalizing starts a new term: never below the minimum turnout; and an election
        that elects fewer members than the approval threshold fails while the sitting committee
        can still act (it carries on)."""
        if not self.turnout_met():
            return False
        return len(self.winners()) >= threshold or not sitting_can_act


def runner_up(model: ElectionModel, seated: Iterable[str], recalled: Iterable[str]) -> str | None:
    """The best-ranked candidate who is neither seated nor recalled and received at least
    ``refill_min_bps`` of the eligible supply (the refill rule); None: the seat stays vacant."""
    taken = set(seated) | set(recalled)
    for c in model.ranking():
        if c not in taken and meets_share(model.totals[c], model.eligible, model.refill_min_bps):
            return c
    return None


def approval_threshold(threshold: int, seated: int) -> int:
    """Approvals an action needs: the term's M, never more than the members seated."""
    return min(threshold, seated)


# ------------------------------------------------------------------------------------ pre-send checks


def check_nomination(
    candidate: str,
    stake: int,
    nomination_threshold: int,
    listed: Sequence[tuple[str, int, int]],
    max_candidates: int,
) -> str | None:
    """Refuses a nomination the Committee would refuse; returns the candidate it would displace.

    ``listed``: the election's candidates as (account, stake, nomination number)."""
    if any(a.lower() == candidate.lower() for a, _s, _n in listed):
        raise Refusal(f"{candidate} is already nominated")
    if stake < nomination_threshold:
        raise Refusal(f"{candidate} held {stake} at the snapshot; nominating needs {nomination_threshold}")
    if len(listed) < max_candidates:
        return None
    weakest, weakest_stake, _no = min(listed, key=lambda x: (x[1], -x[2]))
    if stake <= weakest_stake:
        raise Refusal(
            f"the candidate list is full ({max_candidates}); a newcomer needs a stake above the weakest "
            f"candidate's ({weakest}: {weakest_stake}), {candidate} has {stake}"
        )
    return weakest


def check_turnout(turnout: int, required: int, eligible: int) -> None:
    """Refuses when the ballots' weight is below the minimum turnout ``required`` (the Committee's
    ``share_ceil(eligible, min_turnout_bps)``): such an election seats no one."""
    if turnout < required:
        raise Refusal(
            f"turnout {turnout} is below the minimum {required} (of the eligible supply {eligible}): "
            "the election seats no one"
        )


def check_recall(member: str, term_id: int, current_term: int, is_member: bool) -> None:
    """Refuses a recall of a non-member, or one naming a term other than the current one."""
    if term_id != current_term:
        raise Refusal(f"the recall names term {term_id}, but the current term is {current_term}")
    if not is_member:
        raise Refusal(f"{member} is not a member of the current term {current_term}")


def check_action(
    action_id: int,
    now: int,
    expires_at: int,
    executed: bool,
    approvals: int | None = None,
    threshold: int | None = None,
    seated: int | None = None,
) -> None:
    """Refuses approving (``approvals`` None) or executing an action the Committee would refuse:
    unknown or executed, expired (from the second ``expires_at`` on), or too few approvals for
    ``min(threshold, seated)`` (and never none)."""
    if expires_at == 0 or executed:
        raise Refusal(f"action {action_id} does not exist or was already executed")
    if now >= expires_at:
        raise Refusal(f"action {action_id} expired at {expires_at}")
    if approvals is None:
        return
    needed = approval_threshold(threshold or 0, seated or 0)
    if approvals == 0 or approvals < needed:
        raise Refusal(f"action {action_id} has {approvals} approvals; it needs {needed}")


# ------------------------------------------------------------------------------------ script input


def parse_support(value: str) -> int:
    """``for`` / ``against`` / ``abstain`` (or 1 / 0 / 2) as the Governor's support value."""
    key = value.strip().lower()
    if key in SUPPORT:
        return SUPPORT[key]
    if key in ("0", "1", "2"):
        return int(key)
    raise ValueError(f"support must be for, against or abstain, not {value!r}")


def parse_address(value: str, what: str) -> str:
    """A 0x-prefixed 20-byte address (not zero)."""
    if not isinstance(value, str) or not re.fullmatch(r"0x[0-9a-fA-F]{40}", value) or int(value, 16) == 0:
        raise ValueError(f"{what}: {value!r} is not a non-zero 0x-prefixed 20-byte address")
    return value


def parse_bytes32(value: str, what: str) -> str:
    """A 0x-prefixed 32-byte hex value."""
    if not isinstance(value, str) or not re.fullmatch(r"0x[0-9a-fA-F]{64}", value):
        raise ValueError(f"{what}: {value!r} is not a 0x-prefixed 32-byte hex value")
    return value.lower()


def _split_args(text: str, spec: str) -> list[Any]:
    """Top-level comma split; ``(..)`` / ``[..]`` groups become lists (tuples, arrays)."""
    items: list[Any] = []
    depth, start = 0, 0
    for i, ch in enumerate(text + ","):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
            if depth < 0:
                raise ValueError(f"call {spec!r}: unbalanced brackets")
        elif ch == "," and depth == 0:
            item = text[start:i].strip()
            if item:
                items.append(_split_args(item[1:-1], spec) if item[0] in "([" and item[-1] in ")]" else item)
            elif i < len(text):
                raise ValueError(f"call {spec!r}: empty argument")
            start = i + 1
    if depth != 0:
        raise ValueError(f"call {spec!r}: unbalanced brackets")
    return items


def parse_call(spec: str) -> tuple[str, str, list[Any]]:
    """``<contract name or address>.<function>(arg, (tuple, fields), [array], ...)`` for a resolution's action."""
    m = re.fullmatch(r"\s*([A-Za-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_]*)\((.*)\)\s*", spec)
    if not m:
        raise ValueError(f"call {spec!r} is not of the form Contract.function(arg,...)")
    target, function, args = m.groups()
    return target, function, _split_args(args, spec)
