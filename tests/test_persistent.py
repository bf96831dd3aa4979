"""The persistent map and sorted set behave like a dict and a sorted list, and never change."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pintuan._persistent import PMap, PSortedSet
from pintuan._treap import Node, find, insert, join, priority, split, walk

keys = st.text(alphabet="abcdefgh", min_size=0, max_size=3)
map_ops = st.lists(st.tuples(st.sampled_from(["set", "remove"]), keys, st.integers()), max_size=60)


@given(map_ops)
def test_pmap_is_a_dict_whose_old_versions_stay(ops: list[tuple[str, str, int]]) -> None:
    versions: list[tuple[PMap[int], dict[str, int]]] = [(PMap(), {})]
    for op, key, value in ops:
        current, model = versions[-1]
        model = dict(model)
        if op == "set":
            current = current.set(key, value)
            model[key] = value
        else:
            current = current.remove(key)
            model.pop(key, None)
        versions.append((current, model))
    for pmap, model in versions:  # every version, old ones included
        assert len(pmap) == len(model)
        assert dict(pmap.items()) == model
        for key in "abcdefgh":
            assert pmap.get(key, "absent") == model.get(key, "absent")
            assert (key in pmap) == (key in model)


def test_pmap_survives_full_hash_collisions(monkeypatch) -> None:
    import pintuan._persistent as persistent

    monkeypatch.setattr(persistent, "key_hash", lambda key: 7)
    pmap: PMap[int] = PMap()
    for n in range(5):
        pmap = pmap.set(f"k{n}", n)
    pmap = pmap.set("k2", 20).remove("k0")
    assert dict(pmap.items()) == {"k1": 1, "k2": 20, "k3": 3, "k4": 4}
    assert len(pmap) == 4
    assert pmap.remove("k9") is pmap


def test_pmap_of_many_keys_splits_its_nodes() -> None:
    pmap: PMap[int] = PMap()
    for n in range(5000):
        pmap = pmap.set(str(n), n)
    assert len(pmap) == 5000
    assert all(pmap.get(str(n)) == n for n in range(0, 5000, 7))
    smaller = pmap
    for n in range(0, 5000, 2):
        smaller = smaller.remove(str(n))
    assert len(smaller) == 2500
    assert len(pmap) == 5000
    assert smaller.get("2") is None
    assert pmap.get("2") == 2


set_ops = st.lists(
    st.tuples(st.sampled_from(["add", "remove"]), st.tuples(st.integers(0, 20), keys)),
    max_size=80,
)


@given(set_ops)
def test_psortedset_is_a_sorted_set_whose_old_versions_stay(
    ops: list[tuple[str, tuple[int, str]]],
) -> None:
    versions: list[tuple[PSortedSet[tuple[int, str]], set[tuple[int, str]]]] = [
        (PSortedSet(), set())
    ]
    for op, key in ops:
        current, model = versions[-1]
        if op == "add":
            current, model = current.add(key), model | {key}
        else:
            current, model = current.remove(key), model - {key}
        versions.append((current, model))
    for sset, model in versions:
        assert list(sset) == sorted(model)
        assert len(sset) == len(model)
        assert all(key in sset for key in model)


def test_psortedset_of_many_keys_stays_shallow_enough_to_iterate() -> None:
    sset: PSortedSet[int] = PSortedSet()
    for n in reversed(range(20_000)):  # sorted input: the worst case of a plain tree
        sset = sset.add(n)
    assert list(sset)[:3] == [0, 1, 2]
    assert len(sset) == 20_000


def _checked(node: Node | None) -> list[tuple[int, int]]:
    """The (key, value) pairs below ``node`` in order, checking heap order and ``latest``."""
    if node is None:
        return []
    for child in (node.left, node.right):
        assert child is None or child.prio <= node.prio
    pairs = [*_checked(node.left), (node.key, node.value), *_checked(node.right)]
    assert node.latest == max(value for _, value in pairs)
    return pairs


@given(st.lists(st.tuples(st.booleans(), st.integers(0, 40), st.integers(0, 1000)), max_size=80))
def test_treap_keeps_order_heap_and_each_subtree_latest_value(steps) -> None:
    root: Node | None = None
    model: dict[int, int] = {}
    for adding, key, value in steps:
        if find(root, key) is not None:
            low, high = split(root, key)
            root = join(low, high)
            del model[key]
        if adding:
            root = insert(root, key, value, priority(key, 1))
            model[key] = value
        assert _checked(root) == sorted(model.items())
        assert [n.key for n in walk(root)] == sorted(model)
