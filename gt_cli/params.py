"""Parameter types, defined once: every value is parsed exactly (no floats) and range-checked
against the contract field it fills; a mistake is one line and exit status 2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from gt import units


class _Parsed(click.ParamType):
    def __init__(self, name: str, parse: Any) -> None:
        self.name = name
        self._parse = parse

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not isinstance(value, str):
            return value
        what = (param.opts[0] if param.opts else param.name) if param is not None else self.name
        try:
            return self._parse(value, what)
        except units.InputError as exc:
            raise click.UsageError(str(exc), ctx) from None


ADDRESS = _Parsed("address", lambda v, w: units.parse_address(v, w))
BYTES32 = _Parsed("bytes32", lambda v, w: units.parse_bytes32(v, w))
PERIOD = _Parsed("period", lambda v, w: units.parse_period(v, w))
DURATION = _Parsed("duration", lambda v, w: units.parse_duration(v, w))
TIME = _Parsed("time", lambda v, w: units.parse_time(v, w))
DAY = _Parsed("day", lambda v, w: units.parse_day(v, w))


def gt_amount(bits: int = 256, allow_zero: bool = False) -> click.ParamType:
    """GT as a decimal string (18 decimals), checked against a uint`bits` field."""
    return _Parsed("gt", lambda v, w: units.parse_gt(v, w, bits, allow_zero))


def usdt_amount(bits: int = 256, allow_zero: bool = False) -> click.ParamType:
    """USDT as a decimal string (6 decimals), checked against a uint`bits` field."""
    return _Parsed("usdt", lambda v, w: units.parse_usdt(v, w, bits, allow_zero))


def uint(bits: int = 256, minimum: int = 0) -> click.ParamType:
    return _Parsed(f"uint{bits}", lambda v, w: units.parse_uint(v, w, bits, minimum))


def id_list(bits: int = 256) -> click.ParamType:
    """Comma-separated ids (``0,1,5``) or ranges (``0-9``)."""

    def parse(value: str, what: str) -> list[int]:
        ids: list[int] = []
        for part in (p.strip() for p in value.split(",") if p.strip()):
            if "-" in part:
                low, high = (units.parse_uint(x, what, bits) for x in part.split("-", 1))
                if high < low or high - low > 10_000:
                    raise units.InputError(f"{what}: bad range {part!r}")
                ids.extend(range(low, high + 1))
            else:
                ids.append(units.parse_uint(part, what, bits))
        if not ids:
            raise units.InputError(f"{what}: no ids given")
        if len(set(ids)) != len(ids):
            raise units.InputError(f"{what}: an id is listed twice")
        return ids

    return _Parsed("ids", parse)


READABLE_FILE = click.Path(exists=True, dir_okay=False, readable=True, path_type=Path)
DIRECTORY = click.Path(exists=True, file_okay=False, path_type=Path)
OUT_FILE = click.Path(dir_okay=False, path_type=Path)
