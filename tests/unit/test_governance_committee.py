"""Committee: bootstrap term, elections (more candidates than seats, ties), snapshot weights,
recall and refill through the recall governor, term expiry, M-of-N actions, and the
ICommittee semantics the protection fund relies on."""

import pytest
from brownie import ListingRegistry, accounts

from gt.governance_model import BPS, ElectionModel, ProposalTally, quorum, runner_up
from tests.helpers import GT, STATE, Proposal, a, advance, now, reverts_at_any_time, reverts_with

DAY = 86_400
ELIGIBLE = 190_000_000 * GT  # the BG fund's 200M less the 10M seeded into the DEX pair


@pytest.fixture(scope="module")
def people(gsys, bg_fund, alice, bob, carol):
    """Voters and nine would-be candidates, funded before any election snapshot."""
    gt = gsys.token
    # Eligible supply is the BG fund's 190M (every other bucket sits in an excluded contract).
    # `known` adds up what was sent: the reference models take their weights from it.
    known: dict[str, int] = {}

    def send(to, amount):
        gt.transfer(to, amount, {"from": bg_fund})
        known[str(to)] = known.get(str(to), 0) + amount

    send(alice, 90_000_000 * GT)
    send(bob, 54_000_000 * GT)
    send(carol, 10_000_000 * GT)
    cands = [accounts[i] for i in (13, 14, 15, 16, 17, 18, 8, 9, 12)]
    for c in cands:
        send(c, 10_000 * GT)
    advance(2)
    return {"alice": alice, "bob": bob, "carol": carol, "cands": cands, "known": known}


def open_election(committee, sender):
    _term, _eid, term_end = committee.currentTerm()
    lead = committee.params()[6]
    if now() + lead < term_end:
        advance(term_end - lead - now())
    tx = committee.openElection({"from": sender})
    return tx.events["ElectionOpened"]["electionId"]


def run_election(committee, people, ballots, model_out=None):
    """Nominates every candidate (in order), casts `ballots` ({voter: [candidate indices]}), finalizes."""
    eid = open_election(committee, people["alice"])
    for c in people["cands"]:
        committee.nominate({"from": c})
    # Weights: what the `people` fixture sent (nobody held GT before it).
    gt_weights = {str(who): people["known"].get(str(who), 0) for who in list(ballots) + people["cands"]}
    model = ElectionModel(
        seats=7,
        weights=gt_weights,
        nomination_threshold=10_000 * GT,
        eligible=ELIGIBLE,
        min_turnout_bps=500,
        refill_min_bps=100,
    )
    for c in people["cands"]:
        model.nominate(str(c))
    advance(committee.electionInfo(eid)[1] - now())
    for voter, picks in ballots.items():
        ballot = [people["cands"][i] for i in picks]
        tx = committee.vote(ballot, {"from": voter})
        assert tx.events["ElectionVoteCast"]["weight"] == model.vote(str(voter), [str(c) for c in ballot])
    advance(committee.electionInfo(eid)[2] - now())
    tx = committee.finalizeElection({"from": people["carol"]})
    if model_out is not None:
        model_out.append(model)
    return eid, tx, model


@pytest.fixture(scope="module")
def elected(committee, people):
    """An election with nine candidates for seven seats and ties at the cut-off."""
    alice, bob, carol = people["alice"], people["bob"], people["carol"]
    ballots = {alice: [0, 1, 2, 3], bob: [4, 5, 6, 7], carol: [8, 0]}
    eid, tx, model = run_election(committee, people, ballots)
    return {"eid": eid, "tx": tx, "model": model}


def test_bootstrap_term(committee, committee_members, gcfg, gsys):
    # The bootstrap term runs exactly one configured term from the committee's deployment.
    deployed_at = gsys.contracts["Committee"].tx.timestamp
    assert [str(m) for m in committee.members()] == [str(m) for m in committee_members]
    assert committee.memberCount() == 7 and committee.approvalThreshold() == 4
    assert committee.membershipVersion() == 1
    term_id, election, term_end = committee.currentTerm()
    assert (term_id, election) == (1, 0)
    assert term_end == deployed_at + gcfg.committee.term
    assert all(committee.isMember(m) for m in committee_members)
    assert not committee.isMember(accounts[10])
    assert committee.recaller() == gsys.contracts["RecallGovernor"]


