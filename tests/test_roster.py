"""The persistent roster behind a group's members, checked against a plain model.

The roster is a persistent vector in joining order plus, shared by a line of
versions, a log and two dicts of the positions each order id and user id was
appended at. The model tests apply each operation to a version picked from
all those made so far, so branches (appending to an older version) are
exercised as much as straight lines. Keys with colliding hashes are forced
with a ``str`` subclass whose hash is chosen.
"""

from __future__ import annotations

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from pintuan.lifecycle._roster import Roster
from pintuan.lifecycle._vector import vbuild, vget, vset


class _Key(str):
    """A string whose hash the test picks."""

    forced: int

    def __new__(cls, text: str, forced: int) -> _Key:
        key = super().__new__(cls, text)
        key.forced = forced
        return key

    def __hash__(self) -> int:
        return self.forced

    def __eq__(self, other: object) -> bool:
        return str.__eq__(self, other)


@attrs.frozen
class Item:
    order_id: str
    user_id: str


# Hashes that collide fully, agree on the low 60 bits only, or differ at once.
HASHES = (0, 1, 1 << 60, (1 << 60) | 1, 7, 7 | (1 << 35), 2**63 - 1)


def keys(prefix: str) -> st.SearchStrategy[str]:
    """Plain keys, and keys whose hash is one of ``HASHES`` (fixed per name, as
    equal strings must hash alike)."""
    plain = st.integers(0, 30).map(lambda n: f"{prefix}{n}")
    forced = st.integers(0, 30).map(lambda n: _Key(f"{prefix}x{n}", HASHES[n % len(HASHES)]))
    return plain | forced


ops = st.lists(
    st.one_of(
        st.tuples(st.just("add"), keys("o"), keys("u")),
        st.tuples(st.just("drop"), keys("o"), st.just("")),
    ),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 10**6), st.sampled_from(["add", "drop"]), keys("o"), keys("u")),
        max_size=60,
    ),
    keys("o"),
    keys("u"),
)
def test_every_branch_of_versions_matches_its_model(operations, probe_order, probe_user):
    history: list[tuple[Roster[Item], list[Item]]] = [(Roster(), [])]
    for pick, op, order_id, user_id in operations:
        roster, model = history[pick % len(history)]  # any version, the newest or an older one
        if op == "add":
            if any(i.order_id == order_id for i in model):
                continue
            item = Item(order_id, user_id)
            history.append((roster.appended(item), [*model, item]))
        else:
            kept = [i for i in model if i.order_id != order_id]
            history.append((roster.without(order_id), kept))
    for version, expected in history:
        assert list(version) == expected
        assert len(version) == len(expected)
        for item in expected:
            assert version.has_order(item.order_id)
            assert version.has_user(item.user_id)
        assert version.has_order(probe_order) == any(i.order_id == probe_order for i in expected)
        assert version.has_user(probe_user) == any(i.user_id == probe_user for i in expected)
        assert version.get(probe_order) == next(
            (i for i in expected if i.order_id == probe_order), None
        )
        assert version.first() == (expected[0] if expected else None)


def test_a_branch_gets_a_line_of_its_own_and_leaves_the_other_as_it_was():
    base = Roster([Item("o1", "u1")])
    left = base.appended(Item("o2", "u2"))
    right = base.appended(Item("o3", "u2"))  # base is no longer the newest: a branch
    assert list(left) == [Item("o1", "u1"), Item("o2", "u2")]
    assert list(right) == [Item("o1", "u1"), Item("o3", "u2")]
    assert not left.has_order("o3")
    assert not right.has_order("o2")
    assert left.appended(Item("o4", "u4")).get("o4") == Item("o4", "u4")
    assert right.appended(Item("o5", "u5")).has_user("u2")


def test_an_append_that_lands_behind_another_threads_branches():
    # Two threads appending to the same newest version: one lands at its
    # position, the other finds a stranger there and branches (simulated by
    # putting the stranger in the shared log first).
    base = Roster([Item("o1", "u1")])
    base._line.log.append(Item("o9", "u9"))
    grown = base.appended(Item("o2", "u2"))
    assert list(grown) == [Item("o1", "u1"), Item("o2", "u2")]
    assert not grown.has_order("o9")
    assert grown._line is not base._line


