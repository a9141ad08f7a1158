"""The settings Koop reads from the environment for signing in and for HTTPS, read the
way ``koop`` reads them: the settings module run afresh with a given environment."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import pytest

from koop.core.env import ConfigError

SETTINGS = Path(__file__).resolve().parents[2] / "src" / "koop" / "config" / "settings.py"


@pytest.fixture
def read_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    def read(**environment: str) -> dict[str, Any]:
        for name in [
            "SECURE_COOKIES",
            "KOOP_REQUIRE_TWO_FACTOR",
            "KOOP_SIGN_IN_FAILURE_LIMIT",
            "KOOP_SIGN_IN_LOCKOUT_MINUTES",
            "KOOP_SIGN_IN_ADDRESS_FAILURE_LIMIT",
        ]:
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("KOOP_DATA_DIR", str(tmp_path))
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(SETTINGS))

    return read


def test_two_factor_is_required_unless_switched_off(read_settings) -> None:  # type: ignore[no-untyped-def]
    assert read_settings()["KOOP_REQUIRE_TWO_FACTOR"] is True
    assert read_settings(KOOP_REQUIRE_TWO_FACTOR="false")["KOOP_REQUIRE_TWO_FACTOR"] is False
    with pytest.raises(ConfigError, match="KOOP_REQUIRE_TWO_FACTOR"):
        read_settings(KOOP_REQUIRE_TWO_FACTOR="perhaps")


def test_secure_cookies_turn_on_the_https_redirect_and_hsts(read_settings) -> None:  # type: ignore[no-untyped-def]
    plain = read_settings()
    assert plain["SECURE_SSL_REDIRECT"] is False
    assert plain["SECURE_HSTS_SECONDS"] == 0
    assert plain["SESSION_COOKIE_SECURE"] is False
    secure = read_settings(SECURE_COOKIES="true")
    assert secure["SECURE_SSL_REDIRECT"] is True
    assert secure["SECURE_HSTS_SECONDS"] == 365 * 24 * 60 * 60
    assert secure["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert secure["SESSION_COOKIE_SECURE"] is True
    assert secure["CSRF_COOKIE_SECURE"] is True


def test_the_lock_out_can_be_tuned_but_not_switched_off(read_settings) -> None:  # type: ignore[no-untyped-def]
    assert read_settings()["KOOP_SIGN_IN_ADDRESS_FAILURE_LIMIT"] == 20
    tuned = read_settings(KOOP_SIGN_IN_FAILURE_LIMIT="10", KOOP_SIGN_IN_LOCKOUT_MINUTES="15")
    assert tuned["AXES_FAILURE_LIMIT"] == 10
    assert tuned["KOOP_SIGN_IN_ADDRESS_FAILURE_LIMIT"] == 40
    assert tuned["AXES_COOLOFF_TIME"].total_seconds() == 15 * 60
    with pytest.raises(ConfigError, match="KOOP_SIGN_IN_FAILURE_LIMIT must be at least 1"):
        read_settings(KOOP_SIGN_IN_FAILURE_LIMIT="0")
    with pytest.raises(ConfigError, match="KOOP_SIGN_IN_ADDRESS_FAILURE_LIMIT must be at least 5"):
        read_settings(KOOP_SIGN_IN_ADDRESS_FAILURE_LIMIT="3")


def test_password_validators_refuse_common_similar_and_numeric_passwords(read_settings) -> None:  # type: ignore[no-untyped-def]
    names = [v["NAME"].rsplit(".", 1)[1] for v in read_settings()["AUTH_PASSWORD_VALIDATORS"]]
    assert names == [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]


def test_a_session_lasts_a_working_day(read_settings) -> None:  # type: ignore[no-untyped-def]
    assert read_settings()["SESSION_COOKIE_AGE"] == 10 * 60 * 60
