"""Per-network deployment configuration: loading and validation, with no chain access.

A configuration file is YAML under ``config/``; ``config/networks.yaml`` maps a brownie network
id to its file. Account references are either an index into the local chain's unlocked
accounts (an int, local chains only) or a checksummed-or-not hex address. Every section is
validated before the first transaction is sent; a problem raises :class:`ConfigError` with one
line that names it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"
GT_DECIMALS = 18
WEI_PER_GT = 10**GT_DECIMALS
TOTAL_SUPPLY_GT = 1_000_000_000
TOTAL_SUPPLY_WEI = TOTAL_SUPPLY_GT * WEI_PER_GT
BUCKETS = ("private_sale", "team", "bg_fund", "community_incentive", "protection_fund")
SECONDS_PER_DAY = 86_400

AccountRef = int | str
_ADDRESS = re.compile(r"^0x[0-9a-fA-F]{40}$")


class ConfigError(ValueError):
    """A configuration value is missing or wrong; the message is one line for the user."""


def to_wei(value: Any, decimals: int = GT_DECIMALS, what: str = "amount") -> int:
    """Converts a decimal token amount (int, str or Decimal; not float) to integer base units, exactly."""
    if isinstance(value, (bool, float)):
        raise ConfigError(f"{what}: write {value!r} as an integer or a quoted decimal string, not a float")
    try:
        amount = Decimal(str(value).replace("_", ""))
    except InvalidOperation:
        raise ConfigError(f"{what}: {value!r} is not a number") from None
    if not amount.is_finite():
        raise ConfigError(f"{what}: {value!r} is not a finite number")
    if amount < 0:
        raise ConfigError(f"{what}: {value!r} is negative")
    scaled = amount.scaleb(decimals)
    if scaled != scaled.to_integral_value():
        raise ConfigError(f"{what}: {value!r} has more than {decimals} decimals")
    return int(scaled)


def optional_section(raw: Any, what: str) -> Mapping[str, Any]:
    """A configuration mapping that may be left out (None reads as empty, so defaults apply)."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{what}: expected a mapping")
    return raw


def account_ref(value: Any, what: str) -> AccountRef:
    """Validates an account reference: a local account index or a 0x address."""
    if isinstance(value, bool):
        raise ConfigError(f"{what}: {value!r} is not an account")
    if isinstance(value, int):
        if value < 0:
            raise ConfigError(f"{what}: account index {value} is negative")
        return value
    if isinstance(value, str) and _ADDRESS.match(value):
        if int(value, 16) == 0:
            raise ConfigError(f"{what}: the zero address is not allowed")
        return value
    raise ConfigError(f"{what}: {value!r} is neither an account index nor a 0x-prefixed 20-byte address")


@dataclass(frozen=True)
class TeamGrant:
    beneficiary: AccountRef
    amount_wei: int


@dataclass(frozen=True)
class TeamVesting:
    interval_seconds: int
    tranches: int
    grants: tuple[TeamGrant, ...]


@dataclass(frozen=True)
class NetworkConfig:
    """The validated core of one network's configuration; ``raw`` keeps every section."""

    name: str
    local: bool
    roles: Mapping[str, AccountRef]
    allocation_wei: Mapping[str, int]
    team_vesting: TeamVesting
    raw: Mapping[str, Any]

    def section(self, key: str) -> Mapping[str, Any]:
        """Returns a top-level section, or raises a ConfigError naming it."""
        value = self.raw.get(key)
        if not isinstance(value, Mapping):
            raise ConfigError(f"{self.name}: section '{key}' is missing or not a mapping")
        return value

    def role(self, name: str) -> AccountRef:
        try:
            return self.roles[name]
        except KeyError:
            raise ConfigError(f"{self.name}: role '{name}' is not configured") from None


def parse_allocation(raw: Any) -> dict[str, int]:
    """Validates the genesis table: every bucket present, positive, summing to exactly 1e9 GT."""
    if not isinstance(raw, Mapping):
        raise ConfigError("allocation: expected a mapping of bucket -> GT amount")
    unknown = sorted(set(raw) - set(BUCKETS))
    if unknown:
        raise ConfigError(f"allocation: unknown bucket(s) {', '.join(unknown)}; expected {', '.join(BUCKETS)}")
    missing = [b for b in BUCKETS if b not in raw]
    if missing:
        raise ConfigError(f"allocation: missing bucket(s) {', '.join(missing)}")
    table = {bucket: to_wei(raw[bucket], what=f"allocation.{bucket}") for bucket in BUCKETS}
    for bucket, amount in table.items():
        if amount == 0:
            raise ConfigError(f"allocation.{bucket}: a genesis bucket cannot be empty")
    total = sum(table.values())
    if total != TOTAL_SUPPLY_WEI:
        raise ConfigError(
            f"allocation: buckets add up to {Decimal(total) / WEI_PER_GT:,} GT, not exactly {TOTAL_SUPPLY_GT:,} GT"
        )
    return table


