"""Operator input and output, chain-free: exact token amounts, addresses, periods, durations and
UTC times, each parsed from the text a person types and range-checked against the field it fills.

Every parser raises :class:`InputError` with one line naming the value; formatters never use floats.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

GT_DECIMALS = 18
USDT_DECIMALS = 6
UINT256_MAX = 2**256 - 1
SECONDS_PER_DAY = 86_400
_ADDRESS = re.compile(r"^0x[0-9a-fA-F]{40}$")
_BYTES32 = re.compile(r"^0x[0-9a-fA-F]{64}$")
_DURATION = re.compile(r"^(\d+)([smhdw]?)$")
_DURATION_UNITS = {"": 1, "s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800}


class InputError(ValueError):
    """An operator's value is wrong; the message is one line naming it."""


def keccak256(data: bytes | str) -> bytes:
    """Keccak-256 of bytes (or of a text's UTF-8 bytes)."""
    from eth_utils import keccak  # imported when needed: half a second of start-up `gt --help` skips

    return keccak(data.encode() if isinstance(data, str) else bytes(data))


def to_checksum_address(value: str | bytes) -> str:
    """EIP-55 form of a 20-byte address given as 0x-hex text or as bytes."""
    from eth_utils import to_checksum_address as checksummed

    body = bytes(value).hex() if isinstance(value, bytes | bytearray) else str(value).lower().removeprefix("0x")
    if not _ADDRESS.match("0x" + body):
        raise InputError(f"{value!r} is not a 20-byte address")
    return checksummed("0x" + body)


def is_checksum_address(value: str) -> bool:
    """Whether `value` is an address in its exact EIP-55 form."""
    try:
        return to_checksum_address(value) == value
    except InputError:
        return False


def uint_max(bits: int) -> int:
    return 2**bits - 1


def parse_uint(text: str, what: str, bits: int = 256, minimum: int = 0) -> int:
    """A non-negative integer that fits a `uintN` field (decimal or 0x-hex)."""
    raw = str(text).strip().replace("_", "")
    try:
        value = int(raw, 16) if raw.lower().startswith("0x") else int(raw, 10)
    except ValueError:
        raise InputError(f"{what}: {text!r} is not a whole number") from None
    if value < minimum:
        raise InputError(f"{what}: {value} is below the minimum {minimum}")
    if value > uint_max(bits):
        raise InputError(f"{what}: {value} does not fit in uint{bits} (at most {uint_max(bits)})")
    return value


def parse_amount(text: str, decimals: int, what: str, unit: str, bits: int = 256, allow_zero: bool = False) -> int:
    """A decimal token amount (``125000.50``, ``1_000``) as base units: exact, no floats, at most
    `decimals` decimals, positive unless `allow_zero`, and small enough for a `uintN` field."""
    raw = str(text).strip().replace("_", "").replace(",", "")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise InputError(f"{what}: {text!r} is not a decimal amount of {unit}") from None
    if not value.is_finite():
        raise InputError(f"{what}: {text!r} is not a finite amount")
    if value < 0:
        raise InputError(f"{what}: {text!r} is negative")
    scaled = value.scaleb(decimals)
    if scaled != scaled.to_integral_value():
        raise InputError(f"{what}: {text!r} has more than {decimals} decimals ({unit} has {decimals})")
    units = int(scaled)
    if units == 0 and not allow_zero:
        raise InputError(f"{what}: the amount is zero")
    if units > uint_max(bits):
        raise InputError(f"{what}: {text} {unit} does not fit in uint{bits} ({unit} base units)")
    return units


def parse_gt(text: str, what: str = "amount", bits: int = 256, allow_zero: bool = False) -> int:
    return parse_amount(text, GT_DECIMALS, what, "GT", bits, allow_zero)


def parse_usdt(text: str, what: str = "amount", bits: int = 256, allow_zero: bool = False) -> int:
    return parse_amount(text, USDT_DECIMALS, what, "USDT", bits, allow_zero)


def parse_address(text: str, what: str = "address", allow_zero: bool = False) -> str:
    """A 0x address. Mixed case must be a valid EIP-55 checksum; all-lower or all-upper hex is
    accepted (it carries no checksum). Returns the checksummed form."""
    raw = str(text).strip()
    if not _ADDRESS.match(raw):
        raise InputError(f"{what}: {text!r} is not a 0x-prefixed 20-byte address")
    body = raw[2:]
    if body != body.lower() and body != body.upper() and not is_checksum_address(raw):
        raise InputError(f"{what}: {raw} has a wrong EIP-55 checksum (expected {to_checksum_address(raw)}?)")
    if int(raw, 16) == 0 and not allow_zero:
        raise InputError(f"{what}: the zero address is not allowed here")
    return to_checksum_address(raw)


