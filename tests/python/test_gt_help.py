"""`--help` works on every `gt` group and command (the old scripts crashed or misbehaved on it),
and the chain-free parameter types refuse what they should."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from gt import units
from gt_cli.main import cli
from tests.helpers import TASK_GROUPS

ROOT = Path(__file__).resolve().parents[2]


def _commands(group: click.Group) -> dict[str, click.Command]:
    """A group's commands, the lazily loaded ones included (as `gt --help` lists them)."""
    ctx = click.Context(group)
    return {name: group.get_command(ctx, name) for name in group.list_commands(ctx)}


def _paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = [prefix]
    for name, command in _commands(group).items():
        if isinstance(command, click.Group):
            out += _paths(command, (*prefix, name))
        else:
            out.append((*prefix, name))
    return out


@pytest.mark.parametrize("path", _paths(cli), ids=lambda p: " ".join(p) or "gt")
def test_help_everywhere(path):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage: gt" in result.stdout and "Traceback" not in result.stdout + result.stderr


def test_every_task_is_listed():
    commands = _commands(cli)
    assert set(TASK_GROUPS) <= set(commands)
    assert set(_commands(commands["dividends"])) == {"rounds", "claimable", "claim", "claim-for", "sweep"}
    assert set(_commands(commands["gov"])) >= {
        "propose",
        "propose-listing",
        "vote",
        "queue",
        "execute",
        "proposals",
        "show",
        "recall",
    }
    assert set(_commands(commands["dev"])) == {"fund", "mint-usdt", "advance", "accounts"}
    assert {"convert", "backfill", "monitor", "status"} <= set(_commands(commands["listing"]))


def test_read_only_commands_start_light():
    """`gt status`, `gt dividends claimable` and `gt listing status` load neither brownie nor web3,
    eth_abi, numpy or pyarrow (their start-up is what makes them answer in under 2 s)."""
    code = (
        "import sys, click; from gt_cli.main import cli; ctx = click.Context(cli)\n"
        "for path in (['status'], ['dividends', 'claimable'], ['listing', 'status']):\n"
        "    cmd = cli\n"
        "    for part in path: cmd = cmd.get_command(ctx, part)\n"
        "heavy = ('brownie', 'web3', 'eth_abi', 'eth_utils', 'eth_account', 'numpy', 'pyarrow', 'polars', 'dask', 'solcx')\n"
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == ""


def test_a_usage_mistake_is_one_line_exit_2():
    result = CliRunner().invoke(cli, ["buyback", "run", "--period", "x"])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")


@pytest.mark.parametrize(
    "fn, value, message",
    [
        (lambda v: units.parse_gt(v, "x", bits=96), str(2**96), "does not fit in uint96"),
        (lambda v: units.parse_gt(v, "x"), "1.0000000000000000001", "more than 18 decimals"),
        (lambda v: units.parse_usdt(v, "x"), "1e3.5", "not a decimal amount"),
        (lambda v: units.parse_usdt(v, "x"), "nan", "not a finite amount"),
        (lambda v: units.parse_address(v, "x"), "0xBcd4042de499D14e55001CcbB24a551F3b954096", "wrong EIP-55 checksum"),
        (lambda v: units.parse_address(v, "x"), "0x" + "00" * 20, "zero address"),
        (lambda v: units.parse_time(v, "x"), "tomorrow", "neither unix seconds nor an ISO"),
        (lambda v: units.parse_duration(v, "x"), "0s", "must be positive"),
        (lambda v: units.parse_period(v, "x"), "2026-11", "not a period id"),
    ],
)
def test_parameter_types_refuse(fn, value, message):
    with pytest.raises(units.InputError, match=message):
        fn(value)


def test_parameter_types_accept_exactly():
    assert units.parse_usdt("125000.50", "x") == 125_000_500_000
    assert units.parse_gt("0.000000000000000001", "x") == 1
    assert units.parse_gt("1_000", "x") == 1000 * 10**18
    assert units.parse_time("2026-12-01", "x") == 1796083200
    assert units.parse_time("2026-12-01T00:00:00Z", "x") == units.parse_time("1796083200", "x")
    assert units.parse_duration("2h", "x") == 7200 and units.parse_duration("1w", "x") == 604_800
    assert units.format_time(1796083200) == "2026-12-01T00:00:00Z (1796083200)"
    assert units.format_gt(1_500 * 10**18 + 5 * 10**17) == "1,500.5 GT"
    lower = "0xbcd4042de499d14e55001ccbb24a551f3b954096"
    assert units.parse_address(lower, "x") == "0xBcd4042DE499D14e55001CcbB24a551F3b954096"


def _imported_modules(path: Path) -> set[str]:
    import ast

    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_layers_import_downwards_only():
    """gt/ is chain-free; gt_chain/ and gt_cli/ never import the `brownie run` entry points in scripts/."""
    for package, banned in (
        ("gt", ("brownie", "web3", "gt_chain", "gt_cli", "scripts")),
        ("gt_chain", ("gt_cli", "scripts")),
        ("gt_cli", ("scripts",)),
    ):
        for path in sorted((ROOT / package).rglob("*.py")):
            bad = {m for m in _imported_modules(path) if m.split(".")[0] in banned}
            assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"
