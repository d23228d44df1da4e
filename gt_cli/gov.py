"""`gt gov …` (resolutions, listing votes, recall) and `gt committee …` (members, elections).

A proposal is simulated before it is proposed as the timelock will execute it (each action an
eth_call from the timelock, or from the recall governor for a recall), so one that could only
fail at execution (listing an already listed token, an out-of-range parameter) is refused at once.
"""

from __future__ import annotations

from typing import Any

import click

from gt.governance_model import SUPPORT, Refusal, check_nomination, check_recall, check_turnout
from gt.units import format_gt, format_time, keccak256
from gt_chain.calls import encode_call, find_proposal, proposals
from gt_chain.errors import UserError
from gt_chain.pipeline import Call, simulate_as
from gt_chain.ui import emit, say, table
from gt_cli.app import CONTEXT, RUN, group, need, reads, sends
from gt_cli.params import ADDRESS, BYTES32

STATES = ("Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Expired", "Executed")

gov = group("gov", "Community governance: propose resolutions and listing votes, vote, queue, execute, recall.")
committee = group(
    "committee",
    "The committee: members and term, elections (open, nominate, vote, finalize), its M-of-N actions.",
    lazy={"action": "gt_cli.committee_actions:action"},
)
recall_option = click.option("--recall", "is_recall", is_flag=True, help="a recall proposal (the recall governor)")


def _governor(is_recall: bool) -> tuple[Any, str]:
    name = "RecallGovernor" if is_recall else "GTGovernor"
    return RUN.session().contract(name), name


def _propose(
    name: str, targets: list[str], datas: list[str], labels: list[str], description: str, executor: str
) -> None:
    """Checks, simulates as `executor` will execute, then proposes through the pipeline."""
    need(bool(description.strip()), "--description must not be empty")
    session = RUN.session()
    sender = RUN.from_(None)
    governor = session.contract(name)
    now = session.now()
    votes = governor.functions.getVotes(sender.address, now - 1).call()
    needed = governor.functions.proposalThreshold().call()
    need(votes >= needed, f"{sender} holds {format_gt(votes)}; proposing needs {format_gt(needed)}")
    values = [0] * len(targets)
    pid = governor.functions.hashProposal(targets, values, datas, keccak256(description)).call()
    need(
        governor.functions.proposalSnapshot(pid).call() == 0,
        f"this exact proposal already exists (id {pid}); change the description",
    )
    executor_address = session.address(executor)
    for target, data, label in zip(targets, datas, labels, strict=True):
        reason = simulate_as(session, executor_address, target, data)
        need(
            reason is None,
            f"refused: {label} would revert when the {executor} executes it: {reason}; nothing was proposed",
        )
    say(f"proposal id {pid}; every action simulated as the {executor} will execute it")
    outcome = RUN.send(
        sender,
        [
            Call(
                governor,
                name,
                "propose",
                (targets, values, datas, description),
                {"calldatas": "[" + ", ".join(labels) + "]", "description": repr(description)},
            )
        ],
        f"Propose on {name}",
    )
    emit({**outcome.as_json(), "proposal": str(pid)})


@gov.command("propose", context_settings=CONTEXT)
@click.option(
    "--call",
    "calls",
    multiple=True,
    required=True,
    help="Contract.function(arg, …) the timelock will call, repeatable (e.g. 'GTGovernor.setQuorumBps(500)')",
)
@click.option("--description", required=True)
@sends
def propose_cmd(calls: tuple[str, ...], description: str) -> None:
    """Propose a community resolution: calls the timelock makes if the vote passes."""
    session = RUN.session()
    encoded = [encode_call(session, spec) for spec in calls]
    _propose(
        "GTGovernor", [e[1] for e in encoded], [e[2] for e in encoded], [e[3] for e in encoded], description, "Timelock"
    )


