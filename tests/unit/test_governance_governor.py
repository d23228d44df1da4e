"""GTGovernor + timelock: the proposal lifecycle, quorum over eligible supply, snapshots,
listing votes, bad input, and the hand-over that leaves no externally owned admin."""

import pytest
from brownie import ZERO_ADDRESS, accounts, web3

from gt.governance_model import ProposalTally, eligible_supply, quorum
from tests.helpers import GT, STATE, Proposal, a, advance, b32, now, reverts_with, state_bitmap

# Eligible supply: the BG fund's 200M less the 10M seeded into the DEX pair; every other
# genesis bucket (vault, sale, pools, protection fund) and the pair are excluded system contracts.
ELIGIBLE_GT = 190_000_000
QUORUM_GT = ELIGIBLE_GT * 4 // 100
VOTER_GT = (40_000_000, 20_000_000, 5_000_000)  # alice, bob, carol: the model's weights


@pytest.fixture(scope="module")
def voters(gsys, bg_fund, alice, bob, carol):
    gt = gsys.token
    for who, amount in zip((alice, bob, carol), VOTER_GT, strict=True):
        gt.transfer(who, amount * GT, {"from": bg_fund})
    advance(2)
    return alice, bob, carol


def quorum_proposal(governor, proposer, bps=500, description="Raise the quorum"):
    return Proposal(governor, proposer, [governor], [governor.setQuorumBps.encode_input(bps)], description)


def test_quorum_counts_only_eligible_supply(gsys, governor, voters):
    p = quorum_proposal(governor, voters[0])
    p.to_voting()
    t = p.snapshot()
    gt = gsys.token
    excluded = [gt.getPastVotes(a, t) for a in governor.excludedAccounts()]
    assert sorted(map(str, governor.excludedAccounts())) == sorted(map(str, gsys.excluded))
    eligible = eligible_supply(gt.getPastTotalSupply(t), excluded)
    assert eligible == ELIGIBLE_GT * GT == governor.eligibleSupply(t)
    assert governor.quorum(t) == quorum(eligible, 400) == QUORUM_GT * GT


def test_locked_balances_do_not_count_toward_quorum(gsys, governor, timelock, voters, bg_fund):
    # GT moved into an excluded system contract (here the timelock) stops counting.
    gsys.token.transfer(timelock, 100_000_000 * GT, {"from": bg_fund})
    advance(2)
    p = quorum_proposal(governor, voters[0])
    p.to_voting()
    assert governor.eligibleSupply(p.snapshot()) == (ELIGIBLE_GT - 100_000_000) * GT
    assert governor.quorum(p.snapshot()) == (ELIGIBLE_GT - 100_000_000) * 4 // 100 * GT


def test_full_lifecycle_propose_vote_queue_execute(governor, timelock, voters, gcfg):
    alice, bob, carol = voters
    p = quorum_proposal(governor, alice)
    assert p.state() == STATE["Pending"]
    p.to_voting()
    assert p.state() == STATE["Active"]
    # The model's weights are the amounts the fixture transferred, not the chain's view of them.
    model = ProposalTally({str(v): amount * GT for v, amount in zip(voters, VOTER_GT, strict=True)})
    for voter, support in ((alice, 1), (bob, 0), (carol, 2)):
        tx = p.vote(voter, support)
        assert tx.events["VoteCast"]["weight"] == model.cast(str(voter), support)
    assert [int(v) for v in governor.proposalVotes(p.id)] == [model.against, model.for_, model.abstain]
    assert (model.against, model.for_, model.abstain) == (20_000_000 * GT, 40_000_000 * GT, 5_000_000 * GT)
    assert model.quorum_reached(quorum(ELIGIBLE_GT * GT, gcfg.governor.quorum_bps)) and model.succeeded()
    p.to_end()
    assert p.state() == STATE["Succeeded"]
    tx = p.queue(carol)
    assert p.state() == STATE["Queued"]
    eta = tx.events["ProposalQueued"]["etaSeconds"]
    assert eta == now() + gcfg.governor.timelock_delay
    # Executing before the timelock delay: the timelock refuses.
    op = timelock.hashOperationBatch(p.targets, p.values, p.calldatas, 0, _salt(governor, p))
    with reverts_with("TimelockUnexpectedOperationState", b32(op), (1 << 2).to_bytes(32, "big")):  # Ready
        p.execute(carol)
    advance(gcfg.governor.timelock_delay)
    p.execute(carol)
    assert p.state() == STATE["Executed"]
    assert governor.quorumBps(now()) == 500