def test_election_not_due_yet(committee, alice):
    _t, _e, term_end = committee.currentTerm()
    with reverts_with("CommitteeElectionNotDue", term_end, 0):
        committee.openElection({"from": alice})


def test_election_more_candidates_than_seats_with_ties(committee, elected, people):
    model, cands = elected["model"], people["cands"]
    winners = [str(w) for w in elected["tx"].events["ElectionFinalized"]["winners"]]
    assert winners == model.winners()
    # c0 140M; c1..c3 100M (nomination order); c4..c7 tie at 60M: c7, nominated last, loses.
    assert winners == [str(cands[i]) for i in (0, 1, 2, 3, 4, 5, 6)]
    assert [str(m) for m in committee.members()] == winners
    accts, weights = committee.candidates(elected["eid"])
    assert [int(w) for w in weights] == [model.totals[str(c)] for c in accts]
    term_id, election, term_end = committee.currentTerm()
    assert (term_id, election) == (2, elected["eid"])
    assert term_end == elected["tx"].timestamp + 365 * DAY
    assert committee.membershipVersion() == 2
    assert not committee.isMember(cands[7]) and not committee.isMember(cands[8])


def test_election_bad_input(committee, people, gsys, attacker):
    alice, bob, cands = people["alice"], people["bob"], people["cands"]
    last = committee.electionCount()  # none yet, or finalized by another fixture: nothing to finalize
    with reverts_with("CommitteeElectionNotOver", last, committee.electionInfo(last)[2]):
        committee.finalizeElection({"from": alice})
    eid = open_election(committee, alice)
    snapshot, nom_end, vote_end, _ = committee.electionInfo(eid)
    with reverts_with("CommitteeElectionInProgress", eid):
        committee.openElection({"from": alice})
    committee.nominate({"from": cands[0]})
    with reverts_with("CommitteeAlreadyNominated", a(cands[0])):
        committee.nominate({"from": cands[0]})
    with reverts_with("CommitteeInsufficientBalance", a(attacker), 0, 10_000 * GT):
        committee.nominate({"from": attacker})
    with reverts_at_any_time("CommitteeVotingClosed", nom_end, vote_end):
        committee.vote([cands[0]], {"from": alice})
    advance(nom_end - now())
    with reverts_at_any_time("CommitteeNominationClosed", snapshot + 1, nom_end):
        committee.nominate({"from": cands[1]})
    with reverts_with("CommitteeInvalidCandidate", a(cands[1])):
        committee.vote([cands[1]], {"from": alice})
    with reverts_with("CommitteeInvalidCandidate", a(cands[0])):
        committee.vote([cands[0], cands[0]], {"from": alice})
    with reverts_with("CommitteeInvalidBallotSize", 0, 7):
        committee.vote([], {"from": alice})
    with reverts_with("CommitteeInvalidBallotSize", 8, 7):
        committee.vote([cands[0]] * 8, {"from": alice})
    with reverts_with("CommitteeNoWeight", a(attacker)):
        committee.vote([cands[0]], {"from": attacker})
    committee.vote([cands[0]], {"from": alice})
    with reverts_with("CommitteeAlreadyVoted", a(alice)):
        committee.vote([cands[0]], {"from": alice})
    with reverts_with("CommitteeElectionNotOver", eid, vote_end):
        committee.finalizeElection({"from": alice})
    advance(vote_end - now())
    with reverts_at_any_time("CommitteeVotingClosed", nom_end, vote_end):
        committee.vote([cands[0]], {"from": bob})
    version = committee.membershipVersion()
    tx = committee.finalizeElection({"from": alice})
    # One winner, fewer than the 4 approvals a committee needs, while the bootstrap committee can
    # still act: the election fails and the sitting committee carries on, unchanged.
    assert list(tx.events["ElectionFailed"]["winners"]) == [cands[0]]
    assert "ElectionFinalized" not in tx.events and "TermStarted" not in tx.events
    assert committee.memberCount() == 7 and committee.membershipVersion() == version
    committee.openElection({"from": alice})  # another election may open at once


