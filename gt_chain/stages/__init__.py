"""Deployment stages, run in this order by :func:`gt_chain.deployment.deploy_system`."""

from gt_chain.stages import buyback, capital, core, dex, governance, listing

STAGES = [core, governance, capital, dex, buyback, listing]
