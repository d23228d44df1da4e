"""Committee capture (issue 12): candidate-slot squatting, minimum turnout, zero-support refills,
the threshold against the seated count, action expiry, term-bound recalls, contract-account
voters, and a ranking whose weights are not in nomination (nor slot) order.

Every scenario is the attacker's: a holder spreading minimal stakes over 50 addresses, a thin
election, a puppet runner-up, a stale recall; the reference model (gt/governance_model.py)
predicts each outcome from the amounts the test sent, never from the chain's views."""

import pytest
from brownie import Committee, CommitteeVoterWallet, ListingRegistry, accounts

from gt.governance_model import (
    ElectionModel,
    approval_threshold,
    runner_up,
    share_ceil,
)
from tests.helpers import GT, STATE, Proposal, a, advance, custom_error, ints, now, reverts_with, send_at

ELIGIBLE = 190_000_000 * GT  # the BG fund's 200M less the 10M seeded into the DEX pair
ZERO = "0x" + "00" * 20


@pytest.fixture(scope="module")
def fund(gsys, bg_fund):
    """Makes fresh externally owned accounts holding exactly the given GT amounts (and gas money)."""

    def make(*amounts: int) -> list:
        made = []
        for amount in amounts:
            acct = accounts.add()
            accounts[0].transfer(acct, "1 ether")
            if amount:
                gsys.token.transfer(acct, amount, {"from": bg_fund})
            made.append(acct)
        return made

    return make


def open_election(committee, sender) -> int:
    _term, _eid, term_end = committee.currentTerm()
    lead = committee.params()[6]
    if now() + lead < term_end:
        advance(term_end - lead - now())
    return committee.openElection({"from": sender}).events["ElectionOpened"]["electionId"]


def to_voting(committee, eid) -> None:
    advance(committee.electionInfo(eid)[1] - now())


def to_end(committee, eid) -> None:
    advance(committee.electionInfo(eid)[2] - now())


def model_for(weights, cfg, **kw) -> ElectionModel:
    c = cfg.committee
    return ElectionModel(
        seats=kw.pop("seats", c.seats),
        weights={str(k): v for k, v in weights.items()},
        max_candidates=kw.pop("max_candidates", c.max_candidates),
        nomination_threshold=kw.pop("nomination_threshold", c.nomination_threshold_wei),
        eligible=ELIGIBLE,
        min_turnout_bps=c.min_turnout_bps,
        refill_min_bps=c.refill_min_bps,
        **kw,
    )


# ---------------------------------------------------------------- slot squatting


def test_fifty_minimal_candidates_cannot_keep_a_large_holder_out(committee, gcfg, fund, alice, bg_fund, gsys):
    """The issue's attack: 50 addresses at exactly the nomination threshold fill the list before a
    large holder nominates. The holder still stands (displacing the latest squatter) and wins."""
    bar = gcfg.committee.nomination_threshold_wei
    squatters = fund(*[bar] * gcfg.committee.max_candidates)
    late_squatter, whale_candidate, voter = fund(bar, 5_000_000 * GT, 20_000_000 * GT)
    weights = {s: bar for s in squatters + [late_squatter]} | {whale_candidate: 5_000_000 * GT, voter: 20_000_000 * GT}
    model = model_for(weights, gcfg)
    advance(2)
    eid = open_election(committee, alice)
    for s in squatters:
        committee.nominate({"from": s})
        assert model.nominate(str(s)) is None
    assert len(committee.candidates(eid)[0]) == gcfg.committee.max_candidates
    # Equal stake does not displace: the earlier nominee stays (the weakest is the latest nominated).
    with reverts_with("CommitteeCandidateListFull", a(late_squatter), bar, a(squatters[-1]), bar):
        committee.nominate({"from": late_squatter})
    tx = committee.nominate({"from": whale_candidate})
    assert model.nominate(str(whale_candidate)) == str(squatters[-1])
    ev = tx.events["CandidateDisplaced"]
    assert (ev["displaced"], ev["candidate"], ev["displacedStake"]) == (squatters[-1], whale_candidate, bar)
    assert tx.events["Nominated"]["index"] == len(squatters) - 1
    assert tx.events["Nominated"]["stake"] == 5_000_000 * GT
    assert [str(c) for c in committee.candidates(eid)[0]] == model.candidates
    assert ints(committee.candidate(eid, squatters[-1])) == (0, 0, 0)  # cleared
    assert ints(committee.candidate(eid, whale_candidate)) == (len(squatters) + 1, 5_000_000 * GT, 0)
    # The displaced squatter cannot come back with the same stake, nor receive votes.
    with reverts_with("CommitteeCandidateListFull", a(squatters[-1]), bar, a(squatters[-2]), bar):
        committee.nominate({"from": squatters[-1]})
    to_voting(committee, eid)
    with reverts_with("CommitteeInvalidCandidate", a(squatters[-1])):
        committee.vote([squatters[-1]], {"from": voter})
    # The squatters vote for seven of their own; a real voter backs the large holder.
    for s in squatters[:20]:
        ballot = squatters[:7]
        assert committee.vote(ballot, {"from": s}).events["ElectionVoteCast"]["weight"] == model.vote(
            str(s), [str(b) for b in ballot]
        )
    committee.vote([whale_candidate], {"from": voter})
    model.vote(str(voter), [str(whale_candidate)])
    to_end(committee, eid)
    tx = committee.finalizeElection({"from": alice})
    winners = [str(w) for w in tx.events["ElectionFinalized"]["winners"]]
    assert winners == model.winners() and winners[0] == str(whale_candidate)
    assert committee.isMember(whale_candidate)