@settings(max_examples=300, deadline=None)
@given(ops, keys("o"), keys("u"))
def test_roster_matches_a_list_model(operations, probe_order, probe_user):
    roster: Roster[Item] = Roster()
    model: list[Item] = []
    history = [(roster, list(model))]
    for op, order_id, user_id in operations:
        if op == "add":
            if any(i.order_id == order_id for i in model):
                continue  # order ids are unique in a group (the decider ensures it)
            item = Item(order_id, user_id)
            roster, model = roster.appended(item), [*model, item]
        else:
            roster = roster.without(order_id)
            model = [i for i in model if i.order_id != order_id]
        history.append((roster, list(model)))
    # Every version, old ones included, still answers as its model does.
    for version, expected in history:
        assert list(version) == expected
        assert len(version) == len(expected)
        assert version == Roster(expected)
        for item in expected:
            assert version.has_order(item.order_id)
            assert version.has_user(item.user_id)
        assert version.has_order(probe_order) == any(i.order_id == probe_order for i in expected)
        assert version.has_user(probe_user) == any(i.user_id == probe_user for i in expected)
        first_probe = next((i for i in expected if i.order_id == probe_order), None)
        assert version.get(probe_order) == first_probe
        assert version.first() == (expected[0] if expected else None)
        for excluded in {probe_order, *(i.order_id for i in expected[:2])}:
            other = next((i for i in expected if i.order_id != excluded), None)
            assert version.first(excluding=excluded) == other


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 10**6), st.integers(0, 40), st.integers(0, 10**6)),
        max_size=40,
    )
)
def test_rosters_past_a_block_match_their_models_across_leaves_and_branches(steps):
    # Each step takes any version so far (a branch when it is not the newest),
    # appends a run of new orders (up to 40: across the 32-slot blocks, so the
    # tail fills and goes into the vector) and has one of its members leave
    # (from the tail or from a full block).
    history: list[tuple[Roster[Item], list[Item]]] = [(Roster(), [])]
    made = 0
    for pick, run, who in steps:
        roster, model = history[pick % len(history)]
        for _ in range(run):
            item = Item(f"o{made}", f"u{made % 7}")
            made += 1
            roster, model = roster.appended(item), [*model, item]
            history.append((roster, model))
        if model:
            gone = model[who % len(model)].order_id
            roster, model = roster.without(gone), [i for i in model if i.order_id != gone]
            history.append((roster, model))
    for version, expected in history:
        assert list(version) == expected
        assert len(version) == len(expected)
        assert version.first() == (expected[0] if expected else None)
        if expected:
            head = expected[0].order_id
            assert version.first(excluding=head) == (expected[1] if len(expected) > 1 else None)
            assert version.get(expected[-1].order_id) == expected[-1]
            assert version.without(head).first() == (expected[1] if len(expected) > 1 else None)
        for item in expected[::5]:
            assert version.has_order(item.order_id)


def test_keys_sharing_a_full_hash_share_a_bucket_and_stay_distinct():
    a, b, c = (_Key(name, 5) for name in ("a", "b", "c"))
    roster = Roster([Item(a, "u1"), Item(b, "u2")])
    assert roster.has_order(a)
    assert roster.has_order(b)
    assert not roster.has_order(c)
    grown = roster.appended(Item(c, "u3"))
    assert grown.has_order(c)
    assert not roster.has_order(c)  # the old version is untouched
    d, e, f = _Key("d", 1), _Key("e", (1 << 60) | 1), _Key("f", 1)
    deep = Roster([Item(d, "u1"), Item(e, "u2")])  # equal on every level but the last
    assert deep.has_order(d)
    assert deep.has_order(e)
    assert not deep.has_order(f)


def test_leaving_from_a_large_roster_keeps_order_and_older_versions():
    items = [Item(f"o{n}", f"u{n}") for n in range(2_000)]
    full = Roster(items)
    roster = full
    for n in range(0, 2_000, 3):  # every third leaves, the first included
        roster = roster.without(f"o{n}")
    kept = [i for n, i in enumerate(items) if n % 3]
    assert list(roster) == kept
    assert len(roster) == len(kept)
    assert roster.first() == items[1]
    assert roster.first(excluding="o1") == items[2]
    assert roster.get("o3") is None
    assert roster.get("o4") == items[4]
    assert not roster.has_user("u3")
    assert list(full) == items  # the old version is untouched
    for n in range(2_000, 2_100):  # joins after leaves, past the emptied slots
        roster = roster.appended(Item(f"o{n}", f"u{n}"))
    assert list(roster)[-100:] == [Item(f"o{n}", f"u{n}") for n in range(2_000, 2_100)]
    empty = Roster(items[:40])
    for n in range(40):
        empty = empty.without(f"o{n}")
    assert list(empty) == []
    assert empty.first() is None
    assert list(empty.appended(items[50])) == [items[50]]


