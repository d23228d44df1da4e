"""Reference model of VestingVault's schedules, for tests and operator views."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StepSchedule:
    """`tranches` equal tranches at start + k * interval (k = 1..tranches); nothing before the first."""

    amount: int
    start: int
    interval: int
    tranches: int

    def vested(self, timestamp: int) -> int:
        if timestamp < self.start:
            return 0
        unlocked = min((timestamp - self.start) // self.interval, self.tranches)
        return self.amount * unlocked // self.tranches

    def unlock_times(self) -> list[int]:
        return [self.start + k * self.interval for k in range(1, self.tranches + 1)]


@dataclass(frozen=True)
class LinearSchedule:
    """Nothing before start + cliff; linear from start; everything at start + duration."""

    amount: int
    start: int
    cliff: int
    duration: int

    def vested(self, timestamp: int) -> int:
        if timestamp < self.start:
            return 0
        elapsed = timestamp - self.start
        if elapsed < self.cliff:
            return 0
        if elapsed >= self.duration:
            return self.amount
        return self.amount * elapsed // self.duration
