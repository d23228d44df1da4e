"""The failures of the chain-access layer, each reported as one line: the operator's mistake
(exit 2) and the chain's (exit 1)."""

from __future__ import annotations


class GtError(Exception):
    """A failure reported as one line; `exit_code` is the process status."""

    exit_code = 1


class UserError(GtError):
    """A mistake in the operator's input or request (exit 2); nothing was sent."""

    exit_code = 2


class ChainError(GtError):
    """The chain, the node or the network failed (exit 1)."""

    exit_code = 1


class Refused(UserError):
    """Simulation says the contract would revert: nothing was sent. The message names the error."""


class DeploymentError(UserError):
    """A deployment (or its manifest) could not be started, verified or trusted; what was sent
    is recorded in the manifest, so the deployment can be resumed."""
