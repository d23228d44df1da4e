"""Driver of the live-mode deployment test (tests/integration/test_live_deploy.py), run as
``brownie run tests/integration/live_driver.py --network gt-live`` in a HOME of its own.

GT_LIVE_ACTIONS is a comma-separated list, run in order in one process:
  refuse   scripts/deploy.py's entry point without GT_YES and without a terminal: must refuse
  deploy   scripts/deploy.py's entry point (GT_YES=1, GT_RESUME=1 when given); GT_FAIL_AFTER names
           a step after which the process crashes (an injected exception, as a lost connection)
  verify   every manifest in GT_LIVE_MANIFESTS checked on chain step by step
  stale    the manifest GT_LIVE_MANIFESTS loaded, and resumed, on a chain that is not its own
Each action prints one ``live: <action> <result>`` line; "step gas" lines give each step's gas.
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

from gt_chain import deployment
from gt_chain.errors import DeploymentError
from scripts import deploy

# brownie 1.22.2 polls a receipt once a second; poll every 50 ms to keep the test short.
_sleep = time.sleep
brownie_tx.time = types.SimpleNamespace(time=time.time, sleep=lambda s: _sleep(min(s, 0.05)))


class InjectedFailure(Exception):
    """The crash the test injects between two steps."""


def _after_step(fail_after: str | None, d: deployment.Deployment, name: str) -> None:
    gas = sum(tx.gas_used or 0 for tx in history[_after_step.seen :])
    _after_step.seen = len(history)
    print(f"step gas {name} {gas}", flush=True)
    if name == fail_after:
        raise InjectedFailure(f"injected failure after step {name}")


_after_step.seen = 0


def _deploy(fail_after: str | None) -> None:
    real = deployment.deploy_system
    deploy.deploy_system = partial(real, after_step=partial(_after_step, fail_after))
    try:
        deploy.main()
    finally:
        deploy.deploy_system = real


def main() -> None:
    for action in os.environ["GT_LIVE_ACTIONS"].split(","):
        if action == "refuse":
            env = {k: os.environ.pop(k) for k in ("GT_YES",) if k in os.environ}
            try:
                deploy.main()
            except SystemExit as exc:
                print(f"live: refuse exit {exc.code}", flush=True)
            os.environ.update(env)
        elif action == "deploy":
            _deploy(os.environ.get("GT_FAIL_AFTER"))
            print("live: deploy done", flush=True)
        elif action == "verify":
            for path in os.environ["GT_LIVE_MANIFESTS"].split(","):
                d = deployment.verify_manifest(Path(path))
                print(f"live: verify ok {path} {len(d.completed)} steps", flush=True)
        elif action == "stale":
            path = Path(os.environ["GT_LIVE_MANIFESTS"])
            try:
                deployment.load_manifest(path.stem, path.parent)
                print("live: stale accepted", flush=True)
            except DeploymentError as exc:
                print(f"live: stale refused {exc}", flush=True)
            os.environ["GT_RESUME"] = "1"
            try:
                deploy.main()
            except SystemExit as exc:
                print(f"live: stale resume exit {exc.code}", flush=True)
        else:
            sys.exit(f"unknown action {action}")
