"""OpenZeppelin ``StandardMerkleTree``-compatible Merkle trees, with no chain access.

Matches ``@openzeppelin/merkle-tree`` (format ``standard-v1``) exactly, so wallets and other
tools can verify our proofs and load our dumps:

- leaf = ``keccak256(bytes.concat(keccak256(abi.encode(...values))))`` (double hash, so a leaf
  can never be mistaken for an inner node);
- leaves are sorted by hash, placed at the end of a flat array ``tree`` of ``2n - 1`` nodes
  (``tree[len - 1 - i]`` is the i-th sorted leaf), and every inner node ``i`` is
  ``hash_pair(tree[2i + 1], tree[2i + 2])`` where ``hash_pair`` hashes the two children in
  ascending order (what OpenZeppelin's ``MerkleProof`` expects);
- a proof is the list of siblings from the leaf up to (not including) the root.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eth_abi import encode
from eth_utils import keccak, to_checksum_address

DEFAULT_ENCODING: tuple[str, ...] = ("address", "uint256")


def _hex(b: bytes) -> str:
    return "0x" + b.hex()


def _unhex(s: str) -> bytes:
    return bytes.fromhex(s[2:] if s.startswith("0x") else s)


def leaf_hash(value: Sequence[Any], encoding: Sequence[str] = DEFAULT_ENCODING) -> bytes:
    """``keccak256(bytes.concat(keccak256(abi.encode(value...))))``."""
    return keccak(keccak(encode(list(encoding), list(value))))


def hash_pair(a: bytes, b: bytes) -> bytes:
    """Commutative pair hash: the smaller node first."""
    return keccak(a + b) if a <= b else keccak(b + a)


def _normalise(value: Sequence[Any], encoding: Sequence[str]) -> tuple[Any, ...]:
    if len(value) != len(encoding):
        raise ValueError(f"leaf {list(value)!r} has {len(value)} fields, the encoding has {len(encoding)}")
    out: list[Any] = []
    for v, t in zip(value, encoding, strict=True):
        if t == "address":
            out.append(to_checksum_address(v))
        elif t.startswith("uint") or t.startswith("int"):
            out.append(int(v))
        else:
            out.append(v)
    return tuple(out)


@dataclass(frozen=True)
class MerkleTree:
    """A built tree: every node, the values in their original order and each value's tree index."""

    tree: tuple[bytes, ...]
    values: tuple[tuple[Any, ...], ...]
    tree_indices: tuple[int, ...]
    encoding: tuple[str, ...] = DEFAULT_ENCODING

    @classmethod
    def of(cls, values: Sequence[Sequence[Any]], encoding: Sequence[str] = DEFAULT_ENCODING) -> MerkleTree:
        """Builds the tree the way ``StandardMerkleTree.of(values, encoding)`` does (leaves sorted)."""
        if not values:
            raise ValueError("a Merkle tree needs at least one leaf")
        enc = tuple(encoding)
        norm = tuple(_normalise(v, enc) for v in values)
        hashed = sorted(((leaf_hash(v, enc), i) for i, v in enumerate(norm)), key=lambda hv: hv[0])
        n = len(hashed)
        tree: list[bytes] = [b""] * (2 * n - 1)
        indices = [0] * n
        for i, (h, value_index) in enumerate(hashed):
            tree[len(tree) - 1 - i] = h
            indices[value_index] = len(tree) - 1 - i
        for i in range(len(tree) - 1 - n, -1, -1):
            tree[i] = hash_pair(tree[2 * i + 1], tree[2 * i + 2])
        return cls(tuple(tree), norm, tuple(indices), enc)

    @property
    def root(self) -> bytes:
        return self.tree[0]

    @property
    def root_hex(self) -> str:
        return _hex(self.root)

    def leaf(self, index: int) -> bytes:
        """The leaf hash of the value at `index` (original order)."""
        return self.tree[self.tree_indices[index]]

    def proof(self, index: int) -> list[bytes]:
        """The proof for the value at `index` (original order)."""
        i = self.tree_indices[index]
        proof: list[bytes] = []
        while i > 0:
            sibling = i + 1 if i % 2 == 1 else i - 1
            proof.append(self.tree[sibling])
            i = (i - 1) // 2
        return proof

    def proof_hex(self, index: int) -> list[str]:
        return [_hex(p) for p in self.proof(index)]

    def dump(self) -> dict[str, Any]:
        """The ``standard-v1`` JSON object ``StandardMerkleTree.load`` reads (integers as decimal strings)."""
        return {
            "format": "standard-v1",
            "tree": [_hex(node) for node in self.tree],
            "values": [
                {"value": [str(x) if isinstance(x, int) else x for x in v], "treeIndex": ti}
                for v, ti in zip(self.values, self.tree_indices, strict=True)
            ],
            "leafEncoding": list(self.encoding),
        }

    @classmethod
    def load(cls, data: dict[str, Any]) -> MerkleTree:
        """Loads a ``standard-v1`` dump and checks that every node is consistent."""
        if data.get("format") != "standard-v1":
            raise ValueError(f"unknown Merkle tree format {data.get('format')!r}")
        enc = tuple(data["leafEncoding"])
        tree = tuple(_unhex(h) for h in data["tree"])
        values = tuple(_normalise(v["value"], enc) for v in data["values"])
        indices = tuple(int(v["treeIndex"]) for v in data["values"])
        loaded = cls(tree, values, indices, enc)
        loaded.validate()
        return loaded

    def validate(self) -> None:
        """Raises ValueError unless every leaf and inner node hashes correctly."""
        n = len(self.tree)
        for i in range(n):
            left = 2 * i + 1
            if left < n and self.tree[i] != hash_pair(self.tree[left], self.tree[left + 1]):
                raise ValueError(f"Merkle tree node {i} does not hash its children")
        for v, ti in zip(self.values, self.tree_indices, strict=True):
            if not (0 <= ti < n) or self.tree[ti] != leaf_hash(v, self.encoding):
                raise ValueError(f"Merkle tree value {list(v)!r} does not match its leaf")


def verify(root: bytes, leaf: bytes, proof: Sequence[bytes]) -> bool:
    """``MerkleProof.verify``: folds the proof with sorted-pair hashing."""
    node = leaf
    for sibling in proof:
        node = hash_pair(node, sibling)
    return node == root


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2) + "\n")