def parse_bytes32(text: str, what: str = "hash") -> bytes:
    raw = str(text).strip()
    if not _BYTES32.match(raw):
        raise InputError(f"{what}: {text!r} is not 0x followed by 32 bytes of hex")
    return bytes.fromhex(raw[2:])


def parse_duration(text: str, what: str = "duration") -> int:
    """Seconds: ``3600``, ``90s``, ``15m``, ``2h``, ``7d``, ``1w``."""
    raw = str(text).strip().lower().replace("_", "")
    m = _DURATION.match(raw)
    if not m:
        raise InputError(f"{what}: {text!r} is not a duration (seconds, or e.g. 90s, 15m, 2h, 7d, 1w)")
    seconds = int(m.group(1)) * _DURATION_UNITS[m.group(2)]
    if seconds <= 0:
        raise InputError(f"{what}: a duration must be positive")
    if seconds > uint_max(64):
        raise InputError(f"{what}: {text} is too long")
    return seconds


def parse_period(text: str, what: str = "period") -> int:
    """A buyback period id: ``YYYYMM`` by convention (``202611``), any uint256 accepted."""
    raw = str(text).strip()
    if not raw.isdigit():
        raise InputError(f"{what}: {text!r} is not a period id (a whole number such as 202611)")
    return parse_uint(raw, what)


def parse_time(text: str, what: str = "time") -> int:
    """A point in time as unix seconds: ``1767225600``, ``2026-12-01``, ``2026-12-01T10:00:00Z``
    (a time without a zone is UTC)."""
    raw = str(text).strip()
    if raw.isdigit():
        return parse_uint(raw, what, bits=64)
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"{what}: {text!r} is neither unix seconds nor an ISO date/time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    seconds = int(moment.timestamp())
    if seconds < 0:
        raise InputError(f"{what}: {text!r} is before 1970")
    return seconds


def parse_day(text: str, what: str = "day") -> int:
    """A UTC day number (``timestamp // 86400``, as the listing registry counts days) given as the
    number itself or as ``YYYY-MM-DD``; it must fit the registry's uint32."""
    raw = str(text).strip().replace("_", "")
    if raw.isdigit():
        return parse_uint(raw, what, bits=32)
    try:
        moment = datetime.strptime(raw, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        raise InputError(f"{what}: {text!r} is neither a UTC day number nor a YYYY-MM-DD date") from None
    days = int(moment.timestamp()) // SECONDS_PER_DAY
    if days < 0:
        raise InputError(f"{what}: {text!r} is before 1970")
    return days


def format_day(day: int) -> str:
    """A UTC day number as ``2026-11-30 (day 20787)``."""
    return f"{datetime.fromtimestamp(int(day) * SECONDS_PER_DAY, tz=UTC).strftime('%Y-%m-%d')} (day {int(day)})"


def format_units(amount: int, decimals: int) -> str:
    """Base units as an exact decimal with thousands separators (no trailing zeros)."""
    sign = "-" if amount < 0 else ""
    whole, frac = divmod(abs(amount), 10**decimals)
    text = f"{sign}{whole:,}"
    if frac:
        text += "." + f"{frac:0{decimals}d}".rstrip("0")
    return text


def format_gt(wei: int) -> str:
    return format_units(wei, GT_DECIMALS) + " GT"


def format_usdt(units: int) -> str:
    return format_units(units, USDT_DECIMALS) + " USDT"


def decimal_text(amount: int, decimals: int) -> str:
    """Base units as a plain exact decimal string (for JSON: no separators, no unit)."""
    return format_units(amount, decimals).replace(",", "")


def format_time(seconds: int) -> str:
    """Unix seconds as ``2026-11-30T05:40:00Z (1795930800)``."""
    moment = datetime.fromtimestamp(int(seconds), tz=UTC)
    return f"{moment.strftime('%Y-%m-%dT%H:%M:%SZ')} ({int(seconds)})"


def format_duration(seconds: int) -> str:
    """``3d 4h 5m 6s`` (largest units first; ``0s`` for zero)."""
    seconds = int(seconds)
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    parts = []
    for unit, size in (("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)):
        n, seconds = divmod(seconds, size)
        if n:
            parts.append(f"{n}{unit}")
    return sign + (" ".join(parts) or "0s")
