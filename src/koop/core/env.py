"""Typed readers of the environment that fail fast with a message naming the variable."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


class ConfigError(Exception):
    """A setting in the environment is missing or malformed."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ConfigError(f"{name} must be set")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigError(f"{name} must be one of {sorted(_TRUE | _FALSE)}, not {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be an integer, not {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",") if item.strip()]
    # Hosts, origins and the like never hold a space: "a b" is a list with the wrong separator.
    spaced = [item for item in items if any(ch.isspace() for ch in item)]
    if spaced:
        raise ConfigError(f"{name} is a comma-separated list; {spaced[0]!r} holds a space")
    return items


def env_path(name: str, default: Path) -> Path:
    raw = os.environ.get(name)
    return Path(raw).expanduser().resolve() if raw else default


def read_or_create_secret(path: Path) -> str:
    """The secret kept in ``path``, made (readable by the owner only) the first time."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(50)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it a moment ago
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value


def parse_email_url(url: str, *, name: str = "EMAIL_URL") -> dict[str, object]:
    """Django's e-mail settings from ``smtp://user:pass@host:port/?tls=1`` (or ``smtps://``
    for TLS from the first byte, ``console://`` to print the messages, ``memory://``)."""
    from urllib.parse import parse_qs, unquote, urlsplit

    parts = urlsplit(url)
    backends = {
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
        "console": "django.core.mail.backends.console.EmailBackend",
        "memory": "django.core.mail.backends.locmem.EmailBackend",
    }
    if parts.scheme not in backends:
        raise ConfigError(f"{name} must start with one of {sorted(backends)}, not {url!r}")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    flags = {}
    for key in ("tls", "ssl"):
        raw = query.get(key, "").strip().lower()
        if raw not in _TRUE | _FALSE:
            raise ConfigError(f"{name}: {key} must be one of {sorted(_TRUE | _FALSE)}, not {raw!r}")
        flags[key] = raw in _TRUE
    use_ssl = flags["ssl"] or parts.scheme == "smtps"
    try:
        port = parts.port
    except ValueError:
        raise ConfigError(f"{name} holds a port that is not a number") from None
    if flags["tls"] and use_ssl:
        raise ConfigError(f"{name}: tls and ssl exclude each other")
    return {
        "EMAIL_BACKEND": backends[parts.scheme],
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": port or (465 if use_ssl else 587 if flags["tls"] else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": flags["tls"],
        "EMAIL_USE_SSL": use_ssl,
    }


def email_settings() -> dict[str, object]:
    """E-mail settings: ``EMAIL_URL`` when set, else the separate ``EMAIL_*`` variables."""
    url = os.environ.get("EMAIL_URL", "").strip()
    if url:
        return parse_email_url(url)
    return {
        "EMAIL_BACKEND": env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "EMAIL_HOST": env_str("EMAIL_HOST", "localhost"),
        "EMAIL_PORT": env_int("EMAIL_PORT", 25, minimum=1),
        "EMAIL_HOST_USER": env_str("EMAIL_HOST_USER", ""),
        "EMAIL_HOST_PASSWORD": env_str("EMAIL_HOST_PASSWORD", ""),
        "EMAIL_USE_TLS": env_bool("EMAIL_USE_TLS", False),
        "EMAIL_USE_SSL": env_bool("EMAIL_USE_SSL", False),
    }


def environment_copy() -> dict[str, str]:
    """The whole environment, for a child process that needs it (pg_dump, a worker)."""
    return dict(os.environ)
