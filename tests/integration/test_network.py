"""gt_chain/network.py against a real local chain."""

from __future__ import annotations

from brownie import web3
from web3.exceptions import TransactionNotFound


def test_a_receipt_readable_late_is_not_a_dropped_transaction(monkeypatch, deployer, alice):
    """Anvil raises the sender's nonce a moment before the receipt can be read (foundry-rs/foundry
    #10944); brownie alone then raises "Tx dropped without known replacement" for a mined tx."""
    read_receipt = web3.eth.get_transaction_receipt
    misses = {"left": 3}

    def late(txid):
        if misses["left"]:
            misses["left"] -= 1
            raise TransactionNotFound("not readable yet")
        return read_receipt(txid)

    monkeypatch.setattr(web3.eth, "get_transaction_receipt", late)
    before = alice.balance()
    tx = deployer.transfer(alice, 1)
    assert tx.status == 1 and misses["left"] == 0
    assert alice.balance() == before + 1