def _salt(governor, p):
    salt = int.from_bytes(bytes.fromhex(governor.address[2:]), "big") << 96
    return "0x" + (salt ^ int.from_bytes(p.dh, "big")).to_bytes(32, "big").hex()


def test_defeated_when_against_wins(governor, voters):
    alice, bob, carol = voters
    p = quorum_proposal(governor, bob)
    p.to_voting()
    p.vote(alice, 0)
    p.vote(bob, 1)
    p.to_end()
    assert p.state() == STATE["Defeated"]
    with reverts_with("GovernorUnexpectedProposalState", p.id, STATE["Defeated"], state_bitmap("Succeeded")):
        p.queue(alice)


def test_defeated_below_quorum(governor, voters):
    alice, bob, carol = voters
    p = quorum_proposal(governor, carol)
    p.to_voting()
    p.vote(carol, 1)  # 5M for, nobody against, but the quorum is 7.6M
    p.to_end()
    assert [int(v) for v in governor.proposalVotes(p.id)] == [0, 5_000_000 * GT, 0]
    assert p.state() == STATE["Defeated"]


@pytest.mark.parametrize("short_by", [0, 1])
def test_quorum_exactly_reached_or_one_wei_short(gsys, governor, voters, gcfg, bg_fund, short_by):
    """For + abstain equal to the quorum passes; one wei less is defeated (nobody votes against)."""
    needed = quorum(ELIGIBLE_GT * GT, gcfg.governor.quorum_bps)
    assert needed == QUORUM_GT * GT  # 4% of 190M = 7.6M GT
    yes, maybe = accounts[13], accounts[14]
    gsys.token.transfer(yes, needed - 10**6 * GT - short_by, {"from": bg_fund})
    gsys.token.transfer(maybe, 10**6 * GT, {"from": bg_fund})
    p = quorum_proposal(governor, voters[0], description=f"Quorum boundary, short by {short_by}")
    p.to_voting()
    assert p.vote(yes, 1).events["VoteCast"]["weight"] == needed - 10**6 * GT - short_by
    p.vote(maybe, 2)  # abstain counts toward the quorum
    p.to_end()
    assert p.state() == (STATE["Defeated"] if short_by else STATE["Succeeded"])


def test_expired_after_grace_period(governor, voters, gcfg):
    alice = voters[0]
    p = quorum_proposal(governor, alice)
    p.to_voting()
    p.vote(alice, 1)
    p.to_end()
    p.queue(alice)
    advance(gcfg.governor.timelock_delay + gcfg.governor.execution_grace + 1)
    assert p.state() == STATE["Expired"]
    with reverts_with("GovernorUnexpectedProposalState", p.id, STATE["Expired"], state_bitmap("Succeeded", "Queued")):
        p.execute(alice)


def test_weight_is_snapshot_balance(gsys, governor, voters, bg_fund):
    alice, bob, carol = voters
    p = quorum_proposal(governor, alice)
    p.to_voting()
    gsys.token.transfer(carol, 30_000_000 * GT, {"from": bg_fund})  # bought after the snapshot
    tx = p.vote(carol, 1)
    assert gsys.token.balanceOf(carol) == 35_000_000 * GT
    assert tx.events["VoteCast"]["weight"] == 5_000_000 * GT
    p.to_end()
    assert p.state() == STATE["Defeated"]  # 5M < the 32M quorum: the late GT added nothing


