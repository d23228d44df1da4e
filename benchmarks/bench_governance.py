"""Gas of the governance operations: propose, cast vote, queue, execute, nominate (also into a
full list, displacing the weakest), election vote,
finalize with 7 seats and 50 candidates (worst case for the top-k insertion: every candidate
has weight, nominated in increasing weight order), and a recall that scans 50 candidates for
the runner-up. Writes benchmarks/results/governance.json.

    brownie run benchmarks/bench_governance.py --network anvil-h5
"""

from __future__ import annotations

import json
from pathlib import Path

from brownie import accounts, chain, web3
from brownie.convert import to_bytes

from gt_chain.deployment import deploy_system
from gt_chain.stages import governance

GT = 10**18
OUT = Path(__file__).resolve().parent / "results" / "governance.json"
FINALIZE_TARGET = 1_500_000


def row(operation, gas, target=None, ok=None):
    return {
        "operation": operation,
        "gas": int(gas),
        "reference": None,
        "reference_gas": None,
        "target": target,
        "ok": ok,
    }


def advance(seconds):
    chain.sleep(seconds)
    chain.mine()


def main() -> None:
    d = deploy_system()
    governance.finalize(d)
    gt, gov, committee, recall = (
        d.token,
        d.contracts["GTGovernor"],
        d.contracts["Committee"],
        d.contracts["RecallGovernor"],
    )
    cfg = governance.settings(d)
    fund, alice, bob = accounts[3], accounts[10], accounts[11]  # the BG fund: the only GT not in a system contract
    gt.transfer(alice, 100_000_000 * GT, {"from": fund})
    gt.transfer(bob, 10_000_000 * GT, {"from": fund})
    rows = []

    # Resolution lifecycle.
    call = gov.setQuorumBps.encode_input(500)
    desc = "bench: quorum 5%"
    advance(2)
    tx = gov.propose([gov.address], [0], [call], desc, {"from": alice})
    rows.append(row("GTGovernor.propose (1 action)", tx.gas_used))
    pid = tx.events["ProposalCreated"]["proposalId"]
    advance(cfg.governor.voting_delay + 1)
    rows.append(row("GTGovernor.castVote (first vote)", gov.castVote(pid, 0, {"from": bob}).gas_used))
    rows.append(row("GTGovernor.castVote (reaches quorum)", gov.castVote(pid, 1, {"from": alice}).gas_used))
    advance(cfg.governor.voting_period + cfg.governor.late_quorum_extension + 1)
    dh = to_bytes(web3.keccak(text=desc), "bytes32")
    rows.append(row("GTGovernor.queue", gov.queue([gov.address], [0], [call], dh, {"from": bob}).gas_used))
    advance(cfg.governor.timelock_delay + 1)
    rows.append(
        row("GTGovernor.execute (via timelock)", gov.execute([gov.address], [0], [call], dh, {"from": bob}).gas_used)
    )

    # Election: 50 candidates with increasing weights, each voting for itself; a 51st nominee with
    # the largest stake then displaces the weakest (a scan of the full list).
    cands = [accounts.add() for _ in range(51)]
    for i, c in enumerate(cands):
        accounts[0].transfer(c, "0.1 ether")
        gt.transfer(c, (10_000 + i) * GT, {"from": fund})
    _t, _e, term_end = committee.currentTerm()
    advance(term_end - cfg.committee.election_lead_time - chain[-1].timestamp)
    rows.append(row("Committee.openElection", committee.openElection({"from": alice}).gas_used))
    nominate = [committee.nominate({"from": c}).gas_used for c in cands[:50]]
    rows.append(row("Committee.nominate", max(nominate)))
    displacing = committee.nominate({"from": cands[50]})
    assert "CandidateDisplaced" in displacing.events
    rows.append(row("Committee.nominate (full list: displaces the weakest of 50)", displacing.gas_used))
    cands = cands[1:]  # cands[0] was displaced
    advance(cfg.committee.nomination_period)
    ballot7 = cands[-7:]
    rows.append(row("Committee.vote (7 candidates)", committee.vote(ballot7, {"from": alice}).gas_used))
    one = [committee.vote([c], {"from": c}).gas_used for c in cands]
    rows.append(row("Committee.vote (1 candidate)", max(one)))
    advance(cfg.committee.voting_period)
    fin = committee.finalizeElection({"from": bob}).gas_used
    rows.append(
        row(
            "Committee.finalizeElection (7 seats, 50 candidates, worst case)",
            fin,
            f"<= {FINALIZE_TARGET:,}",
            fin <= FINALIZE_TARGET,
        )
    )

    # Recall (runner-up scan over 50 candidates) and an M-of-N action.
    member = committee.members()[0]
    rdesc = "bench: recall"
    rcall = committee.recall.encode_input(member, committee.currentTerm()[0])
    rtx = recall.propose([committee.address], [0], [rcall], rdesc, {"from": alice})
    rpid = rtx.events["ProposalCreated"]["proposalId"]
    advance(cfg.recall.voting_delay + 1)
    recall.castVote(rpid, 1, {"from": alice})
    advance(cfg.recall.voting_period + 1)
    rex = recall.execute([committee.address], [0], [rcall], to_bytes(web3.keccak(text=rdesc), "bytes32"), {"from": bob})
    rows.append(row("RecallGovernor.execute (recall + refill, 50 candidates)", rex.gas_used))
    seated = list(committee.members())
    # The call reverts when executed; only the gas of proposing and approving is measured.
    target_call = committee.setParams.encode_input((7, 4, 50, 100, 1, 1, 1, 0, 500, 100, 100))
    aid = committee.proposeAction(gov.address, target_call, {"from": seated[0]})
    rows.append(row("Committee.proposeAction", aid.gas_used))
    aid = aid.events["ActionProposed"]["actionId"]
    rows.append(row("Committee.approveAction", committee.approveAction(aid, {"from": seated[1]}).gas_used))

    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(rows, indent=2) + "\n")
    for r in rows:
        print(
            f"{r['operation']:<70} {r['gas']:>10,}  {r['target'] or ''} {'' if r['ok'] is None else ('ok' if r['ok'] else 'OVER')}"
        )
    print(f"written to {OUT}")
