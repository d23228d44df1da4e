"""GT toolkit: chain-free domain logic (configuration, reference models, Merkle trees, metrics).

Nothing in this package imports brownie or talks to a chain, so the same logic serves the
brownie scripts and tests today and a move to another framework later.
"""
