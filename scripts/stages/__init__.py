"""Deployment stages, run in this order by :func:`scripts.deployment.deploy_system`."""

from scripts.stages import buyback, core, dex

STAGES = [core, dex, buyback]
