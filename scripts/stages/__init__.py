"""Deployment stages, run in this order by :func:`scripts.deployment.deploy_system`."""

from scripts.stages import capital, core

STAGES = [core, capital]