@gov.command("propose-listing", context_settings=CONTEXT)
@click.option("--token", type=ADDRESS, required=True, help="the token to list")
@click.option("--team", type=ADDRESS, required=True, help="the project team's address")
@click.option("--application", type=BYTES32, required=True, help="the listing application's 32-byte hash")
@click.option("--description", required=True)
@sends
def propose_listing_cmd(token: str, team: str, application: bytes, description: str) -> None:
    """Propose a listing vote: if it passes, the timelock calls ListingRegistry.list(token, team, application)."""
    session = RUN.session()
    registry = session.contract("ListingRegistry")
    status = registry.functions.statusOf(token).call()
    need(status == 0, f"{token} is already in the listing registry (status {status}); it cannot be listed again")
    data = registry.encode_abi("list", args=[token, team, application])
    _propose(
        "GTGovernor",
        [registry.address],
        [data],
        [f"ListingRegistry.list({token}, {team}, 0x{application.hex()})"],
        description,
        "Timelock",
    )


@gov.command("recall", context_settings=CONTEXT)
@click.option("--member", type=ADDRESS, required=True, help="the committee member to recall")
@click.option("--description", required=True)
@sends
def recall_cmd(member: str, description: str) -> None:
    """Propose the recall of a committee member (higher quorum, supermajority; refilled by the runner-up)."""
    session = RUN.session()
    c = session.contract("Committee")
    term = c.functions.currentTermId().call()
    try:
        check_recall(member, term, term, c.functions.isMember(member).call())
    except Refusal as exc:
        raise UserError(str(exc)) from None
    # The recall names the term: voted in this term, it is void once the member is re-elected.
    data = c.encode_abi("recall", args=[member, term])
    _propose(
        "RecallGovernor",
        [c.address],
        [data],
        [f"Committee.recall({member}, term {term})"],
        description,
        "RecallGovernor",
    )


def _pid(value: str, governor: Any = None) -> int:
    """A proposal id, or `latest` (the governor's most recent proposal)."""
    if value == "latest" and governor is not None:
        found = proposals(RUN.session(), governor)
        need(bool(found), "there is no proposal yet")
        return int(found[-1]["id"])
    try:
        pid = int(value, 0)
    except ValueError:
        need(False, f"--proposal: {value!r} is not a proposal id")
    need(0 < pid < 2**256, "--proposal: a proposal id is a positive uint256")
    return pid


def _proposal_rows(session: Any, governor: Any, p: dict[str, Any]) -> dict[str, Any]:
    f = governor.functions
    pid = p["id"]
    against, for_, abstain = f.proposalVotes(pid).call()
    snapshot = f.proposalSnapshot(pid).call()
    now = session.now()
    quorum = f.quorum(snapshot).call() if snapshot < now else None
    return {
        "id": str(pid),
        "description": p["description"],
        "state": STATES[f.state(pid).call()],
        "for": for_,
        "against": against,
        "abstain": abstain,
        "quorum": quorum,
        "snapshot": snapshot,
        "deadline": f.proposalDeadline(pid).call(),
        "actions": [
            f"{session.name_of(t) or t} 0x{d[:4].hex()}…" for t, d in zip(p["targets"], p["calldatas"], strict=True)
        ],
    }


@gov.command("proposals", context_settings=CONTEXT)
@recall_option
@click.option("--all", "show_all", is_flag=True, help="also finished proposals (executed, defeated, expired, canceled)")
@reads
def proposals_cmd(is_recall: bool, show_all: bool) -> None:
    """List proposals with their state and votes (open ones unless --all)."""
    session = RUN.session()
    governor, name = _governor(is_recall)
    items = [_proposal_rows(session, governor, p) for p in proposals(session, governor)]
    if not show_all:
        items = [i for i in items if i["state"] in ("Pending", "Active", "Succeeded", "Queued")]
    say(
        table(
            f"{name} proposals",
            [
                (
                    i["id"][:12] + "…",
                    i["state"],
                    i["description"][:50],
                    format_gt(i["for"]),
                    format_gt(i["against"]),
                    format_time(i["deadline"]),
                )
                for i in items
            ],
            ("id", "state", "description", "for", "against", "vote ends"),
        )
    )
    emit(
        [
            {
                **i,
                "for": str(i["for"]),
                "against": str(i["against"]),
                "abstain": str(i["abstain"]),
                "quorum": None if i["quorum"] is None else str(i["quorum"]),
            }
            for i in items
        ]
    )


