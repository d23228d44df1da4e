"""Governance stage: the timelock, the GT governor, the committee and its recall governor.

* ``before_token``: deploys everything (the token address is known in advance), so later
  stages can wire to ``Timelock``, ``GTGovernor`` and ``Committee`` in their own stages. The
  bootstrap committee from the configuration serves a first term from deployment.
* ``after_token``: sets the governor's excluded list to the system contracts registered so far
  and, when a ``ListingRegistry`` exists, lets the timelock list (``LISTER_ROLE``) and the
  committee act (``COMMITTEE_ROLE``).
* ``finalize``: the last step of a deployment, after every stage's ``after_token``. Sets the
  final excluded list, renounces the governor's setup power, then hands every system
  contract's admin roles (AccessControl) and ownership (Ownable) to the timelock and renounces
  the deployer's; the timelock's own admin role goes last. Idempotent.
"""

from __future__ import annotations

from typing import Any

from brownie import Committee, CommitteeRecallGovernor, GTGovernor, TimelockController, chain

from gt.governance_model import MAX_EXCLUDED, GovernanceConfig, parse_governance
from gt.units import format_gt, format_units
from gt_chain.errors import DeploymentError

ZERO = "0x0000000000000000000000000000000000000000"
DEFAULT_ADMIN_ROLE = "0x" + "00" * 32


def settings(d: Any) -> GovernanceConfig:
    """The validated ``governance:`` section (parsed once per deployment)."""
    if "governance_config" not in d.extra:
        d.extra["governance_config"] = parse_governance(d.config.section("governance"))
    return d.extra["governance_config"]


def before_token(d: Any) -> None:
    cfg = settings(d)
    g, r, c = cfg.governor, cfg.recall, cfg.committee
    timelock = d.add("Timelock", TimelockController.deploy(g.timelock_delay, [], [], d.deployer, d.tx()))
    governor = d.add(
        "GTGovernor",
        GTGovernor.deploy(
            d.token_address,
            timelock,
            (
                g.voting_delay,
                g.voting_period,
                g.proposal_threshold_wei,
                g.quorum_bps,
                g.late_quorum_extension,
                g.execution_grace,
            ),
            d.deployer,
            d.tx(),
        ),
    )
    # The governor proposes and cancels, and is the only executor: anyone triggers execution
    # through `governor.execute`, and a queued proposal past its grace period stays expired.
    for role in ("PROPOSER_ROLE", "CANCELLER_ROLE", "EXECUTOR_ROLE"):
        timelock.grantRole(getattr(timelock, role)(), governor, d.tx())
    members = [str(d.account(m)) for m in c.members]
    committee = d.add(
        "Committee", Committee.deploy(d.token_address, d.deployer, members, c.params_tuple(), governor, d.tx())
    )
    recall = d.add(
        "RecallGovernor",
        CommitteeRecallGovernor.deploy(
            d.token_address,
            committee,
            governor,
            (r.voting_delay, r.voting_period, r.proposal_threshold_wei, r.quorum_bps, r.supermajority_bps),
            d.tx(),
        ),
    )
    committee.setRecaller(recall, d.tx())


def after_token(d: Any) -> None:
    set_excluded(d)
    # The governance contracts themselves need no deployer from here on.
    for name in ("Committee", "Timelock"):
        d.extra.setdefault("governance_handover", []).extend(_hand_over_one(d, name, d.contracts[name]))
    registry = d.contracts.get("ListingRegistry")
    if registry is not None:
        _grant_if_admin(d, registry, "LISTER_ROLE", d.contracts["Timelock"])
        _grant_if_admin(d, registry, "COMMITTEE_ROLE", d.contracts["Committee"])


def set_excluded(d: Any) -> None:
    """Sets the governor's excluded list to ``d.excluded`` while the deployer still may."""
    governor = d.contracts["GTGovernor"]
    wanted = [str(a) for a in d.excluded]
    if len(wanted) > MAX_EXCLUDED:
        raise DeploymentError(f"{len(wanted)} excluded system contracts; the governor takes at most {MAX_EXCLUDED}")
    if [str(a) for a in governor.excludedAccounts()] != wanted and governor.setup() == d.deployer:
        governor.setExcludedAccounts(wanted, d.tx())


def _grant_if_admin(d: Any, contract: Any, role_name: str, to: Any) -> None:
    if not hasattr(contract, role_name):
        return
    role = getattr(contract, role_name)()
    if not contract.hasRole(role, to) and contract.hasRole(contract.getRoleAdmin(role), d.deployer):
        contract.grantRole(role, to, d.tx())


