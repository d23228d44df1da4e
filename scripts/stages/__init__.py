"""Deployment stages, run in this order by :func:`scripts.deployment.deploy_system`."""

from scripts.stages import core, governance

STAGES = [core, governance]
