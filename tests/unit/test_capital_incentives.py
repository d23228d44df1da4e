"""IncentivePool: Python StandardMerkleTree proofs verify on chain, claims are exact and once,
epochs never commit more than the pool holds uncommitted, exhausted() follows."""

import random

import brownie
import pytest
from brownie import IncentivePool, RepeatedCall

from gt.capital import Payout, epoch_tree
from gt.merkle import MerkleTree
from tests.helpers import GT, repeat_call, reverts_with, unauthorized


def random_payouts(n, seed=1):
    rnd = random.Random(seed)
    return [
        Payout(brownie.convert.to_address("0x" + rnd.randbytes(20).hex()), rnd.randint(1, 10**24), 0) for _ in range(n)
    ]


def test_system_pools(system, gt, pool, recycling, config):
    assert gt.balanceOf(pool) == config.allocation_wei["community_incentive"] == pool.uncommitted()
    assert not pool.exhausted()
    assert gt.balanceOf(recycling) == 0 and recycling.exhausted()


@pytest.mark.parametrize("n", [1, 2, 3, 10, 33])
def test_python_proofs_verify_on_chain(pool, gt, operator, alice, n):
    payouts = random_payouts(n, seed=n)
    tree = epoch_tree(payouts)
    total = sum(p.amount_wei for p in payouts)
    tx = pool.publishEpoch(tree.root, total, {"from": operator})
    assert tx.events["EpochPublished"] == {"epochId": 0, "root": tree.root_hex, "total": total}
    for i, p in enumerate(payouts):
        tx = pool.claim(0, p.user, p.amount_wei, tree.proof(i), {"from": alice})  # anyone claims for the user
        assert tx.events["Claimed"] == {"epochId": 0, "user": p.user, "amount": p.amount_wei}
        assert gt.balanceOf(p.user) == p.amount_wei
        assert pool.isClaimed(0, p.user)
    e = pool.epoch(0)
    assert (e["total"], e["claimed"]) == (total, total)
    assert pool.totalClaimed() == pool.totalCommitted() == total


def test_wrong_proofs_are_refused(pool, operator, alice, bob, carol):
    tree = MerkleTree.of([(alice.address, 10 * GT), (bob.address, 20 * GT), (carol.address, 30 * GT)])
    pool.publishEpoch(tree.root, 60 * GT, {"from": operator})
    cases = [
        (alice, 11 * GT, tree.proof(0)),  # wrong amount
        (alice, 20 * GT, tree.proof(1)),  # someone else's proof and amount
        (alice, 10 * GT, []),  # no proof
        (alice, 10 * GT, tree.proof(0)[:-1] + [b"\x00" * 32]),  # tampered proof
    ]
    for who, amount, proof in cases:
        with reverts_with("IncentivePoolInvalidProof", 0, who.address.lower(), amount):
            pool.claim(0, who, amount, proof, {"from": who})
    with reverts_with("IncentivePoolUnknownEpoch", 1):
        pool.claim(1, alice, 10 * GT, tree.proof(0), {"from": alice})
    assert pool.totalClaimed() == 0


def test_double_claim_refused(pool, gt, operator, alice, bob):
    tree = MerkleTree.of([(alice.address, 10 * GT), (bob.address, 20 * GT)])
    pool.publishEpoch(tree.root, 30 * GT, {"from": operator})
    pool.claim(0, alice, 10 * GT, tree.proof(0), {"from": alice})
    with reverts_with("IncentivePoolAlreadyClaimed", 0, alice.address.lower()):
        pool.claim(0, alice, 10 * GT, tree.proof(0), {"from": bob})
    assert gt.balanceOf(alice) == 10 * GT
    # the same user in a later epoch claims again
    pool.publishEpoch(tree.root, 30 * GT, {"from": operator})
    pool.claim(1, alice, 10 * GT, tree.proof(0), {"from": alice})
    assert gt.balanceOf(alice) == 20 * GT