# ---------------------------------------------------------------- minimum turnout


def test_a_low_turnout_election_seats_no_one_even_after_the_term_expired(
    committee, gcfg, fund, alice, committee_members
):
    """Today an expired committee is replaced by whoever a thin election names; now an election
    below `min_turnout_percent` of the eligible supply seats no one. One wei more does."""
    required = share_ceil(ELIGIBLE, gcfg.committee.min_turnout_bps)
    assert required == 9_500_000 * GT
    cand, thin, wei = fund(gcfg.committee.nomination_threshold_wei, required - 1, 1)
    advance(2)
    _t, _e, term_end = committee.currentTerm()
    advance(term_end - now())
    assert committee.memberCount() == 0 and committee.approvalThreshold() == 0
    for enough in (False, True):
        eid = committee.openElection({"from": alice}).events["ElectionOpened"]["electionId"]
        committee.nominate({"from": cand})
        to_voting(committee, eid)
        committee.vote([cand], {"from": thin})
        if enough:
            committee.vote([cand], {"from": wei})
        assert ints(committee.electionTurnout(eid)) == (ELIGIBLE, required - 1 + enough, required)
        to_end(committee, eid)
        tx = committee.finalizeElection({"from": alice})
        if not enough:
            assert dict(tx.events["ElectionTurnoutTooLow"]) == {
                "electionId": eid,
                "turnout": required - 1,
                "required": required,
            }
            assert "ElectionFailed" in tx.events and "TermStarted" not in tx.events
            assert committee.memberCount() == 0 and not committee.isMember(cand)
    assert "ElectionTurnoutTooLow" not in tx.events and list(tx.events["ElectionFinalized"]["winners"]) == [cand]
    # One member seated: the threshold follows the seated count (1), never 4 of 1.
    assert committee.memberCount() == 1 and committee.approvalThreshold() == 1


def test_a_low_turnout_election_leaves_the_sitting_committee_in_office(committee, gcfg, fund, alice, committee_members):
    cand, thin = fund(gcfg.committee.nomination_threshold_wei, 1_000_000 * GT)
    seven = fund(*[gcfg.committee.nomination_threshold_wei] * 6)
    advance(2)
    eid = open_election(committee, alice)
    for c in [cand] + seven:
        committee.nominate({"from": c})
    to_voting(committee, eid)
    committee.vote([cand] + seven, {"from": thin})  # 7 winners >= 4, but 1M < 9.5M turnout
    to_end(committee, eid)
    version = committee.membershipVersion()
    tx = committee.finalizeElection({"from": alice})
    assert "ElectionTurnoutTooLow" in tx.events and "TermStarted" not in tx.events
    assert [str(m) for m in committee.members()] == [str(m) for m in committee_members]
    assert committee.membershipVersion() == version


# ---------------------------------------------------------------- refills, vacancies, threshold


@pytest.fixture(scope="module")
def small(gsys, governor, deployer, gcfg):
    """A fresh Committee on the real GT token and governor supply (3 seats, M = 2, 4 candidate
    slots), whose recaller is an externally owned account, so recalls are direct calls."""
    recaller = accounts[6]
    params = (3, 2, 4, 30 * 86_400, 600, 600, 30 * 86_400, 1_000 * GT, 500, 100, 3_600)
    c = Committee.deploy(gsys.token, deployer, [accounts[8], accounts[13]], params, governor, {"from": deployer})
    c.setRecaller(recaller, {"from": deployer})
    return {"committee": c, "recaller": recaller}


