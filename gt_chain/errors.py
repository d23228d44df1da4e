"""Errors of the chain-access layer; each message is one line for the operator."""

from __future__ import annotations


class DeploymentError(RuntimeError):
    """A deployment (or its manifest) could not be completed, verified or trusted."""
