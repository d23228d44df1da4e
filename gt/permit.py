"""EIP-2612 permit signatures (OpenZeppelin ERC20Permit's typed data), signed locally."""

from __future__ import annotations

from eth_account import Account
from eth_account.messages import encode_typed_data

_DOMAIN = [
    {"name": "name", "type": "string"},
    {"name": "version", "type": "string"},
    {"name": "chainId", "type": "uint256"},
    {"name": "verifyingContract", "type": "address"},
]
_PERMIT = [
    {"name": "owner", "type": "address"},
    {"name": "spender", "type": "address"},
    {"name": "value", "type": "uint256"},
    {"name": "nonce", "type": "uint256"},
    {"name": "deadline", "type": "uint256"},
]


def sign_permit(
    private_key: bytes | str,
    token_name: str,
    chain_id: int,
    token: str,
    spender: str,
    value: int,
    nonce: int,
    deadline: int,
) -> tuple[int, bytes, bytes]:
    """Returns (v, r, s) for `permit(owner, spender, value, deadline, v, r, s)`; version "1" as in ERC20Permit."""
    owner = Account.from_key(private_key).address
    data = {
        "types": {"EIP712Domain": _DOMAIN, "Permit": _PERMIT},
        "primaryType": "Permit",
        "domain": {"name": token_name, "version": "1", "chainId": chain_id, "verifyingContract": token},
        "message": {"owner": owner, "spender": spender, "value": value, "nonce": nonce, "deadline": deadline},
    }
    signed = Account.sign_message(encode_typed_data(full_message=data), private_key)
    return signed.v, signed.r.to_bytes(32, "big"), signed.s.to_bytes(32, "big")