def test_after_expiry_a_thin_election_still_seats_its_winners(committee, people, committee_members):
    """With the term over, nobody can act anyway: whoever wins is seated (and a by-election may fill the rest)."""
    alice, cands = people["alice"], people["cands"]
    _t, _e, term_end = committee.currentTerm()
    advance(term_end - now())
    assert committee.memberCount() == 0
    eid = committee.openElection({"from": alice}).events["ElectionOpened"]["electionId"]
    committee.nominate({"from": cands[0]})
    advance(committee.electionInfo(eid)[1] - now())
    committee.vote([cands[0]], {"from": alice})
    advance(committee.electionInfo(eid)[2] - now())
    tx = committee.finalizeElection({"from": alice})
    assert list(tx.events["ElectionFinalized"]["winners"]) == [cands[0]]
    assert committee.memberCount() == 1 and committee.isMember(cands[0])
    assert not committee.isMember(committee_members[0])
    committee.openElection({"from": alice})  # six seats vacant: a by-election


def test_gt_bought_after_the_snapshot_adds_no_weight(committee, people, gsys, bg_fund):
    alice, carol, cands = people["alice"], people["carol"], people["cands"]
    eid = open_election(committee, alice)
    gsys.token.transfer(carol, 5_000_000 * GT, {"from": bg_fund})
    committee.nominate({"from": cands[0]})
    advance(committee.electionInfo(eid)[1] - now())
    tx = committee.vote([cands[0]], {"from": carol})
    assert tx.events["ElectionVoteCast"]["weight"] == 10_010_000 * GT  # carol is also candidate 8


def registry_listed_by(committee, admin):
    """A real ListingRegistry (default rules) whose LISTER_ROLE is the committee: a target for M-of-N actions."""
    from gt.listing.config import parse_listing_config

    cfg = parse_listing_config(None)
    registry = ListingRegistry.deploy(admin, cfg.thresholds.as_tuple(), cfg.periods.as_tuple(), {"from": admin})
    registry.grantRole(registry.LISTER_ROLE(), committee, {"from": admin})
    return registry


def recall_proposal(recall_gov, proposer, committee, member):
    term = committee.currentTerm()[0]
    description = f"Recall {member} from term {term}, proposed by {proposer}"
    return Proposal(recall_gov, proposer, [committee], [committee.recall.encode_input(member, term)], description)


def test_recall_and_refill_by_runner_up(committee, recall_gov, elected, people):
    alice, bob, cands, model = people["alice"], people["bob"], people["cands"], elected["model"]
    listing = registry_listed_by(committee, alice)
    action = committee.proposeAction(
        listing, listing.list.encode_input(alice, bob, "0x" + "11" * 32), {"from": cands[0]}
    ).events["ActionProposed"]["actionId"]
    committee.approveAction(action, {"from": cands[1]})
    assert committee.actionApprovals(action) == 2
    seated = [str(m) for m in committee.members()]
    recalled: list[str] = []
    for victim, expected in ((cands[1], cands[7]), (cands[2], cands[8]), (cands[3], None)):
        p = recall_proposal(recall_gov, alice, committee, victim)
        p.to_voting()
        p.vote(alice, 1)
        p.to_end()
        assert p.state() == STATE["Succeeded"]
        version = committee.membershipVersion()
        tx = p.execute(bob)
        want = runner_up(model, seated, recalled + [str(victim)])
        assert (want is None and expected is None) or want == str(expected)
        ev = tx.events["MemberRecalled"]
        assert ev["member"] == victim and ev["replacement"] == (expected or "0x" + "00" * 20)
        recalled.append(str(victim))
        seated = [str(m) for m in committee.members()]
        assert not committee.isMember(victim)
        assert expected is None or committee.isMember(expected)
        assert committee.membershipVersion() == version + 1
    assert committee.memberCount() == 6
    # Approvals given under the old membership no longer count.
    assert committee.actionApprovals(action) == 0
    # A vacant seat with no runner-up left allows a by-election.
    committee.openElection({"from": alice})