def test_late_quorum_extends_the_vote(governor, voters, gcfg):
    alice = voters[0]
    p = quorum_proposal(governor, alice)
    p.to_voting()
    deadline = governor.proposalDeadline(p.id)
    advance(deadline - now() - 10)
    tx = p.vote(alice, 1)
    voted_at = web3.eth.get_block(tx.block_number).timestamp
    assert governor.proposalDeadline(p.id) == voted_at + gcfg.governor.late_quorum_extension > deadline
    advance(deadline - now() + 1)
    assert p.state() == STATE["Active"]


def test_bad_votes(governor, voters):
    alice, bob, carol = voters
    p = quorum_proposal(governor, alice)
    with reverts_with("GovernorUnexpectedProposalState", p.id, STATE["Pending"], state_bitmap("Active")):
        p.vote(bob, 1)
    p.to_voting()
    p.vote(bob, 1)
    with reverts_with("GovernorAlreadyCastVote", a(bob)):
        p.vote(bob, 0)
    with reverts_with("GovernorInvalidVoteType"):
        p.vote(carol, 3)
    p.to_end()
    with reverts_with("GovernorUnexpectedProposalState", p.id, STATE["Succeeded"], state_bitmap("Active")):
        p.vote(carol, 1)


def test_proposal_threshold(governor, gcfg, attacker):
    with reverts_with("GovernorInsufficientProposerVotes", a(attacker), 0, gcfg.governor.proposal_threshold_wei):
        quorum_proposal(governor, attacker)


def test_listing_vote_lists_through_the_timelock(gsys, governor, listing, voters, attacker, gcfg):
    alice = voters[0]
    token, team, app = accounts[9].address, accounts[12].address, "0x" + "ab" * 32
    p = Proposal(governor, alice, [listing], [listing.list.encode_input(token, team, app)], "List XYZ")
    p.to_voting()
    p.vote(alice, 1)
    p.to_end()
    p.queue(alice)
    advance(gcfg.governor.timelock_delay)
    tx = p.execute(attacker)  # anyone may trigger a passed, queued proposal
    assert tx.events["TokenListed"]["token"] == token
    assert tx.events["TokenListed"]["applicationHash"] == app
    assert listing.projectTeam(token) == team
    assert listing.statusOf(token) == 1  # Listed
    role = listing.LISTER_ROLE()
    with reverts_with("AccessControlUnauthorizedAccount", a(attacker), b32(role)):
        listing.list(token, team, app, {"from": attacker})


def test_governance_only_setters(governor, committee, timelock, deployer, attacker):
    for who in (deployer, attacker):
        with reverts_with("GovernorOnlyExecutor", a(who)):
            governor.setQuorumBps(100, {"from": who})
        with reverts_with("GovernorOnlyExecutor", a(who)):
            governor.setExecutionGracePeriod(100, {"from": who})
        with reverts_with("GTGovernorUnauthorized", a(who)):
            governor.setExcludedAccounts([], {"from": who})
        with reverts_with("GTGovernorUnauthorized", a(who)):
            governor.renounceSetup({"from": who})
        with reverts_with("AccessControlUnauthorizedAccount", a(who), b32(timelock.PROPOSER_ROLE())):
            timelock.schedule(governor, 0, "0x", "0x" + "00" * 32, "0x" + "00" * 32, 200, {"from": who})
        with reverts_with("AccessControlUnauthorizedAccount", a(who), b32("00" * 32)):
            committee.setParams((7, 4, 50, 100, 100, 100, 10, 0, 500, 100, 100), {"from": who})
        with reverts_with("AccessControlUnauthorizedAccount", a(who), b32("00" * 32)):
            committee.setRecaller(who, {"from": who})


