"""The `gt` command: every operator task of the GT toolkit.

gt --help                     the groups
gt <group> --help             the commands of a group
gt <group> <command> --help   the options of a command
"""

from __future__ import annotations

import sys

import click

from gt_cli.app import CONTEXT, GtGroup

#: Every task group, imported only when it runs (or for --help): a read-only command must not pay
#: for the modules of the others (the send pipeline, web3, numpy, pyarrow).
COMMANDS = {
    "node": "gt_cli.node:node",
    "deploy": "gt_cli.deploy:deploy_cmd",
    "status": "gt_cli.status:status_cmd",
    "buyback": "gt_cli.buyback:buyback",
    "dividends": "gt_cli.dividends:dividends",
    "incentives": "gt_cli.capital:incentives",
    "protection": "gt_cli.capital:protection",
    "sale": "gt_cli.capital:sale",
    "gov": "gt_cli.gov:gov",
    "committee": "gt_cli.gov:committee",
    "listing": "gt_cli.listing:listing",
    "dev": "gt_cli.dev:dev",
}


@click.group(name="gt", cls=GtGroup, context_settings=CONTEXT, lazy=COMMANDS)
@click.version_option("1.0", prog_name="gt")
def cli() -> None:
    """GT toolkit operator command. Every command takes --network (default development), --json and
    --debug; sending commands also --from, --yes and --dry-run. Nothing is sent before every check and
    a simulation of every call at the latest block passed; a mistake is one line on stderr (exit 2),
    a chain failure exit 1."""


def main() -> None:
    cli.main(args=sys.argv[1:], prog_name="gt")


if __name__ == "__main__":
    main()