def test_recall_needs_a_supermajority_and_quorum(committee, recall_gov, elected, people, gcfg):
    alice, bob, carol, cands = people["alice"], people["bob"], people["carol"], people["cands"]
    p = recall_proposal(recall_gov, alice, committee, cands[0])
    p.to_voting()
    tally = ProposalTally({str(x): people["known"][str(x)] for x in (alice, bob)})
    p.vote(alice, 1)
    p.vote(bob, 0)
    tally.cast(str(alice), 1)
    tally.cast(str(bob), 0)
    p.to_end()
    assert not tally.recall_succeeded(gcfg.recall.supermajority_bps)  # 90M for vs 54M against = 62.5%
    assert p.state() == STATE["Defeated"]
    # Below the recall quorum (10% of 190M eligible = 19M): carol's 10M alone is not enough.
    p2 = recall_proposal(recall_gov, carol, committee, cands[0])
    p2.to_voting()
    assert recall_gov.quorum(p2.snapshot()) == quorum(ELIGIBLE, gcfg.recall.quorum_bps) == 19_000_000 * GT
    p2.vote(carol, 1)
    p2.to_end()
    assert p2.state() == STATE["Defeated"]
    assert committee.isMember(cands[0])


@pytest.mark.parametrize("extra_against", [0, 1])
def test_recall_supermajority_exactly_at_the_threshold_or_just_below(
    committee, recall_gov, people, gcfg, bg_fund, extra_against
):
    """for * 10000 == (for + against) * supermajority passes; one more wei against fails."""
    gt, s = committee.token(), gcfg.recall.supermajority_bps
    from brownie import GTToken

    unit = 3_000 * GT
    yes, no, dust = accounts[4], accounts[7], accounts[2]
    weights = {str(yes): s * unit, str(no): (BPS - s) * unit, str(dust): extra_against}
    for who, amount in weights.items():
        if amount:
            GTToken.at(gt).transfer(who, amount, {"from": bg_fund})
    victim = committee.members()[0]
    p = recall_proposal(recall_gov, people["alice"], committee, victim)
    p.to_voting()
    tally = ProposalTally(weights)
    for who, support in ((yes, 1), (no, 0), (dust, 0)):
        if weights[str(who)]:
            assert p.vote(who, support).events["VoteCast"]["weight"] == tally.cast(str(who), support)
    assert tally.quorum_reached(quorum(ELIGIBLE, gcfg.recall.quorum_bps))  # 20.001M for >= 19M
    assert tally.for_ * BPS - (tally.for_ + tally.against) * s == -s * extra_against
    passes = tally.recall_succeeded(s)
    assert passes == (extra_against == 0)
    p.to_end()
    assert p.state() == (STATE["Succeeded"] if passes else STATE["Defeated"])
    if passes:
        p.execute(people["bob"])
        assert not committee.isMember(victim)


def test_recall_bad_input(committee, recall_gov, people, attacker, committee_members):
    alice = people["alice"]
    with reverts_with("CommitteeRecallGovernorNotMember", a(attacker)):
        recall_proposal(recall_gov, alice, committee, attacker)
    with reverts_with("CommitteeRecallGovernorInvalidAction"):
        Proposal(recall_gov, alice, [committee], [committee.openElection.encode_input()], "not a recall")
    with reverts_with("CommitteeNotRecaller", a(attacker)):
        committee.recall(committee_members[0], committee.currentTerm()[0], {"from": attacker})


