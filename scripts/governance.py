"""Governance operator commands: resolutions, listing votes, elections, recall, committee.

    GT_ARGS="<command> [options]" brownie run scripts/governance.py --network <network>

Commands (every sending command prints what it will send and asks, unless --yes; --dry-run
sends nothing; --from is a local account index or, on a public network, a brownie account id):

    committee                                     members, M of N, term end, latest election
    propose --call 'GTGovernor.setQuorumBps(500)' [--call ...] --description TEXT --from REF
    propose-listing --token 0x.. --team 0x.. --application 0x<32 bytes> --description TEXT --from REF
    show --proposal ID [--recall]                 state, votes, quorum, deadline
    vote --proposal ID --support for|against|abstain [--reason TEXT] [--recall] --from REF
    queue --proposal ID --from REF                (after the vote passed)
    execute --proposal ID [--recall] --from REF   (after the timelock delay)
    recall --member 0x.. --description TEXT --from REF
    election-open | nominate | election-finalize --from REF
    election-vote --candidates 0x..,0x.. --from REF
    advance --seconds N                           local chains only: move time forward
"""

from __future__ import annotations

from typing import Any

import click
from brownie import (
    Committee,
    CommitteeRecallGovernor,
    GTGovernor,
    GTToken,
    TimelockController,
    chain,
    web3,
)
from brownie.convert import to_bytes
from brownie.exceptions import VirtualMachineError

from gt.capital import format_gt
from gt.governance_model import (
    Refusal,
    check_nomination,
    check_recall,
    check_turnout,
    parse_address,
    parse_bytes32,
    parse_call,
    parse_support,
)
from gt_chain.deployment import active_config, load_manifest
from scripts.cli import UserError, confirm, console, run_main, script_args, sender, table

STATES = ("Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Expired", "Executed")
CONTAINERS = {
    "GTGovernor": GTGovernor,
    "Committee": Committee,
    "RecallGovernor": CommitteeRecallGovernor,
    "Timelock": TimelockController,
    "GTToken": GTToken,
}


class Ctx:
    """The deployed contracts from the manifest of the connected network."""

    def __init__(self) -> None:
        self.manifest = load_manifest()
        self.config = active_config()
        self.addresses: dict[str, str] = self.manifest["contracts"]
        for name in ("GTGovernor", "Committee", "RecallGovernor", "Timelock"):
            if name not in self.addresses:
                raise UserError(f"the deployment on this network has no {name}: deploy the governance stage first")

    def contract(self, name_or_address: str) -> Any:
        """A system contract by manifest name (or by address, looked up in the manifest)."""
        by_address = {v.lower(): k for k, v in self.addresses.items()}
        name = by_address.get(name_or_address.lower(), name_or_address)
        if name not in self.addresses:
            raise UserError(f"unknown contract {name_or_address!r}; known: {', '.join(sorted(self.addresses))}")
        container = CONTAINERS.get(name)
        if container is None:
            import brownie

            container = getattr(brownie, name, None)
            if container is None:
                raise UserError(f"no contract type named {name} in this project")
        return container.at(self.addresses[name])

    @property
    def governor(self) -> Any:
        return self.contract("GTGovernor")

    @property
    def recall(self) -> Any:
        return self.contract("RecallGovernor")

    @property
    def committee(self) -> Any:
        return self.contract("Committee")

    def sender(self, ref: str | None) -> Any:
        return sender(ref, default_role=None)


def _send(what: str, fn: Any, args: list[Any], sender: Any, yes: bool, dry_run: bool) -> Any:
    """Shows the call, asks, sends; a revert becomes one clear line."""
    console.print(f"Will send: [bold]{what}[/] from {sender}")
    if dry_run:
        console.print("[yellow]dry run: nothing sent[/]")
        return None
    confirm("Send it?", yes)
    try:
        tx = fn(*args, {"from": sender})
    except VirtualMachineError as exc:
        raise UserError(f"transaction reverted: {exc.revert_msg or exc}") from None
    console.print(f"[green]sent[/] {tx.txid} (block {tx.block_number}, gas {tx.gas_used})")
    return tx


def _now() -> int:
    return chain[-1].timestamp


_PROPOSAL_CREATED = (
    "ProposalCreated(uint256,address,address[],uint256[],string[],bytes[],uint256,uint256,string)",
    ["uint256", "address", "address[]", "uint256[]", "string[]", "bytes[]", "uint256", "uint256", "string"],
)


