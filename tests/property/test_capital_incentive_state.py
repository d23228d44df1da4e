"""Stateful property test of IncentivePool against a chain-free model: whatever the sequence of
fundings, publications (honest or with leaves adding up past the declared total) and claims, the
sum of claims never exceeds the sum of committed epochs nor what the pool received, and every
balance and counter equals the model to the wei."""

from __future__ import annotations

from brownie import IncentivePool, accounts
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from gt.merkle import MerkleTree
from tests.helpers import examples, reverts_with, run_state_machine

GT = 10**18
USERS = 4


def test_pool_matches_model(gt, deployer, operator, bg_fund):
    users = [accounts[10 + i] for i in range(USERS)]
    amounts = st.integers(min_value=1, max_value=50).map(lambda x: x * GT // 7)

    class PoolMachine(RuleBasedStateMachine):
        @initialize()
        def setup(self):
            self.pool = IncentivePool.deploy(gt, deployer, operator, 0, 0, {"from": deployer})
            self.received = 0
            self.epochs: list[dict] = []  # model: total, claimed, tree, leaves
            self.claimed_users: set[tuple[int, int]] = set()
            self.start = {u: gt.balanceOf(u) for u in users}

        def committed(self):
            return sum(e["total"] for e in self.epochs)

        def claimed(self):
            return sum(e["claimed"] for e in self.epochs)

        def uncommitted(self):
            # what the pool holds (received - claimed) less what epochs still owe (committed - claimed)
            return self.received - self.committed()

        @rule(amount=amounts)
        def fund(self, amount):
            gt.transfer(self.pool, amount, {"from": bg_fund})
            self.received += amount

        @rule(leaf_amounts=st.lists(amounts, min_size=1, max_size=USERS), shortfall=st.sampled_from([0, 0, 0, GT]))
        def publish(self, leaf_amounts, shortfall):
            leaves = [(users[i].address, a) for i, a in enumerate(leaf_amounts)]
            total = max(1, sum(leaf_amounts) - shortfall)  # shortfall > 0: a faulty tree
            tree = MerkleTree.of(leaves)
            if total > self.uncommitted():
                with reverts_with("IncentivePoolOverCommit", total, self.uncommitted()):
                    self.pool.publishEpoch(tree.root, total, {"from": operator})
                return
            self.pool.publishEpoch(tree.root, total, {"from": operator})
            self.epochs.append({"total": total, "claimed": 0, "tree": tree, "leaves": leaves})

        @rule(data=st.data())
        def claim(self, data):
            if not self.epochs:
                return
            e_id = data.draw(st.integers(0, len(self.epochs) - 1))
            e = self.epochs[e_id]
            i = data.draw(st.integers(0, len(e["leaves"]) - 1))
            user, amount = e["leaves"][i]
            if (e_id, i) in self.claimed_users:
                with reverts_with("IncentivePoolAlreadyClaimed", e_id, user):
                    self.pool.claim(e_id, user, amount, e["tree"].proof(i), {"from": operator})
                return
            if e["claimed"] + amount > e["total"]:  # a faulty tree's leaves add up past its total
                with reverts_with("IncentivePoolEpochOverdrawn", e_id, amount, e["total"] - e["claimed"]):
                    self.pool.claim(e_id, user, amount, e["tree"].proof(i), {"from": operator})
                return
            self.pool.claim(e_id, user, amount, e["tree"].proof(i), {"from": operator})
            e["claimed"] += amount
            self.claimed_users.add((e_id, i))

        @invariant()
        def matches_model(self):
            if not hasattr(self, "pool"):
                return
            # On chain: claims never exceed what was committed, nor what the pool received.
            assert self.pool.totalClaimed() <= self.pool.totalCommitted()
            assert self.pool.totalClaimed() <= self.received
            assert self.pool.epochCount() == len(self.epochs)
            for e_id, e in enumerate(self.epochs):
                on_chain = self.pool.epoch(e_id)
                assert (on_chain["total"], on_chain["claimed"]) == (e["total"], e["claimed"])
                assert on_chain["claimed"] <= on_chain["total"]
            assert self.pool.totalClaimed() == self.claimed()
            assert self.pool.totalCommitted() == self.committed()
            assert gt.balanceOf(self.pool) == self.received - self.claimed()
            assert self.pool.uncommitted() == self.uncommitted()
            assert self.pool.exhausted() == (self.uncommitted() == 0)
            paid = {u.address: 0 for u in users}
            for e_id, i in self.claimed_users:
                user, amount = self.epochs[e_id]["leaves"][i]
                paid[user] += amount
            for u in users:
                assert gt.balanceOf(u) - self.start[u] == paid[u.address]

    run_state_machine(PoolMachine, examples=examples(12), steps=12)
