"""Driver of the live-mode deployment test (tests/integration/test_live_deploy.py), run as
``brownie run tests/integration/live_driver.py --network gt-live`` in a HOME of its own.

GT_LIVE_ACTIONS is a comma-separated list of ``action[:manifest folder]``, run in order in one
process, each through scripts/deploy.py's entry point (GT_DEPLOYER, GT_CONFIG from the environment):
  refuse    without GT_YES and without a terminal: must refuse
  deploy    GT_YES=1: a fresh deployment
  crash     GT_YES=1: a fresh deployment with an exception injected after step GT_FAIL_AFTER
            (as a lost connection); the exception is caught here, the manifest stays as it was
  resume    GT_YES=1 GT_RESUME=1
  verify    the folder's manifest checked on chain step by step
  stale     the folder's manifest loaded on a chain that is not its own
Each action prints one ``live: <action> <result>`` line; ``step gas <step> <gas>`` lines give
each step's gas (the preflight's table).
"""

from __future__ import annotations

import os
import sys
import time
import types
from functools import partial
from pathlib import Path

import brownie.network.transaction as brownie_tx
from brownie.network import history

from gt_chain import deployment, manifest
from gt_chain.errors import DeploymentError
from scripts import deploy

# brownie 1.22.2 polls a receipt once a second; poll every 50 ms to keep the test short.
_sleep = time.sleep
brownie_tx.time = types.SimpleNamespace(time=time.time, sleep=lambda s: _sleep(min(s, 0.05)))


class InjectedFailure(Exception):
    """The crash the test injects between two steps."""


def _after_step(fail_after: str | None, d: deployment.Deployment, name: str) -> None:
    sent = list(history)
    gas = sum(tx.gas_used or 0 for tx in sent[_after_step.seen :])
    _after_step.seen = len(sent)
    print(f"step gas {name} {gas}", file=sys.__stdout__, flush=True)  # past brownie_output_hidden
    if name == fail_after:
        raise InjectedFailure(f"injected failure after step {name}")


_after_step.seen = 0


def _deploy(fail_after: str | None) -> None:
    real = deployment.deploy_system
    deploy.deploy_system = partial(real, after_step=partial(_after_step, fail_after))
    try:
        deploy.main()
    except SystemExit as exc:  # run_main's one-line refusal
        print(f"live: refused, exit {exc.code}", flush=True)
        return
    finally:
        deploy.deploy_system = real
    print("live: deployed", flush=True)


def main() -> None:
    for item in os.environ["GT_LIVE_ACTIONS"].split(","):
        action, _, folder = item.partition(":")
        os.environ["GT_YES"] = "" if action == "refuse" else "1"
        os.environ["GT_RESUME"] = "1" if action in ("resume", "stale") else ""
        if folder:
            manifest.DEPLOYMENTS_DIR = Path(folder)
        print(f"live: {item}", flush=True)
        if action in ("refuse", "deploy", "resume", "stale"):
            _deploy(None)
        elif action == "crash":
            try:
                _deploy(os.environ["GT_FAIL_AFTER"])
            except InjectedFailure as exc:
                print(f"live: crashed: {exc}", flush=True)
        elif action == "verify":
            d = deployment.verify_manifest(manifest.manifest_path())
            print(f"live: verified {len(d.completed)} steps", flush=True)
        else:
            sys.exit(f"unknown action {action}")
        if action == "stale":
            try:
                manifest.load_manifest()
                print("live: stale manifest accepted", flush=True)
            except DeploymentError as exc:
                print(f"live: stale manifest refused: {exc}", flush=True)