def _find_proposal(gov: Any, proposal_id: int) -> dict[str, Any]:
    """The ProposalCreated event of `proposal_id` (targets, values, calldatas, description).

    Scans the governor's logs from block GT_FROM_BLOCK (default 0; set it on a public network)."""
    import os

    from eth_abi import decode

    if gov.proposalSnapshot(proposal_id) == 0:
        raise UserError(f"no proposal {proposal_id} on {gov.address}")
    topic = web3.keccak(text=_PROPOSAL_CREATED[0])
    logs = web3.eth.get_logs(
        {
            "address": gov.address,
            "fromBlock": int(os.environ.get("GT_FROM_BLOCK", "0")),
            "toBlock": "latest",
            "topics": [topic],
        }
    )
    for log in logs:
        pid, _proposer, targets, values, _sigs, calldatas, _start, _end, description = decode(
            _PROPOSAL_CREATED[1], bytes(log["data"])
        )
        if pid == proposal_id:
            return {
                "targets": list(targets),
                "values": list(values),
                "calldatas": ["0x" + bytes(c).hex() for c in calldatas],
                "description": description,
            }
    raise UserError(f"proposal {proposal_id} exists but its ProposalCreated log was not found (set GT_FROM_BLOCK)")


def _proposal_id(value: str) -> int:
    try:
        pid = int(value, 0)
    except ValueError:
        raise UserError(f"--proposal: {value!r} is not a proposal id") from None
    if pid <= 0:
        raise UserError("--proposal: a proposal id is a positive number")
    return pid


def _state(gov: Any, pid: int) -> str:
    return STATES[gov.state(pid)]


def _lifecycle(ctx: Ctx, pid: int, recall: bool, action: str, sender: str | None, yes: bool, dry: bool) -> None:
    gov = ctx.recall if recall else ctx.governor
    p = _find_proposal(gov, pid)
    state = _state(gov, pid)
    args = [
        list(p["targets"]),
        list(p["values"]),
        list(p["calldatas"]),
        to_bytes(web3.keccak(text=p["description"]), "bytes32"),
    ]
    if action == "queue":
        if recall:
            raise UserError("recall proposals execute directly; there is no queue step")
        if state != "Succeeded":
            raise UserError(f"proposal {pid} is {state}; only a Succeeded proposal can be queued")
    else:
        wanted = "Succeeded" if recall else "Queued"
        if state != wanted:
            raise UserError(f"proposal {pid} is {state}; it must be {wanted} to execute")
        if not recall:
            eta = gov.proposalEta(pid)
            if _now() < eta:
                raise UserError(f"proposal {pid} is in the timelock until {eta} ({eta - _now()} s from now)")
    _send(
        f"{'RecallGovernor' if recall else 'GTGovernor'}.{action}('{p['description']}')",
        getattr(gov, action),
        args,
        ctx.sender(sender),
        yes,
        dry,
    )


COMMON = [
    click.option("--from", "sender", default=None, help="local account index or brownie account id"),
    click.option("--yes", is_flag=True, help="send without asking"),
    click.option("--dry-run", is_flag=True, help="show what would be sent; send nothing"),
]


def sending(fn: Any) -> Any:
    for option in reversed(COMMON):
        fn = option(fn)
    return fn


@click.group()
def cli() -> None:
    """GT governance commands."""


@cli.command()
def committee() -> None:
    """Lists the committee, its M of N and term end, and the latest election."""
    ctx = Ctx()
    c = ctx.committee
    term_id, election, term_end = c.currentTerm()
    rows = [(f"seat {i + 1}", str(m)) for i, m in enumerate(c.members())]
    rows += [
        ("approvals needed", f"{c.approvalThreshold()} of {c.memberCount()} seated"),
        (
            "term",
            f"#{term_id} ({'bootstrap' if election == 0 else f'from election {election}'}), ends {term_end}"
            + (" — EXPIRED" if _now() >= term_end else f" (in {(term_end - _now()) / 86400:.1f} days)"),
        ),
        ("membership version", str(c.membershipVersion())),
    ]
    latest = c.electionCount()
    if latest:
        snap, nom_end, vote_end, done = c.electionInfo(latest)
        rows.append(
            (
                f"election {latest}",
                f"snapshot {snap}, nominations until {nom_end}, votes until {vote_end}{', finalized' if done else ''}",
            )
        )
        accts, weights = c.candidates(latest)
        rows += [
            (f"  candidate {i}", f"{x}  {w / 1e18:,.0f} GT")
            for i, (x, w) in enumerate(zip(accts, weights, strict=True))
        ]
    console.print(table("Committee", rows))


