"""Settings from the environment: typed helpers that fail fast, naming the variable."""

from __future__ import annotations

import pytest

from koop.core.env import ConfigError, env_bool, env_int, env_list, env_str

VAR = "KOOP_TEST_SETTING"


@pytest.fixture
def setenv(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def set_(value: str) -> None:
        monkeypatch.setenv(VAR, value)

    monkeypatch.delenv(VAR, raising=False)
    return set_


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("Yes", True), (" on ", True), ("0", False), ("off", False)],
)
def test_env_bool_reads_the_usual_spellings(setenv, raw: str, expected: bool) -> None:  # type: ignore[no-untyped-def]
    setenv(raw)
    assert env_bool(VAR, not expected) is expected


def test_env_bool_defaults_when_unset(setenv) -> None:  # type: ignore[no-untyped-def]
    assert env_bool(VAR, True) is True


@pytest.mark.parametrize("raw", ["maybe", "2", "tru"])
def test_env_bool_refuses_anything_else_naming_the_variable(setenv, raw: str) -> None:  # type: ignore[no-untyped-def]
    setenv(raw)
    with pytest.raises(ConfigError, match=VAR):
        env_bool(VAR, False)


def test_env_int_reads_an_integer(setenv) -> None:  # type: ignore[no-untyped-def]
    setenv(" 42 ")
    assert env_int(VAR, 0) == 42


@pytest.mark.parametrize("raw", ["ten", "1.5", "4 2"])
def test_env_int_refuses_a_non_integer_naming_the_variable(setenv, raw: str) -> None:  # type: ignore[no-untyped-def]
    setenv(raw)
    with pytest.raises(ConfigError, match=VAR):
        env_int(VAR, 0)


def test_env_list_splits_on_commas(setenv) -> None:  # type: ignore[no-untyped-def]
    setenv("koop.example.se, localhost,,")
    assert env_list(VAR, []) == ["koop.example.se", "localhost"]


def test_env_list_defaults_when_unset(setenv) -> None:  # type: ignore[no-untyped-def]
    assert env_list(VAR, ["x"]) == ["x"]


def test_env_list_refuses_items_separated_by_spaces_naming_the_variable(setenv) -> None:  # type: ignore[no-untyped-def]
    # "a b" is a list written with the wrong separator, not one host name.
    setenv("koop.example.se localhost")
    with pytest.raises(ConfigError, match=VAR):
        env_list(VAR, [])


def test_env_str_without_default_must_be_set(setenv) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError, match=VAR):
        env_str(VAR)