def test_leaving_from_a_bucket_keeps_the_others_in_it():
    a, b, c = (_Key(name, 5) for name in ("a", "b", "c"))  # one full hash: one bucket
    ua, ub, uc = (_Key(name, 9) for name in ("ua", "ub", "uc"))  # so are their users
    roster = Roster([Item(a, ua), Item(b, ub), Item(c, uc)])
    two = roster.without(b)  # a bucket of three keeps two
    assert list(two) == [Item(a, ua), Item(c, uc)]
    assert (two.has_order(a), two.has_order(b), two.has_order(c)) == (True, False, True)
    assert (two.has_user(ua), two.has_user(ub), two.has_user(uc)) == (True, False, True)
    assert two.get(c) == Item(c, uc)
    assert two.get(b) is None
    d = _Key("d", 5)
    again = two.appended(Item(d, "ud"))  # the smaller bucket still takes a key
    assert list(again) == [Item(a, ua), Item(c, uc), Item(d, "ud")]
    assert (again.has_order(d), again.has_order(b), again.get(d)) == (True, False, Item(d, "ud"))
    one = two.without(a)  # a bucket of two keeps its last key alone
    assert list(one) == [Item(c, uc)]
    assert (one.has_order(a), one.has_order(c), one.has_user(ua), one.has_user(uc)) == (
        False, True, False, True,
    )  # fmt: skip
    assert one.get(c) == Item(c, uc)
    assert one.without(_Key("d", 5)) is one  # absent, though its hash is the bucket's
    none = one.without(c)
    assert list(none) == []
    assert not none.has_order(c)
    assert not none.has_user(uc)
    assert list(roster) == [Item(a, ua), Item(b, ub), Item(c, uc)]  # the old version stands
    assert roster.has_order(b)


def test_leaving_from_a_bucket_below_the_root():
    # Two keys share a full hash under a node a third key pushed down a level.
    a, b, c = _Key("a", 1 << 5), _Key("b", 1 << 5), _Key("c", 2 << 5)
    roster = Roster([Item(c, "uc"), Item(a, "ua"), Item(b, "ub")])
    left = roster.without(a)
    assert list(left) == [Item(c, "uc"), Item(b, "ub")]
    assert (left.has_order(a), left.has_order(b), left.has_order(c)) == (False, True, True)
    assert left.get(b) == Item(b, "ub")


def test_first_skips_every_order_with_the_excluded_id():
    # A roster holding an order id twice (never in a group) answers from its items.
    twice = Roster([Item("o1", "u1"), Item("o1", "u2"), Item("o2", "u3")])
    assert twice.first() == Item("o1", "u1")
    assert twice.first(excluding="o1") == Item("o2", "u3")
    assert twice.get("o1") == Item("o1", "u1")
    only = Roster([Item("o1", "u1"), Item("o1", "u1")])
    assert only.first(excluding="o1") is None
    assert only.first(excluding="o9") == Item("o1", "u1")


def test_a_roster_grown_one_append_at_a_time_past_two_vector_levels():
    roster: Roster[Item] = Roster()
    items = [Item(f"o{n}", f"u{n}") for n in range(1_100)]  # past 32 x 32 slots
    for item in items:
        roster = roster.appended(item)
    assert list(roster) == items
    assert roster.get("o1099") == items[-1]
    assert roster.without("o0").first() == items[1]


def test_an_order_id_appended_twice_is_found_once_and_skipped_whole():
    twice = Roster([Item("o1", "u1")]).appended(Item("o1", "u2")).appended(Item("o2", "u3"))
    assert twice.get("o1") == Item("o1", "u1")
    assert twice.first(excluding="o1") == Item("o2", "u3")
    assert list(twice.without("o1")) == [Item("o2", "u3")]


def test_keys_split_by_their_second_level_stay_found_when_a_third_shares_a_hash():
    a, b, c = _Key("a", 1), _Key("b", 1 + 32), _Key("c", 1 + 32)  # same first 5 bits
    roster = Roster([Item(a, "ua"), Item(b, "ub"), Item(c, "uc")])
    assert (roster.has_order(a), roster.has_order(b), roster.has_order(c)) == (True, True, True)
    assert roster.get(a) == Item(a, "ua")


def test_an_order_id_and_a_user_back_after_leaving_are_found_again():
    # Each return notes one more position for the key: an int, then a list.
    roster = Roster([Item("o1", "u1")])
    for _ in range(3):
        roster = roster.without("o1").appended(Item("o1", "u1"))
        assert list(roster) == [Item("o1", "u1")]
        assert roster.has_order("o1")
        assert roster.has_user("u1")
        assert roster.get("o1") == Item("o1", "u1")
    rejoined = Roster([Item("o1", "u1")])
    for n in range(2, 5):  # the user leaves and joins again with a new order
        rejoined = rejoined.without(f"o{n - 1}").appended(Item(f"o{n}", "u1"))
        assert rejoined.has_user("u1")
        assert not rejoined.has_order(f"o{n - 1}")
        assert rejoined.first() == Item(f"o{n}", "u1")