@cli.command()
@click.option("--call", "calls", multiple=True, required=True, help="Contract.function(arg,...), repeatable")
@click.option("--description", required=True)
@sending
def propose(calls: tuple[str, ...], description: str, sender: str | None, yes: bool, dry_run: bool) -> None:
    """Proposes a community resolution (one or more calls executed by the timelock)."""
    ctx = Ctx()
    targets, datas = [], []
    for spec in calls:
        name, function, args = parse_call(spec)
        contract = ctx.contract(name)
        if not hasattr(contract, function):
            raise UserError(f"{name} has no function {function}")
        try:
            datas.append(getattr(contract, function).encode_input(*args))
        except Exception as exc:  # brownie raises several types for bad arguments
            raise UserError(f"--call {spec}: {str(exc).splitlines()[0]}") from None
        targets.append(contract.address)
    _propose(ctx, ctx.governor, targets, datas, description, sender, yes, dry_run, " + ".join(calls))


def _propose(
    ctx: Ctx,
    gov: Any,
    targets: list[str],
    datas: list[str],
    description: str,
    sender: str | None,
    yes: bool,
    dry_run: bool,
    label: str,
) -> None:
    if not description.strip():
        raise UserError("--description must not be empty")
    who = ctx.sender(sender)
    votes, needed = gov.getVotes(who, _now() - 1), gov.proposalThreshold()
    if votes < needed:
        raise UserError(f"{who} holds {votes / 1e18:,.0f} GT; proposing needs {needed / 1e18:,.0f} GT")
    pid = gov.hashProposal(targets, [0] * len(targets), datas, to_bytes(web3.keccak(text=description), "bytes32"))
    if gov.proposalSnapshot(pid) != 0:
        raise UserError(f"this exact proposal already exists (id {pid}); change the description")
    console.print(f"Proposal id will be {pid}", soft_wrap=True)
    _send(
        f"propose {label} — '{description}'",
        gov.propose,
        [targets, [0] * len(targets), datas, description],
        who,
        yes,
        dry_run,
    )


@cli.command("propose-listing")
@click.option("--token", required=True)
@click.option("--team", required=True)
@click.option("--application", required=True, help="bytes32 hash of the listing application")
@click.option("--description", required=True)
@click.option("--registry", default=None, help="listing registry address (default: ListingRegistry)")
@sending
def propose_listing(
    token: str,
    team: str,
    application: str,
    description: str,
    registry: str | None,
    sender: str | None,
    yes: bool,
    dry_run: bool,
) -> None:
    """Proposes a listing vote: if it passes, the timelock calls registry.list(token, team, application)."""
    token = parse_address(token, "--token")
    team = parse_address(team, "--team")
    application = parse_bytes32(application, "--application")
    ctx = Ctx()
    if registry:
        address = parse_address(registry, "--registry")
    elif "ListingRegistry" in ctx.addresses:
        address = ctx.addresses["ListingRegistry"]
    else:
        raise UserError("no ListingRegistry in this deployment; pass --registry 0x...")
    from brownie import Contract

    abi = [
        {
            "type": "function",
            "name": "list",
            "stateMutability": "nonpayable",
            "outputs": [],
            "inputs": [
                {"name": "token", "type": "address"},
                {"name": "projectTeam", "type": "address"},
                {"name": "applicationHash", "type": "bytes32"},
            ],
        }
    ]
    reg = Contract.from_abi("IListingVotes", address, abi)
    data = reg.list.encode_input(token, team, application)
    _propose(ctx, ctx.governor, [address], [data], description, sender, yes, dry_run, f"list({token})")


@cli.command()
@click.option("--proposal", required=True)
@click.option("--recall", is_flag=True, help="a recall proposal (recall governor)")
def show(proposal: str, recall: bool) -> None:
    """Shows a proposal's state, votes, quorum and deadline."""
    ctx = Ctx()
    gov = ctx.recall if recall else ctx.governor
    pid = _proposal_id(proposal)
    p = _find_proposal(gov, pid)
    against, for_, abstain = gov.proposalVotes(pid)
    snap = gov.proposalSnapshot(pid)
    q = gov.quorum(snap) if snap < _now() else None
    rows = [
        ("description", p["description"]),
        ("state", _state(gov, pid)),
        ("votes", f"for {for_ / 1e18:,.0f}, against {against / 1e18:,.0f}, abstain {abstain / 1e18:,.0f} GT"),
        ("quorum", f"{q / 1e18:,.0f} GT (for + abstain)" if q is not None else "known once the snapshot has passed"),
        ("snapshot / deadline", f"{snap} / {gov.proposalDeadline(pid)} (now {_now()})"),
    ]
    console.print(table(f"Proposal {pid}", rows))


