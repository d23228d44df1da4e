"""After the hand-over, every privileged entry of the deployed ListingRegistry refuses whoever does not
hold its role, with ``AccessControlUnauthorizedAccount(caller, role)``; role ids are computed from
the role names here. Covers the round-2 entries (outage days, the committee's ST lift) beside the
older ones. The holders: METRICS_ROLE the metrics account, PLATFORM_ROLE the operator,
COMMITTEE_ROLE the Committee contract, LISTER_ROLE and DEFAULT_ADMIN_ROLE the timelock."""

import pytest
from brownie import accounts, web3

from gt.listing.config import Periods, Thresholds
from gt.listing.rules import Metrics, Reason
from tests.helpers import a, reverts_with

ZERO32 = b"\x00" * 32
H32 = "0x" + "0e" * 32
TOKEN = "0x" + "a1" * 20
GOOD = Metrics(100_000 * 10**6, 10_000 * 10**6, 10_000 * 10**6, 1_000, 0, 0, 1_100_000).as_tuple()


def role_id(name: str) -> bytes:
    return bytes(web3.keccak(text=name)) if name != "DEFAULT_ADMIN_ROLE" else ZERO32


# (function, arguments, role it needs)
ENTRIES = [
    ("list", (TOKEN, TOKEN, H32), "LISTER_ROLE"),
    ("submitDailyMetrics", (1, [TOKEN], [GOOD]), "METRICS_ROLE"),
    ("submitTokenHistory", (TOKEN, 1, [GOOD]), "METRICS_ROLE"),
    ("declareOutage", (1,), "METRICS_ROLE"),  # or COMMITTEE_ROLE; the error names the lesser role
    ("recordAdHocEvent", (TOKEN, H32, 1), "PLATFORM_ROLE"),
    ("openInquiry", (TOKEN, H32), "PLATFORM_ROLE"),
    ("imposeSpecialTreatment", (TOKEN, Reason.FRAUD, H32), "COMMITTEE_ROLE"),
    ("liftSpecialTreatment", (TOKEN, H32), "COMMITTEE_ROLE"),
    ("hide", (TOKEN, Reason.FRAUD, H32), "COMMITTEE_ROLE"),
    ("suspendTrading", (TOKEN, Reason.FRAUD, H32), "COMMITTEE_ROLE"),
    ("resumeTrading", (TOKEN, H32), "COMMITTEE_ROLE"),
    ("revokeOutage", (1,), "COMMITTEE_ROLE"),
    ("setThresholds", (Thresholds().as_tuple(),), "DEFAULT_ADMIN_ROLE"),
    ("setPeriods", (Periods().as_tuple(),), "DEFAULT_ADMIN_ROLE"),
]


@pytest.fixture(scope="module")
def outsiders(gsys):
    """Accounts holding no registry role after the hand-over, plus holders of the wrong role."""
    return {
        "attacker": accounts[19],
        "deployer": accounts[0],
        "operator": accounts[1],  # PLATFORM_ROLE only
        "metrics": accounts[4],  # METRICS_ROLE only
    }


def test_role_holders_after_the_hand_over(listing, gsys, timelock):
    holders = {
        "METRICS_ROLE": accounts[4],
        "PLATFORM_ROLE": accounts[1],
        "COMMITTEE_ROLE": gsys.contracts["Committee"],
        "LISTER_ROLE": timelock,
        "DEFAULT_ADMIN_ROLE": timelock,
    }
    for name, holder in holders.items():
        assert listing.hasRole(role_id(name), holder), name
    for name in holders:
        assert not listing.hasRole(role_id(name), accounts[19]), name
        if name != "DEFAULT_ADMIN_ROLE":
            assert not listing.hasRole(role_id(name), accounts[0]), name  # the deployer kept nothing


@pytest.mark.parametrize("fn,args,role", ENTRIES, ids=[e[0] for e in ENTRIES])
def test_privileged_entries_refuse_outsiders(listing, outsiders, fn, args, role):
    holders = {"METRICS_ROLE": "metrics", "PLATFORM_ROLE": "operator"}
    for label, who in outsiders.items():
        if holders.get(role) == label:
            continue  # the role's own holder
        with reverts_with("AccessControlUnauthorizedAccount", a(who), role_id(role)):
            getattr(listing, fn)(*args, {"from": who})