def parse_team_vesting(raw: Any, team_bucket_wei: int) -> TeamVesting:
    """Validates the team schedule and grants; grants must add up to the team bucket exactly."""
    if not isinstance(raw, Mapping):
        raise ConfigError("team_vesting: expected a mapping with interval_days, tranches and grants")
    interval_days = raw.get("interval_days", 365)
    tranches = raw.get("tranches", 4)
    for key, value in (("interval_days", interval_days), ("tranches", tranches)):
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ConfigError(f"team_vesting.{key}: {value!r} must be a positive integer")
    grants_raw = raw.get("grants")
    if not isinstance(grants_raw, list) or not grants_raw:
        raise ConfigError("team_vesting.grants: expected a non-empty list of {beneficiary, amount}")
    grants: list[TeamGrant] = []
    seen: set[str] = set()
    for i, item in enumerate(grants_raw):
        if not isinstance(item, Mapping) or "beneficiary" not in item or "amount" not in item:
            raise ConfigError(f"team_vesting.grants[{i}]: expected {{beneficiary, amount}}")
        who = account_ref(item["beneficiary"], f"team_vesting.grants[{i}].beneficiary")
        key = str(who).lower()
        if key in seen:
            raise ConfigError(f"team_vesting.grants[{i}]: beneficiary {who} appears twice")
        seen.add(key)
        amount = to_wei(item["amount"], what=f"team_vesting.grants[{i}].amount")
        if amount == 0:
            raise ConfigError(f"team_vesting.grants[{i}]: a grant cannot be zero")
        grants.append(TeamGrant(who, amount))
    total = sum(g.amount_wei for g in grants)
    if total != team_bucket_wei:
        raise ConfigError(
            f"team_vesting.grants: grants add up to {Decimal(total) / WEI_PER_GT:,} GT, "
            f"but the team bucket is {Decimal(team_bucket_wei) / WEI_PER_GT:,} GT"
        )
    return TeamVesting(interval_days * SECONDS_PER_DAY, tranches, tuple(grants))


def parse_config(raw: Any, name: str = "config") -> NetworkConfig:
    """Validates a whole configuration mapping (as loaded from YAML)."""
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{name}: expected a YAML mapping at the top level")
    local = bool(raw.get("local", False))
    roles_raw = raw.get("roles")
    if not isinstance(roles_raw, Mapping):
        raise ConfigError(f"{name}: section 'roles' is missing or not a mapping")
    roles = {str(k): account_ref(v, f"roles.{k}") for k, v in roles_raw.items()}
    if not local:
        indexed = [k for k, v in roles.items() if isinstance(v, int)]
        if indexed:
            raise ConfigError(f"{name}: roles {', '.join(indexed)} use account indices, allowed on local chains only")
    allocation = parse_allocation(raw.get("allocation"))
    vesting = parse_team_vesting(raw.get("team_vesting"), allocation["team"])
    return NetworkConfig(name, local, roles, allocation, vesting, raw)


def load_config(network: str, config_dir: Path = CONFIG_DIR, local_chain: bool = False) -> NetworkConfig:
    """Loads and validates the configuration for a brownie network id.

    A local development chain that is not listed (say, an extra Anvil on another port) uses
    the `local` entry.
    """
    index_path = config_dir / "networks.yaml"
    index = yaml.safe_load(index_path.read_text()) or {}
    filename = index.get(network) or (index.get("local") if local_chain else None)
    if filename is None:
        known = ", ".join(sorted(index))
        raise ConfigError(f"no configuration for network '{network}' in {index_path.name} (known: {known})")
    return load_config_file(config_dir / filename)


def load_config_file(path: Path) -> NetworkConfig:
    """Loads and validates one configuration file."""
    try:
        raw = yaml.safe_load(path.read_text())
    except FileNotFoundError:
        raise ConfigError(f"configuration file {path} does not exist") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path.name}: not valid YAML ({str(exc).splitlines()[0]})") from None
    return parse_config(raw, name=path.name)