def _functions(contract: Any) -> set[str]:
    return {item["name"] for item in contract.abi if item.get("type") == "function"}


def admin_roles(contract: Any) -> list[str]:
    """The admin roles of an AccessControl contract: DEFAULT_ADMIN_ROLE and the admin of every
    ``*_ROLE`` constant in its ABI."""
    fns = _functions(contract)
    if "DEFAULT_ADMIN_ROLE" not in fns or "getRoleAdmin" not in fns:
        return []
    roles = [DEFAULT_ADMIN_ROLE]
    for name in sorted(fns):
        if name.endswith("_ROLE") and name != "DEFAULT_ADMIN_ROLE":
            admin = str(contract.getRoleAdmin(getattr(contract, name)()))
            if admin not in roles:
                roles.append(admin)
    return roles


def hand_over(d: Any) -> list[str]:
    """Gives every system contract's admin roles / ownership to the timelock and renounces the
    deployer's; returns one line per change. The timelock's own admin role is renounced last."""
    timelock = d.contracts["Timelock"]
    done: list[str] = []
    ordered = [(n, c) for n, c in d.contracts.items() if c is not timelock] + [("Timelock", timelock)]
    for name, contract in ordered:
        done += _hand_over_one(d, name, contract)
    d.extra.setdefault("governance_handover", []).extend(done)
    return done


def roles_of(contract: Any) -> list[str]:
    """Every role an AccessControl contract names in its ABI (``*_ROLE``), DEFAULT_ADMIN_ROLE last."""
    fns = _functions(contract)
    if "DEFAULT_ADMIN_ROLE" not in fns or "hasRole" not in fns:
        return []
    named = [str(getattr(contract, n)()) for n in sorted(fns) if n.endswith("_ROLE") and n != "DEFAULT_ADMIN_ROLE"]
    return [r for r in dict.fromkeys(named) if r != DEFAULT_ADMIN_ROLE] + [DEFAULT_ADMIN_ROLE]


def _hand_over_one(d: Any, name: str, contract: Any) -> list[str]:
    """Moves every role the deployer holds on `contract` (parameters, listing, admin…) to the
    timelock and renounces it; the admin role goes last, since granting needs it. Roles held by
    other accounts (the operator's day-to-day roles) stay where they are."""
    timelock, deployer = d.contracts["Timelock"], d.deployer
    done: list[str] = []
    for role in roles_of(contract):
        if contract.hasRole(role, deployer):
            if not contract.hasRole(role, timelock):
                contract.grantRole(role, timelock, d.tx())
            contract.renounceRole(role, deployer, d.tx())
            done.append(f"{name}: role {role[:10]}… → Timelock, deployer renounced")
    fns = _functions(contract)
    if {"owner", "transferOwnership"} <= fns and contract.owner() == deployer:
        contract.transferOwnership(timelock, d.tx())
        if contract.owner() == deployer:
            raise DeploymentError(f"{name}: ownership is two-step; use Ownable (or renounce) so the timelock owns it")
        done.append(f"{name}: ownership → Timelock")
    return done


def finalize(d: Any) -> None:
    """Last step of the deployment (after every stage's after_token). Idempotent."""
    if d.extra.get("governance_finalized"):
        return
    governor = d.contracts["GTGovernor"]
    set_excluded(d)
    if governor.setup() == d.deployer:
        governor.renounceSetup(d.tx())
    hand_over(d)
    d.extra["governance_finalized"] = True
    d.extra.setdefault("manifest", {})["governance"] = {
        "timelock": d.contracts["Timelock"].address,
        "governor": governor.address,
        "committee": d.contracts["Committee"].address,
        "recall_governor": d.contracts["RecallGovernor"].address,
        "excluded_in_quorum": [str(a) for a in governor.excludedAccounts()],
    }


def verify(d: Any, phase: str) -> None:
    """Key wiring: the governor alone proposes, cancels and executes through the timelock, the
    recall governor is the committee's recaller; after the token, the deployer holds no role on
    the Committee or the Timelock; after the hand-over, none on any system contract and owns none."""
    timelock, governor = d.contracts["Timelock"], d.contracts["GTGovernor"]
    for role in ("PROPOSER_ROLE", "CANCELLER_ROLE", "EXECUTOR_ROLE"):
        if not timelock.hasRole(getattr(timelock, role)(), governor):
            raise DeploymentError(f"the GTGovernor lacks the Timelock's {role}")
    if d.contracts["Committee"].recaller() != d.contracts["RecallGovernor"].address:
        raise DeploymentError("the Committee's recaller is not the RecallGovernor")
    checked = {"after_token": ("Committee", "Timelock"), "finalize": tuple(d.contracts)}.get(phase, ())
    for name in checked:
        contract = d.contracts[name]
        held = [r[:10] for r in roles_of(contract) if contract.hasRole(r, d.deployer)]
        if held:
            raise DeploymentError(f"the deployer still holds role(s) {', '.join(held)} on {name}")
        if phase == "finalize" and "owner" in _functions(contract) and contract.owner() == d.deployer:
            raise DeploymentError(f"the deployer still owns {name}")
    if phase == "finalize" and governor.setup() == d.deployer:
        raise DeploymentError("the deployer may still set the governor's excluded list")