@pytest.mark.parametrize("gov_name", ["GTGovernor", "RecallGovernor"])
def test_governance_only_settings_refuse_outsiders(gsys, gov_name, deployer, attacker):
    """GovernorSettings, the timelock switch and relay answer to the governance executor only."""
    gov = gsys.contracts[gov_name]
    calls = [
        (gov.setVotingDelay, (1,)),
        (gov.setVotingPeriod, (1,)),
        (gov.setProposalThreshold, (0,)),
        (gov.relay, (attacker, 0, "0x")),
    ]
    if gov_name == "GTGovernor":
        calls += [(gov.setLateQuorumVoteExtension, (1,)), (gov.updateTimelock, (attacker,))]
    before = (gov.votingDelay(), gov.votingPeriod(), gov.proposalThreshold())
    for who in (deployer, attacker):
        for fn, args in calls:
            with reverts_with("GovernorOnlyExecutor", a(who)):
                fn(*args, {"from": who})
    assert before == (gov.votingDelay(), gov.votingPeriod(), gov.proposalThreshold())


def test_only_the_proposer_cancels_a_pending_proposal(
    gsys, governor, recall_gov, committee, committee_members, voters, deployer, attacker
):
    alice, bob = voters[0], voters[1]
    resolution = quorum_proposal(governor, alice)
    recall = Proposal(
        recall_gov,
        alice,
        [committee],
        [committee.recall.encode_input(committee_members[0], 1)],
        "Recall seat 1 of term 1",
    )
    for p in (resolution, recall):
        args = (p.targets, p.values, p.calldatas, p.dh)
        for who in (deployer, attacker, bob):
            with reverts_with("GovernorOnlyProposer", a(who)):
                p.governor.cancel(*args, {"from": who})
        assert p.state() == STATE["Pending"]
        p.governor.cancel(*args, {"from": alice})
        assert p.state() == STATE["Canceled"]
    # Once voting has begun, not even the proposer may cancel.
    late = quorum_proposal(governor, alice, description="Too late to cancel")
    late.to_voting()
    with reverts_with("GovernorUnexpectedProposalState", late.id, STATE["Active"], state_bitmap("Pending")):
        governor.cancel(late.targets, late.values, late.calldatas, late.dh, {"from": alice})


def test_resolution_changes_committee_params_and_excluded_list(gsys, governor, committee, voters, gcfg):
    alice = voters[0]
    params = (9, 5, 60, 300 * 86400, 3600, 3600, 86400, 0, 800, 200, 3 * 86400)
    new_excluded = list(gsys.excluded) + [accounts[9].address]
    p = Proposal(
        governor,
        alice,
        [committee, governor],
        [committee.setParams.encode_input(params), governor.setExcludedAccounts.encode_input(new_excluded)],
        "Nine seats; exclude a new system address",
    )
    p.to_voting()
    p.vote(alice, 1)
    p.to_end()
    p.queue(alice)
    advance(gcfg.governor.timelock_delay)
    p.execute(alice)
    assert [int(v) for v in committee.params()] == list(params)
    assert list(governor.excludedAccounts())[-1] == accounts[9]


def test_excluded_list_validation(gcfg, deployer, gsys):
    from brownie import GTGovernor

    g = gcfg.governor
    settings = (g.voting_delay, g.voting_period, 0, 400, 60, 100)
    gov = GTGovernor.deploy(gsys.token, gsys.contracts["Timelock"], settings, deployer, {"from": deployer})
    with reverts_with("GTGovernorTooManyExcluded", 33, 32):
        gov.setExcludedAccounts([accounts[0].address] * 33, {"from": deployer})
    with reverts_with("GTGovernorInvalidExcluded", a(accounts[1])):
        gov.setExcludedAccounts([accounts[1].address, accounts[1].address], {"from": deployer})
    with reverts_with("GTGovernorInvalidExcluded", ZERO_ADDRESS):
        gov.setExcludedAccounts([ZERO_ADDRESS], {"from": deployer})
    for bps in (0, 10_001):
        with reverts_with("GTGovernorInvalidQuorum", bps):
            GTGovernor.deploy(
                gsys.token,
                gsys.contracts["Timelock"],
                settings[:3] + (bps,) + settings[4:],
                deployer,
                {"from": deployer},
            )
    with reverts_with("GTGovernorInvalidGracePeriod", 0):
        GTGovernor.deploy(gsys.token, gsys.contracts["Timelock"], settings[:5] + (0,), deployer, {"from": deployer})