def test_ranking_uses_weights_and_nomination_order_not_slots(small, fund, gcfg, alice):
    """Weights out of nomination order, a displacement that puts a later nominee in an earlier slot,
    and a tie across it: finalize's insertion must rank by (weight, nomination number)."""
    c = small["committee"]
    k = 1_000 * GT
    c0, c1, c2, c3, c4 = fund(3 * k, 1 * k, 2 * k, 2 * k, 5 * k)
    v1, v2, v3 = fund(11_000_000 * GT, 7_000_000 * GT, 4_000_000 * GT)
    weights = {c0: 3 * k, c1: 1 * k, c2: 2 * k, c3: 2 * k, c4: 5 * k, v1: 11_000_000 * GT, v2: 7_000_000 * GT}
    weights[v3] = 4_000_000 * GT
    model = model_for(weights, gcfg, seats=3, max_candidates=4, nomination_threshold=k)
    advance(2)
    eid = c.openElection({"from": alice}).events["ElectionOpened"]["electionId"]
    for x in (c0, c1, c2, c3, c4):
        c.nominate({"from": x})
        model.nominate(str(x))
    # c4 displaced c1 (the weakest) and took slot 1: slots [c0, c4, c2, c3], numbers [1, 5, 3, 4].
    assert list(c.candidates(eid)[0]) == [c0, c4, c2, c3] and model.candidates == [str(x) for x in (c0, c4, c2, c3)]
    to_voting(c, eid)
    ballots = {v1: [c3, c4, c2], v2: [c0, c2], v3: [c4, c0]}  # c2 18M; c4 15M; c0 11M; c3 11M
    for voter, ballot in ballots.items():
        c.vote(ballot, {"from": voter})
        model.vote(str(voter), [str(b) for b in ballot])
    to_end(c, eid)
    winners = [str(w) for w in c.finalizeElection({"from": alice}).events["ElectionFinalized"]["winners"]]
    # c2 (slot 2) first; c4 (slot 1) second; c0 and c3 tie at 11M: c0 was nominated first.
    assert winners == model.winners() == [str(c2), str(c4), str(c0)]


def test_refill_needs_minimum_support_and_the_threshold_follows_the_seated(small, fund, gsys, gcfg, alice):
    """A puppet runner-up with a sliver of support cannot refill a recalled seat; the seat stays
    vacant, and with fewer members seated than M every seated member must approve."""
    c, recaller = small["committee"], small["recaller"]
    k = 1_000 * GT
    minimum = share_ceil(ELIGIBLE, gcfg.committee.refill_min_bps)  # 1% of 190M = 1.9M
    m0, m1, m2, backed, puppet = fund(k, k, k, k, k)
    whale, backer, attacker_voter = fund(20_000_000 * GT, minimum, minimum - 1)
    weights = {x: k for x in (m0, m1, m2, backed, puppet)}
    weights |= {whale: 20_000_000 * GT, backer: minimum, attacker_voter: minimum - 1}
    model = model_for(weights, gcfg, seats=3, max_candidates=4, nomination_threshold=k)
    advance(2)
    eid = c.openElection({"from": alice}).events["ElectionOpened"]["electionId"]
    for x in (m0, m1, m2, backed):
        c.nominate({"from": x})
        model.nominate(str(x))
    # The list is full (4): the puppet needs more stake than the weakest. Give it a fresh election.
    to_voting(c, eid)
    for voter, ballot in ((whale, [m0, m1, m2]), (backer, [backed])):
        c.vote(ballot, {"from": voter})
        model.vote(str(voter), [str(b) for b in ballot])
    to_end(c, eid)
    c.finalizeElection({"from": alice})
    term = c.currentTerm()[0]
    seated, recalled = [str(x) for x in (m0, m1, m2)], []
    # First recall: `backed` got exactly the minimum; it refills.
    tx = c.recall(m0, term, {"from": recaller})
    assert runner_up(model, seated, [str(m0)]) == str(backed)
    assert dict(tx.events["MemberRecalled"]) == {"member": m0, "replacement": backed, "termId": term}
    recalled.append(str(m0))
    seated = [str(backed), str(m1), str(m2)]
    # A second election's puppet: not in this term's election at all. Within this term, the only
    # runner-up left has no votes: the seat stays vacant.
    tx = c.recall(m1, term, {"from": recaller})
    assert runner_up(model, seated, recalled + [str(m1)]) is None
    assert tx.events["MemberRecalled"]["replacement"] == ZERO
    assert c.memberCount() == 2 and c.approvalThreshold() == approval_threshold(2, 2) == 2
    tx = c.recall(m2, term, {"from": recaller})
    assert c.memberCount() == 1 and c.approvalThreshold() == approval_threshold(2, 1) == 1
    # The one seated member can act alone (it could not under "2 of 1"), and a by-election may open.
    registry = ListingRegistry.deploy(alice, *_listing_rules(), {"from": alice})
    registry.grantRole(registry.LISTER_ROLE(), c, {"from": alice})
    aid = c.proposeAction(registry, registry.list.encode_input(alice, puppet, "0x" + "44" * 32), {"from": backed})
    aid = aid.events["ActionProposed"]["actionId"]
    assert "TokenListed" in c.executeAction(aid, {"from": puppet}).events
    # With nobody seated the threshold is 0, yet a pending action can never run without an approval.
    data = registry.list.encode_input(puppet, alice, "0x" + "45" * 32)
    pending = c.proposeAction(registry, data, {"from": backed}).events["ActionProposed"]["actionId"]
    c.recall(backed, term, {"from": recaller})
    assert c.memberCount() == 0 and c.approvalThreshold() == 0
    with reverts_with("CommitteeNotEnoughApprovals", pending, 0, 0):
        c.executeAction(pending, {"from": puppet})
    c.openElection({"from": alice})


