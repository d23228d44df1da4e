"""Deployment stages, run in this order by :func:`scripts.deployment.deploy_system`."""

from scripts.stages import buyback, capital, core, dex, governance, listing

STAGES = [core, governance, capital, dex, buyback, listing]