def test_the_newest_version_is_appended_to_and_left_from_without_a_copy():
    # O(1) appends: a version made from the newest one shares its line.
    base = Roster([Item("o1", "u1")])
    grown = base.appended(Item("o2", "u2"))
    more = grown.appended(Item("o3", "u3"))
    left = more.without("o2")
    again = left.appended(Item("o4", "u4"))  # a leave's version is the newest too
    for version in (grown, more, left, again):
        assert version._line is base._line
    assert list(again) == [Item("o1", "u1"), Item("o3", "u3"), Item("o4", "u4")]
    assert list(more) == [Item("o1", "u1"), Item("o2", "u2"), Item("o3", "u3")]
    assert more.without("o9") is more  # nothing to remove: the roster itself


def test_the_same_item_appended_again_to_the_same_version_is_not_a_second_order():
    # The same event applied twice to one state (a replay): the log holds the
    # item at that position already, so the second append neither copies nor
    # sees the order twice.
    base = Roster([Item("o1", "u1")])
    item = Item("o2", "u2")
    first = base.appended(item)
    again = base.appended(item)
    assert list(again) == list(first) == [Item("o1", "u1"), item]
    assert again._line is base._line
    assert again.without("o9") is again  # unique ids: the O(log n) path
    assert list(again.without("o2")) == [Item("o1", "u1")]
    assert again.first(excluding="o1") == item
    assert len(again.without("o1")) == 1


def _leaving(roster: Roster[Item], order_ids: list[str]) -> Roster[Item]:
    for order_id in order_ids:
        roster = roster.without(order_id)
    return roster


def test_first_excluding_the_first_member_looks_on_from_the_next_slot_of_any_block():
    items = [Item(f"o{n}", f"u{n}") for n in range(64)]
    # One full leaf: the next slot is its last one, or past the vector's end.
    one_leaf = Roster(items[:32])
    assert _leaving(one_leaf, [f"o{n}" for n in range(30)]).first(excluding="o30") == items[31]
    assert _leaving(one_leaf, [f"o{n}" for n in range(31)]).first(excluding="o31") is None
    # Two levels, the first member in the second block (the first one emptied).
    later = _leaving(Roster(items[:40]), [f"o{n}" for n in range(34)])
    assert later.first() == items[34]
    assert later.first(excluding="o34") == items[35]
    # Nobody after the first member in its block: the next block from its first slot.
    gap = _leaving(Roster(items), [f"o{n}" for n in range(32) if n != 5])
    assert gap.first(excluding="o5") == items[32]
    assert gap.first(excluding="o32") == items[5]


def test_a_roster_emptied_past_one_block_takes_and_finds_new_orders():
    items = [Item(f"o{n}", f"u{n}") for n in range(41)]
    empty = _leaving(Roster(items[:40]), [f"o{n}" for n in range(40)])
    assert list(empty) == []
    again = empty.appended(items[40])  # position 40, in the second block
    assert list(again) == [items[40]]
    assert again.get("o40") == items[40]
    assert again.has_user("u40")
    assert again.first() == items[40]
    assert not again.has_order("o39")


def test_vget_is_none_beyond_the_items():
    vec, shift = vbuild([f"i{n}" for n in range(40)])  # two levels: leaves of 32 and 8
    assert shift == 5
    assert [vget(vec, shift, n) for n in (0, 31, 32, 39)] == ["i0", "i31", "i32", "i39"]
    assert vget(vec, shift, 40) is None  # past the last leaf's end
    assert vget(vec, shift, 64) is None  # past the root's last child
    assert vget(vec, shift, 1 << 10) is None  # past what the root can hold
    assert vget(None, 0, 0) is None


def test_an_empty_built_vector_takes_items():
    vec, shift = vbuild([])
    assert vget(vec, shift, 0) is None
    vec = vset(vec, shift, 0, "a")
    vec = vset(vec, shift, 1, "b")
    assert (vget(vec, shift, 0), vget(vec, shift, 1)) == ("a", "b")


def test_an_order_back_at_a_blocks_last_slot_after_leaving_from_the_tail_is_no_duplicate():
    # The 32nd append moves the tail into the vector; whether the order id is
    # still a member is asked of the version appended to, where it has left.
    roster = Roster([Item(f"o{n}", f"u{n}") for n in range(31)]).without("o5")
    back = roster.appended(Item("o5", "u5b"))
    assert back._plain  # no order id twice: leaves stay O(log n)
    assert [i.order_id for i in back][-2:] == ["o30", "o5"]
    assert back.without("o5").has_order("o5") is False
