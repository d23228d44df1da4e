"""Deployment stages, run in this order by :func:`scripts.deployment.deploy_system`."""

from scripts.stages import capital, core, governance, listing

STAGES = [core, governance, capital, listing]
