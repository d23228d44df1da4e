"""gt.merkle builds the same trees, proofs and dumps as @openzeppelin/merkle-tree's StandardMerkleTree."""

import random

import pytest
from eth_abi import encode
from eth_utils import keccak
from hypothesis import given
from hypothesis import strategies as st

from gt.merkle import MerkleTree, hash_pair, leaf_hash, verify

A1 = "0x1111111111111111111111111111111111111111"
A2 = "0x2222222222222222222222222222222222222222"


def test_openzeppelin_readme_vector():
    # the example of the @openzeppelin/merkle-tree README: full tree and the single-sibling proofs
    tree = MerkleTree.of([[A1, "5000000000000000000"], [A2, "2500000000000000000"]])
    assert tree.dump()["tree"] == [
        "0xd4dee0beab2d53f2cc83e567171bd2820e49898130a22622b10ead383e90bd77",
        "0xeb02c421cfa48976e66dfb29120745909ea3a0f843456c263cf8f1253483e283",
        "0xb92c48e9d7abe27fd8dfd6b5dfdbfb1c9a463f80c712b66f3a5180a090cccafc",
    ]
    assert tree.proof_hex(0) == ["0xb92c48e9d7abe27fd8dfd6b5dfdbfb1c9a463f80c712b66f3a5180a090cccafc"]
    assert tree.dump()["values"] == [
        {"value": [A1, "5000000000000000000"], "treeIndex": 1},
        {"value": [A2, "2500000000000000000"], "treeIndex": 2},
    ]


def test_openzeppelin_string_vector_layout():
    # StandardMerkleTree.of([["a"], ["b"], ["c"]], ["string"]) as rendered by the library's tests
    tree = MerkleTree.of([["a"], ["b"], ["c"]], ("string",))
    assert [n.hex() for n in tree.tree] == [
        "f2129b5a697531ef818f644564a6552b35c549722385bc52aa7fe46c0b5f46b1",
        "fa914d99a18dc32d9725b3ef1c50426deb40ec8d0885dac8edcc5bfd6d030016",
        "9cf5a63718145ba968a01c1d557020181c5b252f665cf7386d370eddb176517b",
        "9c15a6a0eaeed500fd9eed4cbeab71f797cefcc67bfd46683e4d2e6ff7f06d1c",
        "19ba6c6333e0e9a15bf67523e0676e2f23eb8e574092552d5e888c64a4bb3681",
    ]


def test_leaf_is_double_hashed_abi_encoding():
    expected = keccak(keccak(encode(["address", "uint256"], [A1, 7])))
    assert leaf_hash((A1, 7)) == expected
    assert hash_pair(b"\x02" * 32, b"\x01" * 32) == keccak(b"\x01" * 32 + b"\x02" * 32)


def test_tree_layout_by_hand():
    # four leaves: sorted leaf hashes fill tree[6], tree[5], tree[4], tree[3]; parents hash pairs
    values = [(f"0x{i:040x}", i) for i in range(1, 5)]
    leaves = sorted(leaf_hash(v) for v in values)
    n3, n4, n5, n6 = leaves[3], leaves[2], leaves[1], leaves[0]
    n1, n2 = hash_pair(n3, n4), hash_pair(n5, n6)
    tree = MerkleTree.of(values)
    assert tree.tree == (hash_pair(n1, n2), n1, n2, n3, n4, n5, n6)
    i = values.index(next(v for v in values if leaf_hash(v) == leaves[0]))
    assert tree.tree_indices[i] == 6 and tree.proof(i) == [n5, n1]


def test_single_leaf_tree():
    tree = MerkleTree.of([(A1, 1)])
    assert tree.root == leaf_hash((A1, 1)) and tree.proof(0) == []


def test_empty_tree_refused():
    with pytest.raises(ValueError, match="at least one leaf"):
        MerkleTree.of([])


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 7, 8, 9, 16, 33, 100])
def test_every_proof_verifies_and_wrong_ones_do_not(n):
    rnd = random.Random(n)
    values = [("0x" + rnd.randbytes(20).hex(), rnd.randint(1, 10**24)) for _ in range(n)]
    tree = MerkleTree.of(values)
    for i, (user, amount) in enumerate(values):
        assert verify(tree.root, leaf_hash((user, amount)), tree.proof(i))
        assert not verify(tree.root, leaf_hash((user, amount + 1)), tree.proof(i))


def test_dump_load_roundtrip_and_tamper_detection():
    tree = MerkleTree.of([(f"0x{i:040x}", i * 10**18) for i in range(1, 11)])
    data = tree.dump()
    assert MerkleTree.load(data) == tree
    data["values"][3]["value"][1] = "1"
    with pytest.raises(ValueError, match="does not match its leaf"):
        MerkleTree.load(data)
    data = tree.dump()
    data["tree"][2] = "0x" + "00" * 32
    with pytest.raises(ValueError, match="node"):
        MerkleTree.load(data)
    with pytest.raises(ValueError, match="format"):
        MerkleTree.load({**tree.dump(), "format": "simple-v1"})


@given(st.lists(st.tuples(st.binary(min_size=20, max_size=20), st.integers(0, 2**256 - 1)), min_size=1, max_size=40))
def test_root_independent_of_input_order(values):
    vals = [("0x" + a.hex(), x) for a, x in values]
    t1 = MerkleTree.of(vals)
    t2 = MerkleTree.of(list(reversed(vals)))
    assert t1.root == t2.root