@cli.command()
@click.option("--proposal", required=True)
@click.option("--support", required=True, help="for, against or abstain")
@click.option("--reason", default="")
@click.option("--recall", is_flag=True, help="a recall proposal (recall governor)")
@sending
def vote(proposal: str, support: str, reason: str, recall: bool, sender: str | None, yes: bool, dry_run: bool) -> None:
    """Casts a vote weighted by your GT at the proposal snapshot."""
    value = parse_support(support)
    ctx = Ctx()
    gov = ctx.recall if recall else ctx.governor
    pid = _proposal_id(proposal)
    _find_proposal(gov, pid)
    state = _state(gov, pid)
    if state != "Active":
        raise UserError(f"proposal {pid} is {state}; votes are accepted only while it is Active")
    who = ctx.sender(sender)
    if gov.hasVoted(pid, who):
        raise UserError(f"{who} already voted on proposal {pid}")
    weight = gov.getVotes(who, gov.proposalSnapshot(pid))
    console.print(f"Your weight at the snapshot: {weight / 1e18:,.0f} GT")
    _send(f"castVoteWithReason({pid}, {support})", gov.castVoteWithReason, [pid, value, reason], who, yes, dry_run)


@cli.command()
@click.option("--proposal", required=True)
@sending
def queue(proposal: str, sender: str | None, yes: bool, dry_run: bool) -> None:
    """Queues a passed resolution or listing vote in the timelock."""
    _lifecycle(Ctx(), _proposal_id(proposal), False, "queue", sender, yes, dry_run)


@cli.command()
@click.option("--proposal", required=True)
@click.option("--recall", is_flag=True)
@sending
def execute(proposal: str, recall: bool, sender: str | None, yes: bool, dry_run: bool) -> None:
    """Executes a queued proposal after the timelock delay (or a passed recall)."""
    _lifecycle(Ctx(), _proposal_id(proposal), recall, "execute", sender, yes, dry_run)


@cli.command()
@click.option("--member", required=True)
@click.option("--description", required=True)
@sending
def recall(member: str, description: str, sender: str | None, yes: bool, dry_run: bool) -> None:
    """Proposes the recall of a committee member (higher quorum, supermajority)."""
    member = parse_address(member, "--member")
    ctx = Ctx()
    c = ctx.committee
    term_id = c.currentTerm()[0]
    if not c.isMember(member):
        raise UserError(f"{member} is not a current committee member")
    try:
        check_recall(member, term_id, term_id, True)
    except Refusal as exc:
        raise UserError(str(exc)) from None
    _propose(
        ctx,
        ctx.recall,
        [c.address],
        [c.recall.encode_input(member, term_id)],
        description,
        sender,
        yes,
        dry_run,
        f"recall({member}, term {term_id})",
    )


@cli.command("election-open")
@sending
def election_open(sender: str | None, yes: bool, dry_run: bool) -> None:
    """Opens a committee election (when the term nears its end, has ended, or a seat is vacant)."""
    ctx = Ctx()
    c = ctx.committee
    latest = c.electionCount()
    if latest and not c.electionInfo(latest)[3]:
        raise UserError(f"election {latest} is still in progress")
    _t, _e, term_end = c.currentTerm()
    lead = c.params()[6]
    if _now() + lead < term_end and c.memberCount() >= c.params()[0]:
        raise UserError(f"no election is due: elections open from {term_end - lead} (term ends {term_end})")
    _send("Committee.openElection()", c.openElection, [], ctx.sender(sender), yes, dry_run)


@cli.command()
@sending
def nominate(sender: str | None, yes: bool, dry_run: bool) -> None:
    """Nominates yourself in the open election."""
    ctx = Ctx()
    c = ctx.committee
    eid = c.electionCount()
    snap, nom_end, _vote_end, done = c.electionInfo(eid) if eid else (0, 0, 0, True)
    if not eid or done or not snap < _now() < nom_end:
        raise UserError("no election is accepting nominations now")
    who = ctx.sender(sender)
    if who in list(c.candidates(eid)[0]):
        raise UserError(f"{who} is already nominated in election {eid}")
    # The contract checks the weight at the election snapshot against the threshold: check it
    # here first, so a candidate below it gets one line and no reverted transaction.
    weight, needed = GTToken.at(c.token()).getPastVotes(who, snap), c.params()[7]
    if weight < needed:
        raise UserError(
            f"{who} held {format_gt(weight)} at the snapshot of election {eid} ({snap}); "
            f"nominating needs {format_gt(needed)}"
        )
    # A full list: the nominee must out-stake the weakest candidate (it displaces that one).
    listed = [(str(a), *c.candidate(eid, a)[1::-1]) for a in c.candidates(eid)[0]]
    try:
        displaced = check_nomination(str(who), weight, needed, listed, c.params()[2])
    except Refusal as exc:
        raise UserError(str(exc)) from None
    if displaced is not None:
        console.print(f"the candidate list is full: this nomination displaces {displaced}")
    _send(f"Committee.nominate() in election {eid}", c.nominate, [], who, yes, dry_run)