@gov.command("show", context_settings=CONTEXT)
@click.option("--proposal", required=True, help="proposal id, or latest")
@recall_option
@reads
def show_cmd(proposal: str, is_recall: bool) -> None:
    """A proposal's state, votes, quorum, snapshot and deadline, and its actions."""
    session = RUN.session()
    governor, name = _governor(is_recall)
    p = find_proposal(session, governor, _pid(proposal, governor))
    i = _proposal_rows(session, governor, p)
    rows = [
        ("description", i["description"]),
        ("state", i["state"]),
        ("votes", f"for {format_gt(i['for'])}, against {format_gt(i['against'])}, abstain {format_gt(i['abstain'])}"),
        (
            "quorum",
            format_gt(i["quorum"]) + " (for + abstain)"
            if i["quorum"] is not None
            else "known once the snapshot has passed",
        ),
        ("snapshot", format_time(i["snapshot"])),
        ("vote ends", format_time(i["deadline"])),
        ("now", format_time(session.now())),
    ] + [(f"action {n}", a) for n, a in enumerate(i["actions"], 1)]
    if name == "GTGovernor" and i["state"] == "Queued":
        rows.append(("executable from", format_time(governor.functions.proposalEta(p["id"]).call())))
    say(table(f"{name} proposal {i['id']}", rows))
    emit(
        {
            **i,
            "for": str(i["for"]),
            "against": str(i["against"]),
            "abstain": str(i["abstain"]),
            "quorum": None if i["quorum"] is None else str(i["quorum"]),
        }
    )


@gov.command("vote", context_settings=CONTEXT)
@click.option("--proposal", required=True, help="proposal id, or latest")
@click.option("--support", type=click.Choice(sorted(SUPPORT)), required=True)
@click.option("--reason", default="", help="a reason recorded with the vote")
@recall_option
@sends
def vote_cmd(proposal: str, support: str, reason: str, is_recall: bool) -> None:
    """Vote, weighted by your GT at the proposal's snapshot."""
    session = RUN.session()
    governor, name = _governor(is_recall)
    pid = _pid(proposal, governor)
    find_proposal(session, governor, pid)
    state = STATES[governor.functions.state(pid).call()]
    need(state == "Active", f"proposal {pid} is {state}; votes are accepted only while it is Active")
    sender = RUN.from_(None)
    need(not governor.functions.hasVoted(pid, sender.address).call(), f"{sender} already voted on proposal {pid}")
    weight = governor.functions.getVotes(sender.address, governor.functions.proposalSnapshot(pid).call()).call()
    need(weight > 0, f"{sender} held no GT at the proposal's snapshot")
    say(f"your weight at the snapshot: {format_gt(weight)}")
    outcome = RUN.send(
        sender,
        [
            Call(
                governor,
                name,
                "castVoteWithReason",
                (pid, SUPPORT[support], reason),
                {"support": support, "proposalId": str(pid)},
            )
        ],
        f"Vote {support}",
    )
    emit(outcome.as_json())


def _lifecycle(proposal: str, is_recall: bool, action: str) -> None:
    session = RUN.session()
    governor, name = _governor(is_recall)
    pid = _pid(proposal, governor)
    p = find_proposal(session, governor, pid)
    state = STATES[governor.functions.state(pid).call()]
    if action == "queue":
        need(not is_recall, "recall proposals execute directly; there is no queue step")
        need(state == "Succeeded", f"proposal {pid} is {state}; only a Succeeded proposal can be queued")
    else:
        wanted = "Succeeded" if is_recall else "Queued"
        need(state == wanted, f"proposal {pid} is {state}; it must be {wanted} to execute")
        if not is_recall:
            eta, now = governor.functions.proposalEta(pid).call(), session.now()
            need(now >= eta, f"proposal {pid} is in the timelock until {format_time(eta)} ({eta - now} s from now)")
    sender = RUN.from_(None)
    args = (p["targets"], p["values"], p["calldatas"], keccak256(p["description"]))
    outcome = RUN.send(
        sender,
        [
            Call(
                governor,
                name,
                action,
                args,
                {"calldatas": f"[{len(p['calldatas'])} actions]", "descriptionHash": repr(p["description"])},
            )
        ],
        f"{action.capitalize()} proposal {pid}",
    )
    emit(outcome.as_json())


