"""Tests for the error hierarchy in pintuan.errors."""

import copy
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pintuan import errors
from pintuan.errors import (
    CommandRejected,
    ConfigurationError,
    CurrencyMismatch,
    DrawError,
    InvalidValue,
    MoneyError,
    NaiveDatetime,
    PintuanError,
    Rejection,
    ReplayFileError,
    ScheduleError,
)
from pintuan.money import Money

EXCEPTIONS = [
    obj
    for obj in (getattr(errors, name) for name in errors.__all__)
    if isinstance(obj, type) and issubclass(obj, BaseException)
]
# The classes built as Error(field, value, rule).
PLAIN = [cls for cls in EXCEPTIONS if not issubclass(cls, CommandRejected)]

# Values an error may carry, all picklable and equal to themselves after a round trip.
values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(),
    st.binary(max_size=8),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=3),
    st.builds(
        Money, amount=st.integers(-(10**18), 10**18), currency=st.sampled_from(["CNY", "JPY"])
    ),
)
fields = st.text(min_size=1, max_size=20)
rules = st.text(max_size=40)


def make(cls, field, value, rule):
    if issubclass(cls, CommandRejected):
        return cls(Rejection.GROUP_FULL, field, value, rule, follow_up=("join", "g2"))
    return cls(field, value, rule)


def test_all_lists_the_hierarchy():
    assert PintuanError in EXCEPTIONS
    assert CommandRejected in EXCEPTIONS
    assert len(EXCEPTIONS) >= 10


@pytest.mark.parametrize("cls", EXCEPTIONS, ids=lambda c: c.__name__)
def test_every_error_is_a_pintuan_error(cls):
    assert issubclass(cls, PintuanError)
    assert issubclass(cls, Exception)


@pytest.mark.parametrize(
    "cls",
    [
        InvalidValue,
        MoneyError,
        CurrencyMismatch,
        NaiveDatetime,
        ScheduleError,
        ConfigurationError,
        DrawError,
    ],
    ids=lambda c: c.__name__,
)
def test_configuration_and_value_errors_are_value_errors(cls):
    assert issubclass(cls, InvalidValue)
    assert issubclass(cls, ValueError)
    with pytest.raises(ValueError, match=r"^field=1: rule$"):
        raise cls("field", 1, "rule")


def test_a_rejected_command_is_not_bad_input():
    # A service that maps ValueError to "bad request" must not swallow rejections.
    assert not issubclass(CommandRejected, ValueError)
    assert not issubclass(ReplayFileError, InvalidValue)


def test_money_error_hierarchy():
    assert issubclass(CurrencyMismatch, MoneyError)
    assert issubclass(MoneyError, InvalidValue)


@pytest.mark.parametrize("cls", PLAIN, ids=lambda c: c.__name__)
def test_message_format_and_attributes(cls):
    err = cls("group_size", 1, "must be at least 2")
    assert str(err) == "group_size=1: must be at least 2"
    assert (err.field, err.value, err.rule) == ("group_size", 1, "must be at least 2")


@pytest.mark.parametrize("cls", EXCEPTIONS, ids=lambda c: c.__name__)
@given(field=fields, value=values, rule=rules)
def test_message_is_field_repr_value_rule(cls, field, value, rule):
    err = make(cls, field, value, rule)
    assert str(err) == f"{field}={value!r}: {rule}"
    assert err.field == field
    assert err.value is value
    assert err.rule == rule


def test_message_uses_repr_so_strings_are_quoted():
    err = MoneyError("text", "99.001 CNY", "too precise")
    assert str(err) == "text='99.001 CNY': too precise"
    err = ConfigurationError("campaign.name", "拼团", "bad")
    assert str(err) == "campaign.name='拼团': bad"


def test_command_rejected_carries_code_and_follow_up():
    err = CommandRejected(Rejection.GROUP_FULL, "group_id", "g1", "the group is full")
    assert err.code is Rejection.GROUP_FULL
    assert err.follow_up is None
    assert str(err) == "group_id='g1': the group is full"
    redirected = CommandRejected(
        Rejection.GROUP_FULL, "group_id", "g1", "the group is full", follow_up={"join": "g2"}
    )
    assert redirected.follow_up == {"join": "g2"}


def test_command_rejected_follow_up_is_keyword_only():
    with pytest.raises(TypeError):
        CommandRejected(Rejection.GROUP_FULL, "group_id", "g1", "full", ("join", "g2"))  # type: ignore[misc]


def assert_same_error(a, b):
    assert type(a) is type(b)
    assert (a.field, a.value, a.rule) == (b.field, b.value, b.rule)
    assert str(a) == str(b)
    assert a.args == b.args
    if isinstance(a, CommandRejected):
        assert a.code is b.code
        assert a.follow_up == b.follow_up


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
@pytest.mark.parametrize("cls", EXCEPTIONS, ids=lambda c: c.__name__)
def test_errors_pickle_with_all_attributes(cls, protocol):
    err = make(cls, "orders[0].paid", Money(amount=-1, currency="CNY"), "must not be negative")
    assert_same_error(pickle.loads(pickle.dumps(err, protocol=protocol)), err)


@pytest.mark.parametrize("cls", EXCEPTIONS, ids=lambda c: c.__name__)
@given(field=fields, value=values, rule=rules)
def test_errors_pickle_and_copy_property(cls, field, value, rule):
    err = make(cls, field, value, rule)
    assert_same_error(pickle.loads(pickle.dumps(err)), err)
    assert_same_error(copy.copy(err), err)
    assert_same_error(copy.deepcopy(err), err)


@pytest.mark.parametrize("code", list(Rejection))
def test_command_rejected_pickles_with_every_code(code):
    err = CommandRejected(code, "cmd", None, "rejected", follow_up=None)
    back = pickle.loads(pickle.dumps(err))
    assert_same_error(back, err)
    assert back.follow_up is None


def test_rejection_codes_are_stable_lowercase_strings():
    for code in Rejection:
        assert code.value == code.name.lower()
        assert Rejection(code.value) is code
    assert len({code.value for code in Rejection}) == len(Rejection)


def test_pintuan_error_catches_everything():
    for cls in EXCEPTIONS:
        with pytest.raises(PintuanError):
            raise make(cls, "f", 1, "r")
