"""Chain access for the GT toolkit: network connection, accounts, deployment manifests, the one
send pipeline and call/event/error decoding. Depends on `gt` (chain-free); `gt_cli` depends on it."""