@gov.command("queue", context_settings=CONTEXT)
@click.option("--proposal", required=True, help="proposal id, or latest")
@sends
def queue_cmd(proposal: str) -> None:
    """Queue a passed proposal in the timelock."""
    _lifecycle(proposal, False, "queue")


@gov.command("execute", context_settings=CONTEXT)
@click.option("--proposal", required=True, help="proposal id, or latest")
@recall_option
@sends
def execute_cmd(proposal: str, is_recall: bool) -> None:
    """Execute a queued proposal after the timelock delay (or a passed recall)."""
    _lifecycle(proposal, is_recall, "execute")


# ------------------------------------------------------------------------------------ committee


def committee_info(session: Any) -> dict[str, Any]:
    c = session.contract("Committee").functions
    term_id, election, term_end = c.currentTerm().call()
    info: dict[str, Any] = {
        "members": list(c.members().call()),
        "approvals_needed": c.approvalThreshold().call(),
        "seated": c.memberCount().call(),
        "term": term_id,
        "term_election": election,
        "term_end": term_end,
        "membership_version": c.membershipVersion().call(),
    }
    latest = c.electionCount().call()
    if latest:
        snap, nom_end, vote_end, done = c.electionInfo(latest).call()
        accounts, weights = c.candidates(latest).call()
        info["election"] = {
            "id": latest,
            "snapshot": snap,
            "nominations_until": nom_end,
            "votes_until": vote_end,
            "finalized": done,
            "candidates": [{"account": a, "weight": str(w)} for a, w in zip(accounts, weights, strict=True)],
        }
    return info


@committee.command("show", context_settings=CONTEXT)
@reads
def committee_show_cmd() -> None:
    """Members, M of N, the term and its end, the latest election."""
    session = RUN.session()
    info = committee_info(session)
    now = session.now()
    rows = [(f"seat {i}", m) for i, m in enumerate(info["members"], 1)]
    rows += [
        ("approvals needed", f"{info['approvals_needed']} of {info['seated']} seated"),
        (
            "term",
            f"#{info['term']} ({'bootstrap' if info['term_election'] == 0 else 'election ' + str(info['term_election'])}), "
            f"ends {format_time(info['term_end'])}" + (" — EXPIRED" if now >= info["term_end"] else ""),
        ),
    ]
    if "election" in info:
        e = info["election"]
        rows.append(
            (
                f"election {e['id']}",
                f"nominations until {format_time(e['nominations_until'])}, votes until "
                f"{format_time(e['votes_until'])}{', finalized' if e['finalized'] else ''}",
            )
        )
        rows += [
            (f"  candidate {n}", f"{c['account']}  {format_gt(int(c['weight']))}")
            for n, c in enumerate(e["candidates"], 1)
        ]
    say(table("Committee", rows))
    emit(info)


election = group("election", "Committee elections: open, nominate yourself, vote, finalize.")
committee.add_command(election)


def _election(session: Any) -> tuple[Any, int, tuple[int, int, int, bool]]:
    c = session.contract("Committee")
    eid = c.functions.electionCount().call()
    return c, eid, tuple(c.functions.electionInfo(eid).call()) if eid else (0, 0, 0, True)