def test_a_puppet_runner_up_with_little_support_cannot_refill(small, fund, gcfg, alice):
    """Runners-up whose votes come from a holder with just under the refill minimum are skipped."""
    c, recaller = small["committee"], small["recaller"]
    k = 1_000 * GT
    minimum = share_ceil(ELIGIBLE, gcfg.committee.refill_min_bps)
    m0, m1, m2, puppet = fund(k, k, k, k)
    whale, attacker_voter = fund(20_000_000 * GT, minimum - 1)
    weights = {x: k for x in (m0, m1, m2, puppet)} | {whale: 20_000_000 * GT, attacker_voter: minimum - 1}
    model = model_for(weights, gcfg, seats=3, max_candidates=4, nomination_threshold=k)
    advance(2)
    eid = c.openElection({"from": alice}).events["ElectionOpened"]["electionId"]
    for x in (m0, m1, m2, puppet):
        c.nominate({"from": x})
        model.nominate(str(x))
    to_voting(c, eid)
    for voter, ballot in ((whale, [m0, m1, m2]), (attacker_voter, [puppet])):
        c.vote(ballot, {"from": voter})
        model.vote(str(voter), [str(b) for b in ballot])
    to_end(c, eid)
    c.finalizeElection({"from": alice})
    assert model.totals[str(puppet)] == minimum - 1 > 0
    tx = c.recall(m0, c.currentTerm()[0], {"from": recaller})
    assert runner_up(model, [str(x) for x in (m0, m1, m2)], [str(m0)]) is None
    assert tx.events["MemberRecalled"]["replacement"] == ZERO and not c.isMember(puppet)
    assert c.memberCount() == 2


def _listing_rules():
    from gt.listing.config import parse_listing_config

    cfg = parse_listing_config(None)
    return cfg.thresholds.as_tuple(), cfg.periods.as_tuple()


# ---------------------------------------------------------------- action expiry


