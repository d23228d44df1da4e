"""Shared fixtures: role-named accounts, the deployed system, and per-test isolation.

The whole system is deployed once per module (module-scoped snapshot); `fn_isolation`
reverts the chain after every test so tests never see each other's transactions.
"""

from __future__ import annotations

import os
from urllib.parse import urlparse

import pytest
from brownie import accounts, web3

from gt_chain.deployment import active_config, deploy_system
from gt_chain.network import await_receipts_before_drop_check
from scripts.cli import ganache_fees
from tests import isolation as cheap_isolation

# Fixtures by area (tests/fixtures/*.py); plain helpers are in tests/helpers.py.
pytest_plugins = [
    "tests.fixtures.capital",
    "tests.fixtures.buyback",
    "tests.fixtures.governance",
    "tests.fixtures.listing",
    "tests.fixtures.cli",
]


await_receipts_before_drop_check()  # every chain the suite uses is a local one
cheap_isolation.install()


@pytest.fixture(scope="session", autouse=True)
def _fees_for_ganache():
    ganache_fees()
    yield


@pytest.fixture(scope="session", autouse=True)
def _constant_requests_cached():
    cheap_isolation.cache_constant_requests()
    yield


@pytest.fixture(scope="session", autouse=True)
def _gt_commands_reach_this_workers_chain():
    """Under xdist every worker has its own chain (brownie adds the worker number to the port):
    a `gt` started as a subprocess must reach this worker's chain, not the default port."""
    if os.environ.get("PYTEST_XDIST_WORKER") and web3.provider is not None:
        port = urlparse(web3.provider.endpoint_uri).port
        if port:
            os.environ["GT_NODE_PORT"] = str(port)
    yield


# The longest files first, so parallel workers (`./run test` runs xdist, which hands out whole files)
# start them at once instead of finishing on one of them alone.
# Measured with --durations=0 on both chains (30–100 worker-seconds each on Ganache).
SLOW_FIRST = (
    "tests/python/test_docs_blocks.py",
    "tests/integration/test_live_deploy.py",
    "tests/property/",
    "tests/unit/test_dividend_distributor.py",
    "tests/unit/test_committee_capture.py",
    "tests/integration/test_gt_listing.py",
    "tests/integration/test_deploy_resume.py",
    "tests/unit/test_capital_incentives.py",
    "tests/unit/test_buyback_engine.py",
    "tests/integration/test_gt_money.py",
    "tests/python/test_listing_data.py",
    "tests/python/test_readme_testnet.py",
    "tests/integration/test_demo.py",
)


def _slowness(item: pytest.Item) -> int:
    path = item.nodeid.split("::")[0]
    return next((i for i, prefix in enumerate(SLOW_FIRST) if path.startswith(prefix)), len(SLOW_FIRST))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    items.sort(key=_slowness)  # stable: the order within each file and among the rest is kept


@pytest.fixture(scope="module", autouse=True)
def _heap_thawed_after_module():
    yield
    cheap_isolation.thaw_heap()


@pytest.fixture(autouse=True)
def isolation(_heap_thawed_after_module, fn_isolation):
    cheap_isolation.freeze_heap()


@pytest.fixture(scope="session")
def config():
    return active_config()


@pytest.fixture(scope="session")
def deployer():
    return accounts[0]


@pytest.fixture(scope="session")
def operator():
    return accounts[1]


@pytest.fixture(scope="session")
def treasury():
    return accounts[2]


@pytest.fixture(scope="session")
def bg_fund():
    return accounts[3]


@pytest.fixture(scope="session")
def team_members():
    return [accounts[5], accounts[6], accounts[7]]


@pytest.fixture(scope="session")
def alice():
    return accounts[10]


@pytest.fixture(scope="session")
def bob():
    return accounts[11]


@pytest.fixture(scope="session")
def carol():
    return accounts[12]


@pytest.fixture(scope="session")
def attacker():
    return accounts[19]


@pytest.fixture(scope="module")
def system(config, deployer):
    """The whole GT system, deployed once per test module from the local configuration.

    Deployed before the governance hand-over, so unit tests can call admin paths as the
    deployer; the `gsys` fixture (tests/fixtures/governance.py) runs the hand-over the deploy script runs.
    """
    return deploy_system(config, deployer, hand_over=False)


@pytest.fixture(scope="module")
def gt(system):
    return system.token


@pytest.fixture(scope="module")
def vault(system):
    return system.contracts["VestingVault"]


@pytest.fixture(scope="module")
def genesis_time(system):
    return system.genesis_time