@cli.command("election-vote")
@click.option("--candidates", required=True, help="comma-separated candidate addresses (up to the seats)")
@sending
def election_vote(candidates: str, sender: str | None, yes: bool, dry_run: bool) -> None:
    """Votes in the open election: each named candidate receives your full snapshot weight."""
    picks = [parse_address(x.strip(), "--candidates") for x in candidates.split(",") if x.strip()]
    ctx = Ctx()
    c = ctx.committee
    eid = c.electionCount()
    if not eid:
        raise UserError("no election has been opened")
    _snap, nom_end, vote_end, done = c.electionInfo(eid)
    if done or not nom_end <= _now() < vote_end:
        raise UserError(f"election {eid} is not accepting votes now (votes from {nom_end} until {vote_end})")
    nominated = {str(x).lower() for x in c.candidates(eid)[0]}
    seats = c.params()[0]
    if not 1 <= len(picks) <= seats or len({p.lower() for p in picks}) != len(picks):
        raise UserError(f"name 1 to {seats} distinct candidates")
    unknown = [p for p in picks if p.lower() not in nominated]
    if unknown:
        raise UserError(f"not a candidate in election {eid}: {', '.join(unknown)}")
    who = ctx.sender(sender)
    if c.hasVoted(eid, who):
        raise UserError(f"{who} already voted in election {eid}")
    _send(f"Committee.vote({', '.join(picks)})", c.vote, [picks], who, yes, dry_run)


@cli.command("election-finalize")
@sending
def election_finalize(sender: str | None, yes: bool, dry_run: bool) -> None:
    """Finalizes the election after its voting window: the winners start a new term."""
    ctx = Ctx()
    c = ctx.committee
    eid = c.electionCount()
    if not eid or c.electionInfo(eid)[3]:
        raise UserError("no election is waiting to be finalized")
    vote_end = c.electionInfo(eid)[2]
    if _now() < vote_end:
        raise UserError(f"election {eid} is open for votes until {vote_end} ({vote_end - _now()} s from now)")
    eligible, turnout, required = c.electionTurnout(eid)
    try:
        check_turnout(turnout, required, eligible)
    except Refusal as exc:
        # Not a refusal: finalizing a failed election ends it so that another one can open.
        console.print(f"[yellow]{exc}[/]")
    tx = _send(
        f"Committee.finalizeElection() for election {eid}", c.finalizeElection, [], ctx.sender(sender), yes, dry_run
    )
    if tx is not None and "ElectionTurnoutTooLow" in tx.events:
        ev = tx.events["ElectionTurnoutTooLow"]
        console.print(
            f"election {eid} failed: turnout {format_gt(ev['turnout'])} below the minimum "
            f"{format_gt(ev['required'])}; nobody was seated, the sitting committee (if any) carries on"
        )
    elif tx is not None and "ElectionFailed" in tx.events:
        won = len(tx.events["ElectionFailed"]["winners"])
        console.print(
            f"election {eid} failed: {won} winner(s), fewer than the {c.params()[1]} approvals "
            "a committee needs; the sitting committee carries on"
        )
    elif tx is not None:
        console.print(f"new term: {', '.join(map(str, tx.events['ElectionFinalized']['winners'])) or 'no winners'}")


@cli.command()
@click.option("--seconds", required=True, type=click.IntRange(min=1))
def advance(seconds: int) -> None:
    """Moves a local chain's time forward (to walk through windows and the timelock)."""
    if not active_config().local:
        raise UserError("advance works on local chains only")
    chain.sleep(seconds)
    chain.mine()
    console.print(f"chain time is now {_now()}")


def main() -> None:
    def body() -> None:
        try:
            cli.main(args=script_args(), standalone_mode=False, prog_name="governance")
        except click.exceptions.Abort:
            raise UserError("cancelled: nothing was sent") from None
        except click.ClickException as exc:
            raise UserError(exc.format_message()) from None

    run_main(body)