def test_recall_governor_settings_are_the_configured_ones(gsys, committee, recall_gov, gcfg):
    """Every parameter the recall governor answers is the configuration's (kills mutants that drop
    an override's `return super...()`: a zero voting delay would open a recall's vote at once)."""
    r = gcfg.recall
    assert recall_gov.votingDelay() == r.voting_delay > 0
    assert recall_gov.votingPeriod() == r.voting_period > 0
    assert recall_gov.proposalThreshold() == r.proposal_threshold_wei > 0
    assert recall_gov.quorumBps() == r.quorum_bps
    assert recall_gov.supermajorityBps() == r.supermajority_bps
    assert recall_gov.committee() == committee
    assert recall_gov.supplySource() == gsys.contracts["GTGovernor"]


def test_recaller_is_set_once(committee, recall_gov, deployer):
    from brownie import ZERO_ADDRESS, Committee

    c = Committee.deploy(
        committee.token(),
        deployer,
        [accounts[8]],
        (7, 1, 50, 1000, 10, 10, 10, 0, 500, 100, 100),
        committee.supplySource(),
        {"from": deployer},
    )
    with reverts_with("CommitteeRecallerFixed", ZERO_ADDRESS):
        c.setRecaller(ZERO_ADDRESS, {"from": deployer})
    c.setRecaller(recall_gov, {"from": deployer})
    with reverts_with("CommitteeRecallerFixed", a(recall_gov)):
        c.setRecaller(accounts[1], {"from": deployer})


def test_m_of_n_actions(committee, committee_members, alice, bob, attacker):
    listing = registry_listed_by(committee, alice)
    data = listing.list.encode_input(alice, bob, "0x" + "22" * 32)
    with reverts_with("CommitteeNotMember", a(attacker)):
        committee.proposeAction(listing, data, {"from": attacker})
    aid = committee.proposeAction(listing, data, {"from": committee_members[0]}).events["ActionProposed"]["actionId"]
    with reverts_with("CommitteeAlreadyApproved", aid, a(committee_members[0])):
        committee.approveAction(aid, {"from": committee_members[0]})
    with reverts_with("CommitteeNotMember", a(attacker)):
        committee.approveAction(aid, {"from": attacker})
    committee.approveAction(aid, {"from": committee_members[1]})
    committee.approveAction(aid, {"from": committee_members[2]})
    with reverts_with("CommitteeNotEnoughApprovals", aid, 3, 4):
        committee.executeAction(aid, {"from": attacker})
    committee.approveAction(aid, {"from": committee_members[3]})
    tx = committee.executeAction(aid, {"from": attacker})
    assert "TokenListed" in tx.events and listing.projectTeam(alice) == bob
    with reverts_with("CommitteeInvalidAction", aid):
        committee.executeAction(aid, {"from": attacker})
    with reverts_with("CommitteeInvalidAction", aid):
        committee.approveAction(aid, {"from": committee_members[4]})
    with reverts_with("CommitteeInvalidAction", 99):
        committee.approveAction(99, {"from": committee_members[4]})


def open_protection_case(gsys, people):
    """A compensation case on the deployed ProtectionFund, which answers to the real Committee."""
    fund = gsys.contracts["ProtectionFund"]
    tx = fund.openCase(b"\x33" * 32, [people["alice"]], [10**18], {"from": accounts[1]})  # operator opens
    return fund, tx.return_value


def test_term_expiry_leaves_committee_unable_to_act_until_reelected(gsys, committee, committee_members, people):
    fund, case = open_protection_case(gsys, people)
    listing = registry_listed_by(committee, people["alice"])
    data = listing.list.encode_input(people["bob"], people["alice"], "0x" + "33" * 32)
    aid = committee.proposeAction(listing, data, {"from": committee_members[0]}).events["ActionProposed"]["actionId"]
    for m in committee_members[1:4]:
        committee.approveAction(aid, {"from": m})
    _t, _e, term_end = committee.currentTerm()
    advance(term_end - now())
    assert committee.memberCount() == 0 and list(committee.members()) == []
    assert not committee.isMember(committee_members[0])
    with reverts_with("CommitteeNotMember", a(committee_members[4])):
        committee.approveAction(aid, {"from": committee_members[4]})
    with reverts_with("CommitteeTermExpired", term_end):
        committee.executeAction(aid, {"from": committee_members[4]})
    with reverts_with("ProtectionFundNotMember", a(committee_members[0])):
        fund.approve(case, {"from": committee_members[0]})
    # Re-election: incumbents may stand again and win.
    alice = people["alice"]
    run_election(committee, people, {alice: [0, 1, 2, 3, 4, 5, 6]})
    assert committee.memberCount() == 7 and committee.isMember(committee_members[1])
    for m in [people["cands"][i] for i in range(4)]:
        fund.approve(case, {"from": m})
    assert fund.getCase(case)["status"] == 2  # Approved


