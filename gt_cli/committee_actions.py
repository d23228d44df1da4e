"""`gt committee action show|approve|execute`, and `propose_action`, through which the task commands
(`gt listing outage declare --committee`, `gt listing outage revoke`, `gt listing lift-st`) propose
what only the committee may do.

The Committee contract holds the committee roles of the other contracts; a member proposes an
action (a call the Committee will make), which counts as the member's approval; other members
approve; once the approval threshold of the current membership is met anyone executes it, within
the term and before the action expires. Every step checks what the Committee checks, and the
action's own call is simulated as the Committee will make it, so an action that could only fail
at execution is refused before it is proposed (and again before it is executed).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click

from gt.units import InputError, format_time, parse_uint
from gt_chain import abi
from gt_chain.errors import UserError
from gt_chain.ui import emit, say, table
from gt_cli.app import CONTEXT, RUN, group, need, reads, sends

ACTION_HELP = "the action's id (gt committee action show), or latest"

action = group("action", "Committee actions (M of N): show them, approve, execute (a task command proposes them).")


def _check_member(committee: Any, sender: Any) -> None:
    need(
        committee.functions.isMember(sender.address).call(),
        f"{sender} is not a member of the committee (only members propose and approve its actions)",
    )


def propose_action(
    session: Any, sender: Any, target_name: str, function: str, args: Sequence[Any], label: str, title: str
) -> None:
    """Proposes `target_name.function(args)` as a committee action from `sender` (a member), after
    simulating the call as the Committee contract will make it."""
    committee = session.contract("Committee")
    _check_member(committee, sender)
    target = session.contract(target_name)
    data = target.encode_abi(function, args=list(args))
    from gt_chain.pipeline import Call, simulate_as

    reason = simulate_as(session, committee.address, target.address, data)
    need(
        reason is None, f"refused: {label} would revert when the Committee executes it: {reason}; nothing was proposed"
    )
    outcome = RUN.send(
        sender,
        [Call(committee, "Committee", "proposeAction", (target.address, data), {"data": label})],
        f"{title} (a committee action)",
    )
    result = outcome.as_json()
    proposed = outcome.event("ActionProposed")
    if proposed is not None:
        aid = int(proposed["actionId"])
        needed = committee.functions.approvalThreshold().call()
        result["action"] = aid
        say(
            f"[green]committee action {aid} proposed[/] (1 of {needed} approvals, expires "
            f"{format_time(proposed['expiresAt'])}): members approve with `gt committee action approve --action {aid}`, "
            f"then anyone runs `gt committee action execute --action {aid}`"
        )
    emit(result)


def _action_text(_ctx: click.Context, _param: click.Parameter, value: str | None) -> int | str | None:
    """--action as an id or "latest", parsed before anything connects to a node."""
    if value is None:
        return None
    if value.strip().lower() == "latest":
        return "latest"
    try:
        return parse_uint(value, "--action")
    except InputError as exc:
        raise UserError(f"{exc} (an action id, or latest)") from None


def _action_id(committee: Any, value: int | str) -> int:
    """An action id, or `latest` (the most recent action)."""
    if value == "latest":
        count = committee.functions.actionCount().call()
        need(count > 0, "--action latest: the committee has no action yet")
        return int(count)
    return int(value)


def _action(session: Any, committee: Any, aid: int) -> dict[str, Any]:
    count = committee.functions.actionCount().call()
    need(1 <= aid <= count, f"--action {aid}: no such committee action (ids run from 1 to {count})")
    target, data, executed, approvals, expires = committee.functions.action(aid).call()
    return {
        "id": aid,
        "target": target,
        "call": describe_call(session, target, bytes(data)),
        "data": "0x" + bytes(data).hex(),
        "executed": executed,
        "approvals": approvals,
        "expires_at": expires,
    }


def describe_call(session: Any, target: str, data: bytes) -> str:
    """`Contract.function(name=value, …)` of call data to a system contract, or its selector."""
    from gt_chain import artifacts

    name = session.name_of(target)
    if name is not None and len(data) >= 4:
        for item in artifacts.abi(artifacts.type_of(name)):
            inputs = item.get("inputs", [])
            if item.get("type") == "function" and abi.selector(item["name"], inputs) == data[:4]:
                try:
                    values = abi.decode(inputs, data[4:])
                except abi.AbiError:
                    break
                args = ", ".join(
                    f"{i['name']}=0x{v.hex()}" if isinstance(v, bytes) else f"{i['name']}={v}"
                    for i, v in zip(inputs, values, strict=True)
                )
                return f"{name}.{item['name']}({args})"
    return f"{name or target} 0x{data[:4].hex()}…"


def _state(a: dict[str, Any], now: int, needed: int) -> str:
    if a["executed"]:
        return "executed"
    if now >= a["expires_at"]:
        return "expired"
    return "ready" if a["approvals"] >= max(needed, 1) else "awaiting approvals"


def _pending_action(aid_text: int | str) -> tuple[Any, Any, int, dict[str, Any]]:
    """(session, Committee, id, action) of an action that is neither executed nor expired."""
    session = RUN.session()
    committee = session.contract("Committee")
    aid = _action_id(committee, aid_text)
    a = _action(session, committee, aid)
    need(not a["executed"], f"committee action {aid} was already executed")
    need(session.now() < a["expires_at"], f"committee action {aid} expired at {format_time(a['expires_at'])}")
    return session, committee, aid, a


@action.command("show", context_settings=CONTEXT)
@click.option("--action", "aid_text", callback=_action_text, help="one action, by id or latest (default: every action)")
@reads
def show_cmd(aid_text: int | str | None) -> None:
    """Committee actions: the call, approvals of the current membership, expiry, state."""
    session = RUN.session()
    committee = session.contract("Committee")
    aid = None if aid_text is None else _action_id(committee, aid_text)
    ids = [aid] if aid is not None else list(range(1, committee.functions.actionCount().call() + 1))
    items = [_action(session, committee, i) for i in ids]
    now, needed = session.now(), committee.functions.approvalThreshold().call()
    for a in items:
        a["state"] = _state(a, now, needed)
    say(
        table(
            f"Committee actions ({needed} approvals needed)",
            [(str(a["id"]), a["call"], str(a["approvals"]), format_time(a["expires_at"]), a["state"]) for a in items],
            ("action", "call", "approvals", "expires", "state"),
        )
    )
    emit({"approvals_needed": needed, "actions": items})


@action.command("approve", context_settings=CONTEXT)
@click.option("--action", "aid_text", required=True, callback=_action_text, help=ACTION_HELP)
@sends
def approve_cmd(aid_text: int | str) -> None:
    """Approve a committee action as a member (--from names the member)."""
    from gt_chain.pipeline import Call

    session, committee, aid, a = _pending_action(aid_text)
    sender = RUN.from_(None)
    _check_member(committee, sender)
    outcome = RUN.send(
        sender, [Call(committee, "Committee", "approveAction", (aid,), {})], f"Approve committee action {aid}"
    )
    approved = outcome.event("ActionApproved")
    needed = committee.functions.approvalThreshold().call()
    if approved is not None:
        say(f"committee action {aid}: {approved['approvals']} of {needed} approvals")
    emit({**outcome.as_json(), "action": aid, "approvals_needed": needed})


@action.command("execute", context_settings=CONTEXT)
@click.option("--action", "aid_text", required=True, callback=_action_text, help=ACTION_HELP)
@sends
def execute_cmd(aid_text: int | str) -> None:
    """Execute a committee action that has its approvals (anyone may send it)."""
    from gt_chain.pipeline import Call, simulate_as

    session, committee, aid, a = _pending_action(aid_text)
    now = session.now()
    _t, _e, term_end = committee.functions.currentTerm().call()
    need(now < term_end, f"the committee's term ended at {format_time(term_end)}: no action executes until a new term")
    needed = committee.functions.approvalThreshold().call()
    need(
        a["approvals"] >= max(needed, 1),
        f"committee action {aid} has {a['approvals']} of the {max(needed, 1)} approvals it needs",
    )
    reason = simulate_as(session, committee.address, a["target"], a["data"])
    need(reason is None, f"refused: {a['call']} would revert when the Committee executes it: {reason}")
    outcome = RUN.send(
        RUN.from_("operator"),
        [Call(committee, "Committee", "executeAction", (aid,), {"actionId": f"{aid}: {a['call']}"})],
        f"Execute committee action {aid}",
    )
    emit({**outcome.as_json(), "action": aid})


__all__ = ["action", "describe_call", "propose_action"]