def test_actions_expire_at_the_exact_second(committee, committee_members, gcfg, alice, bob):
    """Approving and executing work until `expiresAt - 1` and are refused from `expiresAt` on
    (Anvil lands each transaction on the exact second; Ganache on it or a second later, and the
    assertions follow the second the block really carries)."""
    members = committee_members
    registry = ListingRegistry.deploy(alice, *_listing_rules(), {"from": alice})
    registry.grantRole(registry.LISTER_ROLE(), committee, {"from": alice})
    lifetime = gcfg.committee.action_lifetime
    ids = []
    for n, approvers in ((1, members[1:4]), (2, members[1:3])):
        data = registry.list.encode_input(accounts[n], bob, "0x" + f"{n:02x}" * 32)
        tx = committee.proposeAction(registry, data, {"from": members[0]})
        aid = tx.events["ActionProposed"]["actionId"]
        assert tx.events["ActionProposed"]["expiresAt"] == tx.timestamp + lifetime
        # The action() view: target, calldata, executed, approvals, expiry.
        target, calldata, executed, approvals, expires_at = committee.action(aid)
        assert (target, str(calldata), executed) == (registry, data, False)
        assert (int(approvals), int(expires_at)) == (1, tx.timestamp + lifetime)
        for m in approvers:
            committee.approveAction(aid, {"from": m})
        ids.append((aid, tx.timestamp + lifetime))
        advance(5)
    (first, expires1), (second, expires2) = ids
    # The last second: executing (4 of 4 approvals) still works.
    landed, _tx, msg = send_at(expires1 - 1, committee.executeAction, first, {"from": alice})
    assert (msg is None) == (landed < expires1)
    assert msg is not None or registry.projectTeam(accounts[1]) == bob
    # The last second: approving still works; from the expiry second on, executing is refused.
    landed, _tx, msg = send_at(expires2 - 1, committee.approveAction, second, {"from": members[3]})
    assert (msg is None) == (landed < expires2)
    landed, _tx, msg = send_at(max(expires2, landed + 1), committee.executeAction, second, {"from": alice})
    assert msg == custom_error("CommitteeActionExpired", second, expires2)
    with reverts_with("CommitteeActionExpired", second, expires2):
        committee.approveAction(second, {"from": members[4]})
    assert committee.action(second)[2] is False


# ---------------------------------------------------------------- recall bound to its term


def test_a_recall_from_an_earlier_term_is_void_after_re_election(
    committee, recall_gov, committee_members, gcfg, fund, gsys, bg_fund, alice, bob
):
    """A recall voted in term 1 and executed after the member's re-election into term 2 is void."""
    victim = committee_members[0]
    (voter,) = fund(60_000_000 * GT)
    for m in committee_members:
        gsys.token.transfer(m, gcfg.committee.nomination_threshold_wei, {"from": bg_fund})
    advance(2)
    eid = open_election(committee, alice)
    term = committee.currentTerm()[0]
    desc = f"Recall {victim} from term {term}"
    p = Proposal(recall_gov, voter, [committee], [committee.recall.encode_input(victim, term)], desc)
    # Proposing a recall that names another term is refused at once.
    with reverts_with("CommitteeRecallGovernorWrongTerm", term + 1, term):
        Proposal(recall_gov, voter, [committee], [committee.recall.encode_input(victim, term + 1)], "wrong term")
    for m in committee_members:
        committee.nominate({"from": m})
    p.to_voting()
    p.vote(voter, 1)
    to_voting(committee, eid)
    committee.vote(committee_members, {"from": voter})
    to_end(committee, eid)
    committee.finalizeElection({"from": alice})
    assert committee.currentTerm()[0] == term + 1 and committee.isMember(victim)
    assert now() > recall_gov.proposalDeadline(p.id) and p.state() == STATE["Succeeded"]
    with reverts_with("CommitteeRecallWrongTerm", a(victim), term, term + 1):
        p.execute(bob)
    assert committee.isMember(victim) and committee.memberCount() == 7


# ---------------------------------------------------------------- contract-account voters


def test_a_contract_account_nominates_and_votes_with_its_own_weight(committee, gsys, bg_fund, fund, alice, deployer):
    """A smart-wallet holder votes with its own balance; the externally owned account that calls it
    votes separately with its own (votes are keyed by the caller, never by tx.origin)."""
    wallet = CommitteeVoterWallet.deploy({"from": deployer})
    (owner,) = fund(12_000_000 * GT)
    gsys.token.transfer(wallet, 3_000_000 * GT, {"from": bg_fund})
    advance(2)
    eid = open_election(committee, alice)
    wallet.nominate(committee, {"from": owner})
    assert committee.candidate(eid, wallet)[1] == 3_000_000 * GT
    to_voting(committee, eid)
    tx = wallet.vote(committee, [wallet], {"from": owner})
    assert tx.events["ElectionVoteCast"]["voter"] == wallet
    assert tx.events["ElectionVoteCast"]["weight"] == 3_000_000 * GT
    tx = committee.vote([wallet], {"from": owner})
    assert tx.events["ElectionVoteCast"]["weight"] == 12_000_000 * GT
    assert committee.hasVoted(eid, wallet) and committee.hasVoted(eid, owner)
    with reverts_with("CommitteeAlreadyVoted", a(wallet)):
        wallet.vote(committee, [wallet], {"from": owner})
    assert committee.candidates(eid)[1][0] == 15_000_000 * GT
    assert committee.electionTurnout(eid)[1] == 15_000_000 * GT
