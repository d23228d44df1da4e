"""Deployment stages, run in this order by :func:`scripts.deployment.deploy_system`."""

from scripts.stages import core, governance, listing

STAGES = [core, governance, listing]