def test_protection_fund_accepts_only_the_current_committee(gsys, committee, recall_gov, elected, people, attacker):
    """The deployed ProtectionFund: approvals only from current members, bound to the membership version."""
    alice, bob, cands = people["alice"], people["bob"], people["cands"]
    fund, case = open_protection_case(gsys, people)
    with reverts_with("ProtectionFundNotMember", a(attacker)):
        fund.approve(case, {"from": attacker})
    with reverts_with("ProtectionFundNotMember", a(cands[8])):  # ran, lost
        fund.approve(case, {"from": cands[8]})
    for m in cands[:3]:
        fund.approve(case, {"from": m})
    with reverts_with("ProtectionFundAlreadyVoted", case, a(cands[0])):
        fund.approve(case, {"from": cands[0]})
    assert fund.getCase(case)["status"] == 1  # still Open: 3 of 4
    # A recall changes the membership: the three approvals lapse.
    p = recall_proposal(recall_gov, alice, committee, cands[6])
    p.to_voting()
    p.vote(alice, 1)
    p.to_end()
    p.execute(bob)
    fund.approve(case, {"from": cands[3]})
    assert fund.getCase(case)["approvals"] == 1 and fund.getCase(case)["status"] == 1
    for m in (cands[0], cands[1], cands[7]):  # cands[7] took the recalled seat
        fund.approve(case, {"from": m})
    assert fund.getCase(case)["status"] == 2  # Approved


def test_params_validation(gsys, deployer, committee_members):
    from brownie import Committee

    ok = (7, 4, 50, 1000, 10, 10, 10, 0, 500, 100, 100)
    source = gsys.contracts["GTGovernor"]
    boot = committee_members[:4]
    cases = [
        ((0,) + ok[1:], "seats"),
        ((22,) + ok[1:], "seats"),
        (ok[:1] + (0,) + ok[2:], "threshold"),
        (ok[:1] + (8,) + ok[2:], "threshold"),
        (ok[:2] + (6,) + ok[3:], "maxCandidates"),
        (ok[:2] + (101,) + ok[3:], "maxCandidates"),
        (ok[:3] + (0,) + ok[4:], "termLength"),
        (ok[:4] + (0,) + ok[5:], "nominationPeriod"),
        (ok[:5] + (0,) + ok[6:], "votingPeriod"),
        (ok[:6] + (1001,) + ok[7:], "electionLeadTime"),
        (ok[:8] + (0,) + ok[9:], "minTurnoutBps"),
        (ok[:8] + (10_001,) + ok[9:], "minTurnoutBps"),
        (ok[:9] + (0,) + ok[10:], "refillMinBps"),
        (ok[:9] + (10_001,) + ok[10:], "refillMinBps"),
        (ok[:10] + (0,), "actionLifetime"),
        (ok[:10] + (1001,), "actionLifetime"),
    ]
    for params, field in cases:
        with reverts_with("CommitteeInvalidParams", field):
            Committee.deploy(gsys.token, deployer, boot, params, source, {"from": deployer})
    with reverts_with("CommitteeInvalidParams", "bootstrap"):
        Committee.deploy(gsys.token, deployer, boot[:3], ok, source, {"from": deployer})
    with reverts_with("CommitteeInvalidMember", a(boot[0])):
        Committee.deploy(gsys.token, deployer, [boot[0]] * 4, ok, source, {"from": deployer})