def _role_holders(contract):
    """Current holders of every role, replayed from RoleGranted / RoleRevoked logs."""
    granted = web3.keccak(text="RoleGranted(bytes32,address,address)").hex()
    revoked = web3.keccak(text="RoleRevoked(bytes32,address,address)").hex()
    holders: dict[str, set[str]] = {}
    logs = web3.eth.get_logs({"address": contract.address, "fromBlock": 0, "toBlock": "latest"})
    for log in logs:
        topic0 = log["topics"][0].hex()
        topic0 = topic0 if topic0.startswith("0x") else "0x" + topic0
        if topic0 not in (
            granted if granted.startswith("0x") else "0x" + granted,
            revoked if revoked.startswith("0x") else "0x" + revoked,
        ):
            continue
        role = "0x" + log["topics"][1].hex().removeprefix("0x")
        account = web3.to_checksum_address("0x" + log["topics"][2].hex().removeprefix("0x")[-40:])
        bucket = holders.setdefault(role, set())
        if topic0.endswith(granted.removeprefix("0x")):
            bucket.add(account)
        else:
            bucket.discard(account)
    return holders


def test_no_externally_owned_account_keeps_an_admin_role(gsys, governor, timelock):
    from gt_chain.stages.governance import admin_roles

    checked = 0
    for name, c in gsys.contracts.items():
        roles = admin_roles(c)
        if roles:
            holders = _role_holders(c)
            for role in roles:
                for holder in holders.get(role, set()):
                    assert holder == c.address or web3.eth.get_code(holder) != b"", (name, role, holder)
                    checked += 1
            assert c.hasRole("0x" + "00" * 32, timelock), name
        names = {i.get("name") for i in c.abi}
        if "owner" in names:
            owner = c.owner()
            assert owner == ZERO_ADDRESS or web3.eth.get_code(owner) != b"", (name, owner)
    assert checked >= 2
    # The deployer keeps no role of any kind on any system contract, nor the DEX fee switch.
    from gt_chain.stages.governance import roles_of

    assert gsys.contracts["UniswapV2Factory"].feeToSetter() == timelock

    for name, c in gsys.contracts.items():
        for role in roles_of(c):
            assert not c.hasRole(role, gsys.deployer), (name, role)
    assert governor.setup() == ZERO_ADDRESS
    assert not timelock.hasRole(timelock.DEFAULT_ADMIN_ROLE(), gsys.deployer)
    assert timelock.hasRole(timelock.EXECUTOR_ROLE(), governor)
    assert not timelock.hasRole(timelock.EXECUTOR_ROLE(), ZERO_ADDRESS)


def test_quorum_is_fixed_once_voting_begins(gsys, governor, voters, gcfg):
    """Changing the excluded list moves no quorum of a proposal already being voted on."""
    alice, _bob, carol = voters
    drop_all = Proposal(governor, alice, [governor], [governor.setExcludedAccounts.encode_input([])], "Exclude nobody")
    drop_all.to_voting()
    other = quorum_proposal(governor, carol, description="Voted on while the exclusions change")
    other.to_voting()
    drop_all.vote(alice, 1)
    other.vote(carol, 1)
    drop_all.to_end()
    drop_all.queue(alice)
    advance(gcfg.governor.timelock_delay)
    drop_all.execute(alice)
    assert list(governor.excludedAccounts()) == []
    assert governor.eligibleSupply(other.snapshot()) == ELIGIBLE_GT * GT
    assert governor.quorum(other.snapshot()) == QUORUM_GT * GT
    advance(2)
    assert governor.eligibleSupply(now() - 1) == 10**9 * GT  # a new snapshot: nothing is excluded now