def report(d: Any) -> list[tuple[str, str]]:
    governor, committee = d.contracts["GTGovernor"], d.contracts["Committee"]
    recall, timelock = d.contracts["RecallGovernor"], d.contracts["Timelock"]
    now = chain[-1].timestamp
    _term, election, term_end = committee.currentTerm()
    rows = [
        (
            "GTGovernor",
            f"delay {governor.votingDelay()} s, period {governor.votingPeriod()} s, "
            f"threshold {format_gt(governor.proposalThreshold())}, quorum {format_units(governor.quorumBps(now - 1), 2)}% of eligible",
        ),
        ("Timelock", f"min delay {timelock.getMinDelay()} s; executes for the governor only"),
        (
            "Eligible supply",
            f"{format_gt(governor.eligibleSupply(now - 1))} ({len(governor.excludedAccounts())} excluded)",
        ),
        (
            "Committee",
            f"{committee.memberCount()} members, M = {committee.approvalThreshold()}, "
            f"term ends {term_end} ({'bootstrap' if election == 0 else f'election {election}'})",
        ),
        ("RecallGovernor", f"quorum {recall.quorumBps() / 100}%, supermajority {recall.supermajorityBps() / 100}%"),
    ]
    if d.extra.get("governance_finalized"):
        rows.append(("Hand-over", f"{len(d.extra.get('governance_handover', []))} admin powers moved to the timelock"))
    return rows


def pass_proposal(d: Any, targets: list[Any], calldatas: list[Any], description: str, voter: Any) -> Any:
    """Walks a proposal through its whole life on a local chain (time travel included):
    propose → vote for → queue → wait for the timelock → execute. Returns the execution receipt."""
    from brownie.convert import to_bytes
    from web3 import Web3

    cfg = settings(d)
    governor = d.contracts["GTGovernor"]
    values = [0] * len(targets)
    tx = governor.propose(targets, values, calldatas, description, {"from": voter})
    pid = tx.events["ProposalCreated"]["proposalId"]
    chain.sleep(cfg.governor.voting_delay + 1)
    chain.mine()
    governor.castVote(pid, 1, {"from": voter})
    chain.sleep(cfg.governor.voting_period + 1)
    chain.mine()
    description_hash = to_bytes(Web3.keccak(text=description), "bytes32")
    governor.queue(targets, values, calldatas, description_hash, {"from": voter})
    chain.sleep(cfg.governor.timelock_delay + 1)
    chain.mine()
    return governor.execute(targets, values, calldatas, description_hash, {"from": voter})


def demo(d: Any) -> None:
    """A resolution's whole life on a local chain: propose → vote → queue → execute.

    It leaves a voter with enough GT to carry votes, and gives later demos (the listing
    monitor) a way to list tokens the way production does: by a passed listing vote.
    """
    from brownie import accounts

    if not d.config.local:
        return
    finalize(d)
    governor, gt = d.contracts["GTGovernor"], d.token
    voter = accounts[10]
    gt.transfer(voter, 50_000_000 * 10**18, {"from": d.role("bg_fund")})
    chain.sleep(1)
    chain.mine()
    call = governor.setQuorumBps.encode_input(500)
    description = "Resolution: raise the quorum to 5%"
    d.echo(f"\n[bold]Governance[/]: resolution '{description}' by {voter}")
    pass_proposal(d, [governor.address], [call], description, voter)
    snapshot_quorum = governor.quorumBps(chain[-1].timestamp) / 100
    d.echo(
        f"  proposed, voted for with {format_gt(gt.balanceOf(voter))}, queued, waited the timelock, "
        f"executed: quorum is now {snapshot_quorum}%"
    )

    registry = d.contracts.get("ListingRegistry")
    if registry is not None:

        def listing_vote(token: str, team: str, application: bytes) -> None:
            call = registry.list.encode_input(token, team, application)
            pass_proposal(d, [registry.address], [call], f"Listing vote: list {token}", voter)
            d.echo(f"  listing vote passed and executed through the timelock for {token}")

        d.extra["listing_lister"] = listing_vote
