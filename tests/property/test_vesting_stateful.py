"""Stateful property test of VestingVault against the Python reference (gt.vesting).

Random step and linear grants, random jumps in time and random releases. After every step:
the chain's vested amount equals the model's to the wei, vested never decreases, released
never exceeds vested, the vault always holds what it still owes; at the end of time every
grant has paid exactly its amount.
"""

from __future__ import annotations

import pytest
from brownie import GTToken, VestingVault, accounts, chain
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from gt.vesting import LinearSchedule, StepSchedule
from tests.helpers import advance_to, examples, run_state_machine

YEAR = 365 * 86_400
FUNDS = 10**27  # the whole supply of a throw-away token; 12 grants of at most 1e25 fit


class VestingMachine(RuleBasedStateMachine):
    token = None
    vault = None
    deployer = None

    @initialize(
        step=st.tuples(st.integers(1, 10**25), st.integers(1, 6), st.integers(1, YEAR), st.integers(0, YEAR)),
        linear=st.tuples(st.integers(1, 10**25), st.integers(0, YEAR), st.integers(1, 2 * YEAR), st.integers(0, YEAR)),
    )
    def start(self, step, linear) -> None:
        self.schedules: dict[str, StepSchedule | LinearSchedule] = {}
        self.paid: dict[str, int] = {}
        self.last_vested: dict[str, tuple[int, int]] = {}  # chain time and the vault's vested amount then
        self.free = list(accounts[8:20])
        # Every run starts with one grant of each kind, so short runs still exercise both.
        self.grant_step(*step)
        self.grant_linear(*linear)

    @precondition(lambda self: self.free)
    @rule(
        amount=st.integers(1, 10**25),
        tranches=st.integers(1, 6),
        interval=st.integers(1, YEAR),
        delay=st.integers(0, YEAR),
    )
    def grant_step(self, amount: int, tranches: int, interval: int, delay: int) -> None:
        who = self.free.pop()
        start = chain[-1].timestamp + delay
        self.vault.createStepGrants([who], [amount], start, interval, tranches, {"from": self.deployer})
        self.schedules[who.address] = StepSchedule(amount, start, interval, tranches)
        self.paid[who.address] = 0

    @precondition(lambda self: self.free)
    @rule(
        amount=st.integers(1, 10**25),
        cliff=st.integers(0, YEAR),
        extra=st.integers(1, 2 * YEAR),
        delay=st.integers(0, YEAR),
    )
    def grant_linear(self, amount: int, cliff: int, extra: int, delay: int) -> None:
        who = self.free.pop()
        start = chain[-1].timestamp + delay
        self.vault.createLinearGrant(who, amount, start, cliff, cliff + extra, {"from": self.deployer})
        self.schedules[who.address] = LinearSchedule(amount, start, cliff, cliff + extra)
        self.paid[who.address] = 0

    @rule(seconds=st.integers(1, 2 * YEAR))
    def wait(self, seconds: int) -> None:
        advance_to(chain[-1].timestamp + seconds)

    @precondition(lambda self: self.schedules)
    @rule(data=st.data())
    def release(self, data) -> None:
        who = data.draw(st.sampled_from(sorted(self.schedules)))
        before = self.token.balanceOf(who)
        if self.vault.releasable(who) == 0:
            return
        tx = self.vault.release(who, {"from": accounts[0]})
        paid = self.token.balanceOf(who) - before
        vested = self.schedules[who].vested(chain[tx.block_number].timestamp)
        # A release pays everything releasable: exactly what the schedule vested at the block
        # that paid it, less what was paid before.
        assert paid == tx.events["Released"]["amount"] == tx.return_value == vested - self.paid[who]
        self.paid[who] += paid
        assert self.paid[who] == vested

    @invariant()
    def chain_equals_model(self) -> None:
        now = chain[-1].timestamp
        for who, schedule in self.schedules.items():
            on_chain = {t: self.vault.vestedAmount(who, t) for t in (now, now + YEAR // 3, schedule.start + YEAR)}
            assert on_chain == {t: schedule.vested(t) for t in on_chain}
            # The chain's vested amount never decreases from one chain time to the next.
            vested_now = on_chain[now]
            if who in self.last_vested:
                last_time, last_vested = self.last_vested[who]
                assert now >= last_time and vested_now >= last_vested
            self.last_vested[who] = (now, vested_now)
            assert self.vault.released(who) == self.paid[who] <= schedule.amount

    @invariant()
    def vault_holds_what_it_owes(self) -> None:
        owed = sum(s.amount - self.paid[w] for w, s in self.schedules.items())
        assert self.vault.totalUnreleased() == owed
        assert self.token.balanceOf(self.vault) == FUNDS - sum(self.paid.values())
        assert self.token.totalSupply() == FUNDS

    def check_final_totals(self) -> None:
        horizon = max((s.start + 10 * YEAR for s in self.schedules.values()), default=0)
        advance_to(horizon)
        for who, schedule in self.schedules.items():
            if self.vault.releasable(who):
                self.vault.release(who, {"from": accounts[0]})
            assert self.token.balanceOf(who) == schedule.amount == self.vault.released(who)


class FinalTotalsMachine(VestingMachine):
    def teardown(self) -> None:
        self.check_final_totals()


@pytest.fixture(scope="module")
def vesting_setup(deployer):
    token = GTToken.deploy([deployer], [FUNDS], {"from": deployer})
    vault = VestingVault.deploy(token, deployer, {"from": deployer})
    token.transfer(vault, FUNDS, {"from": deployer})
    return token, vault


def test_vesting_state_machine(vesting_setup, deployer):
    token, vault = vesting_setup
    FinalTotalsMachine.token, FinalTotalsMachine.vault, FinalTotalsMachine.deployer = token, vault, deployer
    run_state_machine(FinalTotalsMachine, examples=examples(15), steps=15)