@election.command("open", context_settings=CONTEXT)
@sends
def election_open_cmd() -> None:
    """Open an election (from the lead time before the term ends, or when a seat is vacant)."""
    session = RUN.session()
    c, eid, info = _election(session)
    need(not eid or info[3], f"election {eid} is still in progress")
    params = c.functions.params().call()
    _t, _e, term_end = c.functions.currentTerm().call()
    now = session.now()
    need(
        now + params[6] >= term_end or c.functions.memberCount().call() < params[0],
        f"no election is due: elections open from {format_time(term_end - params[6])} (the term ends {format_time(term_end)})",
    )
    emit(RUN.send(RUN.from_(None), [Call(c, "Committee", "openElection", ())], "Open an election").as_json())


@election.command("nominate", context_settings=CONTEXT)
@sends
def nominate_cmd() -> None:
    """Nominate yourself (the sender) in the open election."""
    session = RUN.session()
    c, eid, (snap, nom_end, _v, done) = _election(session)
    now = session.now()
    need(bool(eid) and not done and snap < now < nom_end, "no election is accepting nominations now")
    sender = RUN.from_(None)
    token = session.contract("GTToken")
    params = c.functions.params().call()
    weight, needed, max_candidates = token.functions.getPastVotes(sender.address, snap).call(), params[7], params[2]
    listed = []
    for account in c.functions.candidates(eid).call()[0]:
        number, stake, _votes = c.functions.candidate(eid, account).call()
        listed.append((account, stake, number))
    try:
        displaced = check_nomination(sender.address, weight, needed, listed, max_candidates)
    except Refusal as exc:
        raise UserError(f"election {eid}: {exc} (GT amounts in wei)") from None
    if displaced is not None:
        say(f"the list is full: this nomination displaces the weakest candidate, {displaced}")
    emit(RUN.send(sender, [Call(c, "Committee", "nominate", ())], f"Nominate in election {eid}").as_json())


@election.command("vote", context_settings=CONTEXT)
@click.option(
    "--candidate", "picks", type=ADDRESS, multiple=True, required=True, help="a candidate (repeat, up to the seats)"
)
@sends
def election_vote_cmd(picks: tuple[str, ...]) -> None:
    """Vote: each named candidate receives your full weight at the election snapshot."""
    session = RUN.session()
    c, eid, (_s, nom_end, vote_end, done) = _election(session)
    now = session.now()
    need(bool(eid) and not done and nom_end <= now < vote_end, "no election is accepting votes now")
    seats = c.functions.params().call()[0]
    need(1 <= len(picks) <= seats and len(set(picks)) == len(picks), f"name 1 to {seats} distinct candidates")
    nominated = set(c.functions.candidates(eid).call()[0])
    unknown = [p for p in picks if p not in nominated]
    need(not unknown, f"not a candidate in election {eid}: {', '.join(unknown)}")
    sender = RUN.from_(None)
    need(not c.functions.hasVoted(eid, sender.address).call(), f"{sender} already voted in election {eid}")
    emit(RUN.send(sender, [Call(c, "Committee", "vote", (list(picks),))], f"Vote in election {eid}").as_json())


@election.command("finalize", context_settings=CONTEXT)
@sends
def election_finalize_cmd() -> None:
    """Finalize the election after its voting window: the winners start a new term."""
    session = RUN.session()
    c, eid, (_s, _n, vote_end, done) = _election(session)
    need(bool(eid) and not done, "no election is waiting to be finalized")
    need(session.now() >= vote_end, f"election {eid} takes votes until {format_time(vote_end)}")
    eligible, turnout, required = c.functions.electionTurnout(eid).call()
    try:
        check_turnout(turnout, required, eligible)
    except Refusal as exc:  # finalizing is still right: it records the failure and lets a new election open
        say(f"[yellow]warning:[/] {exc}")
    outcome = RUN.send(RUN.from_(None), [Call(c, "Committee", "finalizeElection", ())], f"Finalize election {eid}")
    failed = outcome.event("ElectionFailed")
    if failed is not None:
        say(f"election {eid} failed (too low a turnout or too few winners): the sitting committee carries on")
    emit(outcome.as_json())


__all__ = ["committee", "gov"]