def test_over_commit_refused_and_exhaustion(recycling, gt, operator, bg_fund, alice):
    tree = MerkleTree.of([(alice.address, 5 * GT)])
    with reverts_with("IncentivePoolOverCommit", 5 * GT, 0):
        recycling.publishEpoch(tree.root, 5 * GT, {"from": operator})
    gt.transfer(recycling, 8 * GT, {"from": bg_fund})  # funded by plain transfers (the buyback engine)
    assert recycling.uncommitted() == 8 * GT and not recycling.exhausted()
    recycling.publishEpoch(tree.root, 5 * GT, {"from": operator})
    assert recycling.uncommitted() == 3 * GT
    with reverts_with("IncentivePoolOverCommit", 3 * GT + 1, 3 * GT):
        recycling.publishEpoch(tree.root, 3 * GT + 1, {"from": operator})
    recycling.publishEpoch(tree.root, 3 * GT, {"from": operator})
    assert recycling.uncommitted() == 0 and recycling.exhausted()
    recycling.claim(0, alice, 5 * GT, tree.proof(0), {"from": alice})
    assert recycling.uncommitted() == 0 and recycling.exhausted()  # claims do not free commitment
    assert gt.balanceOf(recycling) == 3 * GT


def test_epoch_cannot_pay_past_its_total(recycling, gt, operator, bg_fund, alice, bob):
    # a tree whose leaves add up to more than the declared total can never drain other epochs
    gt.transfer(recycling, 100 * GT, {"from": bg_fund})
    tree = MerkleTree.of([(alice.address, 10 * GT), (bob.address, 10 * GT)])
    recycling.publishEpoch(tree.root, 15 * GT, {"from": operator})
    recycling.claim(0, alice, 10 * GT, tree.proof(0), {"from": alice})
    with reverts_with("IncentivePoolEpochOverdrawn", 0, 10 * GT, 5 * GT):
        recycling.claim(0, bob, 10 * GT, tree.proof(1), {"from": bob})
    assert recycling.uncommitted() == 85 * GT


def test_empty_epochs_refused(pool, operator):
    with reverts_with("IncentivePoolEmptyEpoch"):
        pool.publishEpoch(b"\x00" * 32, GT, {"from": operator})
    with reverts_with("IncentivePoolEmptyEpoch"):
        pool.publishEpoch(b"\x01" * 32, 0, {"from": operator})


def test_publish_is_publisher_only(pool, recycling, attacker, deployer, bg_fund):
    for p in (pool, recycling):
        with unauthorized(attacker, p.PUBLISHER_ROLE()):
            p.publishEpoch(b"\x01" * 32, 1, {"from": attacker})
        with unauthorized(deployer, p.PUBLISHER_ROLE()):  # the admin does not publish either
            p.publishEpoch(b"\x01" * 32, 1, {"from": deployer})
        with unauthorized(attacker, p.DEFAULT_ADMIN_ROLE()):
            p.grantRole(p.PUBLISHER_ROLE(), attacker, {"from": attacker})


def test_abi_has_no_other_way_to_move_gt():
    writes = {
        i["name"] for i in IncentivePool.abi if i["type"] == "function" and i["stateMutability"] not in ("view", "pure")
    }
    # voidEpoch moves no GT: it only uncommits an epoch before any claim (guardian only).
    assert writes == {"publishEpoch", "claim", "voidEpoch", "grantRole", "revokeRole", "renounceRole"}


def test_claim_bitmap_spans_words(gt, deployer, operator, bg_fund, alice):
    repeater = RepeatedCall.deploy({"from": deployer})
    p = IncentivePool.deploy(gt, deployer, repeater, 0, 0, {"from": deployer})
    gt.transfer(p, 1_000 * GT, {"from": bg_fund})
    tree = MerkleTree.of([(alice.address, GT)])
    repeat_call(repeater, p, p.publishEpoch.encode_input(tree.root, GT), 257, operator)
    assert p.epochCount() == 257
    p.claim(256, alice, GT, tree.proof(0), {"from": alice})
    assert p.isClaimed(256, alice) and not p.isClaimed(0, alice)
    p.claim(0, alice, GT, tree.proof(0), {"from": alice})
    assert p.isClaimed(0, alice) and not p.isClaimed(255, alice)


def test_constructor_checks(gt, deployer):
    with reverts_with("IncentivePoolZeroAddress", 0):
        IncentivePool.deploy(brownie.ZERO_ADDRESS, deployer, deployer, 0, 0, {"from": deployer})
    with reverts_with("IncentivePoolZeroAddress", 1):
        IncentivePool.deploy(gt, brownie.ZERO_ADDRESS, deployer, 0, 0, {"from": deployer})
