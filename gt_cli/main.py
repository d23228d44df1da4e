"""The `gt` command: every operator task of the GT toolkit.

gt --help                     the groups
gt <group> --help             the commands of a group
gt <group> <command> --help   the options of a command
"""

from __future__ import annotations

import sys

import click

from gt_cli.app import CONTEXT, GtGroup
from gt_cli.buyback import buyback
from gt_cli.capital import incentives, protection, sale
from gt_cli.deploy import deploy_cmd
from gt_cli.dev import dev
from gt_cli.dividends import dividends
from gt_cli.gov import committee, gov
from gt_cli.listing import listing
from gt_cli.node import node
from gt_cli.status import status_cmd


@click.group(name="gt", cls=GtGroup, context_settings=CONTEXT)
@click.version_option("1.0", prog_name="gt")
def cli() -> None:
    """GT toolkit operator command. Every command takes --network (default development), --json and
    --debug; sending commands also --from, --yes and --dry-run. Nothing is sent before every check and
    a simulation of every call at the latest block passed; a mistake is one line on stderr (exit 2),
    a chain failure exit 1."""


for command in (
    node,
    deploy_cmd,
    status_cmd,
    buyback,
    dividends,
    incentives,
    protection,
    sale,
    gov,
    committee,
    listing,
    dev,
):
    cli.add_command(command)


def main() -> None:
    cli.main(args=sys.argv[1:], prog_name="gt")


if __name__ == "__main__":
    main()
