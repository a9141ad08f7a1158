"""E-mail settings from the environment: EMAIL_URL, or the separate EMAIL_* variables."""

from __future__ import annotations

import pytest

from koop.core.env import ConfigError, email_settings, parse_email_url

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def test_an_smtp_url_gives_host_port_login_and_starttls() -> None:
    parsed = parse_email_url("smtp://koop%40ex.se:p%3Ass@mail.ex.se:2525/?tls=1")
    assert parsed == {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": "mail.ex.se",
        "EMAIL_PORT": 2525,
        "EMAIL_HOST_USER": "koop@ex.se",
        "EMAIL_HOST_PASSWORD": "p:ss",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
    }


@pytest.mark.parametrize(
    ("url", "port", "tls", "ssl"),
    [
        ("smtp://mail.ex.se", 25, False, False),
        ("smtp://mail.ex.se/?tls=1", 587, True, False),
        ("smtps://mail.ex.se", 465, False, True),
        ("smtp://mail.ex.se/?ssl=yes", 465, False, True),
    ],
)
def test_the_port_follows_the_encryption_when_not_given(
    url: str, port: int, tls: bool, ssl: bool
) -> None:
    parsed = parse_email_url(url)
    assert (parsed["EMAIL_PORT"], parsed["EMAIL_USE_TLS"], parsed["EMAIL_USE_SSL"]) == (
        port,
        tls,
        ssl,
    )


def test_console_prints_the_messages() -> None:
    assert parse_email_url("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://mail.ex.se", "must start with one of"),
        ("smtp://mail.ex.se:abc", "port"),
        ("smtp://mail.ex.se/?tls=maybe", "tls must be one of"),
        ("smtp://mail.ex.se/?tls=1&ssl=1", "exclude each other"),
    ],
)
def test_a_malformed_url_is_refused_naming_the_variable(url: str, says: str) -> None:
    with pytest.raises(ConfigError, match="EMAIL_URL") as error:
        parse_email_url(url)
    assert says in str(error.value)


def test_without_a_url_the_separate_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EMAIL_URL", raising=False)
    monkeypatch.setenv("EMAIL_HOST", "relay.ex.se")
    monkeypatch.setenv("EMAIL_PORT", "587")
    monkeypatch.setenv("EMAIL_USE_TLS", "1")
    monkeypatch.setenv("EMAIL_HOST_USER", "koop")
    parsed = email_settings()
    assert parsed["EMAIL_HOST"] == "relay.ex.se"
    assert parsed["EMAIL_PORT"] == 587
    assert parsed["EMAIL_USE_TLS"] is True
    assert parsed["EMAIL_HOST_USER"] == "koop"


def test_the_url_wins_over_the_separate_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMAIL_URL", "smtp://a.ex.se:26")
    monkeypatch.setenv("EMAIL_HOST", "b.ex.se")
    assert email_settings()["EMAIL_HOST"] == "a.ex.se"
